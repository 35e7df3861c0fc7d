/**
 * One cell can hold one data point. When the label search maps two keys to the same cell (a flattened table whose
 * rows or columns collapsed onto each other), reading that cell for both would copy one number into two places: a
 * number the source does not show. Every key on such a cell is left unread, with one finding per cell.
 */
import type { CellKey } from '../formats/index.js';
import { finding } from '../findings/factory.js';
import type { Finding } from '../findings/finding.js';
import type { GridWorkbook } from '../grid/grid.js';
import { placeRef, findingSheet, type Placement } from './location.js';

export function refuseSharedCells(grid: GridWorkbook, placements: Map<CellKey, Placement>): Finding[] {
  const byCell = new Map<string, { placement: Placement; keys: CellKey[] }>();
  for (const [key, p] of placements) {
    const id = `${grid.sheets.indexOf(p.sheet)}:${p.row}:${p.col}`;
    const entry = byCell.get(id);
    if (entry) entry.keys.push(key);
    else byCell.set(id, { placement: p, keys: [key] });
  }
  const findings: Finding[] = [];
  for (const { placement: p, keys } of byCell.values()) {
    if (keys.length < 2) continue;
    for (const k of keys) placements.delete(k);
    const cell = placeRef(grid, p.sheet, p.row, p.col);
    findings.push(
      finding(
        'CELL_CLAIMED_TWICE',
        { cell, count: keys.length },
        { file: grid.source.file, ...findingSheet(grid, p.sheet), cells: [cell], keys, details: keys },
      ),
    );
  }
  return findings;
}
