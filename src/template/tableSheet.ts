/**
 * One official table on one sheet, laid out cell for cell by `tableLayout` from A1: labels, merges, input cells
 * with validation, total formulas with cached results, table 三's live balance check, print and view setup.
 * The template, the consolidated summary and `parse --out` all write their tables through `writeTableSheets`.
 */
import type ExcelJS from 'exceljs';
import { cellSpecMap, type CellKey } from '../formats/index.js';
import type { FormatDef, TableDef, ValueDomain } from '../formats/types.js';
import { address, columnLetter, tableLayout, type LayoutCell, type TableLayout } from '../layout/tableLayout.js';
import type { Report } from '../report/report.js';
import { balanceChecks, balancedText, TemplateValues, type BalanceCheck } from './formulas.js';
import { protectSheet } from './protection.js';
import { compactValidations } from './validationRanges.js';
import {
  alarmFill,
  allBorders,
  bodyFont,
  headerFill,
  inputFill,
  labelFont,
  lineHeight,
  numberFormats,
  textWidth,
  totalFill,
} from './styles.js';

export interface TableSheetOptions {
  /** protect the sheets (default true); `password` sets a password on the protection */
  protect?: boolean;
  password?: string;
  /** fill the input cells yellow (default true: a template to fill in; a summary prints like the official form) */
  inputFill?: boolean;
  /** printed at the left of every page's header, e.g. `示例县 2025年度` (a summary says whose figures they are) */
  pageHeaderLeft?: string;
}

/** The data validation (with its Chinese prompt and error) of an input cell of a domain. */
export function inputValidation(domain: ValueDomain, cellAddress: string): ExcelJS.DataValidation {
  const common = {
    allowBlank: true,
    showInputMessage: true,
    showErrorMessage: true,
    errorStyle: 'stop',
    promptTitle: '填写说明',
    errorTitle: '输入有误',
  } as const;
  switch (domain) {
    case 'count':
      return {
        ...common,
        type: 'whole',
        operator: 'greaterThanOrEqual',
        formulae: [0],
        prompt: '请填写大于或等于 0 的整数；没有发生的填 0，不要留空。',
        error: '此处只能填写大于或等于 0 的整数（件数、项数）。',
      };
    case 'signedCount':
      return {
        ...common,
        type: 'whole',
        operator: 'between',
        formulae: [-999999999, 999999999],
        prompt: '请填写整数：增加填正数，减少填负数（如 -3），没有变化填 0。',
        error: '此处只能填写整数（可以是负数）。',
      };
    case 'money':
      return {
        ...common,
        type: 'custom',
        formulae: [`AND(ISNUMBER(${cellAddress}),${cellAddress}>=0,ROUND(${cellAddress},4)=${cellAddress})`],
        prompt: '请填写金额，单位：万元；大于或等于 0，最多保留 4 位小数；没有的填 0。',
        error: '此处只能填写大于或等于 0 的金额（单位：万元），最多 4 位小数。',
      };
  }
}

/** Column widths (Excel units) so that every label is readable, wrapping long ones. */
function columnWidths(layout: TableLayout): number[] {
  const widths = new Array<number>(layout.width).fill(0);
  const cap = (c: LayoutCell) => (c.role === 'rowHeader' && c.col === layout.labelColumns - 1 ? 44 : 20);
  for (const c of layout.cells) {
    if (c.colSpan !== 1 || !c.text) continue;
    // a label spanning several rows may wrap over them
    const need = textWidth(c.text) / Math.max(1, c.rowSpan) + 2;
    widths[c.col] = Math.max(widths[c.col]!, Math.min(need, cap(c)));
  }
  return widths.map((w, i) => Math.max(w, i < layout.labelColumns ? 10 : 11));
}

/** Row heights (points) that show every wrapped label in full. */
function rowHeights(layout: TableLayout, widths: readonly number[], extraRows: number): number[] {
  const heights = new Array<number>(layout.height + extraRows).fill(lineHeight + 6);
  for (const c of layout.cells) {
    if (!c.text) continue;
    const width = widths.slice(c.col, c.col + c.colSpan).reduce((s, w) => s + w, 0) - 1.5;
    const lines = Math.ceil(textWidth(c.text) / Math.max(1, width));
    const perRow = (lines * lineHeight + 6) / c.rowSpan;
    for (let r = c.row; r < c.row + c.rowSpan; r++) heights[r] = Math.max(heights[r]!, perRow);
  }
  return heights.map((h) => Math.ceil(h));
}

