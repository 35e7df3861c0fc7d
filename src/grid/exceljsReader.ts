/**
 * The general path: any xlsx exceljs can open, turned into the same grid the lean reader produces. The value
 * interpretation (dates, display text, extent) comes from cellText.ts, shared with the lean reader, so a differential
 * test can hold the two to identical output.
 */
import ExcelJS from 'exceljs';
import { shiftFormula } from './sharedFormula.js';
import { gridIndex, type GridCell, type GridMerge, type GridSheet, type GridWorkbook } from './grid.js';
import {
  defaultSheetLimits,
  displayText,
  msToSerial,
  normaliseNumberFormat,
  parseRange,
  sheetExtent,
  type SheetLimits,
} from './cellText.js';
import { WorkbookReadError } from './readFailure.js';

export interface ExceljsReadOptions {
  limits?: SheetLimits;
}

export async function readXlsxWithExceljs(
  bytes: Uint8Array,
  file: string,
  options: ExceljsReadOptions = {},
): Promise<GridWorkbook> {
  const limits = options.limits ?? defaultSheetLimits;
  const workbook = new ExcelJS.Workbook();
  // exceljs's typings want its own Buffer flavour; the bytes are what it reads either way
  await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never, {
    ignoreNodes: ['dataValidations', 'conditionalFormatting', 'hyperlinks', 'drawing', 'picture', 'extLst'],
  } as never);
  const date1904 = Boolean(workbook.properties?.date1904);
  const sheets = workbook.worksheets.map((ws) => sheetFromWorksheet(ws, date1904, limits));
  return { source: { file, kind: 'xlsx' }, sheets };
}

function sheetFromWorksheet(ws: ExcelJS.Worksheet, date1904: boolean, limits: SheetLimits): GridSheet {
  const cells = new Map<number, GridCell>();
  ws.eachRow({ includeEmpty: false }, (row) => {
    if (row.number > limits.maxRows) {
      throw new WorkbookReadError('SHEET_TOO_LARGE', `工作表“${ws.name}”的行号超过 ${limits.maxRows}`);
    }
    row.eachCell({ includeEmpty: false }, (c) => {
      const cell = gridCellOf(c, date1904);
      if (!cell) return;
      cells.set(gridIndex(cell.row, cell.col), cell);
      if (cells.size > limits.maxCells) {
        throw new WorkbookReadError('SHEET_TOO_LARGE', `工作表“${ws.name}”有超过 ${limits.maxCells} 个非空单元格`);
      }
    });
  });
  const merges = mergesOf(ws);
  const { rowCount, colCount } = sheetExtent(cells.values(), merges);
  const state = ws.state === 'hidden' || ws.state === 'veryHidden' ? ws.state : 'visible';
  return { name: ws.name, cells, merges, state, rowCount, colCount };
}

function mergesOf(ws: ExcelJS.Worksheet): GridMerge[] {
  // `model.merges` keeps the ranges in file order as `A1:B2` strings
  const refs = (ws.model as unknown as { merges?: string[] }).merges ?? [];
  return refs.map((ref) => parseRange(ref)).filter((m): m is GridMerge => m !== undefined);
}

type Scalar = number | string | boolean | Date | { error: string } | { richText: { text: string }[] } | null | undefined;

function gridCellOf(c: ExcelJS.Cell, date1904: boolean): GridCell | undefined {
  if (c.type === ExcelJS.ValueType.Merge) return undefined;
  const row = Number(c.row) - 1;
  const col = Number(c.col) - 1;
  const numberFormat = normaliseNumberFormat(c.numFmt || undefined);
  const v = c.value as unknown;

  let formula: string | undefined;
  let scalar: Scalar;
  let withoutResult = false;
  if (c.type === ExcelJS.ValueType.Formula) {
    // the model, not `value`: exceljs's `value` drops a cached result of 0
    const f = c.model as unknown as { formula?: string; sharedFormula?: string; result?: Scalar };
    // a shared formula's followers refer to their master: each reads the master's text moved to where it is
    formula = f.formula ?? followerFormula(c, f.sharedFormula);
    scalar = f.result;
    withoutResult = scalar === undefined || scalar === null || scalar === '';
    if (withoutResult) scalar = null;
  } else {
    scalar = v as Scalar;
  }

  let value: GridCell['value'] = null;
  let error: string | undefined;
  if (scalar instanceof Date) value = msToSerial(scalar.getTime(), date1904);
  else if (typeof scalar === 'number' || typeof scalar === 'string' || typeof scalar === 'boolean') value = scalar;
  else if (scalar && typeof scalar === 'object') {
    if ('error' in scalar) error = scalar.error;
    else if ('richText' in scalar) value = scalar.richText.map((r) => r.text).join('');
    else if ('text' in scalar) value = String((scalar as { text: unknown }).text); // hyperlink
  }
  if (formula === undefined && value === null && error === undefined) return undefined;

  const cell: GridCell = { row, col, value, text: displayText(value, numberFormat, date1904, error) };
  if (formula !== undefined) cell.formula = formula;
  if (formula !== undefined && withoutResult) cell.formulaWithoutResult = true;
  if (error !== undefined) cell.error = error;
  if (numberFormat !== undefined) cell.numberFormat = numberFormat;
  return cell;
}

/** '' when the master cannot be found: still a formula (so a missing result is reported), never another cell's text. */
function followerFormula(c: ExcelJS.Cell, masterAddress: string | undefined): string {
  if (!masterAddress) return '';
  const master = c.worksheet.getCell(masterAddress);
  const text = (master.model as { formula?: string }).formula;
  if (text === undefined) return '';
  return shiftFormula(text, Number(c.row) - Number(master.row), Number(c.col) - Number(master.col));
}
