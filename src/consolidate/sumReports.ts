/**
 * Summing many units' Reports of one format, key by key, exactly.
 *
 * Rules (issue 4):
 * - inputs (cells the definition does not compute) are summed as exact integers: counts as they are, money as integer
 *   ten-thousandths of 万元 (`scaled`);
 * - `blank` and `notApplicable` count as 0 in the sum, and are counted (how many units left the cell blank / marked
 *   it not applicable), because the official practice is to write 0 and the summary must say who did not;
 * - `text`, `formulaWithoutResult`, `error`, `missing`, and numbers that cannot be held exactly in their domain (a
 *   fractional count) do not enter the sum: the summary's value for that key is then "incomplete", and the units
 *   concerned are listed (a SUM_INCOMPLETE finding on the summary);
 * - totals are recomputed from the summed inputs through the definition's sum tree, never summed from the units'
 *   stated totals, so the summary is internally consistent. Where a unit's stated total disagrees with its own inputs
 *   it is recorded here (the unit's checks already report it as a finding).
 *
 * Units are held as compact `UnitFigures` (two typed arrays in `cellSpecs` order) so that a province's 10,000 units
 * do not keep 10,000 Reports alive.
 */
import { cellSpecs, formats, tableNumeral, type CellKey, type CellSpec } from '../formats/index.js';
import type { FormatDef, FormatId } from '../formats/types.js';
import { relationsFor } from '../formats/relations.js';
import { addExact, evaluateTotals } from '../formats/evaluate.js';
import type { Report, ReportValue, UnitInfo } from '../report/report.js';
import { valueKinds, type ValueKind } from '../report/valueKinds.js';
import { formatScaled, scaledToNumber } from '../report/money.js';
import { chinaDate } from '../report/chinaTime.js';
import { finding } from '../findings/factory.js';
import type { Finding } from '../findings/finding.js';

/** One unit's values in `cellSpecs(format)` order: the kind's index in `valueKinds`, and `scaled` (NaN when null). */
export interface UnitFigures {
  format: FormatId;
  kinds: Uint8Array;
  scaled: Float64Array;
  /** the raw text of values that are not numbers (text, marks, errors), by spec index; kept so nothing is lost */
  raw: Record<number, string>;
  /** money stated with more than 4 decimals and counted rounded: the stated text, by spec index */
  rounded?: Record<number, string>;
}

const kindIndex = Object.fromEntries(valueKinds.map((k, i) => [k, i])) as Record<ValueKind, number>;
const missingIndex = kindIndex.missing;

export function kindAt(figures: UnitFigures, i: number): ValueKind {
  return valueKinds[figures.kinds[i]!]!;
}

/** The compact form of a Report's values (keys the Report lacks count as `missing`). */
export function unitFigures(report: Report): UnitFigures {
  const specs = cellSpecs(formats[report.format]);
  const kinds = new Uint8Array(specs.length);
  const scaled = new Float64Array(specs.length);
  const raw: Record<number, string> = {};
  let rounded: Record<number, string> | undefined;
  // a plain loop: every unit of a consolidation passes here once per value
  for (let i = 0; i < specs.length; i++) {
    const v: ReportValue | undefined = report.values[specs[i]!.key];
    if (!v) {
      kinds[i] = missingIndex;
      scaled[i] = Number.NaN;
      continue;
    }
    kinds[i] = kindIndex[v.kind];
    scaled[i] = v.scaled !== null && (v.kind === 'number' || v.kind === 'zero') ? v.scaled : Number.NaN;
    if (Number.isNaN(scaled[i]!) && v.raw !== '') raw[i] = v.raw;
    if (v.readAs?.includes('rounded')) (rounded ??= {})[i] = v.raw;
  }
  const figures: UnitFigures = { format: report.format, kinds, scaled, raw };
  if (rounded) figures.rounded = rounded;
  return figures;
}

/** How a unit's value for one key contributes to a sum. */
export type Contribution = 'number' | 'countedAsZero' | 'notSummable';

export function contributionOf(kind: ValueKind, scaled: number): Contribution {
  if ((kind === 'number' || kind === 'zero') && !Number.isNaN(scaled)) return 'number';
  if (kind === 'blank' || kind === 'notApplicable') return 'countedAsZero';
  return 'notSummable';
}

/** A unit whose stated total differs from the sum of its own inputs (already a check finding on the unit). */
export interface StatedTotalDisagreement {
  unit: string;
  file: string;
  key: CellKey;
  stated: number;
  computed: number;
}

export interface KeyTally {
  /** units whose value was blank or a not-applicable mark (counted as 0) */
  countedAsZero: number;
  /** units whose value could not enter the sum (text, error, missing, not exact) */
  notSummable: string[];
  /** beside `notSummable`, the same units with why: `某局（文字“约10”）` */
  reasons: string[];
  /** units whose money had more than 4 decimals and was counted rounded: `某局（12.34567 → 12.3457）` */
  rounded: string[];
}

