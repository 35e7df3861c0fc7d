/**
 * Data validations as non-overlapping rectangles. exceljs squeezes per-cell validations into ranges itself, but it
 * walks the cells in text order (`D10` before `D4`), so a sheet got both `D10:I26` and `D4:I26`: overlapping ranges,
 * which some readers reject. Here each sheet's validations are grouped into rectangles in row order, every cell in
 * exactly one, and handed to exceljs as ranges (which it writes as they are).
 */
import type ExcelJS from 'exceljs';
import { address, parseAddress } from '../layout/tableLayout.js';

type Model = Record<string, ExcelJS.DataValidation | undefined>;

export function compactValidations(sheet: ExcelJS.Worksheet): void {
  // exceljs keeps them on the sheet (not in its type declarations): `dataValidations.model`, keyed by address
  const holder = (sheet as unknown as { dataValidations: { model: Model } }).dataValidations;
  const cells: { row: number; col: number; key: string; v: ExcelJS.DataValidation }[] = [];
  for (const [ref, v] of Object.entries(holder.model)) {
    if (!v || ref.includes(':')) continue;
    const { row, col } = parseAddress(ref);
    cells.push({ row, col, key: JSON.stringify(v), v });
  }
  const at = new Map(cells.map((c) => [`${c.row},${c.col}`, c]));
  const done = new Set<string>();
  const same = (row: number, col: number, key: string) => {
    const c = at.get(`${row},${col}`);
    return !!c && c.key === key && !done.has(`${row},${col}`);
  };
  const model: Model = {};
  for (const [ref, v] of Object.entries(holder.model)) if (v && ref.includes(':')) model[ref] = v;
  cells.sort((a, b) => a.row - b.row || a.col - b.col);
  for (const c of cells) {
    if (done.has(`${c.row},${c.col}`)) continue;
    let width = 1;
    while (same(c.row, c.col + width, c.key)) width++;
    let height = 1;
    const rowFits = (r: number) => Array.from({ length: width }, (_, j) => same(r, c.col + j, c.key)).every(Boolean);
    while (rowFits(c.row + height)) height++;
    for (let i = 0; i < height; i++) for (let j = 0; j < width; j++) done.add(`${c.row + i},${c.col + j}`);
    const ref = width === 1 && height === 1 ? address(c.row, c.col) : `${address(c.row, c.col)}:${address(c.row + height - 1, c.col + width - 1)}`;
    model[ref] = c.v;
  }
  holder.model = model;
}
