/**
 * What `locate` hands to `extract`: the format the labels show, and for every data point the grid cell that holds
 * it (or nothing, with a finding saying why). Also the helpers that turn a grid position into what a user sees:
 * `三、依申请公开!J14` in a workbook, `第71行` in published text.
 */
import type { CellKey } from '../formats/index.js';
import type { FormatDef, TableId } from '../formats/types.js';
import type { Finding } from '../findings/finding.js';
import { cellRef } from '../findings/cellRef.js';
import type { GridSheet, GridWorkbook } from '../grid/grid.js';
import { address } from '../layout/tableLayout.js';
import type { Provenance } from '../report/report.js';

export interface Placement {
  sheet: GridSheet;
  row: number;
  col: number;
}

export interface Location {
  format: FormatDef;
  /** `template`: positions verified against our layout via the metadata sheet; `labels`: found by label search */
  via: 'template' | 'labels';
  placements: Map<CellKey, Placement>;
  /** the sheet each table was found on */
  tableSheets: Partial<Record<TableId, string>>;
  findings: Finding[];
}

const isText = (grid: GridWorkbook) => grid.source.kind === 'text' || grid.source.kind === 'pdf';

/** The reference a user can find: `sheet!A1`, or `第N行` in text. */
export function placeRef(grid: GridWorkbook, sheet: GridSheet, row: number, col: number): string {
  return isText(grid) ? `第${(sheet.sourceLines?.[row] ?? row) + 1}行` : cellRef(sheet.name, address(row, col));
}

/** The sheet to name in a finding (none for text, whose one "sheet" is the whole document). */
export function findingSheet(grid: GridWorkbook, sheet: GridSheet | undefined): { sheet?: string } {
  return sheet && !isText(grid) ? { sheet: sheet.name } : {};
}

export function provenanceOf(grid: GridWorkbook, p: Placement | undefined): Provenance {
  const file = grid.source.file;
  if (!p) return { file };
  if (isText(grid)) return { file, line: (p.sheet.sourceLines?.[p.row] ?? p.row) + 1 };
  return { file, sheet: p.sheet.name, cell: cellAddress(p.row, p.col) };
}

// every Report of a batch names the same few hundred cells: one string each, instead of one per value per Report
const addresses: (string[] | undefined)[] = [];

/** `address(row, col)`, the same string object every time for the cells a table can occupy. */
function cellAddress(row: number, col: number): string {
  if (row >= 4096 || col >= 256) return address(row, col);
  const inRow = (addresses[row] ??= []);
  return (inRow[col] ??= address(row, col));
}

/** `表三“收到和处理政府信息公开申请情况”` from the definition's heading. */
export function tableTitle(heading: string, numeral: string): string {
  return `表${numeral}“${heading.replace(/^[一二三四五六七八九十]+、/, '')}”`;
}