/** Why a unit's number could not be added: the key's sum would leave the range in which it is exact. */
const overflowReason = '计入后合计超出可精确计算的范围';

/** Why a unit's value could not be summed, in Chinese. */
export function notSummableReason(kind: ValueKind, raw: string | undefined): string {
  switch (kind) {
    case 'text':
      return `文字“${raw ?? ''}”`;
    case 'error':
      return `错误值“${raw ?? ''}”`;
    case 'formulaWithoutResult':
      return '公式无计算结果且无法计算';
    case 'missing':
      return '表中未找到该项';
    default:
      return `“${raw ?? ''}”不是可精确计算的数（如小数件数）`;
  }
}

/** Adds units one at a time; nothing of a unit is held after `add` but its name in the tallies. */
export class ReportSum {
  readonly format: FormatDef;
  readonly specs: readonly CellSpec[];
  private readonly sums: number[];
  private readonly zeroCounts: number[];
  private readonly notSummable: string[][];
  private readonly reasons: string[][];
  private readonly rounded: string[][];
  readonly disagreements: StatedTotalDisagreement[] = [];
  units = 0;

  constructor(format: FormatDef) {
    this.format = format;
    this.specs = cellSpecs(format);
    this.sums = this.specs.map(() => 0);
    this.zeroCounts = this.specs.map(() => 0);
    this.notSummable = this.specs.map(() => []);
    this.reasons = this.specs.map(() => []);
    this.rounded = this.specs.map(() => []);
  }

  /** `unit` names the unit in tallies and messages; `file` is where it came from. */
  add(figures: UnitFigures, unit: string, file: string): void {
    if (figures.format !== this.format.id) {
      throw new Error(`cannot add a ${figures.format} unit to a ${this.format.id} sum`);
    }
    this.units += 1;
    const c = unitContribution(figures, this.format);
    // the plain numbers, which are nearly all of them: one exact addition each
    const { values, numbers } = c;
    const rounded = figures.rounded;
    for (let k = 0; k < numbers.length; k++) {
      const i = numbers[k]!;
      const added = addExact(this.sums[i]!, values[i]!);
      if (Number.isNaN(added)) {
        this.notSummable[i]!.push(unit);
        this.reasons[i]!.push(`${unit}（${overflowReason}）`);
        continue;
      }
      this.sums[i] = added;
      const stated = rounded?.[i];
      if (stated !== undefined) this.rounded[i]!.push(`${unit}（${stated} → ${formatScaled(values[i]!, this.specs[i]!.domain)}）`);
    }
    for (const i of c.countedAsZero) this.zeroCounts[i]! += 1;
    for (const i of c.notSummable) {
      this.notSummable[i]!.push(unit);
      this.reasons[i]!.push(`${unit}（${notSummableReason(kindAt(figures, i), figures.raw[i])}）`);
    }
    for (const d of c.disagreements) this.disagreements.push({ unit, file, key: this.specs[d.at]!.key, stated: d.stated, computed: d.computed });
  }

  /** Every key's exact total (totals recomputed), plus what could not be summed. */
  totals(): { scaled: number[]; tallies: Map<CellKey, KeyTally> } {
    // evaluated once on the summed inputs; the inputs' sums are exact (guarded in `add`), so only a total can overflow
    const scaled = Array.from(evaluateTotals(this.format, (i) => this.sums[i]!));
    const overflow = scaled.findIndex((v) => Number.isNaN(v));
    if (overflow >= 0) throw new RangeError(`汇总后${describeKey(this.specs[overflow]!)}超出可精确计算的范围，无法精确汇总。`);
    const tree = relationsFor(this.format).totals;
    const index = new Map(this.specs.map((s, i) => [s.key, i]));
    const tallies = new Map<CellKey, KeyTally>();
    // a total inherits the incompleteness of every input under it
    const inputsUnder = (key: CellKey): number[] => {
      const items = tree.get(key)?.items;
      return items ? items.flatMap(inputsUnder) : [index.get(key)!];
    };
    this.specs.forEach((spec, i) => {
      const under = spec.isTotal ? inputsUnder(spec.key) : [i];
      const names = [...new Set(under.flatMap((j) => this.notSummable[j]!))];
      const reasons = [...new Set(under.flatMap((j) => this.reasons[j]!))];
      const rounded = [...new Set(under.flatMap((j) => this.rounded[j]!))];
      const zeros = spec.isTotal ? 0 : this.zeroCounts[i]!;
      if (names.length > 0 || zeros > 0 || rounded.length > 0) tallies.set(spec.key, { countedAsZero: zeros, notSummable: names, reasons, rounded });
    });
    return { scaled, tallies };
  }

