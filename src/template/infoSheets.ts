/**
 * The two sheets a clerk reads before the tables: 填表说明 (what to fill, how, by when, whom to ask) and 基本信息
 * (who reports). The instructions name tables, columns and relations from the definition, never by retyping them.
 */
import type ExcelJS from 'exceljs';
import { format as formatDate } from 'date-fns/format';
import { cellSpecs } from '../formats/index.js';
import type { FormatDef } from '../formats/types.js';
import type { UnitInfo } from '../report/report.js';
import { protectSheet } from './protection.js';
import { allBorders, headerFill, inputFill, labelFont, lineHeight, textWidth } from './styles.js';

import { basicInfoFields, basicInfoSheetName, instructionsSheetName, type BasicInfoKey } from '../workbook/contract.js';

/** 1月31日 of the year after the report year: the 条例第四十九条 deadline for a 县级以上人民政府部门. */
export function submissionDeadline(reportYear: number): Date {
  return new Date(reportYear + 1, 0, 31);
}

export function instructionLines(format: FormatDef, reportYear: number, region?: string): string[] {
  const deadline = formatDate(submissionDeadline(reportYear), 'yyyy年M月d日');
  const authority = `${region ?? '本级'}政府信息公开工作主管部门`;
  const specs = cellSpecs(format);
  const columnsOf = (domain: string) => [...new Set(specs.filter((s) => s.domain === domain).map((s) => `“${s.column.label}”`))];
  const signed = columnsOf('signedCount');
  const money = columnsOf('money');
  const balances = format.tables.flatMap((t) => t.balances.map((b) => `${t.sheetName}：${b.description}`));
  return [
    `${reportYear}年度政府信息公开工作年度报告统计表 填表说明`,
    `一、填写什么`,
    `本表按${format.issuedBy}规定的格式制作，统计期间为${reportYear}年1月1日至${reportYear}年12月31日。`,
    `请先在“${basicInfoSheetName}”工作表填写单位名称、统一社会信用代码、填报人等信息，再依次填写：`,
    ...format.tables.map((t) => `  · 工作表“${t.sheetName}”：${t.heading}`),
    `二、怎么填`,
    `1. 只在浅黄色单元格中填写数字；没有发生的填 0，不要留空，不要填“—”“无”等文字。`,
    `2. 件数、项数填写大于或等于 0 的整数。`,
    ...(signed.length ? [`3. ${signed.join('、')}填写整数，减少时填负数（如 -3）。`] : []),
    ...(money.length ? [`${signed.length ? 4 : 3}. ${money.join('、')}以万元为单位，最多保留 4 位小数。`] : []),
    `· 灰色单元格为合计，由公式自动计算，已锁定，无需填写。`,
    ...balances.map((b) => `· 勾稽关系（${b}）：表格下方的校验行显示“平衡”即相符；显示数字（差额）并变红时，请核对数据。`),
    `· 工作表已保护，防止误改表头和公式；请勿删除、移动行列或改动工作表名称，以便汇总时自动读取。`,
    `三、何时报送`,
    `请于${deadline}前将本表与年度报告一并报送${authority}，并按规定向社会公布。`,
    `四、有疑问请咨询`,
    `填报中如有疑问，请咨询${authority}。`,
  ];
}

export function writeInstructionsSheet(
  workbook: ExcelJS.Workbook,
  format: FormatDef,
  reportYear: number,
  region: string | undefined,
  password?: string,
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(instructionsSheetName, {
    views: [{ showGridLines: false }],
    pageSetup: {
      paperSize: 9,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    },
  });
  // narrow enough to print on A4 portrait at 100 % (LibreOffice did not scale the old 100-character column and cut the
  // text at the right edge); the rows below are sized for this width
  const width = 84;
  sheet.getColumn(1).width = width;
  instructionLines(format, reportYear, region).forEach((line, i) => {
    const cell = sheet.getCell(i + 1, 1);
    cell.value = line;
    const heading = i === 0 || /^[一二三四五六七八九十]、/.test(line);
    cell.font = labelFont(heading);
    if (i === 0) cell.font = { ...labelFont(true), size: 14 };
    cell.alignment = { vertical: 'middle', horizontal: i === 0 ? 'center' : 'left', wrapText: true };
    sheet.getRow(i + 1).height = Math.ceil(Math.ceil(textWidth(line) / (width - 2)) * lineHeight + (i === 0 ? 14 : 6));
  });
  sheet.pageSetup.printArea = `A$1:A$${instructionLines(format, reportYear, region).length}`;
  protectSheet(sheet, password);
  return sheet;
}