function styleRange(sheet: ExcelJS.Worksheet, c: LayoutCell, style: (cell: ExcelJS.Cell) => void): void {
  for (let r = c.row; r < c.row + c.rowSpan; r++) {
    for (let col = c.col; col < c.col + c.colSpan; col++) style(sheet.getCell(r + 1, col + 1));
  }
}

function writeLabel(sheet: ExcelJS.Worksheet, c: LayoutCell): void {
  const header = c.role !== 'rowHeader';
  styleRange(sheet, c, (cell) => {
    cell.border = allBorders;
    cell.font = labelFont(c.role === 'title' || c.role === 'columnHeader');
    cell.alignment = {
      vertical: 'middle',
      horizontal: header || c.rowSpan > 1 ? 'center' : 'left',
      wrapText: true,
    };
    if (header && c.role !== 'filler') cell.fill = headerFill;
  });
  if (c.text) sheet.getCell(c.row + 1, c.col + 1).value = c.text;
}

/** A formula with its cached result, or without one where there is no exact result (the spreadsheet computes it). */
function withResult(formula: string, result: number | string | null): ExcelJS.CellFormulaValue {
  return result === null ? ({ formula } as ExcelJS.CellFormulaValue) : { formula, result };
}

function writeValue(
  sheet: ExcelJS.Worksheet,
  c: LayoutCell,
  domain: ValueDomain,
  values: TemplateValues,
  fillInputs = true,
): void {
  const key = c.key!;
  const formula = values.formulaOf(key);
  styleRange(sheet, c, (cell) => {
    cell.border = allBorders;
    cell.font = bodyFont();
    cell.alignment = { vertical: 'middle', horizontal: 'right' };
    cell.numFmt = numberFormats[domain];
    if (formula) cell.fill = totalFill;
    else if (fillInputs) cell.fill = inputFill;
    if (!formula) cell.protection = { locked: false };
  });
  const cell = sheet.getCell(c.row + 1, c.col + 1);
  const stated = formula ? values.statedTotal(key) : undefined;
  if (stated) {
    cell.value = stated.value;
    cell.note = stated.note;
  } else if (formula) {
    cell.value = withResult(formula.formula, values.numberOf(key));
  } else {
    cell.value = values.inputValue(key);
    cell.dataValidation = inputValidation(domain, address(c.row, c.col));
  }
}

/** Live checks of the table's balances, under the table (axis `rows`) or to its right (axis `columns`). */
function writeBalanceChecks(
  sheet: ExcelJS.Worksheet,
  layout: TableLayout,
  checks: BalanceCheck[],
  values: TemplateValues,
): { extraRows: number; labels: { row: number; text: string; columns: number }[] } {
  const labels: { row: number; text: string; columns: number }[] = [];
  if (checks.length === 0) return { extraRows: 0, labels };
  const checkRow = layout.height + 1; // one empty row between the table and its check
  const checkCol = layout.width + 1;
  const refs: string[] = [];
  const byBalance = new Map<string, BalanceCheck[]>();
  for (const check of checks) byBalance.set(check.balance.id, [...(byBalance.get(check.balance.id) ?? []), check]);
  let extraRows = 0;
  for (const [, group] of byBalance) {
    const balance = group[0]!.balance;
    if (balance.axis === 'rows') {
      const row = checkRow + extraRows;
      const labelCols = Math.max(1, layout.labelColumns);
      sheet.mergeCells(row + 1, 1, row + 1, labelCols);
      const label = sheet.getCell(row + 1, 1);
      label.value = `勾稽关系校验（${balance.description}；显示“${balancedText}”即相符，否则显示差额）`;
      labels.push({ row, text: label.value, columns: labelCols });
      for (let col = 0; col < labelCols; col++) {
        const cell = sheet.getCell(row + 1, col + 1);
        cell.font = labelFont(true);
        cell.alignment = { vertical: 'middle', horizontal: 'left', wrapText: true };
        cell.border = allBorders;
      }
      for (const check of group) {
        const valueCell = layout.valueCells.get(check.left[0]!)!;
        const cell = sheet.getCell(row + 1, valueCell.col + 1);
        cell.value = withResult(check.formula, values.balanceResult(check));
        cell.font = bodyFont(true);
        cell.alignment = { vertical: 'middle', horizontal: 'center' };
        cell.border = allBorders;
        cell.fill = totalFill;
        refs.push(address(row, valueCell.col));
      }
      extraRows += 2;
    } else {
      for (const check of group) {
        const valueCell = layout.valueCells.get(check.left[0]!)!;
        const cell = sheet.getCell(valueCell.row + 1, checkCol + 1);
        cell.value = withResult(check.formula, values.balanceResult(check));
        cell.font = bodyFont(true);
        cell.border = allBorders;
        cell.fill = totalFill;
        refs.push(address(valueCell.row, checkCol));
      }
    }
  }
  for (const ref of refs) {
    sheet.addConditionalFormatting({
      ref,
      rules: [
        {
          type: 'expression',
          priority: 1,
          formulae: [`${ref}<>"${balancedText}"`],
          style: { fill: alarmFill, font: { color: { argb: 'FFC00000' }, bold: true } },
        },
      ],
    });
  }
  return { extraRows, labels };
}

