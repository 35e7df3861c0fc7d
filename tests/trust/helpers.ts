/** Shared helpers of the issue-9 tests: real workbooks from the template writer, edited the way other writers do. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { cellSpecs, formatForYear, tableDef, type CellKey } from '../../src/formats/index.js';
import { address, tableLayout } from '../../src/layout/tableLayout.js';
import { patchXlsx } from '../grid/workbooks.js';

export const tempDir = (prefix = 'nianbao-trust-'): string => mkdtempSync(join(tmpdir(), prefix));

export const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Every file under `dir` (recursively) → its hash. */
export function hashTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(p, sha256(p));
    }
  };
  walk(dir);
  return out;
}

/** The sheet and A1 address of a data point in the template of `year`. */
export function templateCell(key: CellKey, year = 2025): { sheet: string; address: string } {
  const format = formatForYear(year);
  const spec = cellSpecs(format).find((s) => s.key === key)!;
  const c = tableLayout(tableDef(format, spec.table.id)).valueCells.get(key)!;
  return { sheet: spec.table.sheetName, address: address(c.row, c.col) };
}

/** Set cells of a workbook by data-point key (as a unit typing over the template would), with exceljs. */
export async function setCells(file: string, values: Record<string, ExcelJS.CellValue>, year = 2025): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  for (const [key, v] of Object.entries(values)) {
    const { sheet, address: a } = templateCell(key, year);
    wb.getWorksheet(sheet)!.getCell(a).value = v;
  }
  await wb.xlsx.writeFile(file);
}

/**
 * What openpyxl and many scripts and web systems write: every formula kept, no cached result (`<v>` dropped after
 * `<f>`), so a reader that trusts cached values finds nothing in the totals.
 */
export function stripFormulaResults(from: string, to: string): string {
  return patchXlsx(from, to, (name, xml) =>
    name.startsWith('xl/worksheets/') ? xml.replace(/(<f>[^<]*<\/f>|<f [^>]*\/>|<f [^>]*>[^<]*<\/f>)<v>[^<]*<\/v>/g, '$1') : xml,
  );
}
