/**
 * Issue 11, "one exact evaluator": a total is the same number whether the checks, consolidation (its summary and
 * 分单位明细) or the template's cached formula result computes it, for random units; money adds exactly across 1000
 * units where 万元 floats drift; sums past the exact range are said, not silently rounded; and an input its domain
 * cannot hold exactly never yields a cached result of ours.
 *
 * The expected totals come from tests/consolidate/fixtures.ts (typed from the spec), never from the code under test.
 */
import { describe, expect, it } from 'vitest';
import { cellSpecs, formatForYear, type CellKey } from '../../src/formats/index.js';
import { reportFromNumbers } from '../../src/report/build.js';
import type { Report } from '../../src/report/report.js';
import { scaledToNumber } from '../../src/report/money.js';
import { relationFindings } from '../../src/check/relationChecks.js';
import { ReportSum, sumReports, unitFigures } from '../../src/consolidate/sumReports.js';
import { unitDetail } from '../../src/consolidate/detailColumns.js';
import { tableLayout } from '../../src/layout/tableLayout.js';
import { balanceChecks, balancedText, TemplateValues } from '../../src/template/formulas.js';
import { feeKey, random, randomUnit, sumValues, type UnitValues } from '../consolidate/fixtures.js';

const format = formatForYear(2025);
const specs = cellSpecs(format);
const totals = specs.filter((s) => s.isTotal);
const layouts = new Map(format.tables.map((t) => [t.id, tableLayout(t)] as const));
const sumCodes = new Set(['RESULTS_TOTAL', 'ROW_TOTAL', 'REVIEW_TOTAL', 'TYPED_OVER_TOTAL', 'BALANCE', 'NOT_ASSESSABLE']);

/** A Report of the unit's values; `totals: 'blank'` leaves every total cell empty, so only the items determine them. */
function reportOf(values: UnitValues, name: string, totalsAs: 'stated' | 'blank' = 'stated'): Report {
  const numbers: Record<string, number> = {};
  for (const [k, n] of Object.entries(values)) numbers[k] = k === feeKey ? n / 10_000 : n;
  const report = reportFromNumbers({ format, reportYear: 2025, unit: { name }, numbers });
  if (totalsAs === 'blank') {
    for (const t of totals) report.values[t.key] = { ...report.values[t.key]!, kind: 'blank', scaled: null, number: null, raw: '' };
  }
  return report;
}

const shownAs = (key: CellKey, scaled: number) => scaledToNumber(scaled, specs.find((s) => s.key === key)!.domain);

describe('one total, whoever computes it', () => {
  const rand = random(20251);
  const units = Array.from({ length: 40 }, () => randomUnit(rand));

  it('consolidation, 分单位明细 and the template’s cached results give the spec’s totals from the items alone', () => {
    for (const [u, oracle] of units.entries()) {
      const report = reportOf(oracle, `单位${u}`, 'blank');
      const summary = sumReports([report], { format, region: '某县', reportYear: 2025 }).report;
      const detail = unitDetail(unitFigures(report), format).values;
      const template = new TemplateValues(format, layouts, report);
      for (const t of totals) {
        const want = oracle[t.key]!;
        expect(summary.values[t.key]!.scaled, `${u} consolidation ${t.key}`).toBe(want);
        expect(detail[specs.indexOf(t)], `${u} detail ${t.key}`).toBe(shownAs(t.key, want));
        expect(template.numberOf(t.key), `${u} template ${t.key}`).toBe(shownAs(t.key, want));
      }
      for (const table of format.tables) {
        for (const check of balanceChecks(format, table, layouts.get(table.id)!)) expect(template.balanceResult(check)).toBe(balancedText);
      }
    }
  });

  it('the checks accept exactly those totals, and a total one off is reported with the same computed value', () => {
    const rnd = random(7);
    for (const [u, oracle] of units.entries()) {
      const report = reportOf(oracle, `单位${u}`);
      expect(relationFindings(report, format).filter((f) => sumCodes.has(f.code)), `unit ${u}`).toEqual([]);
      const t = totals[rnd(totals.length - 1)]!;
      const off = reportOf({ ...oracle, [t.key]: oracle[t.key]! + 1 }, `单位${u}`);
      const found = relationFindings(off, format).filter((f) => f.keys?.[0] === t.key);
      expect(found, `${u} ${t.key}`).toHaveLength(1);
      expect(found[0]!.expected).toBe(shownAs(t.key, oracle[t.key]!));
      expect(found[0]!.actual).toBe(shownAs(t.key, oracle[t.key]! + 1));
    }
  });
});

