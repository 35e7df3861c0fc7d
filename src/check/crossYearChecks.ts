/**
 * The rules that need last year's report of the same unit: carry-over (error), in-force and items-2019 (warnings),
 * and a conservative year-on-year jump warning. Without last year's report, or with one for another unit or year,
 * they are reported as not assessable — never as passed.
 */
import { cellKey, cellSpecMap, splitCellKey, type CellKey } from '../formats/index.js';
import { sumsOf } from '../formats/relations.js';
import { formats } from '../formats/index.js';
import { normaliseLabel } from '../formats/labels.js';
import type { CrossYearDef, FormatDef } from '../formats/types.js';
import { yearJump } from '../findings/codes.js';
import type { Finding } from '../findings/finding.js';
import { reportFinding } from './reportFinding.js';
import type { Report } from '../report/report.js';
import { scaledToNumber } from '../report/money.js';
import { cellName, columnName, rowName, shown, tableName } from './names.js';
import { operand, unusableReason, type Operand } from './operands.js';
import { relationHolds } from './relationChecks.js';
import { addExact, evaluateCrossYear, isExact } from '../formats/evaluate.js';
import { rulesFor, type CrossYearOperand, type CrossYearRelation, type RuleSet } from './rules.js';

export interface CrossYearResult {
  findings: Finding[];
  /** current-year cell keys → the comparisons they took part in (for the blank warnings) */
  use: Map<CellKey, string[]>;
}

export const jumpFloor = yearJump.floor;
export const jumpFactor = yearJump.factor;

const useTitle = '与上年报告的衔接';

function notAssessable(report: Report, def: CrossYearDef, keys: CellKey[], why: string, details?: string[]): Finding {
  return reportFinding('CROSS_YEAR_NOT_ASSESSABLE', report, keys, { why, rule: def.description }, { relation: def.id, ...(details ? { details } : {}) });
}

/** Why last year's report cannot be compared with this one, or undefined when it can. */
function previousMismatch(report: Report, previous: Report): Finding | undefined {
  const a = report.unit;
  const b = previous.unit;
  const differentCode = !!a.code && !!b.code && a.code.trim() !== b.code.trim();
  const differentName = !!a.name && !!b.name && normaliseLabel(a.name) !== normaliseLabel(b.name);
  if (differentCode || differentName) {
    const who = (u: Report['unit']) => [u.name, u.code].filter(Boolean).join('，');
    return reportFinding('UNIT_MISMATCH_PREVIOUS', report, [], { previousFile: previous.source.file, previousUnit: who(b), unit: who(a) });
  }
  if (report.reportYear !== null && previous.reportYear !== null && previous.reportYear !== report.reportYear - 1) {
    return reportFinding('PREVIOUS_YEAR_MISMATCH', report, [], {
      previousFile: previous.source.file,
      previousYear: previous.reportYear,
      year: report.reportYear,
    });
  }
  return undefined;
}

/** The cells a cross-year rule states, per rule set (the same for every report). */
const targetCache = new WeakMap<RuleSet, Map<CrossYearDef, CellKey[]>>();
function targetKeys(rules: RuleSet, def: CrossYearDef): CellKey[] {
  let byDef = targetCache.get(rules);
  if (!byDef) targetCache.set(rules, (byDef = new Map()));
  let keys = byDef.get(def);
  if (!keys) byDef.set(def, (keys = rules.crossYear.filter((c) => c.def === def).map((c) => c.target.key)));
  return keys;
}

export function crossYearFindings(report: Report, format: FormatDef, previous?: Report): CrossYearResult {
  const rules = rulesFor(format);
  const use = new Map<CellKey, string[]>();
  const findings: Finding[] = [];

  if (!previous) {
    for (const def of format.crossYear) findings.push(notAssessable(report, def, targetKeys(rules, def), '未提供上年报告'));
    return { findings, use };
  }
  const mismatch = previousMismatch(report, previous);
  if (mismatch) {
    findings.push(mismatch);
    for (const def of format.crossYear) findings.push(notAssessable(report, def, targetKeys(rules, def), '上年报告不可比'));
    return { findings, use };
  }

  const previousFormat = formats[previous.format];
  const currentSpecs = cellSpecMap(format);
  const previousSpecs = cellSpecMap(previousFormat);
  const reportOf = (o: CrossYearOperand) => (o.year === 'current' ? report : previous);
  const read = (o: CrossYearOperand): Operand => operand(reportOf(o), o.key);

  for (const def of format.crossYear) {
    const instances = rules.crossYear.filter((c) => c.def === def);
    const absent = instances
      .flatMap((c) => [c.target, ...c.terms])
      .find((o) => !(o.year === 'current' ? currentSpecs : previousSpecs).has(o.key));
    if (absent) {
      const { table } = splitCellKey(absent.key);
      const t = format.tables.find((x) => x.id === table)!;
      findings.push(
        notAssessable(report, def, targetKeys(rules, def), `上年报告为 ${previous.format} 年格式，没有${cellName(t, absent.key)}`),
      );
      continue;
    }
    const unusable: { instance: CrossYearRelation; operand: CrossYearOperand; read: Operand }[] = [];
    const evaluated = instances.map((c) => {
      const ops = [c.target, ...c.terms].map((o) => ({ o, v: read(o) }));
      const bad = ops.filter((x) => x.v.scaled === null);
      for (const b of bad) unusable.push({ instance: c, operand: b.o, read: b.v });
      if (bad.length > 0) return { c, ops, stated: null, computed: null };
      for (const x of ops) if (x.o.year === 'current') use.set(x.o.key, [...new Set([...(use.get(x.o.key) ?? []), useTitle])]);
      const values = new Map(ops.map((x) => [x.o, x.v.scaled!]));
      const { stated, computed } = evaluateCrossYear(c, (o) => values.get(o)!);
      // every operand usable but no exact difference: too large to compute exactly, so not assessed
      if (!isExact(addExact(stated, -computed))) {
        unusable.push({ instance: c, operand: c.target, read: { ...ops[0]!.v, scaled: null } });
        return { c, ops, stated: null, computed: null };
      }
      return { c, ops, stated, computed };
    });
    for (const e of evaluated) {
      if (e.stated === null || e.computed === null || e.stated === e.computed) continue;
      if (derivedCrossYear(e.c, instances, report, format, previous, previousFormat)) continue;
      findings.push(crossYearFinding(report, format, previous, e.c, e.ops, e.stated, e.computed));
    }
    if (unusable.length > 0) {
      const t = instances[0]!.table;
      const reasons = unusable.map((u) => `${u.operand.year === 'current' ? '本年' : '上年'}${cellName(t, u.operand.key)}${unusableReason(u.read)}`);
      findings.push(
        notAssessable(
          report,
          def,
          unusable.filter((u) => u.operand.year === 'current').map((u) => u.operand.key),
          reasons.length > 1 ? `${reasons.length} 处数值不可用（如${reasons[0]}）` : reasons[0]!,
          reasons,
        ),
      );
    }
  }
  findings.push(...yearJumpFindings(report, format, previous, previousSpecs));
  return { findings, use };
}

