/**
 * The 情况说明 sheet: rows of (表, 行（项目）, 情况说明) where a unit explains a warning that reflects what really
 * happened (a normative document expired, so 现行有效件数 does not follow last year's). The table and row are
 * picked from validation lists taken from the definition (kept in the very-hidden metadata sheet, so they neither
 * show nor get in a reader's way); only the three columns are unlocked.
 */
import type ExcelJS from 'exceljs';
import type { FormatDef } from '../formats/types.js';
import { allItemLabels, explainTables } from '../explain/items.js';
import { explanationHeaders, explanationSheetName, metadataListColumns, metadataListRange } from '../workbook/contract.js';
import { protectSheet } from './protection.js';
import { compactValidations } from './validationRanges.js';
import { allBorders, bodyFont, headerFill, inputFill, labelFont } from './styles.js';

/** rows a unit can fill */
export const explanationRows = 20;
const firstRow = 4;

export function writeExplanationSheet(workbook: ExcelJS.Workbook, format: FormatDef, password?: string): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(explanationSheetName, {
    views: [{ showGridLines: false }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  [6, 36, 48, 70].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  sheet.mergeCells(1, 1, 1, 4);
  const title = sheet.getCell(1, 1);
  title.value = explanationSheetName;
  title.font = { ...labelFont(true), size: 14 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.mergeCells(2, 1, 2, 4);
  const note = sheet.getCell(2, 1);
  note.value =
    '校验给出“警告”的数据如确属实际情况（例如规范性文件自然失效，现行有效件数与上年结转不一致），请在下表选择所在的表和行（项目），写明原因，审核时该警告记为“已说明”。' +
    '“错误”（合计不符、勾稽关系不平、数值不合规范等）必须改正，不能以说明代替。';
  note.font = bodyFont();
  note.alignment = { wrapText: true, vertical: 'top' };
  sheet.getRow(2).height = 48;
  const header = sheet.getRow(3);
  explanationHeaders.forEach((h, i) => {
    const c = header.getCell(i + 1);
    c.value = h;
    c.font = labelFont(true);
    c.fill = headerFill;
    c.border = allBorders;
    c.alignment = { horizontal: 'center', vertical: 'middle' };
  });
  const tablesCount = format.tables.length;
  const itemsCount = allItemLabels(format).length;
  for (let r = firstRow; r < firstRow + explanationRows; r += 1) {
    const row = sheet.getRow(r);
    row.height = 30;
    const n = row.getCell(1);
    n.value = r - firstRow + 1;
    n.font = bodyFont();
    n.border = allBorders;
    n.alignment = { horizontal: 'center', vertical: 'top' };
    for (let c = 2; c <= 4; c += 1) {
      const cell = row.getCell(c);
      cell.font = bodyFont();
      cell.border = allBorders;
      cell.fill = inputFill;
      cell.protection = { locked: false };
      cell.alignment = { wrapText: true, vertical: 'top' };
    }
    row.getCell(2).dataValidation = chooseFrom(metadataListRange(metadataListColumns.tables, tablesCount), '表', '请从下拉列表中选择要说明的表。');
    row.getCell(3).dataValidation = chooseFrom(
      metadataListRange(metadataListColumns.items, itemsCount),
      '行（项目）',
      '请从下拉列表中选择该表的行（项目）；说明整张表请选“（整张表）”。',
    );
  }
  // one rectangle per column, not exceljs's overlapping ranges
  compactValidations(sheet);
  protectSheet(sheet, password);
  return sheet;
}

/** The validation lists, written into the metadata sheet's columns D and E (its key/value rows stay in A and B). */
export function writeExplanationLists(metadata: ExcelJS.Worksheet, format: FormatDef): void {
  explainTables(format).forEach((t, i) => (metadata.getCell(i + 1, metadataListColumns.tables).value = t.label));
  allItemLabels(format).forEach((label, i) => (metadata.getCell(i + 1, metadataListColumns.items).value = label));
}

/** A drop-down list of `range` (a list on the metadata sheet), refusing anything typed that is not on it. */
function chooseFrom(range: string, what: string, error: string): ExcelJS.DataValidation {
  return {
    type: 'list',
    allowBlank: true,
    formulae: [range],
    showErrorMessage: true,
    errorTitle: '请从列表中选择',
    error,
    showInputMessage: true,
    promptTitle: what,
    prompt: `选择要说明的${what}`,
  };
}
