/**
 * What a unit can explain in 情况说明, derived from the definition: each table, and within it each row by the name
 * the messages use (or, for table 四's single unlabelled row, each top-level column group), plus the table as a
 * whole. The template's validation lists, the reader and the matching of explanations to warnings all use this one
 * list, so a new format's items appear by themselves.
 */
import { cellSpecs, type CellKey } from '../formats/index.js';
import type { FormatDef, HeaderNode, TableDef, TableId } from '../formats/types.js';
import { rowName, tableName } from '../check/names.js';

export const wholeTableItem = '（整张表）';

export interface ExplainItem {
  table: TableId;
  /** the text in the list (unique within its table) */
  label: string;
  keys: ReadonlySet<CellKey>;
}

export interface ExplainTable {
  id: TableId;
  label: string;
  items: ExplainItem[];
}

function leafKeys(node: HeaderNode): string[] {
  return node.children && node.children.length > 0 ? node.children.flatMap(leafKeys) : [node.key];
}

function tableItems(format: FormatDef, table: TableDef): ExplainItem[] {
  const specs = cellSpecs(format).filter((s) => s.table.id === table.id);
  const items = new Map<string, Set<CellKey>>();
  const add = (label: string, key: CellKey) => {
    let set = items.get(label);
    if (!set) items.set(label, (set = new Set()));
    set.add(key);
  };
  for (const spec of specs) {
    const name = rowName(table, spec.row.key);
    if (name) add(name, spec.key);
    else {
      // an unlabelled row: its top-level column groups are what a unit can point at
      const group = spec.block.columns.find((c) => leafKeys(c).includes(spec.column.key));
      if (group) add(group.label, spec.key);
    }
    add(wholeTableItem, spec.key);
  }
  const list = [...items].map(([label, keys]) => ({ table: table.id, label, keys }));
  // the whole table last, after its rows
  return [...list.filter((i) => i.label !== wholeTableItem), ...list.filter((i) => i.label === wholeTableItem)];
}

const cache = new Map<string, ExplainTable[]>();

export function explainTables(format: FormatDef): ExplainTable[] {
  const hit = cache.get(format.id);
  if (hit) return hit;
  const tables = format.tables.map((t) => ({ id: t.id, label: tableName(t), items: tableItems(format, t) }));
  cache.set(format.id, tables);
  return tables;
}

/** Every item label of the format once, in order (one validation list serves all tables). */
export function allItemLabels(format: FormatDef): string[] {
  return [...new Set(explainTables(format).flatMap((t) => t.items.map((i) => i.label)))];
}
