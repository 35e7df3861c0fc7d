import { describe, expect, it } from 'vitest';
import { checkReport } from '../../src/check/checkReport.js';
import type { Finding } from '../../src/findings/finding.js';
import type { Report } from '../../src/report/report.js';
import { blank, cleanReport, edited } from './reports.js';

const S3 = '三、依申请公开';
const S4 = '四、复议诉讼';
const S2 = '二、主动公开';

/** Findings other than the "no previous report" infos every report without --previous gets. */
const besides = (fs: Finding[]) => fs.filter((f) => f.code !== 'CROSS_YEAR_NOT_ASSESSABLE');
const only = (fs: Finding[]): Finding => {
  const rest = besides(fs);
  expect(rest.map((f) => `${f.code} ${f.cells[0]}`)).toHaveLength(1);
  return rest[0]!;
};

/** In a file made from our template every total cell carries its formula. */
function asTemplate(report: Report): Report {
  const values = Object.fromEntries(
    Object.entries(report.values).map(([k, v]) => [k, /\.(total|resultsTotal)$|\.resultsTotal\.|Total$/.test(k) ? { ...v, formula: 'SUM(…)' } : v]),
  );
  return { ...report, source: { ...report.source, kind: 'template' }, values };
}

describe.each(['2019', '2021'] as const)('a clean %s-format report', (format) => {
  it('has no errors and no warnings, and says the cross-year rules were not assessed', () => {
    const fs = checkReport(cleanReport(format));
    expect(fs.filter((f) => f.severity !== 'info')).toEqual([]);
    const expectedRules = format === '2019' ? ['carry-over', 'items-2019'] : ['carry-over', 'in-force'];
    expect(fs.map((f) => `${f.code}/${f.relation}`).sort()).toEqual(expectedRules.map((r) => `CROSS_YEAR_NOT_ASSESSABLE/${r}`).sort());
    for (const f of fs) expect(f.message).toContain('不视为通过');
  });
});

describe('balance (一 + 二 = 三（七）总计 + 四, per column)', () => {
  it('2019: one finding for the 自然人 column at D4, D5, D25, D26', () => {
    const r = edited(cleanReport('2019'), { 'applications.carryForward.natural': 0, 'applications.carryForward.total': 0 });
    const f = only(checkReport(r));
    expect(f).toMatchObject({ code: 'BALANCE', severity: 'error', rule: 'balance', sheet: S3, expected: 7, actual: 6, difference: -1 });
    expect(f.cells).toEqual([`${S3}!D4`, `${S3}!D5`, `${S3}!D25`, `${S3}!D26`]);
    expect(f.message).toBe(
      '表三“收到和处理政府信息公开申请情况”“自然人”列不满足勾稽关系：一、本年新收政府信息公开申请数量（5） + 二、上年结转政府信息公开申请数量（2） = 7，' +
        '应等于 三、（七）总计（6） + 四、结转下年度继续办理（0） = 6，相差 1。',
    );
  });

  it('2021: the same break sits at rows 27 and 28', () => {
    const r = edited(cleanReport('2021'), { 'applications.carryForward.natural': 0, 'applications.carryForward.total': 0 });
    const f = only(checkReport(r));
    expect(f.code).toBe('BALANCE');
    expect(f.cells).toEqual([`${S3}!D4`, `${S3}!D5`, `${S3}!D27`, `${S3}!D28`]);
  });
});

