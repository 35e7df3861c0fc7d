/** Shared test helpers: write a template to disk and read it back with exceljs. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { formatForYear } from '../../src/formats/index.js';
import { templateBuffer, type TemplateOptions } from '../../src/template/index.js';

export async function tempDir(prefix = 'nianbao-template-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Write a template for `year` to a temp file and open it again with exceljs. */
export async function writeAndRead(
  year: number,
  extra: Partial<TemplateOptions> = {},
): Promise<{ path: string; workbook: ExcelJS.Workbook }> {
  const dir = await tempDir();
  const path = join(dir, `template-${year}.xlsx`);
  await writeFile(path, await templateBuffer({ format: formatForYear(year), reportYear: year, ...extra }));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile(path)) as unknown as ArrayBuffer);
  return { path, workbook };
}

/** The text labels of rows 1..height, each row as the list of its merged-range masters holding text. */
export function textRows(sheet: ExcelJS.Worksheet, height: number): string[][] {
  const rows: string[][] = [];
  for (let r = 1; r <= height; r++) {
    const texts: string[] = [];
    const row = sheet.getRow(r);
    for (let c = 1; c <= sheet.columnCount; c++) {
      const cell = row.getCell(c);
      if (cell.isMerged && cell.master.address !== cell.address) continue;
      if (typeof cell.value === 'string') texts.push(cell.value);
    }
    rows.push(texts);
  }
  return rows;
}

export function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const s = workbook.getWorksheet(name);
  if (!s) throw new Error(`no sheet ${name}; sheets: ${workbook.worksheets.map((w) => w.name).join(', ')}`);
  return s;
}
