/**
 * Nothing lost under load or crash, on the loopback address:
 * - 200 concurrent submissions of real workbooks from 100 units (made from the template writer's, see
 *   `derivedWorkbook`): every one stored, checked and visible in the status, none duplicated;
 * - the server process killed (SIGKILL) in the middle of uploads and started again on the same --data: the
 *   database is consistent, nothing half-stored shows as accepted, and what was answered before is intact.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { startedUrl } from '../helpers/startedUrl.js';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PortalStore, sha256 } from '../../src/portal/store.js';
import { cliPath } from '../helpers/paths.js';
import { derivedWorkbook, get, links, start, submit, tempDir, tokenOf, unitName, writeRoster } from './helpers.js';

describe('portal under load', () => {
  it('takes 200 concurrent submissions from 100 units: all stored, checked, visible, none duplicated', async () => {
    const dir = tempDir();
    const roster = writeRoster(dir, 100);
    const files = path.join(dir, 'files');
    const uploads: { unit: string; file: string; kind: 'clean' | 'error' }[] = [];
    for (let i = 1; i <= 100; i++) {
      uploads.push({ unit: unitName(i), file: await derivedWorkbook(files, i, 'error'), kind: 'error' });
      uploads.push({ unit: unitName(i), file: await derivedWorkbook(files, i, 'clean'), kind: 'clean' });
    }
    const running = await start(path.join(dir, 'data'), roster);
    try {
      const tokens = await links(path.join(dir, 'data'));
      const answers = await Promise.all(
        uploads.map(async (u) => {
          const r = await submit(running.url, tokens.get(u.unit)!, u.file);
          return { ...u, http: r.status, body: (await r.json()) as { status: string; version: number; findings: { severity: string }[] } };
        }),
      );
      expect(answers.filter((a) => a.http !== 201)).toEqual([]);
      for (const a of answers) {
        expect(a.body.status, a.file).toBe(a.kind === 'error' ? 'failed' : 'accepted');
        expect(a.body.findings.some((f) => f.severity === 'error')).toBe(a.kind === 'error');
      }
      const status = (await (await get(running.url, tokenOf(running.adminUrl), '/api/v1/status')).json()) as {
        units: { unit: { name: string }; versions: number; accepted?: { sha256: string } }[];
      };
      expect(status.units).toHaveLength(100);
      for (const u of status.units) {
        expect(u.versions, u.unit.name).toBe(2);
        const clean = uploads.find((x) => x.unit === u.unit.name && x.kind === 'clean')!;
        expect(u.accepted?.sha256).toBe(sha256(readFileSync(clean.file)));
      }
      const all = running.portal.store.allSubmissions();
      expect(all).toHaveLength(200);
      expect(new Set(all.map((s) => `${s.unitId}/${s.version}`)).size).toBe(200);
      for (const s of all) {
        expect(sha256(running.portal.store.readFile(s.sha256))).toBe(s.sha256);
        expect(running.portal.store.findings(s.id).filter((f) => f.severity === 'error')).toHaveLength(s.errors);
      }
    } finally {
      await running.close();
    }
  }, 120_000);
});

function serve(data: string, roster: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [cliPath, 'serve', '--year', '2025', '--region', '某某县', '--roster', roster, '--data', data, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return startedUrl(child).then((url) => ({ child, url }));
}

const killed = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

describe('portal killed mid-upload', () => {
  it('restarts on the same data: consistent, nothing half-stored accepted, earlier submissions intact', async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    mkdirSync(data);
    const roster = writeRoster(dir, 20);
    const files = path.join(dir, 'files');
    const clean = await Promise.all(Array.from({ length: 20 }, (_, i) => derivedWorkbook(files, i + 1, 'clean')));
    const first = await serve(data, roster);
    const answered: { unit: string; version: number; status: string; sha: string }[] = [];
    try {
      const tokens = await links(data);
      // before: one accepted version per unit, answered
      for (let i = 1; i <= 20; i++) {
        const b = (await (await submit(first.url, tokens.get(unitName(i))!, clean[i - 1]!)).json()) as { version: number; status: string };
        answered.push({ unit: unitName(i), version: b.version, status: b.status, sha: sha256(readFileSync(clean[i - 1]!)) });
      }
      expect(answered.every((a) => a.status === 'accepted')).toBe(true);
      // then a wave of uploads, killed after the first answers come back
      const wave = Array.from({ length: 60 }, (_, k) => {
        const i = (k % 20) + 1;
        // a request cut by the kill may never settle on the client side: it is given up after 15 s
        return submit(first.url, tokens.get(unitName(i))!, clean[i - 1]!, 'upload.xlsx', {}, AbortSignal.timeout(15_000)).then(
          async (r) => ({ unit: unitName(i), body: (await r.json()) as { version: number; status: string } }),
          () => undefined,
        );
      });
      await Promise.race(wave);
      await killed(first.child);
      const settled = (await Promise.all(wave)).filter((x) => x !== undefined);
      // the kill came in the middle: some uploads of the wave never got an answer
      expect(settled.length).toBeLessThan(60);
      for (const s of settled) answered.push({ unit: s.unit, version: s.body.version, status: s.body.status, sha: '' });
    } finally {
      await killed(first.child);
    }
    // the lock directory a kill inside a transaction leaves behind must not make the database busy forever
    mkdirSync(path.join(data, 'portal.db.lock'), { recursive: true });

    const second = await serve(data, roster);
    try {
      const tokens = await links(data);
      for (let i = 1; i <= 20; i++) {
        const me = (await (await get(second.url, tokens.get(unitName(i))!, '/api/v1/me')).json()) as { history: { version: number; status: string; sha256: string }[] };
        for (const a of answered.filter((x) => x.unit === unitName(i))) {
          const v = me.history.find((h) => h.version === a.version);
          expect(v, `${a.unit} v${a.version}`).toBeDefined();
          expect(v!.status).toBe(a.status);
          if (a.sha) expect(v!.sha256).toBe(a.sha);
        }
        // versions are 1..n without gaps or repeats
        expect(me.history.map((h) => h.version).sort((x, y) => x - y)).toEqual(me.history.map((_, k) => k + 1));
      }
      // the restarted server takes new uploads
      expect((await submit(second.url, tokens.get(unitName(1))!, clean[0]!)).status).toBe(201);
    } finally {
      await killed(second.child);
    }
    const store = await PortalStore.open(data);
    try {
      expect(store.integrity()).toBe('ok');
      for (const s of store.allSubmissions()) {
        // every recorded version has its whole file; an accepted one has no error findings
        expect(sha256(store.readFile(s.sha256))).toBe(s.sha256);
        if (s.status === 'accepted') expect(store.findings(s.id).filter((f) => f.severity === 'error')).toEqual([]);
      }
    } finally {
      store.close();
    }
  }, 120_000);
});