describe('totals', () => {
  it('a wrong row total is one ROW_TOTAL at the 总计 cell, with the items it should be', () => {
    const f = only(checkReport(edited(cleanReport('2019'), { 'applications.newReceived.total': 8 })));
    expect(f).toMatchObject({ code: 'ROW_TOTAL', rule: 'row-total', expected: 7, actual: 8, difference: 1 });
    expect(f.cells[0]).toBe(`${S3}!J4`);
    expect(f.cells).toContain(`${S3}!D4`);
    expect(f.message).toContain('“一、本年新收政府信息公开申请数量”行“总计”列填报为 8，按本行各项计算应为 7（自然人（5） + 商业企业（2），其余 4 项为 0），相差 1');
  });

  it('a wrong （七）总计 is one RESULTS_TOTAL at that cell, not also a broken balance', () => {
    const f = only(checkReport(edited(cleanReport('2019'), { 'applications.resultsTotal.natural': 7 })));
    expect(f).toMatchObject({ code: 'RESULTS_TOTAL', expected: 6, actual: 7, difference: 1 });
    expect(f.cells[0]).toBe(`${S3}!D25`);
    expect(f.cells).toContain(`${S3}!D6`);
    expect(f.cells).toContain(`${S3}!D24`);
  });

  it('the grand total J25 wrong is reported once, naming both ways it is computed', () => {
    const f = only(checkReport(edited(cleanReport('2021'), { 'applications.resultsTotal.total': 9 })));
    expect(f).toMatchObject({ expected: 7, actual: 9, difference: 2 });
    expect(f.cells[0]).toBe(`${S3}!J27`);
    expect(f.message).toContain('本列各项');
    expect(f.message).toContain('本行各项');
  });

  it('table 四: a wrong 行政复议 总计 is one REVIEW_TOTAL at E4', () => {
    const f = only(checkReport(edited(cleanReport('2019'), { 'reviews.cases.reviewTotal': 3 })));
    expect(f).toMatchObject({ code: 'REVIEW_TOTAL', rule: 'review-total', sheet: S4, expected: 2, actual: 3, difference: 1 });
    expect(f.cells).toEqual([`${S4}!E4`, `${S4}!A4`, `${S4}!B4`, `${S4}!C4`, `${S4}!D4`]);
    expect(f.message).toContain('“行政复议总计”列');
  });

  it('an item wrong in one cell breaks the two totals it feeds, each reported at its own total', () => {
    const fs = besides(checkReport(edited(cleanReport('2019'), { 'applications.granted.natural': 5 })));
    expect(fs.map((f) => `${f.code} ${f.cells[0]}`)).toEqual([`ROW_TOTAL ${S3}!J6`, `RESULTS_TOTAL ${S3}!D25`]);
  });
});

