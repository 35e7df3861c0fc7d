/**
 * The physical layout of an official table on a sheet, derived from its definition: where every label sits, what it
 * spans, and which cell holds every data point. The template writer lays cells out from it, the template reader
 * looks cells up in it, and the HTML renderer turns its spans into rowspan/colspan: one layout, three uses.
 *
 * Rows and columns are 0-based here; `address()` turns them into `B4`-style references.
 */
import { cellKey, leafColumns, leafRows, type CellKey } from '../formats/index.js';
import type { BlockDef, HeaderNode, TableDef } from '../formats/types.js';

export type LayoutRole = 'title' | 'corner' | 'columnHeader' | 'rowHeader' | 'value' | 'filler';

export interface LayoutCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  role: LayoutRole;
  /** label text (empty for value and filler cells) */
  text: string;
  /** value cells: the data point they hold */
  key?: CellKey;
  /** header cells: the definition node they show */
  node?: HeaderNode;
  block: BlockDef;
}

export interface TableLayout {
  table: TableDef;
  width: number;
  height: number;
  /** every cell that is the top-left of something, in row-major order */
  cells: LayoutCell[];
  /** data point → its value cell */
  valueCells: ReadonlyMap<CellKey, LayoutCell>;
  /** rows of the column header at the top (repeated on printed pages and frozen) */
  headerRows: number;
  /** columns of row labels on the left */
  labelColumns: number;
}

function depth(nodes: readonly HeaderNode[]): number {
  return nodes.length === 0 ? 0 : 1 + Math.max(...nodes.map((n) => (n.children?.length ? depth(n.children) : 0)));
}

function span(node: HeaderNode): number {
  return node.children?.length ? node.children.reduce((s, c) => s + span(c), 0) : (node.span ?? 1);
}

function rowCount(node: HeaderNode): number {
  return node.children?.length ? node.children.reduce((s, c) => s + rowCount(c), 0) : 1;
}

/** Physical value columns a block needs. */
function valueWidth(block: BlockDef): number {
  return block.columns.reduce((s, c) => s + span(c), 0);
}

export function tableLayout(table: TableDef): TableLayout {
  const labelColumns = Math.max(...table.blocks.map((b) => depth(b.rows)));
  const width = labelColumns + Math.max(...table.blocks.map(valueWidth));
  const cells: LayoutCell[] = [];
  let top = 0;
  let headerRows = 0;
  for (const block of table.blocks) {
    if (block.title !== undefined) {
      cells.push({ row: top, col: 0, rowSpan: 1, colSpan: width, role: 'title', text: block.title, block });
      top += 1;
    }
    const headDepth = depth(block.columns);
    if (table.blocks.length === 1) headerRows = headDepth;
    if (labelColumns > 0) {
      cells.push({ row: top, col: 0, rowSpan: headDepth, colSpan: labelColumns, role: 'corner', text: block.corner ?? '', block });
    }
    // column header tree: a node at depth d sits in header row d; a leaf reaches down to the last header row
    const columnStart = new Map<string, { col: number; span: number }>();
    const placeColumns = (nodes: readonly HeaderNode[], d: number, col: number): number => {
      for (const node of nodes) {
        const w = span(node);
        const leaf = !node.children?.length;
        cells.push({ row: top + d, col, rowSpan: leaf ? headDepth - d : 1, colSpan: w, role: 'columnHeader', text: node.label, node, block });
        if (leaf) columnStart.set(node.key, { col, span: w });
        else placeColumns(node.children!, d + 1, col);
        col += w;
      }
      return col;
    };
    const endCol = placeColumns(block.columns, 0, labelColumns);
    if (endCol < width) {
      cells.push({ row: top, col: endCol, rowSpan: headDepth, colSpan: width - endCol, role: 'filler', text: '', block });
    }
    top += headDepth;
    // row header tree: a node at depth d sits in label column d; a leaf reaches across to the last label column
    const placeRows = (nodes: readonly HeaderNode[], d: number, row: number): number => {
      for (const node of nodes) {
        const h = rowCount(node);
        const leaf = !node.children?.length;
        cells.push({ row, col: d, rowSpan: h, colSpan: leaf ? labelColumns - d : 1, role: 'rowHeader', text: node.label, node, block });
        if (!leaf) placeRows(node.children!, d + 1, row);
        row += h;
      }
      return row;
    };
    if (block.rows.length > 0) placeRows(block.rows, 0, top);
    for (const [i, rowNode] of leafRows(block).entries()) {
      for (const colNode of leafColumns(block)) {
        const at = columnStart.get(colNode.key)!;
        cells.push({
          row: top + i,
          col: at.col,
          rowSpan: 1,
          colSpan: at.span,
          role: 'value',
          text: '',
          key: cellKey(table.id, rowNode.key, colNode.key),
          block,
        });
      }
      if (endCol < width) {
        cells.push({ row: top + i, col: endCol, rowSpan: 1, colSpan: width - endCol, role: 'filler', text: '', block });
      }
    }
    top += leafRows(block).length;
  }
  cells.sort((a, b) => a.row - b.row || a.col - b.col);
  const valueCells = new Map(cells.filter((c) => c.role === 'value').map((c) => [c.key!, c]));
  return { table, width, height: top, cells, valueCells, headerRows, labelColumns };
}

/** `0 → A`, `25 → Z`, `26 → AA`. */
export function columnLetter(col: number): string {
  let s = '';
  let n = col + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** 0-based row and column → `B4`. */
export function address(row: number, col: number): string {
  return `${columnLetter(col)}${row + 1}`;
}

/** `B4` → 0-based `{ row: 3, col: 1 }`; `$` signs are ignored. */
export function parseAddress(ref: string): { row: number; col: number } {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref.toUpperCase());
  if (!m) throw new Error(`not a cell address: ${ref}`);
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}
