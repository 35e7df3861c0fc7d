/**
 * The relations of a format, expanded once from its definition into concrete cell keys: every sum and balance along
 * each key of the other axis, every cross-year instance, and the total tree (which items compute each total cell).
 * The checks, consolidation and the template's formulas all read this one expansion; nothing else walks `sums`,
 * `balances` or `crossYear` to find which cells a relation joins.
 */
import { cellKey, cellSpecs, leafColumns, leafRows, type CellKey } from './index.js';
import type {
  BalanceDef,
  CrossYearDef,
  CrossYearRuleId,
  FormatDef,
  RelationRuleId,
  SumDef,
  TableDef,
  ValueDomain,
  YearTerm,
} from './types.js';

/**
 * `Σ left = Σ right` along one key of the other axis. A sum `total ← Σ items` is `left = [total]`, `right = items`;
 * a balance is its two sides.
 */
export interface RelationInstance {
  kind: 'sum' | 'balance';
  id: RelationRuleId;
  table: TableDef;
  def: SumDef | BalanceDef;
  /** the axis the relation's terms lie on (`rows`: the terms are rows, it holds in a column) */
  axis: 'rows' | 'columns';
  /** the key on the other axis it is evaluated along (a column key when axis is `rows`) */
  along: string;
  /** the term keys on `axis`, left and right */
  leftTerms: string[];
  rightTerms: string[];
  left: CellKey[];
  right: CellKey[];
  /** `left` and `right` as indexes into `cellSpecs(format)`: a report's values are evaluated as one array */
  leftAt: Int32Array;
  rightAt: Int32Array;
  domain: ValueDomain;
}

export interface CrossYearOperand {
  year: 'current' | 'previous';
  key: CellKey;
  sign: 1 | -1;
}

/** `target = Σ terms` at one (row, column), this year against last year. */
export interface CrossYearInstance {
  id: CrossYearRuleId;
  table: TableDef;
  def: CrossYearDef;
  row: string;
  column: string;
  target: CrossYearOperand;
  terms: CrossYearOperand[];
}

/** A total cell and the sum that computes it: the first sum of the definition whose total it is. */
export interface TotalTree {
  key: CellKey;
  sum: RelationInstance;
  items: readonly CellKey[];
}

/** The total tree as indexes into `cellSpecs(format)`, items before the totals made of them. */
export interface TotalStep {
  total: number;
  items: Int32Array;
}

export interface FormatRelations {
  format: FormatDef;
  /** table by table: the sums in definition order, then the balances, each along every key it holds along */
  relations: RelationInstance[];
  crossYear: CrossYearInstance[];
  /** every computed cell → its tree (a cell the definition marks as a total but no sum reaches is an input) */
  totals: ReadonlyMap<CellKey, TotalTree>;
  /** the totals in an order in which every item is known before the total that adds it */
  plan: readonly TotalStep[];
  /** by `cellSpecs` index: 1 where the plan computes the cell, 0 for an input */
  computed: Uint8Array;
}

/** The keys of the other axis a relation on `axis` holds along, within the blocks that carry all its terms. */
function alongKeys(table: TableDef, axis: 'rows' | 'columns', terms: readonly string[], restrict?: readonly string[]): string[] {
  const out: string[] = [];
  for (const block of table.blocks) {
    const own = (axis === 'rows' ? leafRows(block) : leafColumns(block)).map((n) => n.key);
    if (!terms.every((t) => own.includes(t))) continue;
    for (const n of axis === 'rows' ? leafColumns(block) : leafRows(block)) {
      if (!out.includes(n.key) && (!restrict || restrict.includes(n.key))) out.push(n.key);
    }
  }
  return out;
}

function keyAt(table: TableDef, axis: 'rows' | 'columns', term: string, along: string): CellKey {
  return axis === 'rows' ? cellKey(table.id, term, along) : cellKey(table.id, along, term);
}

