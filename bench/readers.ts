/**
 * Reader benchmark: ms per workbook for the lower bound (central directory + node:zlib inflate + regex scan of the
 * cell XML), the lean reader and the exceljs reader, on N small workbooks written by exceljs.
 *
 *   npx tsx bench/readers.ts [N=300]
 *
 * Workbooks are the project's own template filled with varied numbers when templates/ has one, otherwise a
 * three-sheet workbook of the same shape (merged headers, numbers, cached SUM formulas).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { readXlsxWithExceljs } from '../src/grid/exceljsReader.js';
import { readXlsxLean } from '../src/grid/leanXlsxReader.js';
import { readWorkbookGrid } from '../src/grid/readWorkbook.js';
import { ZipArchive } from '../src/grid/zipArchive.js';
import { lowerBoundScan as lowerBound } from './lowerBound.js';

const n = Number(process.argv[2] ?? 300);

async function baseWorkbook(): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  const dir = 'templates/2021';
  const template = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.xlsx')) : undefined;
  if (template) {
    await wb.xlsx.readFile(path.join(dir, template));
    return wb;
  }
  for (let s = 1; s <= 3; s++) {
    const ws = wb.addWorksheet(`表${s}`);
    ws.mergeCells('A1:J1');
    ws.getCell('A1').value = `第 ${s} 张表`;
    for (let r = 3; r < 30; r++) {
      ws.getCell(r, 1).value = `项目 ${r}`;
      for (let c = 2; c < 10; c++) ws.getCell(r, c).value = 0;
      ws.getCell(r, 10).value = { formula: `SUM(B${r}:I${r})`, result: 0 };
    }
  }
  return wb;
}

/** Fills every numeric input cell (a plain number, not a formula) with a varied count. */
function fill(wb: ExcelJS.Workbook, seed: number): void {
  let x = seed * 2654435761;
  for (const ws of wb.worksheets) {
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'number') {
          x = (x * 1103515245 + 12345) % 2147483648;
          cell.value = x % 50;
        }
      }),
    );
  }
}

/** Best of three passes over all files, ms per workbook: the machine is shared, so the minimum is the honest figure. */
async function time(files: string[], read: (file: string) => unknown): Promise<number> {
  for (const f of files.slice(0, 20)) await read(f); // warm up
  let best = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const started = performance.now();
    for (const f of files) await read(f);
    best = Math.min(best, (performance.now() - started) / files.length);
  }
  return best;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-bench-readers-'));
try {
  const started = performance.now();
  const wb = await baseWorkbook();
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    fill(wb, i + 1);
    const file = path.join(dir, `unit-${i}.xlsx`);
    writeFileSync(file, Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    files.push(file);
  }
  const kb = readFileSync(files[0]!).length / 1024;
  console.log(`${n} workbooks of ${kb.toFixed(1)} KB written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(`machine: ${os.cpus().length} cores, node ${process.version}; one core, whole file read each time\n`);

  const rows: [string, number][] = [];
  rows.push(['lower bound: sheets (zlib + regex)', await time(files, (f) => lowerBound(readFileSync(f), false))]);
  rows.push(['lower bound: sheets + shared strings', await time(files, (f) => lowerBound(readFileSync(f), true))]);
  rows.push(['lean reader (ZipArchive + readXlsxLean)', await time(files, (f) => readXlsxLean(new ZipArchive(readFileSync(f)), f))]);
  rows.push(['readWorkbookGrid, reader lean (stat, sniff, caps)', await time(files, (f) => readWorkbookGrid(f, { reader: 'lean' }))]);
  rows.push(['exceljs reader (load + grid)', await time(files, (f) => readXlsxWithExceljs(readFileSync(f), f))]);
  rows.push(['readWorkbookGrid, reader exceljs', await time(files, (f) => readWorkbookGrid(f, { reader: 'exceljs' }))]);

  const floor = rows[0]![1];
  for (const [label, ms] of rows) console.log(`${label.padEnd(52)} ${ms.toFixed(3).padStart(7)} ms  ${(ms / floor).toFixed(1).padStart(5)}×`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
