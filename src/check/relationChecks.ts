/**
 * Sums and balances of one report, evaluated by the formats' exact evaluator and turned into findings a
 * clerk can act on. Two refinements keep one mistake from being reported several times:
 *
 * - A total cell whose every sum disagrees in the same way, where putting the computed value in it would make every
 *   relation it takes part in hold and break none that held, is reported once, at that cell (stated, computed,
 *   difference, items). In a file made from our template, a total whose formula was typed over is TYPED_OVER_TOTAL.
 * - A relation along a total column (or row) that follows from the same relation along the item columns, because
 *   every cross total involved holds, is not reported again: fixing the item column fixes it.
 *
 * A relation with an unusable input (text, error value, formula without result, not found) is not assessable: one
 * info per rule says where, and it is never counted as passed.
 */
import { cellSpecs, type CellKey } from '../formats/index.js';
import { addExact, evaluateRelation, evaluateRelationAt, evaluateTotals, isExact } from '../formats/evaluate.js';
import type { FormatDef } from '../formats/types.js';
import type { Finding } from '../findings/finding.js';
import { reportFinding } from './reportFinding.js';
import type { Report } from '../report/report.js';
import { scaledToNumber } from '../report/money.js';
import { axisKeyName, alongName, cellName, shown, tableName } from './names.js';
import { operand, unusableReason, type Operand } from './operands.js';
import { rulesFor, type Relation } from './rules.js';

/** One relation evaluated on one report; its operands are made only when a finding needs them (most relations hold). */
class Evaluation {
  /** null when an operand cannot take part in arithmetic, or the sum leaves the exact range */
  readonly leftSum: number | null;
  readonly rightSum: number | null;
  /** leftSum − rightSum, null when either is null or the difference leaves the exact range */
  readonly difference: number | null;
  private operands: { left: Operand[]; right: Operand[] } | undefined;

  constructor(
    private readonly report: Report,
    readonly relation: Relation,
    /** the report's values as the arithmetic sees them (`scaledValues`), any overrides already in */
    values: Float64Array,
    private readonly overrides?: ReadonlyMap<CellKey, number>,
  ) {
    const sides = evaluateRelationAt(relation, values);
    this.leftSum = orNull(sides.left);
    this.rightSum = orNull(sides.right);
    this.difference = orNull(addExact(sides.left, -sides.right));
  }

  get left(): Operand[] {
    return this.made().left;
  }

  get right(): Operand[] {
    return this.made().right;
  }

  private made(): { left: Operand[]; right: Operand[] } {
    if (!this.operands) {
      const read = (k: CellKey): Operand => {
        const o = operand(this.report, k);
        const v = this.overrides?.get(k);
        return v === undefined ? o : { ...o, scaled: v };
      };
      this.operands = { left: this.relation.left.map(read), right: this.relation.right.map(read) };
    }
    return this.operands;
  }
}

const orNull = (v: number): number | null => (isExact(v) ? v : null);

const overflowReason = '的数值过大，其和超出可精确计算的范围';

/** A value as the arithmetic sees it: what `operand(…).scaled` says, NaN where it cannot take part. */
function scaledOf(report: Report, key: CellKey): number {
  const value = report.values[key];
  if (!value) return Number.NaN;
  switch (value.kind) {
    case 'number':
    case 'zero':
      return value.scaled ?? Number.NaN;
    case 'blank':
    case 'notApplicable':
      return 0;
    default:
      return Number.NaN;
  }
}

/**
 * Every value of the report in `cellSpecs` order as `scaledOf` sees it: read once, then every relation adds from it.
 * Also says whether a total's formula has no stored result (see `withUnevaluatedTotalsFromItems`).
 */
function scaledValues(report: Report, format: FormatDef): { values: Float64Array; unevaluatedTotal: boolean } {
  const specs = cellSpecs(format);
  const values = new Float64Array(specs.length);
  let unevaluatedTotal = false;
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    values[i] = scaledOf(report, spec.key);
    if (spec.isTotal && report.values[spec.key]?.kind === 'formulaWithoutResult') unevaluatedTotal = true;
  }
  return { values, unevaluatedTotal };
}

/** Per format's rules: the sum relations of each total cell, in rule order (found once, not per report). */
const sumsByTotalOf = new WeakMap<readonly Relation[], Map<CellKey, number[]>>();
function sumsByTotal(relations: readonly Relation[]): Map<CellKey, number[]> {
  let byTotal = sumsByTotalOf.get(relations);
  if (!byTotal) {
    byTotal = new Map();
    relations.forEach((r, i) => {
      if (r.kind !== 'sum') return;
      const list = byTotal!.get(r.left[0]!) ?? [];
      list.push(i);
      byTotal!.set(r.left[0]!, list);
    });
    sumsByTotalOf.set(relations, byTotal);
  }
  return byTotal;
}

const assessable = (e: Evaluation) => e.difference !== null;
const broken = (e: Evaluation) => assessable(e) && e.difference !== 0;

