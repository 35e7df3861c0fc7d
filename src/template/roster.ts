/**
 * The roster (名单) of units to make templates for: a workbook (.xlsx, or .xls/.et/.ods through LibreOffice) or a
 * csv with a 单位名称 column and optionally 统一社会信用代码 and 所属地区, read through the grid reader like every
 * submission. A roster with a bad row is refused as a whole, naming every bad row and why: sending 100 templates
 * out with one unit missing or misnamed is worse than fixing the list first.
 */
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { normaliseLabel } from '../formats/labels.js';
import type { GridSheet, GridWorkbook } from '../grid/grid.js';
import { csvExtensions, readTableGrid, tableWorkbookExtensions } from '../grid/readTable.js';
import { address } from '../layout/tableLayout.js';
import { cellText } from '../locate/labelIndex.js';
import { basicInfoLabel } from '../workbook/contract.js';

export interface RosterEntry {
  /** the row of the roster it came from (1-based, header included) */
  row: number;
  name: string;
  code?: string;
  region?: string;
}

export interface RosterProblem {
  row?: number;
  reason: string;
}

export class RosterError extends Error {
  readonly code = 'ROSTER_INVALID';
  constructor(
    readonly file: string,
    readonly problems: readonly RosterProblem[],
    /** the sheet the rows are on, for a roster kept in a workbook */
    readonly sheet?: string,
  ) {
    super(`名单“${file}”${sheet === undefined ? '' : `（工作表“${sheet}”）`}有误，未生成任何模板：\n${problemLines(problems)}`);
  }
}

/** The problems, one line each, with the row they are on. */
export function problemLines(problems: readonly RosterProblem[]): string {
  return problems.map((p) => `  ${p.row === undefined ? '' : `第${p.row}行：`}${p.reason}`).join('\n');
}

// the roster's column headers are the 基本信息 labels the unit will see in its template
const columnLabels = { name: basicInfoLabel('name'), code: basicInfoLabel('code'), region: basicInfoLabel('region') };

const codeChars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const codeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The 18th character of a 统一社会信用代码 (GB 32100-2015) from its first 17. */
export function creditCodeCheckDigit(first17: string): string {
  const sum = codeWeights.reduce((s, w, i) => s + codeChars.indexOf(first17[i]!) * w, 0);
  return codeChars[(31 - (sum % 31)) % 31]!;
}

/** Why a 统一社会信用代码 (GB 32100-2015) is malformed, or undefined when it is well formed. */
export function creditCodeProblem(code: string): string | undefined {
  if (code.length !== 18) return `统一社会信用代码“${code}”应为 18 位，实为 ${code.length} 位`;
  const bad = [...code].find((ch) => !codeChars.includes(ch));
  if (bad !== undefined) return `统一社会信用代码“${code}”含有不允许的字符“${bad}”（不使用 I、O、Z、S、V 及小写字母）`;
  const check = creditCodeCheckDigit(code.slice(0, 17));
  if (code[17] !== check) return `统一社会信用代码“${code}”的校验位不正确（应为 ${check}），请核对是否抄错`;
  return undefined;
}

/** Rows of text cells → roster entries, or a RosterError listing every bad row. */
export function rosterFromRows(
  file: string,
  rows: readonly (readonly (string | undefined)[])[],
  rowNumbers?: readonly number[],
  sheet?: string,
): RosterEntry[] {
  const headerIndex = rows.findIndex(isHeader);
  if (headerIndex < 0) {
    throw new RosterError(file, [{ reason: `找不到“${columnLabels.name}”列：请在第一行写上列名“${columnLabels.name}”（可选“${columnLabels.code}”“${columnLabels.region}”）` }], sheet);
  }
  const header = rows[headerIndex]!.map((c) => c?.trim() ?? '');
  const col = (label: string) => header.indexOf(label);
  const nameCol = col(columnLabels.name);
  const codeCol = col(columnLabels.code);
  const regionCol = col(columnLabels.region);
  const entries: RosterEntry[] = [];
  const problems: { row: number; reason: string }[] = [];
  const codes = new Map<string, number>();
  // two units whose names differ only in spaces or full/half-width characters are one name to a clerk and to matching
  const names = new Map<string, number>();
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const cells = rows[i]!;
    const row = rowNumbers?.[i] ?? i + 1;
    if (cells.every((c) => (c ?? '').trim() === '')) continue;
    const name = (cells[nameCol] ?? '').trim();
    const code = codeCol >= 0 ? (cells[codeCol] ?? '').trim() : '';
    const region = regionCol >= 0 ? (cells[regionCol] ?? '').trim() : '';
    if (!name) problems.push({ row, reason: '单位名称为空' });
    else {
      const key = normaliseLabel(name);
      const first = names.get(key);
      if (first !== undefined) problems.push({ row, reason: `单位名称“${name}”与第${first}行重复（不计空格和全角、半角的差别）` });
      else names.set(key, row);
    }
    if (code) {
      const problem = creditCodeProblem(code);
      if (problem) problems.push({ row, reason: problem });
      const first = codes.get(code);
      if (first !== undefined) problems.push({ row, reason: `统一社会信用代码“${code}”与第${first}行重复` });
      else codes.set(code, row);
    }
    entries.push({ row, name, ...(code ? { code } : {}), ...(region ? { region } : {}) });
  }
  if (problems.length > 0) throw new RosterError(file, problems, sheet);
  if (entries.length === 0) throw new RosterError(file, [{ reason: '名单中没有任何单位' }], sheet);
  return entries;
}

