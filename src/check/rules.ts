/**
 * The rule set of a format, derived from its definition: every `SumDef`, `BalanceDef` and `CrossYearDef` expanded
 * into concrete relations between cell keys. Nobody writes `J12 = D12 + … + I12`: the definition's summation tree
 * does. A rule's stable code is its definition id in upper snake case (`row-total` → `ROW_TOTAL`).
 */
import { cellKey, cellSpecMap, leafColumns, leafRows, type CellKey } from '../formats/index.js';
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
} from '../formats/types.js';
import { findingCodes, ruleCodes, type FindingCode, type Severity } from '../findings/codes.js';

/** `row-total` → `ROW_TOTAL`, as the registry has it. */
export function ruleCode(id: RelationRuleId | CrossYearRuleId): FindingCode {
  return ruleCodes[id];
}

/**
 * `Σ left = Σ right` along one key of the other axis. A sum `total ← Σ items` is `left = [total]`,
 * `right = items`; a balance is its two sides.
 */
export interface Relation {
  kind: 'sum' | 'balance';
  id: RelationRuleId;
  code: FindingCode;
  severity: Severity;
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
  domain: ValueDomain;
}

export interface CrossYearOperand {
  year: 'current' | 'previous';
  key: CellKey;
  sign: 1 | -1;
}

/** `target = Σ terms` at one (row, column), this year against last year. */
export interface CrossYearRelation {
  id: CrossYearRuleId;
  code: FindingCode;
  severity: Severity;
  table: TableDef;
  def: CrossYearDef;
  row: string;
  column: string;
  target: CrossYearOperand;
  terms: CrossYearOperand[];
}

export interface RuleSet {
  format: FormatDef;
  relations: Relation[];
  crossYear: CrossYearRelation[];
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

const cache = new WeakMap<FormatDef, RuleSet>();

export function rulesFor(format: FormatDef): RuleSet {
  const cached = cache.get(format);
  if (cached) return cached;
  const specs = cellSpecMap(format);
  const relations: Relation[] = [];
  for (const table of format.tables) {
    const defs: { def: SumDef | BalanceDef; kind: 'sum' | 'balance'; left: readonly string[]; right: readonly string[] }[] = [
      ...table.sums.map((s) => ({ def: s, kind: 'sum' as const, left: [s.total], right: s.items })),
      ...table.balances.map((b) => ({ def: b, kind: 'balance' as const, left: b.left, right: b.right })),
    ];
    for (const { def, kind, left, right } of defs) {
      const restrict = 'along' in def ? def.along : undefined;
      for (const along of alongKeys(table, def.axis, [...left, ...right], restrict)) {
        const l = left.map((t) => keyAt(table, def.axis, t, along));
        const r = right.map((t) => keyAt(table, def.axis, t, along));
        const first = specs.get(l[0]!);
        if (!first) continue;
        relations.push({
          kind,
          id: def.id,
          code: ruleCode(def.id),
          severity: findingCodes[ruleCode(def.id)].severity,
          table,
          def,
          axis: def.axis,
          along,
          leftTerms: [...left],
          rightTerms: [...right],
          left: l,
          right: r,
          domain: first.domain,
        });
      }
    }
  }
  const crossYear: CrossYearRelation[] = [];
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
        crossYear.push({
          id: def.id,
          code: ruleCode(def.id),
          severity: findingCodes[ruleCode(def.id)].severity,
          table,
          def,
          row,
          column,
          target: operand(def.target),
          terms: def.terms.map(operand),
        });
      }
    }
  }
  const set = { format, relations, crossYear };
  cache.set(format, set);
  return set;
}

const involvementCache = new WeakMap<RuleSet, ReadonlyMap<CellKey, Relation[]>>();

/** Every relation a cell key takes part in. */
export function relationsOf(rules: RuleSet): ReadonlyMap<CellKey, Relation[]> {
  const cached = involvementCache.get(rules);
  if (cached) return cached;
  const map = new Map<CellKey, Relation[]>();
  for (const r of rules.relations) {
    for (const k of [...r.left, ...r.right]) {
      const list = map.get(k) ?? [];
      if (!list.includes(r)) list.push(r);
      map.set(k, list);
    }
  }
  involvementCache.set(rules, map);
  return map;
}
