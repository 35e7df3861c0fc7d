/**
 * What one LibreOffice start costs, in the environment nianbao gives soffice (`sofficeEnvironment`: glibc told to
 * back the heap with huge pages and grow it in large steps) against the plain environment: each run converts the
 * same template-made workbook to .xls with a fresh profile, as a conversion does; plain and product runs alternate
 * so that the machine's drift falls on both. CPU and page faults are soffice's own (the children's counts in
 * /proc/self/stat, Linux only).
 *
 *   npx tsx bench/libreoffice.ts [RUNS=5]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findSoffice, sofficeEnvironment } from '../src/grid/convert.js';
import { writeUnit, randomUnit, random } from '../tests/consolidate/fixtures.js';

const runs = Number(process.argv[2] ?? 5);
const soffice = findSoffice();
if (!soffice || process.platform !== 'linux') throw new Error('bench/libreoffice.ts needs Linux and LibreOffice (soffice)');

/** CPU ms and minor page faults of this process's finished children so far. */
function children(): { cpuMs: number; faults: number } {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  const tick = 10; // USER_HZ is 100 on Linux
  return { cpuMs: (Number(f[13]) + Number(f[14])) * tick, faults: Number(f[8]) };
}

const work = mkdtempSync(path.join(tmpdir(), 'nianbao-bench-lo-'));
const input = await writeUnit(work, '单位.xlsx', { name: '基准单位' }, randomUnit(random(1)));
const results: Record<'plain' | 'nianbao', { wallMs: number; cpuMs: number; faults: number }[]> = { plain: [], nianbao: [] };
for (let run = 0; run < runs; run++) {
  for (const kind of ['plain', 'nianbao'] as const) {
    const profile = mkdtempSync(path.join(work, 'profile-'));
    const before = children();
    const t = performance.now();
    const r = spawnSync(
      soffice,
      [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--convert-to', 'xls', '--outdir', path.join(work, kind), input],
      { stdio: 'ignore', env: kind === 'plain' ? process.env : sofficeEnvironment() },
    );
    const wallMs = performance.now() - t;
    if (r.status !== 0) throw new Error(`soffice exited ${r.status}`);
    const after = children();
    results[kind].push({ wallMs, cpuMs: after.cpuMs - before.cpuMs, faults: after.faults - before.faults });
    rmSync(profile, { recursive: true, force: true });
  }
}
rmSync(work, { recursive: true, force: true });

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`LibreOffice: one conversion (.xlsx → .xls, fresh profile), median of ${runs} alternating runs`);
for (const kind of ['plain', 'nianbao'] as const) {
  const rs = results[kind];
  const label = kind === 'plain' ? 'plain environment' : 'sofficeEnvironment()';
  console.log(
    `${label.padEnd(22)} wall ${median(rs.map((r) => r.wallMs)).toFixed(0).padStart(5)} ms  CPU ${median(rs.map((r) => r.cpuMs)).toFixed(0).padStart(5)} ms  page faults ${median(rs.map((r) => r.faults)).toFixed(0).padStart(7)}`,
  );
}