describe('money across 1000 units', () => {
  it('0.1, 0.2 and 0.7 万元 from 1000 units add to exactly 333.1 万元, and every total is the spec’s', () => {
    const rand = random(1000);
    const amounts = [0.1, 0.2, 0.7];
    const values: UnitValues[] = [];
    const sum = new ReportSum(format);
    for (let i = 0; i < 1000; i++) {
      const v = { ...randomUnit(rand), [feeKey]: amounts[i % 3]! * 10_000 };
      values.push(v);
      sum.add(unitFigures(reportOf(v, `单位${i}`, i % 2 === 0 ? 'blank' : 'stated')), `单位${i}`, `${i}.xlsx`);
    }
    // what a float sum in 万元 would have written: not 333.1
    expect(Array.from({ length: 1000 }, (_, i) => amounts[i % 3]!).reduce((s, x) => s + x, 0)).not.toBe(333.1);
    const summary = sum.toReport({ region: '某市', reportYear: 2025 });
    const fee = summary.values[feeKey]!;
    expect([fee.scaled, fee.number, fee.raw]).toEqual([3_331_000, 333.1, '333.1']);
    const expected = sumValues(values);
    for (const s of specs) expect(summary.values[s.key]!.scaled, s.key).toBe(expected[s.key]);
    expect(sum.disagreements).toEqual([]);
    // the summary written into the template: the same numbers as inputs and as cached results
    const template = new TemplateValues(format, layouts, summary);
    expect(template.inputValue(feeKey)).toBe(333.1);
    for (const t of totals) expect(template.numberOf(t.key), t.key).toBe(expected[t.key]);
  });
});

describe('sums past the exact range', () => {
  const big = Number.MAX_SAFE_INTEGER;

  it('check: a relation whose sum leaves the range is not assessable, with the reason, never a made-up difference', () => {
    // 自然人 states the largest exact count; 商业企业 1 more: every row's 总计 would be one past the range
    const values: UnitValues = {};
    for (const row of ['newReceived', 'granted', 'resultsTotal']) {
      Object.assign(values, { [`applications.${row}.natural`]: big, [`applications.${row}.commercial`]: 1, [`applications.${row}.total`]: big });
    }
    const findings = relationFindings(reportOf(values, '某局'), format);
    expect(findings.map((f) => f.code)).toEqual(['NOT_ASSESSABLE']);
    expect(findings[0]!.details).toEqual(
      ['一、本年新收政府信息公开申请数量', '三、（一）予以公开', '三、（七）总计'].map((row) => `“${row}”行的数值过大，其和超出可精确计算的范围`),
    );
  });

  it('consolidation: the unit whose number would push a sum past the range is named, not added', () => {
    const a = reportOf({ 'applications.granted.natural': big }, '甲局');
    const b = reportOf({ 'applications.granted.natural': 1 }, '乙局');
    const { report, tallies } = sumReports([a, b], { format, region: '某县', reportYear: 2025 });
    expect(report.values['applications.granted.natural']!.scaled).toBe(big);
    expect(tallies.get('applications.granted.natural')!.reasons).toEqual(['乙局（计入后合计超出可精确计算的范围）']);
    expect(report.findings.map((f) => f.code)).toContain('SUM_INCOMPLETE');
  });
});

describe('an input its domain cannot hold exactly', () => {
  it('leaves the cached result of every formula that depends on it absent, and only those', () => {
    const report = reportOf({ 'applications.granted.natural': 2, 'applications.granted.commercial': 3, 'applications.newReceived.commercial': 3 }, '某局');
    // 1.5 件 read from a source: a number, but not a count
    report.values['applications.granted.natural'] = { ...report.values['applications.granted.natural']!, scaled: null, number: 1.5, raw: '1.5' };
    const template = new TemplateValues(format, layouts, report);
    expect(template.inputValue('applications.granted.natural')).toBe(1.5); // the source's number, as it is
    for (const key of ['applications.granted.total', 'applications.resultsTotal.natural', 'applications.resultsTotal.total']) {
      expect(template.numberOf(key), key).toBeNull();
    }
    expect(template.numberOf('applications.resultsTotal.commercial')).toBe(3);
    const checks = balanceChecks(format, format.tables.find((t) => t.id === 'applications')!, layouts.get('applications')!);
    const result = (along: string) => template.balanceResult(checks.find((c) => c.along === along)!);
    expect(result('natural')).toBeNull();
    expect(result('total')).toBeNull();
    expect(result('commercial')).toBe(balancedText);
  });
});