/** Write one official table onto a new sheet named by the definition. */
export function writeTableSheet(
  workbook: ExcelJS.Workbook,
  format: FormatDef,
  table: TableDef,
  values: TemplateValues,
  layout: TableLayout = tableLayout(table),
  options: TableSheetOptions = {},
): ExcelJS.Worksheet {
  const landscape = layout.width > 6;
  const sheet = workbook.addWorksheet(table.sheetName, {
    properties: { defaultRowHeight: lineHeight + 6 },
    views: [
      layout.headerRows > 0
        ? { state: 'frozen', xSplit: layout.labelColumns, ySplit: layout.headerRows, showGridLines: false }
        : { state: 'normal', showGridLines: false },
    ],
    pageSetup: {
      paperSize: 9, // A4
      orientation: landscape ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    },
    headerFooter: {
      oddHeader: `${options.pageHeaderLeft ? `&L${options.pageHeaderLeft.replace(/&/g, '&&')}` : ''}&C&"宋体,Bold"&14${table.heading.replace(/&/g, '&&')}`,
      oddFooter: '&C第 &P 页，共 &N 页',
    },
  });
  const specs = cellSpecMap(format);
  for (const c of layout.cells) {
    if (c.rowSpan > 1 || c.colSpan > 1) sheet.mergeCells(c.row + 1, c.col + 1, c.row + c.rowSpan, c.col + c.colSpan);
    if (c.role === 'value') writeValue(sheet, c, specs.get(c.key!)?.domain ?? 'count', values, options.inputFill ?? true);
    else writeLabel(sheet, c);
  }
  const { extraRows, labels } = writeBalanceChecks(sheet, layout, balanceChecks(format, table, layout), values);
  const widths = columnWidths(layout).map((w) => Math.round(w * 10) / 10);
  widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  const heights = rowHeights(layout, widths, extraRows);
  for (const l of labels) {
    const width = widths.slice(0, l.columns).reduce((s, w) => s + w, 0) - 1.5;
    heights[l.row] = Math.ceil(Math.ceil(textWidth(l.text) / width) * lineHeight + 6);
  }
  heights.forEach((h, i) => (sheet.getRow(i + 1).height = h));
  if (layout.headerRows > 0) sheet.pageSetup.printTitlesRow = `1:${layout.headerRows}`;
  // the printed page is the official table alone: the live balance check below it is for the screen
  // absolute references ($A$1:$J$28): LibreOffice ignores a print area with relative rows. exceljs puts a `$` before
  // each end it is given, so the rows carry their own
  sheet.pageSetup.printArea = `A$1:${columnLetter(layout.width - 1)}$${layout.height}`;
  compactValidations(sheet);
  if (options.protect ?? true) protectSheet(sheet, options.password);
  return sheet;
}

/**
 * Write every table of `format` onto its own sheet, with `report`'s values in the input cells (0 everywhere when no
 * report is given). Total cells always hold their formula; its cached result is computed from the inputs.
 */
export function writeTableSheets(
  workbook: ExcelJS.Workbook,
  format: FormatDef,
  report?: Report,
  options: TableSheetOptions = {},
): ExcelJS.Worksheet[] {
  if (report && report.format !== format.id) {
    throw new Error(`report is in format ${report.format}, cannot be written as format ${format.id}`);
  }
  const layouts = new Map(format.tables.map((t) => [t.id, tableLayout(t)] as const));
  const values = new TemplateValues(format, layouts, report);
  return format.tables.map((t) => writeTableSheet(workbook, format, t, values, layouts.get(t.id)!, options));
}

export type { CellKey };