describe('typed-over totals in a file made from our template', () => {
  it('a total whose formula was replaced by a disagreeing number is TYPED_OVER_TOTAL at that cell, once', () => {
    const r = asTemplate(cleanReport('2019'));
    const typed = edited(r, { 'applications.newReceived.total': 8 });
    typed.values['applications.newReceived.total'] = { ...typed.values['applications.newReceived.total']!, formula: undefined };
    const f = only(checkReport(typed));
    expect(f).toMatchObject({ code: 'TYPED_OVER_TOTAL', rule: 'typed-over-total', relation: 'row-total', expected: 7, actual: 8, difference: 1 });
    expect(f.cells[0]).toBe(`${S3}!J4`);
    expect(f.message).toContain('手填数字 8');
  });

  it('a total that still has its formula but a stale result is the sum rule, not typed-over', () => {
    const f = only(checkReport(edited(asTemplate(cleanReport('2019')), { 'applications.newReceived.total': 8 })));
    expect(f.code).toBe('ROW_TOTAL');
  });

  it('a typed-over total that agrees with its items is not an error', () => {
    const r = asTemplate(cleanReport('2019'));
    r.values['applications.newReceived.total'] = { ...r.values['applications.newReceived.total']!, formula: undefined };
    expect(checkReport(r).filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('blank and not-applicable cells', () => {
  it('a blank that should be 0 is one BLANK_INPUT warning naming the arithmetic it counts as 0 in', () => {
    const f = only(checkReport(edited(cleanReport('2019'), { 'applications.granted.research': blank })));
    expect(f).toMatchObject({ code: 'BLANK_INPUT', severity: 'warning', cells: [`${S3}!F6`] });
    expect(f.message).toContain('“三、（一）予以公开”行“科研机构”列为空白');
    expect(f.message).toContain('按 0 计算');
    expect(f.message).toContain('“科研机构”列“三、（七）总计”合计');
    expect(f.message).toContain('“三、（一）予以公开”行“总计”合计');
  });

  it('the sums are still evaluated with the blank as 0', () => {
    const fs = besides(checkReport(edited(cleanReport('2019'), { 'applications.partlyGranted.natural': blank })));
    expect(fs.map((f) => `${f.code} ${f.cells[0]}`)).toEqual([`BLANK_INPUT ${S3}!D7`, `ROW_TOTAL ${S3}!J7`, `RESULTS_TOTAL ${S3}!D25`]);
    expect(fs[2]).toMatchObject({ expected: 5, actual: 6, difference: 1 });
    expect(fs[2]!.message).toContain('空白按 0 计算');
  });

  it('a 本年增/减 left blank outside any sum still warns', () => {
    const f = only(checkReport(edited(cleanReport('2019'), { 'active.penalty.change': blank })));
    expect(f).toMatchObject({ code: 'BLANK_INPUT', cells: [`${S2}!C11`] });
  });

  it('“—” is a NOT_APPLICABLE_MARK warning and counts as 0', () => {
    const f = only(
      checkReport(edited(cleanReport('2021'), { 'applications.granted.research': { kind: 'notApplicable', raw: '—', scaled: null, number: null } })),
    );
    expect(f).toMatchObject({ code: 'NOT_APPLICABLE_MARK', severity: 'warning', cells: [`${S3}!F6`] });
    expect(f.message).toContain('“—”');
  });
});

describe('values that are not numbers', () => {
  it('text in a value cell is NOT_A_NUMBER, and the sums it feeds are not assessable rather than mismatched', () => {
    const fs = besides(
      checkReport(edited(cleanReport('2019'), { 'applications.granted.natural': { kind: 'text', raw: '见附件', scaled: null, number: null } })),
    );
    expect(fs.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.cells[0]}`)).toEqual([`NOT_A_NUMBER ${S3}!D6`]);
    expect(fs.filter((f) => f.code === 'NOT_ASSESSABLE').map((f) => f.relation).sort()).toEqual(['results-total', 'row-total']);
    for (const f of fs.filter((f) => f.code === 'NOT_ASSESSABLE')) {
      expect(f.severity).toBe('info');
      expect(f.cells).toEqual([`${S3}!D6`]);
      expect(f.message).toContain('“见附件”');
      expect(f.message).toContain('不视为通过');
    }
  });

  it('an error value is NOT_A_NUMBER', () => {
    const fs = checkReport(edited(cleanReport('2021'), { 'reviews.cases.directUpheld': { kind: 'error', raw: '#REF!', formula: 'F3+1', scaled: null, number: null } }));
    expect(fs.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.cells[0]}`)).toEqual([`NOT_A_NUMBER ${S4}!F4`]);
  });

  it('an input formula that could not be evaluated is one FORMULA_NOT_EVALUATED error, without advice to type over it', () => {
    const fs = checkReport(edited(cleanReport('2021'), { 'reviews.cases.directUpheld': { kind: 'formulaWithoutResult', raw: '', formula: 'VLOOKUP(A1,B:C,2)', scaled: null, number: null } }));
    const errors = fs.filter((f) => f.severity === 'error');
    expect(errors.map((f) => `${f.code} ${f.cells[0]}`)).toEqual([`FORMULA_NOT_EVALUATED ${S4}!F4`]);
    expect(errors[0]!.message).not.toContain('直接填写');
  });

  it('a row the source did not contain makes its sums not assessable, without errors', () => {
    const missing = { kind: 'missing', raw: '', scaled: null, number: null } as const;
    const r = edited(cleanReport('2021'), {
      'applications.otherReasons.natural': missing,
      'applications.otherReasons.total': missing,
    });
    const fs = checkReport(r);
    expect(fs.filter((f) => f.severity === 'error')).toEqual([]);
    const na = fs.filter((f) => f.code === 'NOT_ASSESSABLE');
    expect(na.map((f) => f.relation).sort()).toEqual(['results-total', 'row-total']);
    expect(na.map((f) => f.rule)).toEqual(['not-assessable', 'not-assessable']);
    expect(na.find((f) => f.relation === 'results-total')!.message).toContain('“自然人”列、“总计”列');
  });
});

describe('domains', () => {
  it('a negative count is DOMAIN_NEGATIVE; a negative 本年增/减 is fine', () => {
    const f = only(checkReport(edited(cleanReport('2019'), { 'active.regulations.newlyPublished': -3 })));
    expect(f).toMatchObject({ code: 'DOMAIN_NEGATIVE', cells: [`${S2}!C3`], actual: -3 });
  });

  it('a fractional count is DOMAIN_FRACTION', () => {
    const f = only(checkReport(edited(cleanReport('2021'), { 'active.licensing.decisions': 1.5 })));
    expect(f).toMatchObject({ code: 'DOMAIN_FRACTION', severity: 'error' });
    expect(f.message).toContain('1.5');
  });

  it('money with five decimals is DOMAIN_MONEY_PRECISION', () => {
    const f = only(checkReport(edited(cleanReport('2019'), { 'active.centralProcurement.procurementAmount': 1.23456 })));
    expect(f).toMatchObject({ code: 'DOMAIN_MONEY_PRECISION', cells: [`${S2}!C18`] });
  });
});

describe('the report as a whole', () => {
  it('2019 tables for report year 2022 are a FORMAT_YEAR_MISMATCH warning, once even if the reader said so', () => {
    const r = cleanReport('2019', { year: 2022 });
    const f = only(checkReport(r));
    expect(f).toMatchObject({ code: 'FORMAT_YEAR_MISMATCH', severity: 'warning', expected: '2021', actual: '2019' });
    const read: Finding = { code: 'FORMAT_YEAR_MISMATCH', severity: 'warning', file: r.source.file, cells: [], message: '读取时发现格式与年度不符' };
    const again = checkReport({ ...r, findings: [read] });
    expect(again.filter((x) => x.code === 'FORMAT_YEAR_MISMATCH')).toEqual([read]);
  });

  it('an incomplete 基本信息 of a template file is one warning naming the missing fields', () => {
    const r = cleanReport('2021');
    const f = only(checkReport({ ...r, unit: { name: r.unit.name, filler: '张三' }, source: { ...r.source, kind: 'template' } }));
    expect(f).toMatchObject({ code: 'BASIC_INFO_INCOMPLETE', severity: 'warning' });
    expect(f.message).toContain('“联系电话”、“填报日期”');
  });

  it('a unit name missing from any workbook is flagged; filler and phone only for our template', () => {
    const r = cleanReport('2021');
    const f = only(checkReport({ ...r, unit: {} }));
    expect(f.message).toContain('“单位名称”');
    expect(f.message).not.toContain('填报人');
  });

  it('reading findings are kept, and everything is ordered by table and cell', () => {
    const r = edited(cleanReport('2019'), {
      'reviews.cases.reviewTotal': 3,
      'applications.carryForward.natural': 0,
      'applications.carryForward.total': 0,
      'active.regulations.newlyPublished': -1,
    });
    const read: Finding = { code: 'UNIT_SUFFIX', severity: 'warning', file: r.source.file, sheet: S3, cells: [`${S3}!E4`], message: '读取说明' };
    const fs = checkReport({ ...r, findings: [read] });
    expect(besides(fs).map((f) => `${f.code} ${f.cells[0]}`)).toEqual([
      `DOMAIN_NEGATIVE ${S2}!C3`,
      `BALANCE ${S3}!D4`,
      `UNIT_SUFFIX ${S3}!E4`,
      `REVIEW_TOTAL ${S4}!E4`,
    ]);
    expect(checkReport({ ...r, findings: [read] })).toEqual(fs);
  });
});
