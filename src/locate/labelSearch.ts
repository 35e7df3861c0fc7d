/**
 * The general path: find an official table anywhere in a workbook (or in published text) by its labels, whatever
 * rows or columns a unit inserted, however it named or ordered its sheets, and whichever of spec section 5's label
 * variants it uses.
 *
 * A block with row labels is anchored on them: its rows are the longest in-order chain of leaf row labels on the
 * sheet that has most of them, and its column headers are looked for in the few rows just above. A block without
 * row labels (table 四) is anchored on its top column header, and its data row is the row under its headers.
 *
 * Values: in a workbook (or HTML, whose spans are kept as merges) the value of a row is in the column of its leaf
 * header. In published text a row is read by column position too when its fields (empty ones included) stand
 * under the found leaf headers, as in our own render output or a tab-separated copy of a spreadsheet; a blank field
 * is then a blank value. Where spans were lost and the columns drifted (the seed's shifted rows), the row's value
 * cells after its label are taken in order, and only when their count is exactly the number of leaf columns;
 * otherwise the values stay missing with a finding. Which column a value belongs to is never guessed.
 */
import { cellKey, leafColumns, leafRows, tableNumeral, type CellKey } from '../formats/index.js';
import { labelTruncationOf, normaliseLabel } from '../formats/labels.js';
import { markPattern, unitAlternation } from '../formats/valueWords.js';
import type { BlockDef, HeaderNode, TableDef } from '../formats/types.js';
import { finding } from '../findings/factory.js';
import type { Finding } from '../findings/finding.js';
import { gridIndex, type GridCell, type GridSheet } from '../grid/grid.js';
import { cellText, type Hit, type LabelIndex } from './labelIndex.js';
import { findingSheet, placeRef, tableTitle, type Placement } from './location.js';

export interface SearchContext {
  index: LabelIndex;
  /** published text: read by column position only where a line lines up with the headers, else in order */
  sequential: boolean;
}

export interface TableSearchResult {
  found: boolean;
  sheet?: GridSheet;
  placements: Map<CellKey, Placement>;
  findings: Finding[];
}

/**
 * Rows a unit may plausibly have inserted between two consecutive official rows; also what a table split over two
 * pages puts there (a blank row, `（续表）`, its three header rows repeated, another blank row).
 */
const maxRowGap = 8;
/** Candidate anchors tried per label: a label that occurs more often than this is prose, not a table. */
const maxStarts = 40;

interface ColumnHit {
  row: number;
  col: number;
  /** last row the header covers (merged headers span down) */
  bottom: number;
}

interface BlockFound {
  sheet: number;
  /** leaf row key → the row's label cell (table 四: the data row at column -1) */
  rows: Map<string, Hit>;
  columns: (ColumnHit | undefined)[];
}

