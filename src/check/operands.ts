/**
 * A report value as an operand of the checks' arithmetic. Classification happened when reading; here it decides
 * whether a value can take part in a sum: numbers exactly as their scaled integers, a blank or a not-applicable mark
 * as 0 (each with its own warning naming that arithmetic), anything else not at all (the rule is not assessable).
 */
import type { CellKey } from '../formats/index.js';
import { cellRef } from '../findings/cellRef.js';
import type { Report, ReportValue } from '../report/report.js';

export interface Operand {
  key: CellKey;
  value: ReportValue | undefined;
  /** the exact value in base units (a safe integer), or null when it cannot take part in arithmetic */
  scaled: number | null;
  /** set when the value is counted as 0 although the cell does not say 0 */
  assumedZero?: 'blank' | 'notApplicable';
}

export function operand(report: Report, key: CellKey): Operand {
  const value = report.values[key];
  if (!value) return { key, value, scaled: null };
  switch (value.kind) {
    case 'number':
    case 'zero':
      return { key, value, scaled: value.scaled };
    case 'blank':
      return { key, value, scaled: 0, assumedZero: 'blank' };
    case 'notApplicable':
      return { key, value, scaled: 0, assumedZero: 'notApplicable' };
    default:
      return { key, value, scaled: null };
  }
}

/** The value's location as `sheet!A1`, or `第 N 行` for a line of published text. */
export function locationOf(value: ReportValue | undefined): string | undefined {
  const p = value?.provenance;
  if (!p) return undefined;
  if (p.cell) return cellRef(p.sheet, p.cell);
  if (p.line !== undefined) return `第${p.line}行`;
  return undefined;
}

/** The locations of the values of `keys` that have one, in order, without repeats. */
export function locationsOf(report: Report, keys: readonly CellKey[]): string[] {
  const out: string[] = [];
  for (const k of keys) {
    const loc = locationOf(report.values[k]);
    if (loc && !out.includes(loc)) out.push(loc);
  }
  return out;
}

/** The sheet of the first of `keys` whose value has one. */
export function sheetOf(report: Report, keys: readonly CellKey[]): string | undefined {
  for (const k of keys) {
    const s = report.values[k]?.provenance.sheet;
    if (s) return s;
  }
  return undefined;
}

/** Why a value cannot be used, for a not-assessable message: `“（一）予以公开”行“自然人”列为文字“见附件”`. */
export function unusableReason(o: Operand): string {
  const v = o.value;
  if (!v || v.kind === 'missing') return '未找到';
  switch (v.kind) {
    case 'text':
      return `为文字“${v.raw}”`;
    case 'error':
      return `为错误值“${v.raw}”`;
    case 'formulaWithoutResult':
      return '为没有计算结果的公式';
    default:
      // a number that was usable alone, set aside because a sum with it leaves the exact range
      if ((v.kind === 'number' || v.kind === 'zero') && v.scaled !== null) return `“${v.raw}”数值过大，相关之和超出可精确计算的范围`;
      return `“${v.raw}”不是有效数值`;
  }
}
