/**
 * The rules that need last year's report of the same unit: carry-over (error), in-force and items-2019 (warnings),
 * and a conservative year-on-year jump warning. Without last year's report, or with one for another unit or year,
 * they are reported as not assessable — never as passed.
 */
import { cellSpecMap, splitCellKey, type CellKey } from '../formats/index.js';
import { formats } from '../formats/index.js';
import { normaliseLabel } from '../formats/labels.js';
import type { CrossYearDef, FormatDef } from '../formats/types.js';
import type { Finding } from '../findings/finding.js';
import type { Report } from '../report/report.js';
import { scaledToNumber } from '../report/money.js';
import { cellName, columnName, rowName, shown, tableName } from './names.js';
import { locationsOf, operand, sheetOf, unusableReason, type Operand } from './operands.js';
import { relationHolds } from './relationChecks.js';
import { rulesFor, type CrossYearOperand, type CrossYearRelation } from './rules.js';

export interface CrossYearResult {
  findings: Finding[];
  /** current-year cell keys → the comparisons they took part in (for the blank warnings) */
  use: Map<CellKey, string[]>;
}

/** Values above this many display units and more than `jumpFactor` times last year's are worth a look. */
export const jumpFloor = 50;
export const jumpFactor = 10;

const useTitle = '与上年报告的衔接';

function base(report: Report, keys: CellKey[]): Pick<Finding, 'file' | 'cells' | 'keys'> & Partial<Finding> {
  const sheet = sheetOf(report, keys);
  return {
    file: report.source.file,
    cells: locationsOf(report, keys),
    keys,
    ...(sheet ? { sheet } : {}),
    ...(report.unit.name ? { unit: report.unit.name } : {}),
  };
}

function notAssessable(report: Report, def: CrossYearDef, keys: CellKey[], why: string): Finding {
  return {
    ...base(report, keys),
    code: 'CROSS_YEAR_NOT_ASSESSABLE',
    severity: 'info',
    rule: def.id,
    message: `${why}，无法核对：${def.description}。该项未核对，不视为通过。`,
  };
}

/** Why last year's report cannot be compared with this one, or undefined when it can. */
function previousMismatch(report: Report, previous: Report): { code: string; message: string } | undefined {
  const a = report.unit;
  const b = previous.unit;
  const differentCode = !!a.code && !!b.code && a.code.trim() !== b.code.trim();
  const differentName = !!a.name && !!b.name && normaliseLabel(a.name) !== normaliseLabel(b.name);
  if (differentCode || differentName) {
    const who = (u: Report['unit']) => [u.name, u.code].filter(Boolean).join('，');
    return {
      code: 'UNIT_MISMATCH_PREVIOUS',
      message: `上年报告 ${previous.source.file} 属于“${who(b)}”，与本报告的“${who(a)}”不是同一单位，未与其比较跨年度数据。`,
    };
  }
  if (report.reportYear !== null && previous.reportYear !== null && previous.reportYear !== report.reportYear - 1) {
    return {
      code: 'PREVIOUS_YEAR_MISMATCH',
      message: `上年报告 ${previous.source.file} 的报告年度为 ${previous.reportYear} 年，不是本报告（${report.reportYear} 年）的上一年，未与其比较跨年度数据。`,
    };
  }
  return undefined;
}

export function crossYearFindings(report: Report, format: FormatDef, previous?: Report): CrossYearResult {
  const rules = rulesFor(format);
  const use = new Map<CellKey, string[]>();
  const findings: Finding[] = [];
  const targetsOf = (def: CrossYearDef) => rules.crossYear.filter((c) => c.def === def).map((c) => c.target.key);

  if (!previous) {
    for (const def of format.crossYear) findings.push(notAssessable(report, def, targetsOf(def), '未提供上年报告'));
    return { findings, use };
  }
  const mismatch = previousMismatch(report, previous);
  if (mismatch) {
    findings.push({ ...base(report, []), code: mismatch.code, severity: 'warning', message: mismatch.message });
    for (const def of format.crossYear) findings.push(notAssessable(report, def, targetsOf(def), '上年报告不可比'));
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
        notAssessable(report, def, targetsOf(def), `上年报告为 ${previous.format} 年格式，没有${cellName(t, absent.key)}`),
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
      const stated = ops[0]!.v.scaled!;
      const computed = ops.slice(1).reduce((acc, x) => acc + BigInt(x.o.sign) * x.v.scaled!, 0n);
      return { c, ops, stated, computed };
    });
    for (const e of evaluated) {
      if (e.stated === null || e.computed === null || e.stated === e.computed) continue;
      if (derivedCrossYear(e.c, instances, report, format, previous, previousFormat)) continue;
      findings.push(crossYearFinding(report, format, previous, e.c, e.ops, e.stated, e.computed));
    }
    if (unusable.length > 0) {
      const t = instances[0]!.table;
      const reasons = unusable
        .slice(0, 5)
        .map((u) => `${u.operand.year === 'current' ? '本年' : '上年'}${cellName(t, u.operand.key)}${unusableReason(u.read)}`);
      findings.push(
        notAssessable(
          report,
          def,
          unusable.filter((u) => u.operand.year === 'current').map((u) => u.operand.key),
          reasons.join('；') + (unusable.length > 5 ? `等 ${unusable.length} 处` : ''),
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
  const cross = c.table.sums.find(
    (s) =>
      (s.axis === 'columns' && s.total === c.column && s.items.every((i) => all.some((x) => x.row === c.row && x.column === i))) ||
      (s.axis === 'rows' && s.total === c.row && s.items.every((i) => all.some((x) => x.column === c.column && x.row === i))),
  );
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
  stated: bigint,
  computed: bigint,
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
      return `${i === 0 ? (o.sign < 0 ? '− ' : '') : o.sign < 0 ? ' − ' : ' + '}${name}（${shown(v.scaled ?? 0n, domain)}）`;
    })
    .join('');
  const diff = stated - computed;
  const keys = ops.filter((x) => x.o.year === 'current').map((x) => x.o.key);
  const soft = c.severity === 'warning' ? '此项为提示，如有正当原因（如文件自然失效、事项调整）请在报告中说明。' : '';
  return {
    ...base(report, keys),
    code: c.code,
    severity: c.severity,
    rule: c.id,
    expected: scaledToNumber(Number(computed), domain),
    actual: scaledToNumber(Number(stated), domain),
    difference: scaledToNumber(Number(diff), domain),
    message:
      `${tableName(t)}${cellName(t, c.target.key)}本年为 ${shown(stated, domain)}，按上年报告（${previous.source.file}）应为 ${termText} = ` +
      `${shown(computed, domain)}，相差 ${shown(diff < 0n ? -diff : diff, domain)}。${soft}`,
  };
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
    out.push({
      ...base(report, [spec.key]),
      code: 'YEAR_JUMP',
      severity: 'warning',
      rule: 'year-jump',
      expected: scaledToNumber(before.scaled, spec.domain),
      actual: nowShown,
      message: `${tableName(spec.table)}${cellName(spec.table, spec.key)}本年为 ${shown(now.scaled, spec.domain)}，上年为 ${shown(before.scaled, spec.domain)}，超过上年的 ${jumpFactor} 倍，请核实是否填错（例如多填了一位数或单位不对）。`,
    });
  }
  return out;
}