export function searchTable(ctx: SearchContext, table: TableDef, preferredSheet?: number): TableSearchResult {
  const grid = ctx.index.grid;
  const placements = new Map<CellKey, Placement>();
  const findings: Finding[] = [];
  const title = tableTitle(table.heading, tableNumeral[table.id]);
  const blocks = table.blocks.map((block) => ({ block, found: undefined as BlockFound | undefined }));
  let preferred = preferredSheet ?? grid.sheets.findIndex((s) => s.name === table.sheetName);
  for (const b of blocks) {
    b.found = b.block.rows.length > 0 ? searchLabelledBlock(ctx, table, b.block, preferred) : searchHeaderBlock(ctx, b.block, preferred);
    if (b.found && preferred < 0) preferred = b.found.sheet;
  }
  const anyFound = blocks.some((b) => b.found);
  if (!anyFound) {
    findings.push(
      finding(
        'TABLE_NOT_FOUND',
        { table: title, missing: missingDescription(table) },
        {
          file: grid.source.file,
          keys: table.blocks.flatMap((bl) => leafRows(bl).flatMap((r) => leafColumns(bl).map((c) => cellKey(table.id, r.key, c.key)))),
        },
      ),
    );
    return { found: false, placements, findings };
  }
  const tableSheetIndex = blocks.find((b) => b.found)!.found!.sheet;
  for (const { block, found } of blocks) {
    const sheet = grid.sheets[found?.sheet ?? tableSheetIndex]!;
    const where = findingSheet(grid, sheet);
    const rows = leafRows(block);
    const columns = leafColumns(block);
    // (only when a row is missing: most tables are found whole)
    const likely = found && rows.some((r) => !found.rows.has(r.key)) ? likelyLabelCells(sheet, block, found) : undefined;
    for (const row of rows) {
      if (found?.rows.has(row.key)) continue;
      const near = likely?.get(row.key);
      const at = near ? placeRef(grid, sheet, near.row, near.col) : undefined;
      findings.push(
        finding(
          'ROW_NOT_FOUND',
          { table: title, row: rowName(block, row), ...(near ? { near: `${at}的“${near.text}”` } : {}) },
          { file: grid.source.file, ...where, ...(at ? { cells: [at], actual: near!.text } : {}), keys: columns.map((c) => cellKey(table.id, row.key, c.key)) },
        ),
      );
    }
    if (!found) continue;
    const positional = !ctx.sequential && found.columns.some((c) => c !== undefined);
    if (positional && found.rows.size > 0) {
      columns.forEach((column, i) => {
        if (found.columns[i]) return;
        findings.push(
          finding(
            'COLUMN_NOT_FOUND',
            { table: `${title}${block.title ? `“${block.title}”` : ''}`, column: column.label },
            { file: grid.source.file, ...where, keys: rows.map((r) => cellKey(table.id, r.key, column.key)) },
          ),
        );
      });
    }
    for (const row of rows) {
      const at = found.rows.get(row.key);
      if (!at) continue;
      if ((positional && !misaligned(ctx, found.sheet, at, found.columns)) || (ctx.sequential && linesUp(ctx, found.sheet, at, found.columns))) {
        columns.forEach((column, i) => {
          const c = found.columns[i];
          if (c) placements.set(cellKey(table.id, row.key, column.key), { sheet, row: at.row, col: c.col });
        });
        continue;
      }
      const slotted = ctx.sequential ? explicitSlots(sheet, at, columns, paddingOf(table, observedPadding(ctx, blocks, row.key))) : undefined;
      if (slotted === 'ambiguous') {
        findings.push(
          finding(
            'ROW_POSITIONS_AMBIGUOUS',
            { table: title, row: rowName(block, row), columns: columns.length },
            {
              file: grid.source.file,
              ...where,
              cells: [placeRef(grid, sheet, at.row, Math.max(0, at.col))],
              keys: columns.map((c) => cellKey(table.id, row.key, c.key)),
              details: columns.map((c) => c.label),
            },
          ),
        );
        continue;
      }
      if (slotted) {
        columns.forEach((column, i) => placements.set(cellKey(table.id, row.key, column.key), { sheet, row: at.row, col: slotted[i]! }));
        continue;
      }
      const values = valuesInOrder(ctx.index.rowCells(found.sheet, at.row), at.col, columns);
      if (values) {
        columns.forEach((column, i) => placements.set(cellKey(table.id, row.key, column.key), { sheet, row: at.row, col: values[i]!.col }));
      } else {
        const count = ctx.index.rowCells(found.sheet, at.row).filter((c) => c.col > at.col).length;
        findings.push(
          finding(
            'VALUE_COUNT_MISMATCH',
            { table: title, row: rowName(block, row), found: count, columns: columns.length },
            {
              file: grid.source.file,
              ...where,
              cells: [placeRef(grid, sheet, at.row, Math.max(0, at.col))],
              keys: columns.map((c) => cellKey(table.id, row.key, c.key)),
              details: columns.map((c) => c.label),
            },
          ),
        );
      }
    }
  }
  return { found: true, sheet: grid.sheets[tableSheetIndex], placements, findings };
}

/**
 * Where the label of each row not found most likely stands, so that the clerk is told which cell to put right: the
 * rows not found between two found rows, matched in order to the cells with text between those two rows in the
 * column of the row after them (or else of the row before), when there are exactly as many of those. A cell holding
 * another label of the table (a group heading such as （三）不予公开) is not a candidate. Only the place is named;
 * nothing is read from it.
 */
