/**
 * The rule set of a format: the relations expanded once in `src/formats/relations.ts`, each with the finding code
 * and severity of its rule. A rule's stable code is its definition id in upper snake case (`row-total` → `ROW_TOTAL`).
 */
import type { CellKey } from '../formats/index.js';
import type { CrossYearRuleId, FormatDef, RelationRuleId } from '../formats/types.js';
import { relationsFor, type CrossYearInstance, type RelationInstance } from '../formats/relations.js';
import { findingCodes, ruleCodes, type FindingCode, type Severity } from '../findings/codes.js';

export type { CrossYearOperand } from '../formats/relations.js';

/** `row-total` → `ROW_TOTAL`, as the registry has it. */
export function ruleCode(id: RelationRuleId | CrossYearRuleId): FindingCode {
  return ruleCodes[id];
}

interface Coded {
  code: FindingCode;
  severity: Severity;
}

/** A sum or balance instance with its finding code and severity. */
export type Relation = RelationInstance & Coded;
/** A cross-year instance with its finding code and severity. */
export type CrossYearRelation = CrossYearInstance & Coded;

export interface RuleSet {
  format: FormatDef;
  relations: Relation[];
  crossYear: CrossYearRelation[];
}

const coded = <T extends { id: RelationRuleId | CrossYearRuleId }>(x: T): T & Coded => ({
  ...x,
  code: ruleCode(x.id),
  severity: findingCodes[ruleCode(x.id)].severity,
});

const cache = new WeakMap<FormatDef, RuleSet>();

export function rulesFor(format: FormatDef): RuleSet {
  const cached = cache.get(format);
  if (cached) return cached;
  const expanded = relationsFor(format);
  const set = { format, relations: expanded.relations.map(coded), crossYear: expanded.crossYear.map(coded) };
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