export function writeBasicInfoSheet(
  workbook: ExcelJS.Workbook,
  reportYear: number,
  unit: UnitInfo,
  password?: string,
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(basicInfoSheetName, {
    views: [{ showGridLines: false }],
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.getColumn(1).width = 22;
  sheet.getColumn(2).width = 50;
  sheet.mergeCells('A1:B1');
  const title = sheet.getCell('A1');
  title.value = basicInfoSheetName;
  title.font = { ...labelFont(true), size: 14 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(1).height = 28;
  const values: Record<BasicInfoKey, string | number | undefined> = {
    name: unit.name,
    code: unit.code,
    region: unit.region,
    reportYear,
    filler: unit.filler,
    phone: unit.phone,
    filledDate: unit.filledDate,
  };
  const prompts: Record<BasicInfoKey, string> = {
    name: '请填写单位全称，与公章一致。',
    code: '请填写 18 位统一社会信用代码。',
    region: '请填写所属的县（市、区）或乡镇。',
    reportYear: '本表所报告的年度。',
    filler: '请填写填报人姓名。',
    phone: '请填写填报人联系电话。',
    filledDate: '请填写填报日期，如 2026-01-15。',
  };
  basicInfoFields.forEach((field, i) => {
    const row = i + 2;
    const label = sheet.getCell(row, 1);
    label.value = field.label;
    label.font = labelFont(true);
    label.fill = headerFill;
    label.border = allBorders;
    label.alignment = { vertical: 'middle', horizontal: 'center' };
    const cell = sheet.getCell(row, 2);
    const value = values[field.key];
    // text stays text: a name like "=HYPERLINK(…)" is written as a string, never as a formula
    cell.value = value === undefined ? null : value;
    cell.font = labelFont();
    cell.border = allBorders;
    cell.fill = inputFill;
    cell.alignment = { vertical: 'middle', horizontal: 'left', wrapText: true };
    cell.protection = { locked: false };
    if (field.key !== 'reportYear') cell.numFmt = '@';
    cell.dataValidation =
      field.key === 'reportYear'
        ? {
            type: 'whole',
            operator: 'greaterThanOrEqual',
            formulae: [2019],
            allowBlank: false,
            showInputMessage: true,
            showErrorMessage: true,
            promptTitle: '填写说明',
            prompt: prompts[field.key],
            errorTitle: '输入有误',
            error: '报告年度须为 2019 年或以后的整数年份。',
          }
        : field.key === 'code'
          ? {
              type: 'textLength',
              operator: 'equal',
              formulae: [18],
              allowBlank: true,
              showInputMessage: true,
              showErrorMessage: true,
              promptTitle: '填写说明',
              prompt: prompts[field.key],
              errorTitle: '输入有误',
              error: '统一社会信用代码应为 18 位。',
            }
          : // a prompt without a restriction: exceljs writes type "any" although its typings omit it
            ({ type: 'any', formulae: [], allowBlank: true, showInputMessage: true, promptTitle: '填写说明', prompt: prompts[field.key] } as unknown as ExcelJS.DataValidation);
    sheet.getRow(row).height = Math.min(409, Math.max(22, Math.ceil(Math.ceil(textWidth(String(value ?? '')) / 48) * lineHeight + 6)));
  });
  protectSheet(sheet, password);
  return sheet;
}
