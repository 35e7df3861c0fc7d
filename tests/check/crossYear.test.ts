import { describe, expect, it } from 'vitest';
import { checkReport } from '../../src/check/checkReport.js';
import type { Finding } from '../../src/findings/finding.js';
import { cleanReport, edited } from './reports.js';

const S3 = '三、依申请公开';
const S2 = '二、主动公开';
const codes = (fs: Finding[]) => fs.map((f) => `${f.code}${(f.relation ?? f.rule) ? `/${f.relation ?? f.rule}` : ''} ${f.cells[0] ?? ''}`.trim());

/** The 2020 report (2019 format) whose 四、结转下年度继续办理 is 1 自然人, 1 总计. */
const report2020 = () => cleanReport('2019', { year: 2020, file: '2020.xlsx' });

describe('carry-over across the 2020 → 2021 change of format', () => {
  it('holds: no carry-over finding; in-force cannot be assessed against a 2019-format report', () => {
    const fs = checkReport(cleanReport('2021'), { previous: report2020() });
    expect(fs.filter((f) => f.severity !== 'info')).toEqual([]);
    const info = fs.filter((f) => f.severity === 'info');
    expect(codes(info)).toEqual([`CROSS_YEAR_NOT_ASSESSABLE/in-force ${S2}!D3`]);
    expect(info[0]!.message).toContain('上年报告为 2019 年格式，没有');
    expect(info[0]!.message).toContain('现行有效件数');
  });

  it('broken in the 自然人 column: one CARRY_OVER error at D5 with last year’s value', () => {
    // 二 raised to 2 and 一 lowered to 5 keep this year's own balance; only the link to last year breaks
    const r = edited(cleanReport('2021'), {
      'applications.carriedOver.natural': 2,
      'applications.carriedOver.total': 2,
      'applications.newReceived.natural': 5,
      'applications.newReceived.total': 6,
    });
    const fs = checkReport(r, { previous: report2020() }).filter((f) => f.code !== 'CROSS_YEAR_NOT_ASSESSABLE');
    expect(codes(fs)).toEqual([`CARRY_OVER/carry-over ${S3}!D5`]);
    expect(fs[0]).toMatchObject({ severity: 'error', expected: 1, actual: 2, difference: 1, cells: [`${S3}!D5`] });
    expect(fs[0]!.message).toContain('“二、上年结转政府信息公开申请数量”行“自然人”列本年为 2');
    expect(fs[0]!.message).toContain('上年“四、结转下年度继续办理”（1）');
    expect(fs[0]!.message).toContain('2020.xlsx');
  });

  it('without last year’s report it is not assessable, never passed', () => {
    const fs = checkReport(cleanReport('2021'));
    const carry = fs.filter((f) => (f.relation ?? f.rule) === 'carry-over');
    expect(carry).toHaveLength(1);
    expect(carry[0]).toMatchObject({ code: 'CROSS_YEAR_NOT_ASSESSABLE', severity: 'info' });
    expect(carry[0]!.cells).toContain(`${S3}!D5`);
    expect(carry[0]!.message).toContain('未提供上年报告');
  });

  it('last year’s value unreadable: not assessable for that column, not a mismatch', () => {
    const prev = edited(report2020(), { 'applications.carryForward.natural': { kind: 'text', raw: '一', scaled: null, number: null } });
    const fs = checkReport(cleanReport('2021'), { previous: prev });
    expect(fs.filter((f) => f.severity === 'error')).toEqual([]);
    const na = fs.filter((f) => f.code === 'CROSS_YEAR_NOT_ASSESSABLE' && (f.relation ?? f.rule) === 'carry-over');
    expect(na).toHaveLength(1);
    expect(na[0]!.message).toContain('上年“四、结转下年度继续办理”行“自然人”列为文字“一”');
  });
});