function likelyLabelCells(sheet: GridSheet, block: BlockDef, found: BlockFound): Map<string, { row: number; col: number; text: string }> {
  const out = new Map<string, { row: number; col: number; text: string }>();
  const known = new Set<string>();
  const collect = (nodes: readonly HeaderNode[]): void =>
    nodes.forEach((n) => {
      known.add(normaliseLabel(n.label));
      for (const alias of n.aliases ?? []) known.add(normaliseLabel(alias));
      collect(n.children ?? []);
    });
  collect(block.rows);
  const textsBetween = (from: number, to: number, col: number) => {
    const texts: { row: number; col: number; text: string }[] = [];
    for (let r = from + 1; r < to; r++) {
      const text = cellText(sheet.cells.get(gridIndex(r, col))).trim();
      if (text !== '' && !known.has(normaliseLabel(text))) texts.push({ row: r, col, text });
    }
    return texts;
  };
  let before: Hit | undefined;
  let missing: string[] = [];
  for (const row of leafRows(block)) {
    const hit = found.rows.get(row.key);
    if (!hit) {
      missing.push(row.key);
      continue;
    }
    if (before && missing.length > 0 && before.col >= 0 && hit.col >= 0) {
      for (const col of new Set([hit.col, before.col])) {
        const texts = textsBetween(before.row, hit.row, col);
        if (texts.length !== missing.length) continue;
        missing.forEach((key, i) => out.set(key, texts[i]!));
        break;
      }
    }
    before = hit;
    missing = [];
  }
  return out;
}

function rowName(block: BlockDef, row: HeaderNode): string {
  return row.label ? `“${row.label}”行` : `${block.columns.map((c) => `“${c.label}”`).join('、')}的数据行`;
}

function missingDescription(table: TableDef): string {
  const rowLabels = table.blocks.flatMap((b) => (b.rows.length ? leafRows(b).map((r) => r.label) : []));
  const columnLabels = [...new Set(table.blocks.flatMap((b) => b.columns.map((c) => c.label)))];
  const parts: string[] = [];
  if (rowLabels.length) parts.push(`缺少行标签（如${rowLabels.slice(0, 3).map((l) => `“${l}”`).join('、')}）`);
  parts.push(`${rowLabels.length ? '和' : '缺少'}列标题（如${columnLabels.slice(0, 3).map((l) => `“${l}”`).join('、')}）`);
  return parts.join('');
}

/** The sheet most of the labels are on; ties go to the preferred sheet, then to the first. */
function bestSheet(hitLists: readonly (readonly Hit[])[], preferred: number): number | undefined {
  const score = new Map<number, number>();
  for (const hits of hitLists) for (const s of new Set(hits.map((h) => h.sheet))) score.set(s, (score.get(s) ?? 0) + 1);
  let best: number | undefined;
  for (const [s, n] of score) {
    const b = best === undefined ? -1 : score.get(best)!;
    if (n > b || (n === b && (s === preferred || (best !== preferred && s < best!)))) best = s;
  }
  return best;
}

function searchLabelledBlock(ctx: SearchContext, table: TableDef, block: BlockDef, preferred: number): BlockFound | undefined {
  const leaves = leafRows(block);
  const hitLists = leaves.map((leaf) => ctx.index.hits(leaf));
  const sheet = bestSheet(hitLists, preferred);
  if (sheet === undefined) return undefined;
  const inSheet = hitLists.map((hits) => hits.filter((h) => h.sheet === sheet));
  // the longest chain of leaf labels in definition order, each within a few rows of the one before
  let best: (Hit | undefined)[] = [];
  let bestCount = 0;
  inSheet.forEach((starts, i) => {
    for (const start of starts.slice(0, maxStarts)) {
      const chain: (Hit | undefined)[] = new Array(leaves.length).fill(undefined);
      chain[i] = start;
      let count = 1;
      let last = start;
      let lastIndex = i;
      for (let j = i + 1; j < leaves.length; j++) {
        const within = maxRowGap * (j - lastIndex);
        const next = inSheet[j]!.find(
          (h) => h.row > last.row && (ctx.sequential ? ctx.index.rowRank(sheet, h.row) - ctx.index.rowRank(sheet, last.row) : h.row - last.row) <= within,
        );
        if (!next) continue;
        chain[j] = next;
        count += 1;
        last = next;
        lastIndex = j;
      }
      if (count > bestCount) {
        best = chain;
        bestCount = count;
      }
    }
  });
  const rows = new Map<string, Hit>();
  best.forEach((hit, i) => hit && rows.set(leaves[i]!.key, hit));
  const firstRow = Math.min(...[...rows.values()].map((h) => h.row));
  const ownTitle = block.title !== undefined ? normaliseLabel(block.title) : undefined;
  const otherTitles = new Set(table.blocks.filter((b) => b !== block && b.title).map((b) => normaliseLabel(b.title!)));
  const headerRows: number[] = [];
  for (let r = firstRow - 1; r >= 0 && r >= firstRow - headerDepth(block.columns) - 2; r--) {
    const cells = ctx.index.rowCells(sheet, r);
    if (cells.length === 0) break;
    const texts = cells.map((c) => normaliseLabel(cellText(c)));
    if (texts.some((t) => otherTitles.has(t))) break;
    headerRows.push(r);
    if (ownTitle !== undefined && texts.includes(ownTitle)) break;
  }
  return { sheet, rows, columns: alignColumns(ctx, sheet, headerRows, leafColumns(block)) };
}