const isHeader = (cells: readonly (string | undefined)[]): boolean => cells.some((c) => c?.trim() === columnLabels.name);

/** A sheet's non-empty rows as text (what the clerk sees), with their 1-based row numbers; sparse, as the grid is. */
function sheetRows(sheet: GridSheet): { rows: string[][]; lines: number[] } {
  const byRow = new Map<number, string[]>();
  for (const cell of sheet.cells.values()) {
    let cells = byRow.get(cell.row);
    if (!cells) byRow.set(cell.row, (cells = []));
    cells[cell.col] = cellText(cell);
  }
  const order = [...byRow.keys()].sort((a, b) => a - b);
  return { rows: order.map((r) => Array.from(byRow.get(r)!, (c) => c ?? '')), lines: order.map((r) => r + 1) };
}

/** The sheet the roster is on: the first visible sheet with a 单位名称 header, else the first visible sheet. */
function rosterSheet(grid: GridWorkbook): GridSheet | undefined {
  const visible = grid.sheets.filter((s) => (s.state ?? 'visible') === 'visible');
  return visible.find((s) => sheetRows(s).rows.some(isHeader)) ?? visible[0] ?? grid.sheets[0];
}

/** An 18-digit code typed into a number cell has already lost its last digits: refuse, do not guess. */
function numbersTooLong(sheet: GridSheet): RosterProblem[] {
  const problems: RosterProblem[] = [];
  for (const cell of sheet.cells.values()) {
    if (typeof cell.value === 'number' && Math.abs(cell.value) >= 1e15) {
      const at = address(cell.row, cell.col);
      problems.push({ row: cell.row + 1, reason: `${at} 的数字 ${cell.value} 过长，已被 Excel 按数值保存而丢失精度；请把该列设为“文本”后重新输入` });
    }
  }
  return problems.sort((a, b) => a.row! - b.row!);
}

/** Read a roster from `名单.xlsx` (or .xls/.et/.ods) or `名单.csv`. */
export async function readRoster(path: string): Promise<RosterEntry[]> {
  const file = basename(path);
  const ext = extname(path).toLowerCase();
  if (!csvExtensions.has(ext) && !tableWorkbookExtensions.has(ext)) {
    throw new RosterError(file, [{ reason: `不支持的名单格式“${ext || '无扩展名'}”：请使用 .xlsx、.csv 或 .xls、.et、.ods` }]);
  }
  // a roster that is not there is a missing input (the CLI names the path), not a bad roster
  await stat(path);
  const read = await readTableGrid(path);
  if (!read.ok) throw new RosterError(file, [{ reason: `${read.message.replace(/。$/, '')}；请另存为 .xlsx 或 .csv` }]);
  const sheet = rosterSheet(read.grid);
  const sheetName = read.grid.source.kind === 'xlsx' && sheet ? sheet.name : undefined;
  if (!sheet) throw new RosterError(file, [{ reason: '工作簿中没有工作表' }]);
  const tooLong = numbersTooLong(sheet);
  if (tooLong.length > 0) throw new RosterError(file, tooLong, sheetName);
  const { rows, lines } = sheetRows(sheet);
  return rosterFromRows(file, rows, lines, sheetName);
}
