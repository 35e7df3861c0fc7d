/**
 * The fast path for a workbook made from our template: the table should sit on its sheet exactly as `tableLayout`
 * puts it. Every label cell is verified before a single position is trusted; a table whose labels are not all where
 * the layout says (a unit inserted a row, renamed the sheet) goes to the label search instead.
 */
import { normaliseLabel } from '../formats/labels.js';
import type { TableDef } from '../formats/types.js';
import type { CellKey } from '../formats/index.js';
import { gridCell, type GridSheet } from '../grid/grid.js';
import { tableLayout } from '../layout/tableLayout.js';
import { cellText } from './labelIndex.js';
import type { Placement } from './location.js';

interface LabelCheck {
  row: number;
  col: number;
  exact: readonly string[];
  normalised: ReadonlySet<string>;
}

interface TableCheck {
  labels: LabelCheck[];
  values: { key: CellKey; row: number; col: number }[];
}

const checks = new WeakMap<TableDef, TableCheck>();

function checkOf(table: TableDef): TableCheck {
  let check = checks.get(table);
  if (check) return check;
  const layout = tableLayout(table);
  const labels: LabelCheck[] = [];
  for (const cell of layout.cells) {
    if (cell.role === 'value' || cell.role === 'filler' || cell.text === '') continue;
    const aliases = cell.role === 'corner' ? (cell.block.cornerAliases ?? []) : (cell.node?.aliases ?? []);
    const exact = [cell.text, ...aliases];
    labels.push({ row: cell.row, col: cell.col, exact, normalised: new Set(exact.map(normaliseLabel)) });
  }
  const values = [...layout.valueCells].map(([key, c]) => ({ key, row: c.row, col: c.col }));
  check = { labels, values };
  checks.set(table, check);
  return check;
}

function labelAt(sheet: GridSheet, label: LabelCheck, dr: number, dc: number): boolean {
  const text = cellText(gridCell(sheet, label.row + dr, label.col + dc));
  if (text === '') return false;
  return label.exact.includes(text) || label.normalised.has(normaliseLabel(text));
}

/** Rows and columns a table may be moved down/right as a whole (a title row above it) and still count as ours. */
const maxOffset = { rows: 10, cols: 5 };

/**
 * The positions of every value of `table` on `sheet` when every label of the layout is in place (allowing the whole
 * table to be shifted, e.g. under a title row), added to `into` (a new map by default) and returned; undefined, with
 * `into` untouched, otherwise.
 */
export function templatePlacements(
  sheet: GridSheet,
  table: TableDef,
  into = new Map<CellKey, Placement>(),
): Map<CellKey, Placement> | undefined {
  const check = checkOf(table);
  const first = check.labels[0];
  if (!first) return undefined;
  const offsets: [number, number][] = [[0, 0]];
  if (!labelAt(sheet, first, 0, 0)) {
    offsets.pop();
    for (let dr = 0; dr <= maxOffset.rows; dr++) {
      for (let dc = 0; dc <= maxOffset.cols; dc++) if (labelAt(sheet, first, dr, dc)) offsets.push([dr, dc]);
    }
  }
  for (const [dr, dc] of offsets) {
    if (!check.labels.every((l) => labelAt(sheet, l, dr, dc))) continue;
    for (const v of check.values) into.set(v.key, { sheet, row: v.row + dr, col: v.col + dc });
    return into;
  }
  return undefined;
}