describe('items-2019 (2019 → 2020, both 2019 format)', () => {
  // 2019: 行政许可 上一年项目数量 12, 本年增/减 −2 → 2020 上一年项目数量 should be 10
  // and whose 四、结转下年度继续办理 (自然人 2, 总计 2) is 2020's 二
  const report2019 = () =>
    cleanReport('2019', {
      year: 2019,
      file: '2019.xlsx',
      numbers: {
        'active.licensing.previousYearItems': 12,
        'active.licensing.change': -2,
        'applications.carryForward.natural': 2,
        'applications.carryForward.total': 2,
      },
    });

  it('holds', () => {
    const fs = checkReport(report2020(), { previous: report2019() });
    expect(fs).toEqual([]);
  });

  it('broken: one ITEMS_2019 warning', () => {
    const fs = checkReport(edited(report2020(), { 'active.licensing.previousYearItems': 11 }), { previous: report2019() });
    expect(codes(fs)).toEqual([`ITEMS_2019/items-2019 ${S2}!B7`]);
    expect(fs[0]).toMatchObject({ severity: 'warning', expected: 10, actual: 11, difference: 1 });
    expect(fs[0]!.message).toContain('上年同一格（12） + 上年“本年增/减”（-2） = 10');
  });
});

describe('in-force (2021 → 2022)', () => {
  // 2021 规章 现行有效 10; 2022 制发 3, 废止 1 → 12
  const report2021 = () => cleanReport('2021', { year: 2021, file: '2021.xlsx', numbers: { 'active.regulations.inForce': 10 } });
  const report2022 = () => cleanReport('2021', { year: 2022, file: '2022.xlsx' });

  it('holds', () => {
    expect(checkReport(report2022(), { previous: report2021() })).toEqual([]);
  });

  it('broken: one IN_FORCE warning naming the three terms', () => {
    const fs = checkReport(edited(report2022(), { 'active.regulations.inForce': 13 }), { previous: report2021() });
    expect(codes(fs)).toEqual([`IN_FORCE/in-force ${S2}!D3`]);
    expect(fs[0]).toMatchObject({ severity: 'warning', expected: 12, actual: 13, difference: 1 });
    expect(fs[0]!.message).toContain('上年同一格（10） + 本年“本年制发件数”（3） − 本年“本年废止件数”（1） = 12');
  });
});

describe('last year’s report that does not fit', () => {
  it('another unit: a warning, and the cross-year rules are not assessed (no fake carry-over errors)', () => {
    const prev = { ...report2020(), unit: { name: '嵩县教育局' } };
    const r = edited(cleanReport('2021'), { 'applications.carriedOver.natural': 5 });
    const fs = checkReport(r, { previous: prev });
    expect(fs.filter((f) => f.code === 'UNIT_MISMATCH_PREVIOUS')).toHaveLength(1);
    expect(fs.some((f) => f.code === 'CARRY_OVER')).toBe(false);
    expect(fs.filter((f) => f.code === 'CROSS_YEAR_NOT_ASSESSABLE').map((f) => f.relation).sort()).toEqual(['carry-over', 'in-force']);
  });

  it('a unit name written with different punctuation is the same unit', () => {
    const prev = { ...report2020(), unit: { ...report2020().unit, name: ' 嵩县科技和工业信息化局 ' } };
    expect(checkReport(cleanReport('2021'), { previous: prev }).some((f) => f.code === 'UNIT_MISMATCH_PREVIOUS')).toBe(false);
  });

  it('not the year before: PREVIOUS_YEAR_MISMATCH', () => {
    const prev = cleanReport('2019', { year: 2019 });
    const fs = checkReport(cleanReport('2021'), { previous: prev });
    expect(fs.filter((f) => f.code === 'PREVIOUS_YEAR_MISMATCH')).toHaveLength(1);
  });
});

describe('year-on-year jumps', () => {
  const report2021 = () => cleanReport('2021', { year: 2021, numbers: { 'active.regulations.inForce': 10 } });
  it('more than ten times last year and over 50 is a YEAR_JUMP warning', () => {
    const fs = checkReport(edited(cleanReport('2021', { year: 2022 }), { 'active.licensing.decisions': 401 }), { previous: report2021() });
    expect(codes(fs)).toEqual([`YEAR_JUMP/year-jump ${S2}!B7`]);
    expect(fs[0]).toMatchObject({ expected: 40, actual: 401 });
  });
  it('small numbers and ordinary growth are not', () => {
    const prev = edited(report2021(), { 'reviews.cases.reviewUpheld': 1, 'reviews.cases.reviewCorrected': 0, 'reviews.cases.reviewTotal': 1 });
    const now = edited(cleanReport('2021', { year: 2022 }), {
      'active.licensing.decisions': 400,
      'reviews.cases.reviewUpheld': 12,
      'reviews.cases.reviewCorrected': 0,
      'reviews.cases.reviewTotal': 12,
    });
    expect(checkReport(now, { previous: prev })).toEqual([]);
  });
});
