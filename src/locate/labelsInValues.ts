/**
 * A value cell that holds label text: a header row taken as the data row (table 四's `结果维持` under `结果维持`), a
 * title line taken as data, or a row label whose end spilled into the first value cell (`（二）部分公开` |
 * `（区分处理的，只计这一情形，不计其他情形）` | 3 | …). Such a row is not laid out under its headers, so its other
 * cells may be shifted too: every value of that official row is left unread, with one finding naming the cell(s),
 * rather than read as text (NOT_A_NUMBER noise) or, worse, a neighbour's number read as this column's.
 */
import { classifyValue } from '../extract/classifyValue.js';
import { cellSpecMap, tableNumeral, type CellKey } from '../formats/index.js';
import type { FormatDef, ValueDomain } from '../formats/types.js';
import { labelKey, spellingKeys } from '../formats/labels.js';
import { labelVocabulary } from '../formats/vocabulary.js';
import { finding } from '../findings/factory.js';
import type { Finding } from '../findings/finding.js';
import { gridCell, type GridWorkbook } from '../grid/grid.js';
import { cellText } from './labelIndex.js';
import { findingSheet, placeRef, tableTitle, type Placement } from './location.js';

const headingKeys = new Map<FormatDef, Set<string>>();

function headings(format: FormatDef): Set<string> {
  let keys = headingKeys.get(format);
  if (!keys) {
    keys = new Set(format.tables.flatMap((t) => [t.heading, ...(t.headingAliases ?? [])].flatMap((h) => [labelKey(h), labelKey(h.replace(/^[一二三四五六七八九十]+、/, ''))])));
    headingKeys.set(format, keys);
  }
  return keys;
}

/** Whether a cell's text is an official label (of either format) or a table heading. */
function isLabelText(text: string, format: FormatDef): boolean {
  if (!/\p{Script=Han}/u.test(text)) return false;
  const key = labelKey(text);
  const vocab = labelVocabulary();
  return vocab.rows.has(key) || vocab.headers.has(key) || vocab.parents.has(key) || headings(format).has(key);
}

/**
 * Refuses, for the keys the label search placed (`searched`), every official row one of whose value cells holds label
 * text. Template-verified placements are not looked at: there a stray word in a value cell is the clerk's entry, and
 * the value check says so at that cell.
 */
export function refuseLabelValues(grid: GridWorkbook, format: FormatDef, placements: Map<CellKey, Placement>, searched: ReadonlySet<CellKey>): Finding[] {
  const specs = cellSpecMap(format);
  // the keys of one official row on one grid row, in column order
  const rows = new Map<string, { keys: CellKey[]; placement: Placement }>();
  for (const [key, p] of placements) {
    if (!searched.has(key)) continue;
    const spec = specs.get(key);
    if (!spec) continue;
    const id = `${spec.table.id}:${spec.row.key}:${grid.sheets.indexOf(p.sheet)}:${p.row}`;
    const entry = rows.get(id);
    if (entry) entry.keys.push(key);
    else rows.set(id, { keys: [key], placement: p });
  }
  const findings: Finding[] = [];
  for (const { keys, placement } of rows.values()) {
    const labelCells: { ref: string; text: string; column: string }[] = [];
    for (const key of keys) {
      const p = placements.get(key)!;
      const text = cellText(gridCell(p.sheet, p.row, p.col)).trim();
      if (text === '') continue;
      const spec = specs.get(key)!;
      if (isLabelText(text, format) || spillsFromLeft(p, text, spec.row, spec.domain)) {
        labelCells.push({ ref: placeRef(grid, p.sheet, p.row, p.col), text, column: spec.column.label });
      }
    }
    if (labelCells.length === 0) continue;
    for (const key of keys) placements.delete(key);
    const spec = specs.get(keys[0]!)!;
    const first = labelCells[0]!;
    findings.push(
      finding(
        'LABEL_IN_VALUE_CELL',
        {
          table: tableTitle(spec.table.heading, tableNumeral[spec.table.id]),
          row: spec.row.label ? `“${spec.row.label}”行` : '数据行',
          cell: first.ref,
          text: first.text.length > 30 ? `${first.text.slice(0, 30)}…` : first.text,
          column: first.column,
          count: keys.length,
        },
        {
          file: grid.source.file,
          ...findingSheet(grid, placement.sheet),
          cells: labelCells.map((c) => c.ref),
          keys,
          details: labelCells.map((c) => `${c.ref}：“${c.text}”（“${c.column}”列的位置）`),
        },
      ),
    );
  }
  return findings;
}

/**
 * The end of the row's own label, spilled into the value cell: the nearest text cell to its left and this one
 * together spell the row's label (or an alias), and this one reads as no value. A label cut inside its bracketed note
 * and followed by its numbers (`（二）部分公开（区分处理的` | 7 | 8 | …) is no spill: joined with the `7` it still has the
 * row's key, since the key drops an unclosed note and whatever follows it, but a number (or `—`, `无`) is never the end
 * of a label, and that row is laid out under its headers.
 */
function spillsFromLeft(p: Placement, text: string, row: { label: string; aliases?: readonly string[] }, domain: ValueDomain): boolean {
  if (!row.label) return false;
  for (let col = p.col - 1; col >= 0; col--) {
    const left = cellText(gridCell(p.sheet, p.row, col)).trim();
    if (left === '') continue;
    return spellingKeys(row).includes(labelKey(left + text)) && classifyValue(gridCell(p.sheet, p.row, p.col), domain).kind === 'text';
  }
  return false;
}