function expandRelations(format: FormatDef): RelationInstance[] {
  const domains = new Map(cellSpecs(format).map((s) => [s.key, s.domain]));
  const index = new Map(cellSpecs(format).map((s, i) => [s.key, i]));
  const indexesOf = (keys: readonly CellKey[]): Int32Array =>
    Int32Array.from(keys, (k) => {
      const i = index.get(k);
      if (i === undefined) throw new Error(`format ${format.id}: a relation names ${k}, which is not a cell of the format`);
      return i;
    });
  const relations: RelationInstance[] = [];
  for (const table of format.tables) {
    const defs: { def: SumDef | BalanceDef; kind: 'sum' | 'balance'; left: readonly string[]; right: readonly string[] }[] = [
      ...table.sums.map((s) => ({ def: s, kind: 'sum' as const, left: [s.total], right: s.items })),
      ...table.balances.map((b) => ({ def: b, kind: 'balance' as const, left: b.left, right: b.right })),
    ];
    for (const { def, kind, left, right } of defs) {
      const restrict = 'along' in def ? def.along : undefined;
      for (const along of alongKeys(table, def.axis, [...left, ...right], restrict)) {
        const l = left.map((t) => keyAt(table, def.axis, t, along));
        const domain = domains.get(l[0]!);
        if (!domain) continue;
        const r = right.map((t) => keyAt(table, def.axis, t, along));
        relations.push({
          kind,
          id: def.id,
          table,
          def,
          axis: def.axis,
          along,
          leftTerms: [...left],
          rightTerms: [...right],
          left: l,
          right: r,
          leftAt: indexesOf(l),
          rightAt: indexesOf(r),
          domain,
        });
      }
    }
  }
  return relations;
}

function expandCrossYear(format: FormatDef): CrossYearInstance[] {
  const out: CrossYearInstance[] = [];
  for (const def of format.crossYear) {
    const table = format.tables.find((t) => t.id === def.table);
    if (!table) continue;
    for (const row of def.rows) {
      for (const column of def.columns) {
        const operand = (t: YearTerm): CrossYearOperand => ({
          year: t.year,
          key: cellKey(def.table, t.row ?? row, t.column ?? column),
          sign: t.sign,
        });
        out.push({ id: def.id, table, def, row, column, target: operand(def.target), terms: def.terms.map(operand) });
      }
    }
  }
  return out;
}

/** Items before totals, by depth-first order over the tree (the definition's trees are acyclic; a cycle throws). */
function evaluationPlan(format: FormatDef, totals: ReadonlyMap<CellKey, TotalTree>): TotalStep[] {
  const index = new Map(cellSpecs(format).map((s, i) => [s.key, i]));
  const plan: TotalStep[] = [];
  const state = new Map<CellKey, 'visiting' | 'done'>();
  const visit = (key: CellKey): void => {
    const tree = totals.get(key);
    if (!tree || state.get(key) === 'done') return;
    if (state.get(key) === 'visiting') throw new Error(`format ${format.id}: the total tree of ${key} is circular`);
    state.set(key, 'visiting');
    for (const item of tree.items) visit(item);
    state.set(key, 'done');
    plan.push({ total: index.get(key)!, items: Int32Array.from(tree.items, (k) => index.get(k)!) });
  };
  for (const key of totals.keys()) visit(key);
  return plan;
}

const cache = new WeakMap<FormatDef, FormatRelations>();

/** The expansion of a format's relations, made once per format. */
export function relationsFor(format: FormatDef): FormatRelations {
  const cached = cache.get(format);
  if (cached) return cached;
  const relations = expandRelations(format);
  const totals = new Map<CellKey, TotalTree>();
  for (const r of relations) {
    if (r.kind === 'sum' && !totals.has(r.left[0]!)) totals.set(r.left[0]!, { key: r.left[0]!, sum: r, items: r.right });
  }
  const plan = evaluationPlan(format, totals);
  const computed = new Uint8Array(cellSpecs(format).length);
  for (const step of plan) computed[step.total] = 1;
  const set: FormatRelations = { format, relations, crossYear: expandCrossYear(format), totals, plan, computed };
  cache.set(format, set);
  return set;
}

/** The sum instances whose total is the cell `key`, in definition order (a cell can be a total both ways). */
export function sumsOf(format: FormatDef, key: CellKey): RelationInstance[] {
  return relationsFor(format).relations.filter((r) => r.kind === 'sum' && r.left[0] === key);
}
