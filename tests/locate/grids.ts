/**
 * Grids for tests: a sheet from an array of rows (as a clerk would type it), and a sheet laid out exactly like our
 * template from `tableLayout`, with given values. Plus the edits units make: inserted rows and columns, tables moved.
 */
import type { CellKey } from '../../src/formats/index.js';
import type { TableDef } from '../../src/formats/types.js';
import { gridIndex, type GridCell, type GridMerge, type GridSheet, type GridWorkbook } from '../../src/grid/grid.js';
import { tableLayout } from '../../src/layout/tableLayout.js';

export type CellInput = string | number | null | undefined | Partial<GridCell>;

function cellOf(row: number, col: number, v: CellInput): GridCell | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  if (typeof v === 'string') return { row, col, value: v, text: v };
  if (typeof v === 'number') return { row, col, value: v, text: String(v) };
  return { row, col, value: null, text: '', ...v } as GridCell;
}

/** A sheet from rows of cells (`null`/`''` = empty). */
export function sheetFromRows(name: string, rows: readonly (readonly CellInput[])[], merges: GridMerge[] = []): GridSheet {
  const cells = new Map<number, GridCell>();
  let colCount = 0;
  rows.forEach((r, row) =>
    r.forEach((v, col) => {
      const c = cellOf(row, col, v);
      if (c) cells.set(gridIndex(row, col), c);
      colCount = Math.max(colCount, col + 1);
    }),
  );
  return { name, cells, merges, rowCount: rows.length, colCount, state: 'visible' };
}

export function workbook(sheets: GridSheet[], file = '单位.xlsx', kind: GridWorkbook['source']['kind'] = 'xlsx'): GridWorkbook {
  return { source: { file, kind }, sheets };
}

/** A table exactly as our template lays it out from A1, each value cell holding `values[key]` (default 0). */
export function templateTableSheet(table: TableDef, values: Partial<Record<CellKey, CellInput>> = {}, name = table.sheetName): GridSheet {
  const layout = tableLayout(table);
  const cells = new Map<number, GridCell>();
  const merges: GridMerge[] = [];
  for (const c of layout.cells) {
    if (c.rowSpan > 1 || c.colSpan > 1) merges.push({ top: c.row, left: c.col, bottom: c.row + c.rowSpan - 1, right: c.col + c.colSpan - 1 });
    if (c.role === 'value') {
      const v = c.key! in values ? values[c.key!] : 0;
      const cell = cellOf(c.row, c.col, v);
      if (cell) cells.set(gridIndex(c.row, c.col), cell);
    } else if (c.text) {
      cells.set(gridIndex(c.row, c.col), { row: c.row, col: c.col, value: c.text, text: c.text });
    }
  }
  return { name, cells, merges, rowCount: layout.height, colCount: layout.width, state: 'visible' };
}

/** The `_nianbao` sheet our template writes. */
export function metadataSheet(entries: Record<string, string | number | boolean>): GridSheet {
  const s = sheetFromRows('_nianbao', Object.entries(entries).map(([k, v]) => [k, typeof v === 'boolean' ? { value: v, text: String(v).toUpperCase() } : v]));
  return { ...s, state: 'veryHidden' };
}

function remap(sheet: GridSheet, f: (row: number, col: number) => { row: number; col: number }, name = sheet.name): GridSheet {
  const cells = new Map<number, GridCell>();
  for (const c of sheet.cells.values()) {
    const at = f(c.row, c.col);
    cells.set(gridIndex(at.row, at.col), { ...c, ...at });
  }
  const merges = sheet.merges.map((m) => {
    const tl = f(m.top, m.left);
    const br = f(m.bottom, m.right);
    return { top: tl.row, left: tl.col, bottom: br.row, right: br.col };
  });
  return { ...sheet, name, cells, merges, rowCount: sheet.rowCount + 50, colCount: sheet.colCount + 10 };
}

/** A row inserted before `at` (0-based), holding `contents` from column A. */
export function insertRow(sheet: GridSheet, at: number, contents: CellInput[] = []): GridSheet {
  const moved = remap(sheet, (row, col) => ({ row: row >= at ? row + 1 : row, col }));
  contents.forEach((v, col) => {
    const c = cellOf(at, col, v);
    if (c) moved.cells.set(gridIndex(at, col), c);
  });
  return moved;
}

/** A column inserted before `at` (0-based), holding `contents` from row 1. */
export function insertColumn(sheet: GridSheet, at: number, contents: CellInput[] = []): GridSheet {
  const moved = remap(sheet, (row, col) => ({ row, col: col >= at ? col + 1 : col }));
  contents.forEach((v, row) => {
    const c = cellOf(row, at, v);
    if (c) moved.cells.set(gridIndex(row, at), c);
  });
  return moved;
}

/** Several sheets' contents stacked on one sheet, `gap` empty rows apart, with optional title rows above each. */
export function stack(name: string, parts: { sheet: GridSheet; title?: string }[], gap = 1): GridSheet {
  const cells = new Map<number, GridCell>();
  const merges: GridMerge[] = [];
  let top = 0;
  for (const { sheet, title } of parts) {
    if (title) {
      cells.set(gridIndex(top, 0), { row: top, col: 0, value: title, text: title });
      top += 1;
    }
    const height = Math.max(...[...sheet.cells.values()].map((c) => c.row), ...sheet.merges.map((m) => m.bottom)) + 1;
    const moved = remap(sheet, (row, col) => ({ row: row + top, col }));
    for (const [, c] of moved.cells) cells.set(gridIndex(c.row, c.col), c);
    merges.push(...moved.merges);
    top += height + gap;
  }
  return { name, cells, merges, rowCount: top, colCount: 30, state: 'visible' };
}

/** The cell's text at an A1 address. */
export function setCell(sheet: GridSheet, row: number, col: number, v: CellInput): void {
  const c = cellOf(row, col, v);
  if (c) sheet.cells.set(gridIndex(row, col), c);
  else sheet.cells.delete(gridIndex(row, col));
}
