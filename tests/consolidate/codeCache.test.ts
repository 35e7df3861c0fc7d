/**
 * The built command runs every command but `--version` and `--help` from the code-cached bundle, dist/bin/cli.cjs
 * with cli.cjs.cache (src/cli/main.ts, src/cli/codeCache.ts, scripts/bundle-cli.mjs): a batch must give what the
 * ES-module command gives and read on the reader threads started before the bundle loaded; the command must survive a
 * cache that is damaged, stale or refused, and still import the ES-module packages the bundle leaves outside
 * (pdfjs-dist, for a PDF).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { random, randomUnit, unitCopies, writeUnit } from './fixtures.js';
import { cliPath } from '../helpers/paths.js';

let dir: string;
let units: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nianbao-code-cache-'));
  units = join(dir, 'in');
  const rand = random(41);
  // a batch: as many files as the pool's in-process threshold and more
  // one unit written by the template writer, 59 more copied from it under their own names (see `unitCopies`)
  const first = await writeUnit(units, '单位0.xlsx', { name: '单位0' }, randomUnit(rand));
  await unitCopies(first, { name: '单位0' }, Array.from({ length: 59 }, (_, i) => ({ name: `单位${i + 1}`, file: join(units, `单位${i + 1}.xlsx`) })));
}, 120_000);

function consolidate(command: string, out: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [command, 'consolidate', units, '--year', '2025', '--region', '某县', '--out', `${out}.xlsx`, '--json', `${out}.json`], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NIANBAO_DEBUG: '1', ...env },
  });
}

/** The JSON result without what differs between two runs of the same job: the time and the output's own name. */
function comparable(file: string, out: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8').replaceAll(JSON.stringify(`${out}.xlsx`).slice(1, -1), 'OUT'), (key, value: unknown) =>
    key === 'generatedAt' || key === 'timings' || key === 'written' || key === 'filledDate' ? undefined : value,
  );
}

/** The code cache's state the loader reports (NIANBAO_DEBUG), and the reader threads that came online. */
function debugLines(stderr: string): { cache: string | undefined; threads: number[] } {
  return {
    cache: /\[nianbao\] code cache (\w+):/.exec(stderr)?.[1],
    threads: [...stderr.matchAll(/\[nianbao\] worker thread (\d+) online/g)].map((m) => Number(m[1])).sort((a, b) => a - b),
  };
}

describe('the code-cached command line', () => {
  it('consolidates a big folder with the cache, on the reader threads started first, as the ES-module command does', () => {
    const cached = consolidate(cliPath, join(dir, 'cached'));
    expect(cached.status).toBe(0);
    expect(cached.stdout).toContain('计入合计的单位 60 个');
    const seen = debugLines(cached.stderr);
    expect(seen.cache).toBe('used');
    // the threads main.ts prestarted are the first of the process (1, 2, …): a pool that started its own would show more
    expect(seen.threads.length).toBeGreaterThan(0);
    expect(seen.threads).toEqual(seen.threads.map((_, i) => i + 1));
    // nothing of Node's own on stderr (warnings)
    expect(cached.stderr.split('\n').filter((l) => /^\(node:\d+\)/.test(l))).toEqual([]);

    const plain = consolidate(cliPath, join(dir, 'plain'), { NIANBAO_NO_CODE_CACHE: '1' });
    expect(plain.status).toBe(0);
    expect(debugLines(plain.stderr).cache).toBeUndefined();
    expect(comparable(join(dir, 'cached.json'), join(dir, 'cached'))).toEqual(comparable(join(dir, 'plain.json'), join(dir, 'plain')));
  }, 120_000);

  it('ignores a damaged, a stale or a missing cache and runs the bundle compiled as usual; a damaged bundle, without it', () => {
    // a copy of the built command, whose cache can be spoiled
    const bin = join(dir, 'bin');
    cpSync(dirname(cliPath), bin, { recursive: true });
    writeFileSync(join(bin, 'package.json'), '{"type":"module"}\n');
    const cache = join(bin, 'cli.cjs.cache');
    const good = readFileSync(cache);
    const spoilt: [string, Buffer | undefined][] = [
      // V8 itself takes damaged data and crashes: the file's own check must catch it
      ['damaged', Buffer.from(good.map((b, i) => (i > good.length / 2 && i < good.length / 2 + 4000 ? b ^ 0x5a : b)))],
      ['stale', Buffer.concat([good.subarray(0, 4), Buffer.from([good[4]! ^ 1]), good.subarray(5)])],
      ['none', undefined],
    ];
    for (const [state, bytes] of spoilt) {
      if (bytes) writeFileSync(cache, bytes);
      else rmSync(cache);
      const run = consolidate(join(bin, 'nianbao.js'), join(dir, state));
      expect(run.status, run.stderr.slice(-2000)).toBe(0);
      expect(run.stdout).toContain('计入合计的单位 60 个');
      expect(debugLines(run.stderr).cache).toBe(state);
    }
    // a bundle cut short (a damaged install): the split ES-module bundle runs the command instead
    const bundle = join(bin, 'cli.cjs');
    writeFileSync(bundle, readFileSync(bundle).subarray(0, 100_000));
    const run = consolidate(join(bin, 'nianbao.js'), join(dir, 'cut'));
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    expect(run.stdout).toContain('计入合计的单位 60 个');
    expect(run.stderr).toMatch(/cli\.cjs does not compile/);
  }, 180_000);

  it('checks one file from the cache, and answers --help and --version without loading it', () => {
    const file = join(units, '单位0.xlsx');
    const check = spawnSync(process.execPath, [cliPath, 'check', file], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NIANBAO_DEBUG: '1' } });
    expect(debugLines(check.stderr).cache).toBe('used');
    expect(check.stdout).toContain(file);
    for (const args of [['--help'], ['--version']]) {
      const run = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NIANBAO_DEBUG: '1' } });
      expect(run.status).toBe(0);
      expect(debugLines(run.stderr).cache).toBeUndefined();
    }
  }, 60_000);

  it('imports pdfjs-dist for a PDF', () => {
    // a one-page PDF with a text layer (no statistical tables in it)
    const objects = [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      '<< /Length 49 >>\nstream\nBT /F1 18 Tf 20 100 Td (Annual report 2025) Tj ET\nendstream',
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ];
    let pdf = '%PDF-1.4\n';
    const offsets = objects.map((o, i) => {
      const at = pdf.length;
      pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
      return at;
    });
    const xref = pdf.length;
    pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
    pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    const file = join(dir, '报告.pdf');
    writeFileSync(file, pdf, 'latin1');
    const run = spawnSync(process.execPath, [cliPath, 'check', file], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NIANBAO_DEBUG: '1' } });
    expect(debugLines(run.stderr).cache).toBe('used');
    expect(run.stderr).not.toMatch(/dynamic import|ERR_VM/);
    // read through pdf.js: the text was found to hold no tables
    expect(run.stdout).toContain('TABLE_NOT_FOUND');
    expect(run.status).toBe(1);
  }, 60_000);
});