  /** The sum as a Report: a summary is itself valid input to the next level. */
  toReport(o: { region: string; reportYear: number; file?: string; generatedAt?: Date }): Report {
    const file = o.file ?? '(汇总)';
    const { scaled, tallies } = this.totals();
    const values: Report['values'] = {};
    this.specs.forEach((spec, i) => {
      const s = scaled[i]!;
      values[spec.key] = {
        kind: s === 0 ? 'zero' : 'number',
        scaled: s,
        number: scaledToNumber(s, spec.domain),
        raw: formatScaled(s, spec.domain),
        provenance: { file, sheet: spec.table.sheetName },
      };
    });
    const findings: Finding[] = [];
    for (const [key, t] of tallies) {
      if (t.notSummable.length === 0) continue;
      const spec = this.specs[this.specs.findIndex((s) => s.key === key)]!;
      if (spec.isTotal) continue; // reported once, at the input
      findings.push(
        finding(
          'SUM_INCOMPLETE',
          { item: describeKey(spec), units: t.reasons },
          { file, sheet: spec.table.sheetName, keys: [key], unit: o.region, details: t.reasons },
        ),
      );
    }
    const unit: UnitInfo = { name: o.region, region: o.region };
    if (o.generatedAt) unit.filledDate = chinaDate(o.generatedAt);
    return {
      format: this.format.id,
      reportYear: o.reportYear,
      unit,
      source: { file, kind: 'workbook', isSummary: true },
      values,
      findings,
    };
  }
}


/**
 * What one unit adds to a sum, worked out once per unit: a consolidation works it out as each unit's result arrives,
 * while the workers read the rest, so that summing after the last file is a loop of additions.
 */
interface UnitContribution {
  /** each input's value as it enters the sum, by spec index: 0 when counted as 0, NaN when it cannot enter */
  values: Float64Array;
  /** inputs that are exact numbers, in spec order */
  numbers: Int32Array;
  /** inputs left blank or marked not applicable (counted as 0) */
  countedAsZero: number[];
  /** inputs that cannot enter the sum (text, errors, missing, fractions of a count) */
  notSummable: number[];
  /** totals the unit stated otherwise than the sum of its own items (`at`: spec index) */
  disagreements: { at: number; stated: number; computed: number }[];
}

const contributionOfUnit = new WeakMap<UnitFigures, UnitContribution & { format: FormatDef }>();

/** The unit's contribution to a sum of `format` (see `UnitContribution`), worked out once and remembered. */
export function unitContribution(figures: UnitFigures, format: FormatDef): UnitContribution {
  let c = contributionOfUnit.get(figures);
  if (!c || c.format !== format) contributionOfUnit.set(figures, (c = { format, ...contributionFor(figures, format) }));
  return c;
}

function contributionFor(figures: UnitFigures, format: FormatDef): UnitContribution {
  const specs = cellSpecs(format);
  const values = new Float64Array(specs.length);
  const numbers: number[] = [];
  const countedAsZero: number[] = [];
  const notSummable: number[] = [];
  for (let i = 0; i < specs.length; i++) {
    if (specs[i]!.isTotal) continue;
    const c = contributionOf(kindAt(figures, i), figures.scaled[i]!);
    if (c === 'number') {
      values[i] = figures.scaled[i]!;
      numbers.push(i);
    } else if (c === 'countedAsZero') {
      values[i] = 0;
      countedAsZero.push(i);
    } else {
      values[i] = Number.NaN;
      notSummable.push(i);
    }
  }
  // the unit's totals from its own items (an unusable item makes its totals unknown)
  const computed = evaluateTotals(format, (i) => values[i]!);
  const disagreements: UnitContribution['disagreements'] = [];
  for (let i = 0; i < specs.length; i++) {
    if (!specs[i]!.isTotal) continue;
    const stated = figures.scaled[i]!;
    const c = computed[i]!;
    if (!Number.isNaN(stated) && !Number.isNaN(c) && stated !== c) disagreements.push({ at: i, stated, computed: c });
  }
  return { values, numbers: Int32Array.from(numbers), countedAsZero, notSummable, disagreements };
}

/** `表三 二、上年结转… / 自然人` — the Chinese name of a data point, from the definition. */
export function describeKey(spec: CellSpec): string {
  const row = spec.row.label ? `${spec.row.label} / ` : '';
  return `表${tableNumeral[spec.table.id]} ${row}${spec.column.label}`;
}

export interface SummedReports {
  report: Report;
  tallies: Map<CellKey, KeyTally>;
  disagreements: StatedTotalDisagreement[];
}

/** Sum Reports of one format (all must share it) into a summary Report for `region`. */
export function sumReports(
  reports: readonly Report[],
  o: { format: FormatDef; region: string; reportYear: number; file?: string },
): SummedReports {
  const sum = new ReportSum(o.format);
  for (const r of reports) sum.add(unitFigures(r), r.unit.name ?? r.source.file, r.source.file);
  const report = sum.toReport(o);
  return { report, tallies: sum.totals().tallies, disagreements: sum.disagreements };
}
