/**
 * The registry of official formats and the facts derived from each definition: every cell key, its domain, whether
 * it is an input or a total. Everything downstream asks these functions rather than walking the trees itself.
 */
import { format2019 } from './format2019.js';
import { format2021 } from './format2021.js';
import { leafKeys } from './common.js';
import type { BlockDef, FormatDef, FormatId, HeaderNode, TableDef, TableId, ValueDomain } from './types.js';

export type * from './types.js';
export { leafKeys } from './common.js';

/**
 * The official formats, oldest first: the one list from which the ids, the lookup by id, the earliest year, the
 * current format and the Report's format schema derive. A new format is one more definition file and one entry here.
 */
export const formatList: readonly FormatDef[] = [format2019, format2021];

export const formatIds: readonly FormatId[] = formatList.map((f) => f.id);
export const formats = Object.fromEntries(formatList.map((f) => [f.id, f])) as Readonly<Record<FormatId, FormatDef>>;

/** The earliest report year any official format covers. */
export const firstReportYear = Math.min(...formatList.map((f) => f.years.from));

/** The format in force now: the one whose years have no end. */
export const currentFormat: FormatDef = formatList.find((f) => f.years.to === undefined) ?? formatList[formatList.length - 1]!;

export class UnsupportedYearError extends Error {
  readonly code = 'UNSUPPORTED_YEAR';
}

/** The format a new report for `year` must use: 2019–2020 → `2019`, 2021 on → `2021`. */
export function formatForYear(year: number): FormatDef {
  if (!Number.isInteger(year)) throw new UnsupportedYearError(`报告年度“${year}”不是整数年份。`);
  if (year < firstReportYear) {
    throw new UnsupportedYearError(
      `报告年度 ${year} 早于 ${firstReportYear} 年：现行统计表格式自 ${firstReportYear} 年度起施行（${format2019.issuedBy}），nianbao 不支持更早年度。`,
    );
  }
  const def = formatIds.map((id) => formats[id]).find((f) => year >= f.years.from && (f.years.to === undefined || year <= f.years.to));
  if (!def) throw new UnsupportedYearError(`没有适用于 ${year} 年度的统计表格式。`);
  return def;
}

/** A data point's address in the definition: `table.row.column`, e.g. `applications.carriedOver.natural`. */
export type CellKey = string;

export function cellKey(table: TableId, row: string, column: string): CellKey {
  return `${table}.${row}.${column}`;
}

export function splitCellKey(key: CellKey): { table: TableId; row: string; column: string } {
  const [table, row, column] = key.split('.');
  if (!table || !row || !column) throw new Error(`not a cell key: ${key}`);
  return { table: table as TableId, row, column };
}

/** Every leaf column node of a block, in order. */
export function leafColumns(block: BlockDef): HeaderNode[] {
  return leafNodes(block.columns);
}

/** Every leaf row node of a block, in order (table 四's unlabelled row included). */
export function leafRows(block: BlockDef): HeaderNode[] {
  if (block.rows.length === 0) return [{ key: block.singleRowKey ?? 'row', label: '' }];
  return leafNodes(block.rows);
}

function leafNodes(nodes: readonly HeaderNode[]): HeaderNode[] {
  return nodes.flatMap((n) => (n.children && n.children.length > 0 ? leafNodes(n.children) : [n]));
}

/** One data point of a format, with everything the definition says about it. */
export interface CellSpec {
  key: CellKey;
  table: TableDef;
  block: BlockDef;
  row: HeaderNode;
  column: HeaderNode;
  domain: ValueDomain;
  /** true when the definition computes it from other cells (a `total` of a sum); false for inputs */
  isTotal: boolean;
}

const specCache = new Map<FormatId, CellSpec[]>();

/** Every data point of a format in reading order (table by table, block by block, row by row). */
export function cellSpecs(format: FormatDef): readonly CellSpec[] {
  const cached = specCache.get(format.id);
  if (cached) return cached;
  const specs: CellSpec[] = [];
  for (const table of format.tables) {
    // a total is a cell some sum computes: its total key on the sum's axis, along a key the sum holds along
    const computes = (row: string, column: string) =>
      table.sums.some((s) =>
        s.axis === 'rows' ? s.total === row && (!s.along || s.along.includes(column)) : s.total === column && (!s.along || s.along.includes(row)),
      );
    for (const block of table.blocks) {
      for (const row of leafRows(block)) {
        for (const column of leafColumns(block)) {
          specs.push({
            key: cellKey(table.id, row.key, column.key),
            table,
            block,
            row,
            column,
            domain: column.domain ?? 'count',
            isTotal: computes(row.key, column.key),
          });
        }
      }
    }
  }
  specCache.set(format.id, specs);
  return specs;
}

const specMapCache = new WeakMap<readonly CellSpec[], ReadonlyMap<CellKey, CellSpec>>();

/** `cellSpecs` by key, made once per format (the checks ask for it for every report). */
export function cellSpecMap(format: FormatDef): ReadonlyMap<CellKey, CellSpec> {
  const specs = cellSpecs(format);
  let map = specMapCache.get(specs);
  if (!map) specMapCache.set(specs, (map = new Map(specs.map((s) => [s.key, s]))));
  return map;
}

export function tableDef(format: FormatDef, id: TableId): TableDef {
  const t = format.tables.find((x) => x.id === id);
  if (!t) throw new Error(`format ${format.id} has no table ${id}`);
  return t;
}

/** Chinese names used in messages. */
export const tableNumeral: Record<TableId, string> = { active: '二', applications: '三', reviews: '四' };

export { leafKeys as headerLeafKeys };

/** The published report's title after the unit name and year: `嵩县科技和工业信息化局2020年政府信息公开工作年度报告`. */
export const reportTitleSuffix = '年政府信息公开工作年度报告';
