/**
 * CSV that opens correctly in Excel on Chinese Windows: UTF-8 with a BOM, CRLF line ends, RFC 4180 quoting. Text
 * that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) is neutralised with a
 * leading `'`; numbers, negative ones included, stay numbers.
 *
 * `--csv 明细.csv` writes three files, one per table: `明细.csv` (分单位明细), `明细.校验结果.csv`, `明细.报送情况.csv`.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { ConsolidationResult } from '../consolidate/result.js';
import { writeAtomically } from '../io/atomicWrite.js';
import { exportTables, type ExportCell } from './table.js';

export const bom = '\uFEFF';

/** A text cell made safe to open in a spreadsheet. */
export function neutraliseText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function csvField(value: ExportCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = neutraliseText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly ExportCell[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** The three CSV paths for `--csv path`. */
export function csvPaths(path: string): { detail: string; findings: string; submissions: string } {
  const stem = path.replace(/\.csv$/i, '');
  return { detail: `${stem}.csv`, findings: `${stem}.校验结果.csv`, submissions: `${stem}.报送情况.csv` };
}

export async function writeCsv(r: ConsolidationResult, path: string): Promise<string[]> {
  const paths = csvPaths(path);
  const written: string[] = [];
  for (const table of exportTables(r)) {
    const target = paths[table.name];
    await writeAtomically(target, async (tmp) => {
      const out = createWriteStream(tmp, { encoding: 'utf8' });
      const write = async (s: string) => {
        if (!out.write(s)) await once(out, 'drain');
      };
      await write(bom + csvLine(table.headers));
      for (const row of table.rows()) await write(csvLine(row));
      out.end();
      await once(out, 'finish');
    });
    written.push(target);
  }
  return written;
}
