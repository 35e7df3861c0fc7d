import { describe, expect, it } from 'vitest';
import { checkReportWith } from '../../src/check/checkReport.js';
import type { FormatDef, FormatId } from '../../src/formats/types.js';
import { reportFromNumbers } from '../../src/report/build.js';

/**
 * The official formats have no sum over money yet, but a future one may: a small made-up definition with a money
 * column and a total row shows the rule engine sums 万元 exactly, as integer ten-thousandths.
 */
const moneyFormat: FormatDef = {
  id: 'money-test' as FormatId,
  issuedBy: '测试',
  years: { from: 2030 },
  tables: [
    {
      id: 'active',
      heading: '二、测试金额',
      sheetName: '金额',
      blocks: [
        {
          key: 'fees',
          rows: [
            { key: 'a', label: '甲' },
            { key: 'b', label: '乙' },
            { key: 'sum', label: '合计' },
          ],
          columns: [{ key: 'amount', label: '金额（万元）', domain: 'money' }],
        },
      ],
      sums: [{ id: 'row-total', axis: 'rows', total: 'sum', items: ['a', 'b'], description: '合计 = 甲 + 乙' }],
      balances: [],
    },
  ],
  crossYear: [],
};

const report = (a: number, b: number, sum: number) =>
  reportFromNumbers({
    format: moneyFormat,
    reportYear: null,
    unit: { name: '测试单位' },
    numbers: { 'active.a.amount': a, 'active.b.amount': b, 'active.sum.amount': sum },
    where: (k) => ({ sheet: '金额', cell: { 'active.a.amount': 'B2', 'active.b.amount': 'B3', 'active.sum.amount': 'B4' }[k] }),
  });

const errors = (r: ReturnType<typeof report>) => checkReportWith(r, moneyFormat).filter((f) => f.severity === 'error');

describe('money sums are exact', () => {
  it('0.1 + 0.2 = 0.3 万元 holds (in floating point it would not)', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(errors(report(0.1, 0.2, 0.3))).toEqual([]);
  });

  it('a difference of 0.0001 万元 is found and shown with its decimals', () => {
    const fs = errors(report(1.0001, 2.0002, 3.0004));
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ code: 'ROW_TOTAL', cells: ['金额!B4', '金额!B2', '金额!B3'], expected: 3.0003, actual: 3.0004, difference: 0.0001 });
    expect(fs[0]!.message).toContain('填报为 3.0004，按本列各项计算应为 3.0003（甲（1.0001） + 乙（2.0002）），相差 0.0001');
  });

  it('large amounts with four decimals stay exact', () => {
    expect(errors(report(123456789.1234, 0.0001, 123456789.1235))).toEqual([]);
  });
});