/** Table 四: anchored on its top header (`行政复议`), data in the row below the lowest header. */
function searchHeaderBlock(ctx: SearchContext, block: BlockDef, preferred: number): BlockFound | undefined {
  const leaves = leafColumns(block);
  const depth = headerDepth(block.columns);
  let best: { sheet: number; columns: (ColumnHit | undefined)[]; score: number } | undefined;
  const starts = block.columns.flatMap((root) => ctx.index.hits(root)).slice(0, maxStarts);
  for (const start of starts) {
    const rows = Array.from({ length: depth + 1 }, (_, k) => start.row + k);
    const columns = alignColumns(ctx, start.sheet, rows, leaves);
    const score = columns.filter(Boolean).length;
    if (!best || score > best.score || (score === best.score && start.sheet === preferred && best.sheet !== preferred)) {
      best = { sheet: start.sheet, columns, score };
    }
  }
  if (!best || best.score === 0) return undefined;
  let dataRow = Math.max(...best.columns.filter((c): c is ColumnHit => c !== undefined).map((c) => c.bottom)) + 1;
  // published text may leave an empty line between the header and the numbers
  if (ctx.sequential) {
    for (let skipped = 0; skipped < 3 && ctx.index.rowCells(best.sheet, dataRow).length === 0; skipped++) dataRow += 1;
  }
  const key = leafRows(block)[0]!.key;
  return { sheet: best.sheet, rows: new Map([[key, { sheet: best.sheet, row: dataRow, col: -1 }]]), columns: best.columns };
}

function headerDepth(nodes: readonly HeaderNode[]): number {
  return nodes.length === 0 ? 0 : 1 + Math.max(...nodes.map((n) => (n.children?.length ? headerDepth(n.children) : 0)));
}

/**
 * Leaf column headers among the cells of the header rows. Exact labels first (a label that several leaves share,
 * like table 四's `结果维持`, goes to them in column order); then headers cut short (`本年增/`), accepted only between
 * the columns of their found neighbours, where the position leaves no doubt.
 */
function alignColumns(ctx: SearchContext, sheet: number, rows: readonly number[], leaves: readonly HeaderNode[]): (ColumnHit | undefined)[] {
  const candidates = rows
    .flatMap((r) => ctx.index.rowCells(sheet, r))
    .filter((c) => typeof c.value !== 'number')
    .map((c) => ({ cell: c, norm: normaliseLabel(cellText(c)), used: false }))
    .sort((a, b) => a.cell.col - b.cell.col || a.cell.row - b.cell.row);
  const norms = leaves.map((l) => new Set([l.label, ...(l.aliases ?? [])].map(normaliseLabel)));
  const result: (ColumnHit | undefined)[] = leaves.map(() => undefined);
  leaves.forEach((_, i) => {
    // the first unused match in column order: repeated labels are used up left to right
    const match = candidates.find((c) => !c.used && norms[i]!.has(c.norm));
    if (match) {
      match.used = true;
      result[i] = hitOf(ctx, sheet, match.cell);
    }
  });
  leaves.forEach((leaf, i) => {
    if (result[i]) return;
    const before = result.slice(0, i).filter(Boolean).at(-1)?.col ?? -1;
    const after = result.slice(i + 1).find(Boolean)?.col ?? Number.POSITIVE_INFINITY;
    const labels = [leaf.label, ...(leaf.aliases ?? [])];
    const match = candidates.find(
      (c) => !c.used && c.cell.col > before && c.cell.col < after && labels.some((l) => labelTruncationOf(cellText(c.cell), l)),
    );
    if (match) {
      match.used = true;
      result[i] = hitOf(ctx, sheet, match.cell);
    }
  });
  return result;
}

function hitOf(ctx: SearchContext, sheet: number, cell: GridCell): ColumnHit {
  const merge = ctx.index.mergeFrom(sheet, cell.row, cell.col);
  return { row: cell.row, col: cell.col, bottom: merge ? merge.bottom : cell.row };
}

