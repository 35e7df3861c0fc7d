/**
 * The roster (名单) of units to make templates for: an xlsx or csv with a 单位名称 column and optionally
 * 统一社会信用代码 and 所属地区. A roster with a bad row is refused as a whole, naming every bad row and why:
 * sending 100 templates out with one unit missing or misnamed is worse than fixing the list first.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { basicInfoFields, type BasicInfoKey } from './infoSheets.js';
import { normaliseLabel } from '../formats/labels.js';

export interface RosterEntry {
  /** the row of the roster it came from (1-based, header included) */
  row: number;
  name: string;
  code?: string;
  region?: string;
}

export class RosterError extends Error {
  readonly code = 'ROSTER_INVALID';
  constructor(
    readonly file: string,
    readonly problems: readonly { row?: number; reason: string }[],
  ) {
    super(
      `名单“${file}”有误，未生成任何模板：\n` +
        problems.map((p) => `  ${p.row === undefined ? '' : `第${p.row}行：`}${p.reason}`).join('\n'),
    );
  }
}

// the roster's column headers are the 基本信息 labels the unit will see in its template
const infoLabel = (key: BasicInfoKey): string => basicInfoFields.find((f) => f.key === key)!.label;
const columnLabels = { name: infoLabel('name'), code: infoLabel('code'), region: infoLabel('region') };

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
export function rosterFromRows(file: string, rows: readonly (readonly (string | undefined)[])[], rowNumbers?: readonly number[]): RosterEntry[] {
  const headerIndex = rows.findIndex((r) => r.some((c) => c?.trim() === columnLabels.name));
  if (headerIndex < 0) {
    throw new RosterError(file, [{ reason: `找不到“${columnLabels.name}”列：请在第一行写上列名“${columnLabels.name}”（可选“${columnLabels.code}”“${columnLabels.region}”）` }]);
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
  if (problems.length > 0) throw new RosterError(file, problems);
  if (entries.length === 0) throw new RosterError(file, [{ reason: '名单中没有任何单位' }]);
  return entries;
}

/** Decode a CSV: UTF-8 (with or without BOM), or GB18030 (what Excel on a Chinese Windows saves) when not UTF-8. */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes (doubled) and line breaks. */
export function parseCsv(text: string): { rows: string[][]; lines: number[] } {
  const rows: string[][] = [];
  const lines: number[] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      lines.push(rowLine);
      row = [];
      field = '';
      line++;
      rowLine = line;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
    lines.push(rowLine);
  }
  return { rows, lines };
}

async function xlsxRows(path: string, file: string): Promise<{ rows: (string | undefined)[][]; lines: number[] }> {
  // exceljs is loaded only when a roster is an .xlsx
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load((await readFile(path)) as unknown as ArrayBuffer);
  } catch (err) {
    throw new RosterError(file, [{ reason: `无法作为 xlsx 打开（${err instanceof Error ? err.message : String(err)}）；请另存为 .xlsx 或 .csv` }]);
  }
  const sheet = workbook.worksheets.find((s) => s.state === 'visible') ?? workbook.worksheets[0];
  if (!sheet) throw new RosterError(file, [{ reason: '工作簿中没有工作表' }]);
  const rows: (string | undefined)[][] = [];
  const lines: number[] = [];
  const problems: { row: number; reason: string }[] = [];
  sheet.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    const cells: (string | undefined)[] = [];
    r.eachCell({ includeEmpty: true }, (cell, colNumber) => {
      // an 18-digit code typed into a number cell has already lost its last digits: refuse, do not guess
      if (typeof cell.value === 'number' && cell.value >= 1e15) {
        problems.push({ row: rowNumber, reason: `${cell.address} 的数字 ${cell.value} 过长，已被 Excel 按数值保存而丢失精度；请把该列设为“文本”后重新输入` });
      }
      cells[colNumber - 1] = cell.text;
    });
    rows.push(cells);
    lines.push(rowNumber);
  });
  if (problems.length > 0) throw new RosterError(file, problems);
  return { rows, lines };
}

/** Read a roster from `名单.xlsx` or `名单.csv`. */
export async function readRoster(path: string): Promise<RosterEntry[]> {
  const file = basename(path);
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') {
    const { rows, lines } = await xlsxRows(path, file);
    return rosterFromRows(file, rows, lines);
  }
  if (ext === '.csv' || ext === '.txt') {
    const { rows, lines } = parseCsv(decodeCsv(await readFile(path)));
    return rosterFromRows(file, rows, lines);
  }
  throw new RosterError(file, [{ reason: `不支持的名单格式“${ext || '无扩展名'}”：请使用 .xlsx 或 .csv` }]);
}
