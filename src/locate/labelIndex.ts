/**
 * Every text cell of a workbook by its normalised label, so that each official label is looked up once instead of
 * scanning every sheet for every label. Built only on the general path: a template-made workbook never needs it.
 */
import { labelKey, spellingKeys } from '../formats/labels.js';
import type { HeaderNode } from '../formats/types.js';
import { gridIndex, type GridCell, type GridMerge, type GridSheet, type GridWorkbook } from '../grid/grid.js';

/** A cell position: the sheet's index in the workbook, 0-based row and column. */
export interface Hit {
  sheet: number;
  row: number;
  col: number;
}

export { labelKey } from '../formats/labels.js';

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
  private readonly ranks: (number[] | undefined)[] = [];

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
    const keys = spellingKeys(node);
    const found = keys.flatMap((k) => this.hitsOf(k));
    return keys.length > 1 ? found.sort(byPosition) : found;
  }

  /** The non-empty cells of a row, left to right. */
  rowCells(sheet: number, row: number): readonly GridCell[] {
    return this.rows[sheet]?.get(row) ?? [];
  }

  /**
   * How many non-empty rows of the sheet come before this row: distances in published text are counted in rows that
   * hold something, since a table written a cell per line leaves its consumed lines empty.
   */
  rowRank(sheet: number, row: number): number {
    let ranks = this.ranks[sheet];
    if (!ranks) ranks = this.ranks[sheet] = [...(this.rows[sheet]?.keys() ?? [])].sort((a, b) => a - b);
    let lo = 0;
    let hi = ranks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ranks[mid]! < row) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The merge whose top-left cell is here, if any. */
  mergeFrom(sheet: number, row: number, col: number): GridMerge | undefined {
    return this.mergeAt[sheet]?.get(gridIndex(row, col));
  }
}
