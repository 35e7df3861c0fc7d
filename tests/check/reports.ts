/**
 * Reports for the check tests: worked examples typed from the spec's relations, with every value's provenance at
 * the cell our template's layout gives it, and small helpers to break one value at a time.
 */
import { formats, type CellKey } from '../../src/formats/index.js';
import type { FormatId } from '../../src/formats/types.js';
import { address, tableLayout } from '../../src/layout/tableLayout.js';
import { reportFromNumbers } from '../../src/report/build.js';
import type { Report, ReportValue } from '../../src/report/report.js';
import { toScaled } from '../../src/report/money.js';

export function templateCells(format: FormatId): (key: CellKey) => { sheet?: string; cell?: string } {
  const where = new Map<CellKey, { sheet: string; cell: string }>();
  for (const table of formats[format].tables) {
    const layout = tableLayout(table);
    for (const [key, c] of layout.valueCells) where.set(key, { sheet: table.sheetName, cell: address(c.row, c.col) });
  }
  return (key) => where.get(key) ?? {};
}

/**
 * Table 三 of a 2019-format report, consistent by hand:
 *   自然人:   一 5, 二 2; （一）4, （二）1, （三）4. 1 → （七）6; 四 1      5 + 2 = 6 + 1
 *   商业企业: 一 2, 二 0; （一）1, （五）2. 1 → （七）2; 四 0            2 + 0 = 2 + 0
 *   总计:     一 7, 二 2; （一）5, （二）1, （三）4. 1, （五）2. 1 → （七）8; 四 1
 * Table 四: 行政复议 维持 1 纠正 1 → 总计 2; 未经复议直接起诉 维持 1 尚未审结 1 → 总计 2.
 * Table 二: 规章 本年新制作 2; 行政许可 上一年项目数量 10, 本年增/减 −2, 处理决定数量 30; 采购总金额 12.3456 万元.
 */
export const applications2019: Record<string, number> = {
  'applications.newReceived.natural': 5,
  'applications.carriedOver.natural': 2,
  'applications.granted.natural': 4,
  'applications.partlyGranted.natural': 1,
  'applications.withheldThirdParty.natural': 1,
  'applications.resultsTotal.natural': 6,
  'applications.carryForward.natural': 1,
  'applications.newReceived.commercial': 2,
  'applications.granted.commercial': 1,
  'applications.notProcessedRepeated.commercial': 1,
  'applications.resultsTotal.commercial': 2,
  'applications.newReceived.total': 7,
  'applications.carriedOver.total': 2,
  'applications.granted.total': 5,
  'applications.partlyGranted.total': 1,
  'applications.withheldThirdParty.total': 1,
  'applications.notProcessedRepeated.total': 1,
  'applications.resultsTotal.total': 8,
  'applications.carryForward.total': 1,
};

export const reviews: Record<string, number> = {
  'reviews.cases.reviewUpheld': 1,
  'reviews.cases.reviewCorrected': 1,
  'reviews.cases.reviewTotal': 2,
  'reviews.cases.directUpheld': 1,
  'reviews.cases.directPending': 1,
  'reviews.cases.directTotal': 2,
};

export const active2019: Record<string, number> = {
  'active.regulations.newlyMade': 2,
  'active.licensing.previousYearItems': 10,
  'active.licensing.change': -2,
  'active.licensing.decisions': 30,
  'active.centralProcurement.procurementAmount': 12.3456,
};

/**
 * Table 三 of a 2021-format report following the 2020 report above (二 = last year's 四 per column):
 *   自然人:   一 6, 二 1; （一）4, （二）1, （六）1. 1 → （七）6; 四 1      6 + 1 = 6 + 1
 *   商业企业: 一 1, 二 0; （一）1 → （七）1; 四 0
 *   总计:     一 7, 二 1; （一）5, （二）1, （六）1. 1 → （七）7; 四 1
 */
export const applications2021: Record<string, number> = {
  'applications.newReceived.natural': 6,
  'applications.carriedOver.natural': 1,
  'applications.granted.natural': 4,
  'applications.partlyGranted.natural': 1,
  'applications.otherOverdueCorrection.natural': 1,
  'applications.resultsTotal.natural': 6,
  'applications.carryForward.natural': 1,
  'applications.newReceived.commercial': 1,
  'applications.granted.commercial': 1,
  'applications.resultsTotal.commercial': 1,
  'applications.newReceived.total': 7,
  'applications.carriedOver.total': 1,
  'applications.granted.total': 5,
  'applications.partlyGranted.total': 1,
  'applications.otherOverdueCorrection.total': 1,
  'applications.resultsTotal.total': 7,
  'applications.carryForward.total': 1,
};

export const active2021: Record<string, number> = {
  'active.regulations.issued': 3,
  'active.regulations.repealed': 1,
  'active.regulations.inForce': 12,
  'active.licensing.decisions': 40,
  'active.fees.feeAmount': 0.3,
};

export const unit = { name: '嵩县科技和工业信息化局', filler: '张三', phone: '0379-66300000', filledDate: '2021-01-20' };

export function cleanReport(format: FormatId, o: { year?: number; file?: string; numbers?: Record<string, number> } = {}): Report {
  const numbers = { ...(format === '2019' ? { ...active2019, ...applications2019 } : { ...active2021, ...applications2021 }), ...reviews, ...o.numbers };
  return reportFromNumbers({
    format: formats[format],
    reportYear: o.year ?? (format === '2019' ? 2020 : 2021),
    unit,
    file: o.file ?? `${format}.xlsx`,
    kind: 'workbook',
    numbers,
    where: templateCells(format),
  });
}

/** A copy of the report with some values replaced (numbers in display units, or whole values). */
export function edited(report: Report, changes: Record<CellKey, number | Partial<ReportValue>>): Report {
  const values = { ...report.values };
  const spec = (k: CellKey) => (k.endsWith('procurementAmount') || k.endsWith('feeAmount') ? 'money' : 'count');
  for (const [key, change] of Object.entries(changes)) {
    const old = values[key];
    if (!old) throw new Error(`no value ${key}`);
    values[key] =
      typeof change === 'number'
        ? { ...old, kind: change === 0 ? 'zero' : 'number', number: change, scaled: toScaled(change, spec(key)), raw: String(change) }
        : { ...old, ...change };
  }
  return { ...report, values };
}

export const blank: Partial<ReportValue> = { kind: 'blank', scaled: null, number: null, raw: '' };
