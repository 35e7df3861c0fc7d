/**
 * A list a clerk keeps as a spreadsheet (the roster) → a grid, by the same reader as every submission: .xlsx read
 * directly, .xls/.et/.ods converted by LibreOffice, CSV (UTF-8 or GB18030) parsed into one sheet. Failures come back
 * as a code and the reader's Chinese message naming the file, never as a throw.
 */
import path from 'node:path';
import { csvToGrid, decodeCsv } from './csvGrid.js';
import { WorkbookReadError, failureMessage } from './readFailure.js';
import type { GridWorkbook } from './grid.js';
import { readWorkbookGrid } from './readWorkbook.js';
import { defaultMaxBytes, readFileCapped } from './sniff.js';

export const csvExtensions = new Set(['.csv', '.txt']);
export const tableWorkbookExtensions = new Set(['.xlsx', '.xlsm', '.xls', '.et', '.ods']);

export type ReadTableResult = { ok: true; grid: GridWorkbook } | { ok: false; code: string; message: string; file: string };

export async function readTableGrid(file: string): Promise<ReadTableResult> {
  const ext = path.extname(file).toLowerCase();
  if (!csvExtensions.has(ext)) return readWorkbookGrid(file);
  try {
    const bytes = await readFileCapped(file, defaultMaxBytes);
    return { ok: true, grid: csvToGrid(decodeCsv(bytes), file, path.basename(file)) };
  } catch (error) {
    if (!(error instanceof WorkbookReadError)) throw error;
    return { ok: false, code: error.code, message: failureMessage(file, error.code, error.detail), file };
  }
}
