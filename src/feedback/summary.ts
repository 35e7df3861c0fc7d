/**
 * 审核情况.xlsx: one row per unit (every roster unit when there is a roster) with its result, counts and a link to
 * its 审核意见 copy, laid out to print on A4. It carries our marker, so a later run never takes it for a submission.
 */
import ExcelJS from 'exceljs';
import { format as formatDate } from 'date-fns/format';
import { version } from '../version.js';
import { feedbackCounts, feedbackResult, feedbackResultLabel } from './opinion.js';
import { basicInfoLabel, feedbackMarkerSheetName, feedbackSummarySheetName, markerKey, markerKinds } from '../workbook/contract.js';
import type { Finding } from '../findings/finding.js';

export const feedbackSummaryName = `${feedbackSummarySheetName}.xlsx`;

export interface FeedbackSummaryEntry {
  unit?: string;
  unitCode?: string;
  /** the unit's file; absent for a roster unit that sent none */
  file?: string;
  readable: boolean;
  findings: readonly Finding[];
  /** the 审核意见 copy written for it, relative to the summary */
  copy?: string;
  /** for a resubmission: how many earlier files the unit sent, and findings the newest file resolved */
  history?: string;
}

export interface FeedbackSummaryOptions {
  title?: string;
  checkedAt?: Date;
  /** roster units without any file, listed as 未报送 */
  missing?: readonly { name: string; code?: string }[];
}

const fills = { passed: 'FFC6EFCE', needsChanges: 'FFFFC7CE', unreadable: 'FFFFC7CE', missing: 'FFD9D9D9' };

export async function feedbackSummaryWorkbook(entries: readonly FeedbackSummaryEntry[], o: FeedbackSummaryOptions = {}): Promise<Buffer> {
  const checkedAt = o.checkedAt ?? new Date();
  const wb = new ExcelJS.Workbook();
  wb.creator = `nianbao ${version}`;
  const ws = wb.addWorksheet(feedbackSummarySheetName, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' },
    views: [{ state: 'frozen', ySplit: 3 }],
  });
  const columns = [
    ['序号', 6], [basicInfoLabel('name'), 30], [basicInfoLabel('code'), 22], ['报送文件', 34], ['审核结果', 10],
    ['错误', 7], ['警告', 7], ['已说明', 8], ['提示', 7], ['审核意见副本', 36], ['报送记录', 40],
  ] as const;
  columns.forEach(([, w], i) => (ws.getColumn(i + 1).width = w));
  ws.mergeCells(1, 1, 1, columns.length);
  ws.getCell(1, 1).value = o.title ?? feedbackSummarySheetName;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  const results = entries.map((e) => feedbackResult(e.findings, e.readable));
  const count = (r: string) => results.filter((x) => x === r).length;
  ws.mergeCells(2, 1, 2, columns.length);
  ws.getCell(2, 1).value =
    `审核时间 ${formatDate(checkedAt, 'yyyy-MM-dd HH:mm')}；共 ${entries.length} 份文件：通过 ${count('passed')}，需修改 ${count('needsChanges')}，无法读取 ${count('unreadable')}` +
    (o.missing && o.missing.length > 0 ? `；未报送 ${o.missing.length} 个单位` : '');
  const header = ws.getRow(3);
  columns.forEach(([label], i) => {
    const c = header.getCell(i + 1);
    c.value = label;
    c.font = { bold: true };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
    c.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  let n = 0;
  const border = { style: 'thin' as const };
  const addRow = (values: (string | number | ExcelJS.CellHyperlinkValue | null)[], fill: string) => {
    const row = ws.addRow(values);
    row.eachCell({ includeEmpty: true }, (c, col) => {
      c.border = { top: border, left: border, bottom: border, right: border };
      c.alignment = { vertical: 'top', wrapText: true };
      if (col === 5) c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
    });
    return row;
  };
  entries.forEach((e, i) => {
    const c = feedbackCounts(e.findings);
    const result = results[i]!;
    const row = addRow(
      [
        (n += 1),
        e.unit ?? '（未能读出）',
        e.unitCode ?? '',
        e.file ?? '',
        feedbackResultLabel[result],
        c.errors,
        c.warnings,
        c.explained,
        c.infos,
        e.copy ? { text: e.copy, hyperlink: encodeURI(e.copy) } : '',
        e.history ?? '',
      ],
      fills[result],
    );
    if (e.copy) row.getCell(10).font = { color: { argb: 'FF0563C1' }, underline: true };
  });
  for (const m of o.missing ?? []) addRow([(n += 1), m.name, m.code ?? '', '', '未报送', '', '', '', '', '', ''], fills.missing);

  const marker = wb.addWorksheet(feedbackMarkerSheetName, { state: 'veryHidden' });
  marker.addRow([markerKey.kind, markerKinds.summary]);
  marker.addRow([markerKey.generatorVersion, version]);
  marker.addRow([markerKey.checkedAt, checkedAt.toISOString()]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
