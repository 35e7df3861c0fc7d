/**
 * Every text cell of a workbook by its normalised label, so that each official label is looked up once instead of
 * scanning every sheet for every label. Built only on the general path: a template-made workbook never needs it.
 */
import { normaliseLabel } from '../formats/labels.js';
import type { HeaderNode } from '../formats/types.js';
import { gridIndex, type GridCell, type GridMerge, type GridSheet, type GridWorkbook } from '../grid/grid.js';

/** A cell position: the sheet's index in the workbook, 0-based row and column. */
export interface Hit {
  sheet: number;
  row: number;
  col: number;
}

/**
 * The key a label is indexed and looked up by: its normalised form, with the enumerator that starts a row label
 * written one way (`1、`, `1，` and `1.` alike; `一、` and `一.` alike), since units number items either way.
 */
export function labelKey(text: string): string {
  return normaliseLabel(text).replace(/^([一二三四五六七八九十]+|\d+)[.,]/, '$1.');
}

export const byPosition = (a: Hit, b: Hit): number => a.sheet - b.sheet || a.row - b.row || a.col - b.col;

/** The text a cell shows, or '' when it shows nothing. */
export function cellText(cell: GridCell | undefined): string {
  if (!cell) return '';
  if (cell.text !== '') return cell.text;
  return cell.value === null ? '' : String(cell.value);
}

export class LabelIndex {
  private readonly byText = new Map<string, Hit[]>();
  private readonly rows: Map<number, GridCell[]>[];
  private readonly mergeAt: Map<number, GridMerge>[];

  constructor(
    readonly grid: GridWorkbook,
    /** sheets to leave out (the metadata sheet) */
    skip: (sheet: GridSheet) => boolean = () => false,
  ) {
    this.rows = grid.sheets.map(() => new Map());
    this.mergeAt = grid.sheets.map((s) => new Map(s.merges.map((m) => [gridIndex(m.top, m.left), m])));
    grid.sheets.forEach((sheet, s) => {
      if (skip(sheet)) return;
      const rows = this.rows[s]!;
      for (const cell of sheet.cells.values()) {
        const text = cellText(cell);
        if (text.trim() === '') continue;
        let row = rows.get(cell.row);
        if (!row) rows.set(cell.row, (row = []));
        row.push(cell);
        if (typeof cell.value === 'number') continue;
        const key = labelKey(text);
        let list = this.byText.get(key);
        if (!list) this.byText.set(key, (list = []));
        list.push({ sheet: s, row: cell.row, col: cell.col });
      }
      for (const row of rows.values()) row.sort((a, b) => a.col - b.col);
    });
    for (const list of this.byText.values()) list.sort(byPosition);
  }

  /** True when some cell has this `labelKey`. */
  has(key: string): boolean {
    return this.byText.has(key);
  }

  /** Cells whose text has this `labelKey`. */
  hitsOf(key: string): readonly Hit[] {
    return this.byText.get(key) ?? [];
  }

  /** Cells spelling a label or one of its aliases, in sheet/row/column order. */
  hits(node: Pick<HeaderNode, 'label' | 'aliases'>): Hit[] {
    const keys = new Set([node.label, ...(node.aliases ?? [])].map(labelKey));
    const found = [...keys].flatMap((k) => this.hitsOf(k));
    return keys.size > 1 ? found.sort(byPosition) : found;
  }

  /** The non-empty cells of a row, left to right. */
  rowCells(sheet: number, row: number): readonly GridCell[] {
    return this.rows[sheet]?.get(row) ?? [];
  }

  /** The merge whose top-left cell is here, if any. */
  mergeFrom(sheet: number, row: number, col: number): GridMerge | undefined {
    return this.mergeAt[sheet]?.get(gridIndex(row, col));
  }
}