/**
 * Whether a text row's fields stand under the leaf headers: every leaf header was found, left to right; the row's
 * label is left of the first; the line has a field (maybe empty) under the last; and every non-empty cell after the
 * label is under a leaf header. Then each field belongs to the column above it, and an empty one is a blank value.
 */
function linesUp(ctx: SearchContext, sheet: number, label: Hit, columns: readonly (ColumnHit | undefined)[]): boolean {
  const cols: number[] = [];
  for (const c of columns) {
    if (!c || (cols.length > 0 && c.col <= cols.at(-1)!)) return false;
    cols.push(c.col);
  }
  if (cols.length === 0 || label.col >= cols[0]!) return false;
  const cells = ctx.index.rowCells(sheet, label.row).filter((c) => c.col > label.col);
  // without the line's width (not from text), only a row whose last column is filled shows it reaches that far
  const width = ctx.index.grid.sheets[sheet]?.lineWidths?.get(label.row) ?? (cells.at(-1)?.col ?? -1) + 1;
  if (width <= cols.at(-1)!) return false;
  const under = new Set(cols);
  return cells.every((c) => under.has(c.col));
}

/** A number, a number with its unit, or a clerk's mark: what a value cell holds, as opposed to a label or a note. */
const numberLike = new RegExp(`^[+-]?[0-9０-９][0-9０-９,，.．]*(?:${unitAlternation})?$`);
const valueLike = { test: (t: string) => numberLike.test(t) || markPattern.test(t) };

/**
 * A row of a page (HTML, Word, PDF) that does not stand under the headers: a value left of the first value column
 * (between the row's label and it) or right of the last, as when a table split over pages lost its merged row labels
 * and its rows moved left under the wrong headers. Reading such a row by column would read its numbers under other
 * columns; it is read in order instead (only when the count is exact) or refused. A workbook keeps its cells where the
 * clerk typed them, so only pages are checked.
 */
function misaligned(ctx: SearchContext, sheet: number, label: Hit, columns: readonly (ColumnHit | undefined)[]): boolean {
  const kind = ctx.index.grid.source.kind;
  if (kind === 'xlsx') return false;
  const cols = columns.filter((c): c is ColumnHit => c !== undefined).map((c) => c.col);
  if (cols.length === 0) return false;
  const first = Math.min(...cols);
  let last = Math.max(...cols);
  const lastMerge = ctx.index.mergeFrom(sheet, label.row, last);
  if (lastMerge) last = lastMerge.right;
  return ctx.index
    .rowCells(sheet, label.row)
    .some((c) => ((c.col > label.col && c.col < first) || c.col > last) && valueLike.test(cellText(c).replace(/[\s\u00a0\u3000]+/g, '')));
}

/**
 * The value cells of a text row after its label, one per leaf column. A header merged over several columns (span)
 * may come out as one cell or as that many equal cells. Anything else is no mapping at all.
 */
function valuesInOrder(cells: readonly GridCell[], labelCol: number, columns: readonly HeaderNode[]): GridCell[] | undefined {
  const after = cells.filter((c) => c.col > labelCol);
  if (after.length === columns.length) return after;
  const spans = columns.map((c) => c.span ?? 1);
  if (after.length !== spans.reduce((a, b) => a + b, 0)) return undefined;
  const picked: GridCell[] = [];
  let i = 0;
  for (const span of spans) {
    const group = after.slice(i, i + span);
    if (group.some((c) => cellText(c).trim() !== cellText(group[0]).trim())) return undefined;
    picked.push(group[0]!);
    i += span;
  }
  return picked;
}

/**
 * A text row whose empty fields are cells the text shows (`一、本年新收… | 0 | | | | | | 0 |`): each field after the
 * label is one cell, an empty one a blank value at its position. Empty fields beyond the row's cells are the table's
 * width (after the values) or the label's merged columns (before them), trimmed only where that is the one reading.
 * Returns the column of each leaf column's value, 'ambiguous' when the empty fields make positions uncertain (the row
 * is then refused), or undefined when the row has no empty field (the in-order reading applies).
 */
/**
 * The empty fields a row may carry besides its cells: before its values as many as other rows of the table show
 * (a label cell spread over columns), after them the columns by which the table's widest block is wider than the
 * values (table 二's two-column blocks under three headers), or any number when other rows show the text pads rows to
 * the header's width. Any other empty field is a cell, so a row with one field too many is refused rather than trimmed
 * at a blank value.
 */
