/**
 * The shape of an official format, written down once as data.
 *
 * Every table is a list of blocks; every block is a matrix of leaf rows × leaf columns whose labels form two header
 * trees (row labels down the left, column labels across the top). Templates, readers, rules, consolidation and
 * renderers are all derived from these values; nothing else in the code base knows an official label.
 */

export type FormatId = '2019' | '2021';

export type TableId = 'active' | 'applications' | 'reviews';

/** What a value cell may hold. */
export type ValueDomain =
  /** a non-negative whole number (件, 项, 申请) */
  | 'count'
  /** a whole number that may be negative (本年增/减) */
  | 'signedCount'
  /** a non-negative amount in 万元 with at most 4 decimal places, summed exactly as integer ten-thousandths */
  | 'money';

/**
 * The rule ids the definitions use. Each has its finding code, severity and message template in the registry
 * (src/findings/codes.ts): a new rule id is added there too, or the definition does not compile.
 */
export type SumRuleId = 'results-total' | 'row-total' | 'review-total';
export type BalanceRuleId = 'balance';
export type RelationRuleId = SumRuleId | BalanceRuleId;
export type CrossYearRuleId = 'carry-over' | 'in-force' | 'items-2019';

/** A node of a header tree: a row label (down the left) or a column label (across the top). */
export interface HeaderNode {
  /** stable English key, unique among the leaves of its axis within the table */
  key: string;
  /** the exact official label */
  label: string;
  /** other spellings that real files use for this label (spec section 5); matched after normalisation */
  aliases?: readonly string[];
  children?: readonly HeaderNode[];
  /** columns only: the domain of every value in this column (default `count`) */
  domain?: ValueDomain;
  /** columns only: how many physical sheet columns the label and its values span (table 二's merged headers) */
  span?: number;
}

export interface BlockDef {
  key: string;
  /** a title row merged across the whole block width (table 二's `第二十条第（一）项`) */
  title?: string;
  /** the label in the top-left corner cell(s) above the row labels (`信息内容`, table 三's 勾稽 sentence) */
  corner?: string;
  cornerAliases?: readonly string[];
  /** row header tree; empty for table 四's single unlabelled row */
  rows: readonly HeaderNode[];
  /** key of the single data row when `rows` is empty */
  singleRowKey?: string;
  columns: readonly HeaderNode[];
}

/**
 * `total ← Σ items`, repeated along the other axis: with `axis: 'rows'` the total and items are row keys and the
 * relation holds in every column; with `axis: 'columns'` they are column keys and it holds in every row.
 */
export interface SumDef {
  id: SumRuleId;
  axis: 'rows' | 'columns';
  total: string;
  items: readonly string[];
  /** restrict to these keys of the other axis (default: all) */
  along?: readonly string[];
  /** Chinese description for the rule catalogue */
  description: string;
}

/** `Σ left = Σ right`, for every key of the other axis (table 三's 勾稽关系). */
export interface BalanceDef {
  id: BalanceRuleId;
  axis: 'rows' | 'columns';
  left: readonly string[];
  right: readonly string[];
  description: string;
}

/** A term of a cross-year relation: a cell of this year's or last year's report, added or subtracted. */
export interface YearTerm {
  year: 'current' | 'previous';
  /** omitted: the row being iterated */
  row?: string;
  /** omitted: the column being iterated */
  column?: string;
  sign: 1 | -1;
}

/** `target = Σ terms`, checked for every (row, column) of `rows × columns` when last year's report is available. */
export interface CrossYearDef {
  id: CrossYearRuleId;
  table: TableId;
  rows: readonly string[];
  columns: readonly string[];
  target: YearTerm;
  terms: readonly YearTerm[];
  description: string;
}

export interface TableDef {
  id: TableId;
  /** the section heading in the published report, e.g. `三、收到和处理政府信息公开申请情况` */
  heading: string;
  headingAliases?: readonly string[];
  /** the sheet name our template gives it */
  sheetName: string;
  blocks: readonly BlockDef[];
  sums: readonly SumDef[];
  balances: readonly BalanceDef[];
}

export interface FormatDef {
  id: FormatId;
  /** the State Council document that set it */
  issuedBy: string;
  /** report years it is in force for (inclusive); `to` undefined = still current */
  years: { from: number; to?: number };
  tables: readonly TableDef[];
  crossYear: readonly CrossYearDef[];
}