/**
 * An instance in a total column (row) follows from the instances in its item columns when the total's sum holds for
 * every operand in its own year: it is then not reported again.
 */
function derivedCrossYear(
  c: CrossYearRelation,
  all: CrossYearRelation[],
  report: Report,
  format: FormatDef,
  previous: Report,
  previousFormat: FormatDef,
): boolean {
  // the sum whose total is this instance's cell, when every one of its items has an instance of its own
  const instanceAt = new Set(all.map((x) => cellKey(x.table.id, x.row, x.column)));
  const cross = sumsOf(format, cellKey(c.table.id, c.row, c.column)).find((s) => s.right.every((k) => instanceAt.has(k)));
  if (!cross) return false;
  return [c.target, ...c.terms].every((o) => {
    const [r, f] = o.year === 'current' ? [report, format] : [previous, previousFormat];
    const rel = rulesFor(f).relations.find((x) => x.kind === 'sum' && x.id === cross.id && x.left[0] === o.key);
    return !!rel && relationHolds(r, rel);
  });
}

function crossYearFinding(
  report: Report,
  format: FormatDef,
  previous: Report,
  c: CrossYearRelation,
  ops: { o: CrossYearOperand; v: Operand }[],
  stated: number,
  computed: number,
): Finding {
  const t = c.table;
  const domain = cellSpecMap(format).get(c.target.key)?.domain ?? 'count';
  const termText = ops
    .slice(1)
    .map(({ o, v }, i) => {
      const { row, column } = splitCellKey(o.key);
      const year = o.year === 'current' ? '本年' : '上年';
      const name =
        row === c.row && column === c.column
          ? `${year}同一格`
          : row === c.row
            ? `${year}“${columnName(t, column)}”`
            : column === c.column
              ? `${year}“${rowName(t, row)}”`
              : `${year}${cellName(t, o.key)}`;
      return `${i === 0 ? (o.sign < 0 ? '− ' : '') : o.sign < 0 ? ' − ' : ' + '}${name}（${shown(v.scaled ?? 0, domain)}）`;
    })
    .join('');
  const diff = stated - computed;
  const keys = ops.filter((x) => x.o.year === 'current').map((x) => x.o.key);
  return reportFinding(
    c.code as 'CARRY_OVER',
    report,
    keys,
    {
      where: `${tableName(t)}${cellName(t, c.target.key)}`,
      stated: shown(stated, domain),
      previousFile: previous.source.file,
      terms: termText,
      computed: shown(computed, domain),
      difference: shown(Math.abs(diff), domain),
    },
    {
      expected: scaledToNumber(computed, domain),
      actual: scaledToNumber(stated, domain),
      difference: scaledToNumber(diff, domain),
    },
  );
}

function yearJumpFindings(report: Report, format: FormatDef, previous: Report, previousSpecs: ReadonlyMap<CellKey, unknown>): Finding[] {
  const out: Finding[] = [];
  for (const spec of cellSpecMap(format).values()) {
    if (spec.isTotal || spec.domain === 'signedCount' || !previousSpecs.has(spec.key)) continue;
    const now = report.values[spec.key];
    const before = previous.values[spec.key];
    if (now?.kind !== 'number' || now.scaled === null || !before || (before.kind !== 'number' && before.kind !== 'zero') || before.scaled === null) continue;
    const nowShown = scaledToNumber(now.scaled, spec.domain);
    if (nowShown <= jumpFloor || now.scaled <= jumpFactor * before.scaled) continue;
    out.push(
      reportFinding(
        'YEAR_JUMP',
        report,
        [spec.key],
        { where: `${tableName(spec.table)}${cellName(spec.table, spec.key)}`, now: shown(now.scaled, spec.domain), before: shown(before.scaled, spec.domain), factor: jumpFactor },
        { expected: scaledToNumber(before.scaled, spec.domain), actual: nowShown },
      ),
    );
  }
  return out;
}
