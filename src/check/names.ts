/**
 * How findings name tables, rows, columns and cells for a clerk: by the official labels in the definition, never by
 * retyped text. `表三“收到和处理政府信息公开申请情况”`, `“三、（七）总计”行`, `“自然人”列`.
 */
import { leafRows, splitCellKey, tableNumeral, type CellKey } from '../formats/index.js';
import type { HeaderNode, TableDef, ValueDomain } from '../formats/types.js';
import { formatScaled } from '../report/money.js';

interface NodePath {
  node: HeaderNode;
  /** ancestors from the top of the header tree down to the parent */
  ancestors: HeaderNode[];
}

const pathCache = new WeakMap<TableDef, { rows: Map<string, NodePath>; columns: Map<string, NodePath> }>();

function collect(nodes: readonly HeaderNode[], ancestors: HeaderNode[], into: Map<string, NodePath>): void {
  for (const node of nodes) {
    if (node.children?.length) collect(node.children, [...ancestors, node], into);
    else if (!into.has(node.key)) into.set(node.key, { node, ancestors });
  }
}

function paths(table: TableDef) {
  let p = pathCache.get(table);
  if (!p) {
    const rows = new Map<string, NodePath>();
    const columns = new Map<string, NodePath>();
    for (const block of table.blocks) {
      if (block.rows.length === 0) for (const r of leafRows(block)) rows.set(r.key, { node: r, ancestors: [] });
      else collect(block.rows, [], rows);
      collect(block.columns, [], columns);
    }
    p = { rows, columns };
    pathCache.set(table, p);
  }
  return p;
}

/** The ordinal that opens a section label: `三、` of `三、本年度办理结果`. */
function ordinalOf(label: string): string {
  return /^[一二三四五六七八九十]+、/.exec(label)?.[0] ?? '';
}

/**
 * Names depend on the definition only, and the checks ask for the same few hundred again for every report: each is
 * built once per table and key.
 */
const nameCache = new WeakMap<TableDef, Map<string, string>>();
function memo(table: TableDef, id: string, make: () => string): string {
  let names = nameCache.get(table);
  if (!names) nameCache.set(table, (names = new Map()));
  let name = names.get(id);
  if (name === undefined) names.set(id, (name = make()));
  return name;
}

/** `表三“收到和处理政府信息公开申请情况”`. */
export function tableName(table: TableDef): string {
  return memo(table, 'table', () => {
    const title = table.heading.slice(ordinalOf(table.heading).length);
    return `表${tableNumeral[table.id]}“${title}”`;
  });
}

/**
 * A row's name: its own label, under a section its section's ordinal and the intermediate labels
 * (`三、（三）不予公开 1.属于国家秘密`). Empty for table 四's unlabelled row.
 */
export function rowName(table: TableDef, rowKey: string): string {
  return memo(table, `row ${rowKey}`, () => {
    const p = paths(table).rows.get(rowKey);
    if (!p) return rowKey;
    if (p.ancestors.length === 0) return p.node.label;
    const [top, ...middle] = p.ancestors;
    return ordinalOf(top!.label) + [...middle.map((n) => n.label), p.node.label].join(' ');
  });
}

/** A column's name: its label, preceded by its parent's when the label repeats in the table (`复议后起诉总计`). */
export function columnName(table: TableDef, columnKey: string): string {
  return memo(table, `column ${columnKey}`, () => {
    const all = paths(table).columns;
    const p = all.get(columnKey);
    if (!p) return columnKey;
    const repeats = [...all.values()].filter((o) => o.node.label === p.node.label).length > 1;
    const parent = p.ancestors.at(-1);
    return repeats && parent ? parent.label + p.node.label : p.node.label;
  });
}

/** `“（一）予以公开”行“自然人”列`, or `“复议后起诉总计”列` for an unlabelled row. */
export function cellName(table: TableDef, key: CellKey): string {
  return memo(table, `cell ${key}`, () => {
    const { row, column } = splitCellKey(key);
    const r = rowName(table, row);
    return `${r ? `“${r}”行` : ''}“${columnName(table, column)}”列`;
  });
}

/** `“自然人”列` for a relation along a column, `“（一）予以公开”行` along a row (table 四's row: the table itself). */
export function alongName(table: TableDef, axis: 'rows' | 'columns', along: string): string {
  if (axis === 'rows') return `“${columnName(table, along)}”列`;
  const r = rowName(table, along);
  return r ? `“${r}”行` : '';
}

/** The name of a key on the given axis (rows → row name, columns → column name). */
export function axisKeyName(table: TableDef, axis: 'rows' | 'columns', key: string): string {
  return axis === 'rows' ? rowName(table, key) : columnName(table, key);
}

/** A number for a message: money with its decimals, counts as integers. */
export function shown(scaled: number, domain: ValueDomain): string {
  return formatScaled(scaled, domain);
}