/** Is the cell typed over in a file made from our template (a total there always carries a formula)? */
function typedOver(report: Report, key: CellKey): boolean {
  const v = report.values[key];
  return report.source.kind === 'template' && !!v && (v.kind === 'number' || v.kind === 'zero') && !v.formula;
}

/** `自然人（4）+ 商业企业（1），其余 4 项为 0` — nonzero items named with their values (counted, when many). */
function itemsText(e: Evaluation): string {
  const r = e.relation;
  const nonzero = e.right.filter((o) => o.scaled !== 0);
  const zeros = e.right.length - nonzero.length;
  const termOf = (o: Operand) => {
    const i = r.right.indexOf(o.key);
    return `${axisKeyName(r.table, r.axis, r.rightTerms[i]!)}（${shown(o.scaled ?? 0, r.domain)}）`;
  };
  if (nonzero.length === 0) return '各项均为 0';
  // a long sum in words helps no one: past a screenful, say how many items and let the cells column point at them
  if (nonzero.length > 8) return `${e.right.length} 个分项之和，其中 ${nonzero.length} 项不为 0，各分项见所列单元格`;
  const listed = nonzero.map(termOf).join(' + ');
  return zeros > 0 ? `${listed}，其余 ${zeros} 项为 0` : listed;
}

function zeroNote(ops: Operand[]): string {
  const blank = ops.some((o) => o.assumedZero === 'blank');
  const na = ops.some((o) => o.assumedZero === 'notApplicable');
  if (!blank && !na) return '';
  return `（其中${[blank ? '空白' : '', na ? '“—”“/”“无”等标记' : ''].filter(Boolean).join('和')}按 0 计算）`;
}

/** One finding at a total cell for the sums that compute it (one sum, or several that agree). */
function totalFinding(report: Report, sums: Evaluation[]): Finding {
  const first = sums[0]!;
  const r = first.relation;
  const total = r.left[0]!;
  const stated = first.leftSum!;
  const computed = first.rightSum!;
  const keys = [total, ...new Set(sums.flatMap((e) => e.relation.right))];
  const typed = typedOver(report, total);
  const side = (e: Evaluation) => (e.relation.axis === 'rows' ? '本列各项' : '本行各项');
  const diff = first.difference!;
  const params = {
    where: `${tableName(r.table)}${cellName(r.table, total)}`,
    stated: shown(stated, r.domain),
    computed: shown(computed, r.domain),
    basis: sums.length === 1 ? side(first) : '各项',
    items: sums.length === 1 ? itemsText(first) : sums.map((e) => `${side(e)}：${itemsText(e)}`).join('；'),
    difference: shown(Math.abs(diff), r.domain),
    zeroNote: zeroNote(sums.flatMap((e) => [...e.left, ...e.right])),
  };
  const extra = {
    expected: scaledToNumber(computed, r.domain),
    actual: scaledToNumber(stated, r.domain),
    difference: scaledToNumber(diff, r.domain),
  };
  return typed
    ? reportFinding('TYPED_OVER_TOTAL', report, keys, params, { ...extra, relation: r.id })
    : reportFinding(r.code as 'ROW_TOTAL', report, keys, params, extra);
}

function balanceFinding(report: Report, e: Evaluation): Finding {
  const r = e.relation;
  const side = (ops: Operand[], terms: string[]) =>
    ops.map((o, i) => `${axisKeyName(r.table, r.axis, terms[i]!)}（${shown(o.scaled ?? 0, r.domain)}）`).join(' + ');
  const l = e.leftSum!;
  const rs = e.rightSum!;
  const diff = -e.difference!;
  const keys = [...r.left, ...r.right];
  return reportFinding(
    r.code as 'BALANCE',
    report,
    keys,
    {
      where: `${tableName(r.table)}${alongName(r.table, r.axis, r.along)}`,
      left: side(e.left, r.leftTerms),
      leftSum: shown(l, r.domain),
      right: side(e.right, r.rightTerms),
      rightSum: shown(rs, r.domain),
      difference: shown(Math.abs(diff), r.domain),
      zeroNote: zeroNote([...e.left, ...e.right]),
    },
    { expected: scaledToNumber(l, r.domain), actual: scaledToNumber(rs, r.domain), difference: scaledToNumber(diff, r.domain) },
  );
}

