/**
 * The very-hidden `_nianbao` sheet of a workbook made from our template (or a summary nianbao wrote): key/value rows,
 * read in any order; unknown keys are kept, a missing sheet means "not ours".
 */
import type { GridSheet, GridWorkbook } from '../grid/grid.js';
import { metadataSheetName } from '../template/metadata.js';
import { cellText } from './labelIndex.js';

export type GridMetadata = ReadonlyMap<string, string>;

export function isMetadataSheet(sheet: GridSheet): boolean {
  return sheet.name === metadataSheetName;
}

export function readGridMetadata(grid: GridWorkbook): GridMetadata | undefined {
  const sheet = grid.sheets.find(isMetadataSheet);
  if (!sheet) return undefined;
  const keys = new Map<number, string>();
  const values = new Map<number, string>();
  for (const cell of sheet.cells.values()) {
    if (cell.col === 0) keys.set(cell.row, cellText(cell).trim());
    else if (cell.col === 1) values.set(cell.row, cellText(cell).trim());
  }
  const result = new Map<string, string>();
  for (const [row, key] of keys) if (key) result.set(key, values.get(row) ?? '');
  return result;
}

/** `true`, `TRUE`, `1`, `是` → true. */
export function metadataFlag(value: string | undefined): boolean {
  return value !== undefined && /^(?:true|1|是|yes)$/i.test(value.trim());
}
