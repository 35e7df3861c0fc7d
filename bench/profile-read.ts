/**
 * Where reading time goes (issue 6), measured so that a shared, busy machine does not swamp the figures: every file
 * is read several times in round-robin passes and each stage keeps its fastest time per file; the figures are the
 * sums of those minima per workbook. Stages: zip directory → grid (lean reader) → Report → check → digest (what a
 * consolidation keeps), and the whole
 * readReport path (stat, sniff, read, grid, Report). Run compiled under `node --cpu-prof` for a profile.
 *
 *   npx tsx bench/profile-read.ts DIR [N=300] [PASSES=8]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readXlsxLean } from '../src/grid/leanXlsxReader.js';
import { ZipArchive } from '../src/grid/zipArchive.js';
import { reportFromGrid } from '../src/report/fromGrid.js';
import { checkReport } from '../src/check/checkReport.js';
import { readReport } from '../src/io/readReport.js';
import { digestOf } from '../src/batch/digest.js';

const [dir, nArg, passArg] = process.argv.slice(2);
if (!dir) throw new Error('usage: profile-read.ts DIR [N] [PASSES]');
const n = Number(nArg ?? 300);
const passes = Number(passArg ?? 8);
const files = readdirSync(dir).filter((f) => f.endsWith('.xlsx')).sort().slice(0, n).map((f) => path.join(dir, f));

const stages = ['grid (zip + lean reader)', 'reportFromGrid', 'check', 'digestOf', 'readReport (whole path)'] as const;
const best = stages.map(() => files.map(() => Infinity));
const keep = (stage: number, file: number, ms: number): void => {
  if (ms < best[stage]![file]!) best[stage]![file] = ms;
};

for (let pass = 0; pass < passes; pass++) {
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    const bytes = readFileSync(file);
    let t = performance.now();
    const grid = readXlsxLean(new ZipArchive(bytes), file);
    let u = performance.now();
    keep(0, i, u - t);
    const report = reportFromGrid(grid);
    t = performance.now();
    keep(1, i, t - u);
    checkReport(report);
    u = performance.now();
    keep(2, i, u - t);
    digestOf(report);
    t = performance.now();
    keep(3, i, t - u);
    // another file than the one just read (half the list away): the lean reader keeps what it made of sheets stored
    // exactly alike (SheetScans in leanXlsxReader.ts), so reading the same file again at once would measure that, not
    // a batch, where each file is read once
    const other = (i + Math.floor(files.length / 2)) % files.length;
    t = performance.now();
    const r = await readReport(files[other]!);
    u = performance.now();
    if (!r.ok) throw new Error(r.message);
    keep(4, other, u - t);
  }
}
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(`${files.length} files, ${passes} passes, fastest time per file`);
stages.forEach((name, s) => console.log(`${name.padEnd(28)} ${sum(best[s]!).toFixed(3)} ms/unit`));