/** Relations that could not be evaluated, one info per rule definition: one example in the message, every place in `details`. */
function notAssessableFindings(report: Report, evaluations: Evaluation[]): Finding[] {
  const byDef = new Map<object, Evaluation[]>();
  for (const e of evaluations) {
    if (assessable(e)) continue;
    const list = byDef.get(e.relation.def) ?? [];
    list.push(e);
    byDef.set(e.relation.def, list);
  }
  const out: Finding[] = [];
  for (const list of byDef.values()) {
    const r = list[0]!.relation;
    const unusable = new Map<CellKey, Operand>();
    for (const e of list) for (const o of [...e.left, ...e.right]) if (o.scaled === null) unusable.set(o.key, o);
    const reasons = [...unusable.values()].map((o) => `${cellName(r.table, o.key)}${unusableReason(o)}`);
    // every operand usable, yet no exact result: the numbers are too large to add exactly
    for (const e of list) {
      if (![...e.left, ...e.right].some((o) => o.scaled === null)) reasons.push(`${alongName(r.table, r.axis, e.relation.along) || tableName(r.table)}${overflowReason}`);
    }
    const what = r.kind === 'balance' ? '勾稽关系' : `“${axisKeyName(r.table, r.axis, r.leftTerms[0]!)}”合计`;
    const alongs = list.map((e) => alongName(r.table, r.axis, e.relation.along)).filter(Boolean);
    const along = alongs.length === 0 ? '' : alongs.length <= 2 ? `在${alongs.join('、')}` : `在${alongs[0]}等 ${alongs.length} 处`;
    const keys = [...unusable.keys()];
    out.push(
      reportFinding(
        'NOT_ASSESSABLE',
        report,
        keys,
        { table: tableName(r.table), along, what, count: reasons.length, example: reasons[0] ?? '' },
        { relation: r.id, details: reasons },
      ),
    );
  }
  return out;
}

/**
 * The report as the relations see it: a total whose formula has no stored result (and could not be evaluated) takes
 * the value of its items, so the balances are still checked from the inputs instead of all becoming not assessable.
 */
function withUnevaluatedTotalsFromItems(report: Report, format: FormatDef, scaled: Float64Array): Report {
  const specs = cellSpecs(format);
  const computed = evaluateTotals(format, (i) => scaled[i]!);
  const values = { ...report.values };
  specs.forEach((spec, i) => {
    const v = values[spec.key];
    const c = computed[i]!;
    if (spec.isTotal && v?.kind === 'formulaWithoutResult' && isExact(c)) {
      values[spec.key] = { ...v, kind: c === 0 ? 'zero' : 'number', scaled: c, number: scaledToNumber(c, spec.domain) };
    }
  });
  return { ...report, values };
}

export function relationFindings(original: Report, format: FormatDef): Finding[] {
  const read = scaledValues(original, format);
  const report = read.unevaluatedTotal ? withUnevaluatedTotalsFromItems(original, format, read.values) : original;
  const values = report === original ? read.values : scaledValues(report, format).values;
  const rules = rulesFor(format);
  const evaluations = rules.relations.map((r) => new Evaluation(report, r, values));
  const consumed = new Set<Evaluation>();
  const findings: Finding[] = [];

  // a wrong total reported once at its cell (totals in the order of their first sum)
  for (const [total, indices] of sumsByTotal(rules.relations)) {
    // the common case, every sum holds, decided without building a list
    if (!indices.some((i) => broken(evaluations[i]!))) continue;
    const sums = indices.map((i) => evaluations[i]!).filter(assessable);
    if (sums.length === 0 || !sums.every(broken) || sums.some((e) => consumed.has(e))) continue;
    const computed = sums[0]!.rightSum!;
    if (!sums.every((e) => e.rightSum === computed)) continue;
    const involving = evaluations.filter((e) => assessable(e) && [...e.relation.left, ...e.relation.right].includes(total));
    const corrected = new Map([[total, computed]]);
    const correctedValues = Float64Array.from(values);
    correctedValues[sums[0]!.relation.leftAt[0]!] = computed;
    const after = involving.map((e) => ({ before: e, after: new Evaluation(report, e.relation, correctedValues, corrected) }));
    if (after.some(({ before, after: a }) => !broken(before) && broken(a))) continue;
    for (const { before, after: a } of after) if (broken(before) && !broken(a)) consumed.add(before);
    findings.push(totalFinding(report, sums));
  }

  for (const e of evaluations) {
    if (!broken(e) || consumed.has(e) || derived(e, evaluations, rules.relations)) continue;
    findings.push(e.relation.kind === 'sum' ? totalFinding(report, [e]) : balanceFinding(report, e));
  }
  return [...findings, ...notAssessableFindings(report, evaluations)];
}

/**
 * A relation along a total column (row) that follows from the same relation along the item columns, because every
 * cross total involved holds: fixing the item columns fixes it, so it is not reported again.
 */
function derived(e: Evaluation, evaluations: readonly Evaluation[], relations: readonly Relation[]): boolean {
  const r = e.relation;
  const find = (def: object, along: string) => evaluations.find((x) => x.relation.def === def && x.relation.along === along);
  // the sum across this one whose total is the key it runs along (`r.along`)
  const cross = relations.find((x) => x.kind === 'sum' && x.table === r.table && x.axis !== r.axis && x.leftTerms[0] === r.along);
  if (!cross) return false;
  const terms = [...r.leftTerms, ...r.rightTerms];
  const crossHolds = terms.every((t) => {
    const c = find(cross.def, t);
    return !!c && assessable(c) && !broken(c);
  });
  return crossHolds && cross.rightTerms.every((item) => !!find(r.def, item));
}

/** Does the relation hold in this report (assessable and exact)? Used by the cross-year checks' derived cases. */
export function relationHolds(report: Report, relation: Relation): boolean {
  // assessable and not broken: the exact difference is 0
  const sides = evaluateRelation(relation, (k) => scaledOf(report, k));
  return addExact(sides.left, -sides.right) === 0;
}