interface RowPadding {
  lead: number;
  /** the table's widest block, in sheet columns */
  tableWidth: number;
  /** the text pads rows after their values: trailing empty fields are padding, not blanks */
  padsAfter: boolean;
}

function paddingOf(table: TableDef, observed: { lead: number; after: boolean }): RowPadding {
  const width = (b: BlockDef) => leafColumns(b).reduce((sum, c) => sum + (c.span ?? 1), 0);
  return { lead: observed.lead, tableWidth: Math.max(...table.blocks.map(width)), padsAfter: observed.after };
}

interface Slot {
  col: number;
  empty: boolean;
  text: string;
}

/** The fields of a text row after its label, empty ones included; undefined for a row without explicit fields. */
function fieldsAfter(sheet: GridSheet, label: Hit): Slot[] | undefined {
  if (!sheet.explicitFields?.has(label.row)) return undefined;
  const width = sheet.lineWidths?.get(label.row) ?? 0;
  const slots: Slot[] = [];
  for (let col = label.col + 1; col < width; col++) {
    const text = cellText(sheet.cells.get(gridIndex(label.row, col))).trim();
    slots.push({ col, empty: text === '', text });
  }
  return slots;
}

/**
 * How the text pads its rows, seen in the other rows of the table that show every value and nothing else but empty
 * fields: empty fields before the values (a label cell spread over columns) and after them (converters that fill every
 * row to the header's width). The row itself is no evidence: one number too many and a blank cell look the same.
 */
function observedPadding(
  ctx: SearchContext,
  blocks: readonly { block: BlockDef; found?: BlockFound }[],
  except: string,
): { lead: number; after: boolean } {
  let lead = 0;
  let after = false;
  for (const { block, found } of blocks) {
    if (!found) continue;
    const count = leafColumns(block).length;
    const sheet = ctx.index.grid.sheets[found.sheet]!;
    for (const row of leafRows(block)) {
      const at = row.key === except ? undefined : found.rows.get(row.key);
      const slots = at && fieldsAfter(sheet, at);
      if (!slots) continue;
      const first = slots.findIndex((x) => !x.empty);
      const core = first < 0 ? [] : slots.slice(first);
      if (core.length < count || !core.slice(0, count).every((x) => !x.empty) || !core.slice(count).every((x) => x.empty)) continue;
      lead = Math.max(lead, first);
      after ||= core.length > count;
    }
  }
  return { lead, after };
}

function explicitSlots(sheet: GridSheet, label: Hit, columns: readonly HeaderNode[], padding: RowPadding): number[] | 'ambiguous' | undefined {
  const slots = fieldsAfter(sheet, label);
  if (!slots || !slots.some((s) => s.empty)) return undefined;
  const spans = columns.map((c) => c.span ?? 1);
  const spanSum = spans.reduce((a, b) => a + b, 0);
  const lead = slots.findIndex((s) => !s.empty);
  // every field empty: blanks at their positions only when there is exactly one field per column
  if (lead === -1) return slots.length === columns.length ? slots.map((s) => s.col) : 'ambiguous';
  let trail = 0;
  while (slots[slots.length - 1 - trail]!.empty) trail++;
  for (const count of [...new Set([columns.length, spanSum])]) {
    const extra = slots.length - count;
    let kept: typeof slots | undefined;
    const trailAllowed = padding.padsAfter ? trail : padding.tableWidth - count;
    if (extra === 0) kept = slots;
    else if (extra > 0 && trail === 0 && extra <= lead && extra <= padding.lead) kept = slots.slice(extra);
    else if (extra > 0 && lead === 0 && extra <= trail && extra <= trailAllowed) kept = slots.slice(0, count);
    else if (extra > 0 && extra === lead + trail && lead <= padding.lead && trail <= trailAllowed) kept = slots.slice(lead, slots.length - trail);
    if (!kept) continue;
    if (count === columns.length) return kept.map((s) => s.col);
    // merged value columns (table 二's 本年处理决定数量 over three): the first field holds the value, the rest are empty
    const cols: number[] = [];
    let i = 0;
    for (const span of spans) {
      const group = kept.slice(i, i + span);
      if (group.slice(1).some((s) => !s.empty && s.text !== group[0]!.text)) return 'ambiguous';
      cols.push(group[0]!.col);
      i += span;
    }
    return cols;
  }
  return 'ambiguous';
}
