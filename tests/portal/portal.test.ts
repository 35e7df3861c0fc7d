/**
 * `nianbao serve` through its HTTP API, on the loopback address, with real workbooks from the template writer: the
 * unit's path (fail → fix → pass, warnings explained, history, receipt data), the office's (status, 退回, zip,
 * consolidation), safety (tokens, isolation, Origin, caps, hostile files, client file names) and restarts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { unzipSync } from 'fflate';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import XlsxPopulate from 'xlsx-populate';
import { checkFiles } from '../../src/app/check.js';
import { explainTables } from '../../src/explain/items.js';
import { formatForYear } from '../../src/formats/index.js';
import { address, tableLayout } from '../../src/layout/tableLayout.js';
import { random, randomUnit, unitCode, writeUnit } from '../consolidate/fixtures.js';
import { sha256 } from '../../src/portal/store.js';
import type { RunningPortal } from '../../src/portal/start.js';
import { zerosDeflated, zipOf } from '../helpers/craftedFiles.js';
import { get, links, start, submit, tempDir, tokenOf, unitName, workbook, writeRoster } from './helpers.js';

const without = (f: Record<string, unknown>): Record<string, unknown> => {
  const { file: _file, ...rest } = f;
  return rest;
};

describe('nianbao serve', () => {
  const dir = tempDir();
  const data = path.join(dir, 'data');
  const files = path.join(dir, 'files');
  let roster: string;
  let running: RunningPortal;
  let base: string;
  let admin: string;
  let tokens: Map<string, string>;

  beforeAll(async () => {
    roster = writeRoster(dir, 3);
    running = await start(data, roster, { maxUploadBytes: 1024 * 1024 });
    base = running.url;
    admin = tokenOf(running.adminUrl);
    tokens = await links(data);
  });
  afterAll(async () => {
    await running?.close();
  });

  it('writes one personal link per unit (xlsx and csv) with ≥128-bit tokens, stored only hashed', async () => {
    expect([...tokens.keys()]).toEqual([unitName(1), unitName(2), unitName(3)]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(data, '链接.xlsx'));
    const ws = wb.getWorksheet('链接')!;
    expect(ws.getCell('A2').text).toBe(unitName(1));
    expect(ws.getCell('C2').text).toBe(`${base}/u#${tokens.get(unitName(1))}`);
    const db = readFileSync(path.join(data, 'portal.db'));
    for (const t of [...tokens.values(), admin]) {
      expect(Buffer.from(t, 'base64url').length).toBeGreaterThanOrEqual(16);
      expect(db.includes(Buffer.from(t))).toBe(false);
      expect(db.includes(Buffer.from(sha256(t)))).toBe(true);
    }
    expect(new Set([...tokens.values(), admin]).size).toBe(4);
  });

  it('a unit downloads its own template with its name and code filled in', async () => {
    const r = await get(base, tokens.get(unitName(2))!, '/api/v1/me/template');
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await r.arrayBuffer()) as never);
    const texts = wb.getWorksheet('基本信息')!.getSheetValues().flat().map(String);
    expect(texts).toContain(unitName(2));
  });

  it('an error is 未通过 with the same findings as check; the fixed file is 已报送; both versions are kept', async () => {
    const token = tokens.get(unitName(1))!;
    const bad = await workbook(files, 1, 'error');
    const r1 = await submit(base, token, bad, '教育局.xlsx');
    expect(r1.status).toBe(201);
    const b1 = (await r1.json()) as { status: string; version: number; findings: Record<string, unknown>[] };
    expect(b1.status).toBe('failed');
    expect(b1.version).toBe(1);
    const checked = (await checkFiles([bad])).files[0]!.findings;
    expect(checked.some((f) => f.severity === 'error')).toBe(true);
    // the same findings as check, naming the file by the unit's name and never by a server path
    const named = (f: Record<string, unknown>): Record<string, unknown> => ({ ...without(f), message: String(f.message).split(bad).join(`${unitName(1)}.xlsx`) });
    expect(b1.findings.map(without)).toEqual(checked.map((f) => named(f)));
    expect(JSON.stringify(b1.findings)).not.toContain(data);

    // the marked-up copy: the unit's workbook with the error's cells noted, and the 审核意见 sheet
    const fb = await get(base, token, '/api/v1/me/versions/1/feedback');
    expect(fb.status).toBe(200);
    const marked = new ExcelJS.Workbook();
    await marked.xlsx.load(Buffer.from(await fb.arrayBuffer()) as never);
    expect(marked.getWorksheet('审核意见')).toBeDefined();
    const errorCell = (b1.findings.find((f) => f.severity === 'error')!.cells as string[])[0]!;
    const [sheetName, address] = errorCell.split('!');
    expect(marked.getWorksheet(sheetName!)!.getCell(address!).note).toBeTruthy();

    const good = await workbook(files, 1, 'clean');
    const b2 = (await (await submit(base, token, good, '教育局-改.xlsx')).json()) as { status: string; version: number };
    expect(b2).toMatchObject({ status: 'accepted', version: 2 });

    const me = (await (await get(base, token, '/api/v1/me')).json()) as {
      status: string;
      accepted: { sha256: string; version: number; receivedAt: string };
      history: { version: number; status: string; fileName: string }[];
    };
    expect(me.status).toBe('accepted');
    expect(me.history.map((h) => [h.version, h.status, h.fileName])).toEqual([
      [2, 'accepted', '教育局-改.xlsx'],
      [1, 'failed', '教育局.xlsx'],
    ]);
    // the receipt's hash is the hash of the file the unit sent
    expect(me.accepted.sha256).toBe(sha256(readFileSync(good)));
    const v1 = await get(base, token, '/api/v1/me/versions/1/file');
    expect(Buffer.from(await v1.arrayBuffer()).equals(readFileSync(bad))).toBe(true);
  });

  it('warnings wait for an explanation typed on the page, then count as 已报送 with it', async () => {
    const token = tokens.get(unitName(3))!;
    const file = await workbook(files, 3, 'warning');
    const b = (await (await submit(base, token, file)).json()) as { status: string; version: number; findings: { severity: string; code: string }[] };
    expect(b.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(b.findings.some((f) => f.severity === 'warning')).toBe(true);
    expect(b.status).toBe('needs_explanation');
    const empty = await fetch(`${base}/api/v1/me/versions/1/explanation`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: '{"explanation":"  "}' });
    expect(empty.status).toBe(409);
    const ok = await fetch(`${base}/api/v1/me/versions/1/explanation`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: JSON.stringify({ explanation: '填报人电话另行报送' }) });
    expect(await ok.json()).toMatchObject({ status: 'accepted', explanation: '填报人电话另行报送' });
  });

  it('the office sees every unit, and a unit token cannot reach the office or another unit', async () => {
    const s = (await (await get(base, admin, '/api/v1/status')).json()) as { units: { unit: { name: string; id: number }; status: string }[] };
    expect(s.units.map((u) => [u.unit.name, u.status])).toEqual([
      [unitName(1), 'accepted'],
      [unitName(2), 'none'],
      [unitName(3), 'accepted'],
    ]);
    const t2 = tokens.get(unitName(2))!;
    expect((await get(base, t2, '/api/v1/status')).status).toBe(401);
    expect((await get(base, t2, `/api/v1/units/${s.units[0]!.unit.id}/versions/1`)).status).toBe(401);
    expect((await get(base, t2, `/api/v1/units/${s.units[0]!.unit.id}/versions/1/file`)).status).toBe(401);
    // unit 2 has no version 1; unit 1's version 1 is not reachable through unit 2's token
    expect((await get(base, t2, '/api/v1/me/versions/1')).status).toBe(404);
    expect((await get(base, t2, '/api/v1/accepted.zip')).status).toBe(401);
    // the admin token is not a unit's
    expect((await submit(base, admin, await workbook(files, 2, 'clean'))).status).toBe(401);
    expect((await get(base, 'x'.repeat(43), '/api/v1/me')).status).toBe(401);
    expect((await fetch(`${base}/api/v1/me`)).status).toBe(401);
  });

  it('refuses requests from a foreign Origin, accepts its own', async () => {
    const token = tokens.get(unitName(2))!;
    const foreign = await fetch(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${token}`, Origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    const own = await fetch(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${token}`, Origin: base } });
    expect(own.status).toBe(200);
  });

  it('oversized, renamed, random and zip-bomb uploads become answers or findings, and client names never become paths', async () => {
    const token = tokens.get(unitName(2))!;
    const big = await submit(base, token, Buffer.alloc(1024 * 1024 + 10, 1));
    expect(big.status).toBe(413);
    const deflated = zerosDeflated(200);
    const bomb = zipOf([{ name: 'xl/workbook.xml', deflated, declaredSize: 200 * 1024 * 1024 }, { name: 'xl/worksheets/sheet1.xml', deflated, declaredSize: 200 * 1024 * 1024 }]);
    const cases: [Buffer, string][] = [
      [Buffer.from('这不是工作簿'), '../../../../tmp/evil.xlsx'],
      [bomb, 'C:\\Windows\\bomb.xlsx'],
      [Buffer.alloc(0), '..'],
    ];
    for (const [bytes, name] of cases) {
      const r = await submit(base, token, bytes, name);
      expect(r.status).toBe(201);
      const b = (await r.json()) as { status: string; findings: { severity: string; message: string; file: string }[] };
      expect(b.status).toBe('failed');
      expect(b.findings[0]!.severity).toBe('error');
      expect(b.findings[0]!.file).toBe(`${unitName(2)}.xlsx`);
    }
    expect(existsSync('/tmp/evil.xlsx')).toBe(false);
    // every stored file is named by its hash, under files/
    for (const sub of readdirSync(path.join(data, 'files'))) {
      for (const f of readdirSync(path.join(data, 'files', sub))) expect(f).toMatch(/^[0-9a-f]{64}$/);
    }
    // a renamed .xls-looking name on a real xlsx: judged by its bytes and accepted
    const good = await workbook(files, 2, 'clean');
    expect(((await (await submit(base, token, good, '报表.xls')).json()) as { status: string }).status).toBe('accepted');
  });

  it('a raw-body upload works for scripts; a workbook of another year or unit is flagged as consolidation would', async () => {
    const token = tokens.get(unitName(2))!;
    const other = await workbook(files, 1, 'clean', 77); // unit 1's workbook sent with unit 2's link
    const r = await fetch(`${base}/api/v1/submissions`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'X-File-Name': encodeURIComponent('别人的.xlsx') }, body: readFileSync(other) });
    const b = (await r.json()) as { findings: { code: string }[]; version: number };
    expect(b.findings.map((f) => f.code)).toContain('UNIT_NOT_IN_ROSTER');
    const me = (await (await get(base, token, `/api/v1/me/versions/${b.version}`)).json()) as { fileName: string };
    expect(me.fileName).toBe('别人的.xlsx');
  });

  it('退回 with a note the unit sees; zip of the newest accepted; consolidation with the library', async () => {
    const s = (await (await get(base, admin, '/api/v1/status')).json()) as { units: { unit: { id: number; name: string }; accepted?: { version: number } }[] };
    const u3 = s.units.find((u) => u.unit.name === unitName(3))!;
    // unit 3 sends an explained second version, which the office returns: the first does not take its place
    const again = (await (await submit(base, tokens.get(unitName(3))!, await workbook(files, 3, 'warning'), 'v2.xlsx', { explanation: '电话另报' })).json()) as { status: string; version: number };
    expect(again).toMatchObject({ status: 'accepted', version: 2 });
    const ret = await fetch(`${base}/api/v1/units/${u3.unit.id}/versions/2/return`, { method: 'POST', headers: { Authorization: `Bearer ${admin}` }, body: JSON.stringify({ note: '请补填联系电话' }) });
    expect(ret.status).toBe(200);
    const me3 = (await (await get(base, tokens.get(unitName(3))!, '/api/v1/me')).json()) as { status: string; latest: { returnedNote: string }; accepted?: unknown };
    expect(me3).toMatchObject({ status: 'returned', latest: { returnedNote: '请补填联系电话' } });
    expect(me3.accepted).toBeUndefined();

    const zip = unzipSync(new Uint8Array(await (await get(base, admin, '/api/v1/accepted.zip')).arrayBuffer()));
    expect(Object.keys(zip).sort()).toEqual([`${unitName(1)}.xlsx`, `${unitName(2)}.xlsx`].sort());
    expect(sha256(zip[`${unitName(1)}.xlsx`]!)).toBe(sha256(readFileSync(await workbook(files, 1, 'clean'))));

    const post = await fetch(`${base}/api/v1/consolidate`, { method: 'POST', headers: { Authorization: `Bearer ${admin}` } });
    expect(post.status).toBe(202);
    type Job = { state: string; outputs: string[]; done: number; total: number };
    let job = (await post.json()) as Job;
    while (job.state === 'running') {
      await new Promise((r) => setTimeout(r, 100));
      job = (await (await get(base, admin, '/api/v1/consolidate')).json()) as Job;
    }
    expect(job.state).toBe('done');
    expect(job.total).toBe(2);
    expect(job.outputs.some((o) => o.endsWith('.xlsx'))).toBe(true);
    const jsonName = job.outputs.find((o) => o.endsWith('.json'))!;
    const summary = (await (await get(base, admin, `/api/v1/consolidate/files/${encodeURIComponent(jsonName)}`)).json()) as { counts: { included: number; expected: number } };
    expect(summary.counts).toMatchObject({ included: 2, expected: 3 });
    expect((await get(base, admin, '/api/v1/consolidate/files/..%2Fportal.db')).status).toBe(404);
    // consolidating again replaces the portal's own outputs
    job = (await (await fetch(`${base}/api/v1/consolidate`, { method: 'POST', headers: { Authorization: `Bearer ${admin}` } })).json()) as Job;
    while (job.state === 'running') {
      await new Promise((r) => setTimeout(r, 100));
      job = (await (await get(base, admin, '/api/v1/consolidate')).json()) as Job;
    }
    expect(job).toMatchObject({ state: 'done', total: 2 });
  });

  it('a restart on the same data continues; new roster units get links and old links keep working', async () => {
    const before = tokens.get(unitName(1))!;
    await running.close();
    writeFileSync(roster, `${readFileSync(roster, 'utf8')}${unitName(4)},\n`);
    running = await start(data, roster);
    base = running.url;
    const after = await links(data);
    expect(after.get(unitName(1))).toBe(before);
    expect(after.size).toBe(4);
    expect(tokenOf(running.adminUrl)).toBe(admin);
    const me = (await (await get(base, before, '/api/v1/me')).json()) as { history: unknown[]; status: string };
    expect(me.history).toHaveLength(2);
    expect(me.status).toBe('accepted');
    expect((await get(base, after.get(unitName(4))!, '/api/v1/me')).status).toBe(200);
    expect(running.portal.store.auditLog().map((a) => a.action)).toEqual(expect.arrayContaining(['unit_added', 'submitted', 'explained', 'returned', 'consolidated', 'started']));
  });
});

describe('nianbao serve --deadline', () => {
  it('marks late against the deadline day in China Standard Time: submitted after it, or nothing by then', async () => {
    const dir = tempDir();
    let clock = new Date('2026-01-31T23:30:00+08:00');
    const running = await start(path.join(dir, 'data'), writeRoster(dir, 3), { deadline: '2026-01-31', now: () => clock });
    try {
      const tokens = await links(path.join(dir, 'data'));
      const files = path.join(dir, 'files');
      await submit(running.url, tokens.get(unitName(1))!, await workbook(files, 1, 'clean'));
      const before = (await (await get(running.url, tokenOf(running.adminUrl), '/api/v1/status')).json()) as { counts: { late: number } };
      expect(before.counts.late).toBe(0);
      clock = new Date('2026-02-01T00:10:00+08:00'); // 2026-01-31 16:10 UTC: past the deadline in China
      await submit(running.url, tokens.get(unitName(2))!, await workbook(files, 2, 'clean'));
      const s = (await (await get(running.url, tokenOf(running.adminUrl), '/api/v1/status')).json()) as { counts: { late: number }; units: { unit: { name: string }; late: boolean }[] };
      expect(s.units.map((u) => [u.unit.name, u.late])).toEqual([
        [unitName(1), false],
        [unitName(2), true],
        [unitName(3), true],
      ]);
      expect(s.counts.late).toBe(2);
    } finally {
      await running.close();
    }
  });
});

describe('nianbao serve --tls-cert/--tls-key', () => {
  it('serves HTTPS with the given certificate, and the links say https', async () => {
    const dir = tempDir();
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const running = await start(path.join(dir, 'data'), writeRoster(dir, 1), { tlsCert: cert, tlsKey: key });
    try {
      expect(running.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const token = (await links(path.join(dir, 'data'))).get(unitName(1))!;
      const body = await new Promise<string>((resolve, reject) => {
        https
          .get(`${running.url}/api/v1/me`, { ca: readFileSync(cert), headers: { Authorization: `Bearer ${token}` } }, (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve(text));
          })
          .on('error', reject);
      });
      expect(JSON.parse(body)).toMatchObject({ unit: { name: unitName(1) }, status: 'none' });
    } finally {
      await running.close();
    }
  });
});

describe('nianbao serve and the workbook’s 情况说明', () => {
  it('a warning the unit explained in the workbook is accepted at once, its words shown with the finding', async () => {
    const dir = tempDir();
    const running = await start(path.join(dir, 'data'), writeRoster(dir, 1));
    try {
      const token = (await links(path.join(dir, 'data'))).get(unitName(1))!;
      const files = path.join(dir, 'files');
      // the unit clears one input cell of table 二: a blank is a warning (BLANK_INPUT)
      const made = await writeUnit(files, 'made.xlsx', { name: unitName(1), code: unitCode(1) }, randomUnit(random(5)));
      const format = formatForYear(2025);
      const active = format.tables.find((t) => t.id === 'active')!;
      const cell = tableLayout(active).valueCells.get('active.licensing.decisions')!;
      const cleared = await XlsxPopulate.fromDataAsync(readFileSync(made));
      cleared.sheet(active.sheetName)!.cell(address(cell.row, cell.col)).value(undefined);
      const blank = path.join(files, 'blank.xlsx');
      writeFileSync(blank, (await cleared.outputAsync()) as Buffer);
      const first = (await (await submit(running.url, token, blank)).json()) as { status: string; findings: { code: string; severity: string; keys?: string[] }[] };
      expect(first.status).toBe('needs_explanation');
      const warning = first.findings.find((f) => f.severity === 'warning')!;
      // the unit names the table and row in 情况说明 (as its spreadsheet program would save it)
      const table = explainTables(format).find((t) => t.items.some((i) => warning.keys!.some((k) => i.keys.has(k))))!;
      const item = table.items.filter((i) => warning.keys!.some((k) => i.keys.has(k))).sort((a, b) => a.keys.size - b.keys.size)[0]!;
      const wb = await XlsxPopulate.fromDataAsync(readFileSync(blank));
      wb.sheet('情况说明')!.cell('B4').value([[table.label, item.label, '本年度未作出行政许可决定，该格应为 0，漏填。']]);
      const explained = path.join(files, 'explained.xlsx');
      writeFileSync(explained, (await wb.outputAsync()) as Buffer);
      const second = (await (await submit(running.url, token, explained)).json()) as { status: string; findings: { code: string; explanation?: string }[] };
      expect(second.status).toBe('accepted');
      expect(second.findings.find((f) => f.code === 'EXPLAINED')?.explanation).toBe('本年度未作出行政许可决定，该格应为 0，漏填。');
    } finally {
      await running.close();
    }
  });
});
