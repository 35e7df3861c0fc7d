/**
 * The interpretation both workbook readers share, so that the lean reader and the exceljs reader cannot drift apart:
 * built-in number formats, which formats are dates, a date's serial number, a cell's display text and a sheet's
 * extent.
 */
import type { GridCell, GridMerge } from './grid.js';

/**
 * Built-in number formats (ECMA-376 §18.8.30) that carry a locale-independent code; the locale-dependent ids
 * (27–36, 50–58, …) have no fixed code and are left without one, as exceljs does.
 */
export const builtinNumberFormats: Readonly<Record<number, string>> = {
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)',
  40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};

/**
 * The number format as the grid records it: backslash escapes dropped (`yyyy\-mm\-dd` → `yyyy-mm-dd`, as exceljs
 * reports it) and General as no format at all, so a LibreOffice round trip (which spells General out) changes nothing.
 */
export function normaliseNumberFormat(format: string | undefined): string | undefined {
  if (format === undefined) return undefined;
  const code = format.replace(/\\(.)/g, '$1');
  return code === '' || code.toLowerCase() === 'general' ? undefined : code;
}

/** A date or time format: date/time letters outside quoted literals and `[...]` sections. */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  let known = dateFormats.get(format);
  if (known === undefined) {
    known = /[ymdhMsb]/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
    if (dateFormats.size > 10_000) dateFormats.clear();
    dateFormats.set(format, known);
  }
  return known;
}

export function isPercentFormat(format: string): boolean {
  let known = percentFormats.get(format);
  if (known === undefined) {
    known = format.replace(/"[^"]*"/g, '').replace(/\\./g, '').includes('%');
    if (percentFormats.size > 10_000) percentFormats.clear();
    percentFormats.set(format, known);
  }
  return known;
}

// a workbook uses a handful of formats over and over
const dateFormats = new Map<string, boolean>();
const percentFormats = new Map<string, boolean>();

const DAY_MS = 24 * 3600 * 1000;

/** Milliseconds since 1970 of a date serial, rounded to the millisecond (as exceljs turns serials into Dates). */
export function serialToMs(serial: number, date1904: boolean): number {
  return Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * DAY_MS);
}

export function msToSerial(ms: number, date1904: boolean): number {
  return 25569 + ms / DAY_MS - (date1904 ? 1462 : 0);
}

/** A date cell's value: its serial rounded to the millisecond, the precision every reader can agree on. */
export function normaliseDateSerial(serial: number, date1904: boolean): number {
  return msToSerial(serialToMs(serial, date1904), date1904);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Excel's General rendering of a number: at most 15 significant digits, so 0.1+0.2 shows as 0.3. */
export function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  if (!Number.isFinite(n)) return String(n);
  return String(Number(n.toPrecision(15)));
}

function dateText(serial: number, date1904: boolean): string {
  const d = new Date(serialToMs(serial, date1904));
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (serial >= 0 && serial < 1) return time;
  const day = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return time === '00:00:00' ? day : `${day} ${time}`;
}

/**
 * What a person sees, as far as the tables need it: text as stored, numbers in General form (dates as ISO dates,
 * percentages with `%`), booleans as Excel prints them, errors as their code. Fixed decimals are not applied; the
 * value carries the number.
 */
export function displayText(
  value: GridCell['value'],
  numberFormat: string | undefined,
  date1904: boolean,
  error?: string,
): string {
  if (error !== undefined) return error;
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (numberFormat && isDateFormat(numberFormat) && Number.isFinite(value)) return dateText(value, date1904);
  if (numberFormat && isPercentFormat(numberFormat)) return `${numberText(value * 100)}%`;
  return numberText(value);
}

/** Rows and columns in use: one past the last cell that holds something or is covered by a merge. */
export function sheetExtent(cells: Iterable<GridCell>, merges: GridMerge[]): { rowCount: number; colCount: number } {
  let rowCount = 0;
  let colCount = 0;
  for (const c of cells) {
    if (c.row >= rowCount) rowCount = c.row + 1;
    if (c.col >= colCount) colCount = c.col + 1;
  }
  for (const m of merges) {
    if (m.bottom >= rowCount) rowCount = m.bottom + 1;
    if (m.right >= colCount) colCount = m.right + 1;
  }
  return { rowCount, colCount };
}

/** `B3` → { row: 2, col: 1 } (0-based); undefined for anything that is not a plain A1 reference. */
export function parseCellRef(ref: string): { row: number; col: number } | undefined {
  let col = 0;
  let i = 0;
  const s = ref.replace(/\$/g, '');
  for (; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 65 && code <= 90) col = col * 26 + (code - 64);
    else if (code >= 97 && code <= 122) col = col * 26 + (code - 96);
    else break;
  }
  if (i === 0 || i === s.length) return undefined;
  const row = Number(s.slice(i));
  if (!Number.isInteger(row) || row < 1) return undefined;
  return { row: row - 1, col: col - 1 };
}

/** `A1:C2` (or a single cell) → a merge range; undefined when malformed. */
export function parseRange(ref: string): GridMerge | undefined {
  const [a, b = a] = ref.split(':');
  const from = a === undefined ? undefined : parseCellRef(a);
  const to = b === undefined ? undefined : parseCellRef(b);
  if (!from || !to) return undefined;
  return {
    top: Math.min(from.row, to.row),
    left: Math.min(from.col, to.col),
    bottom: Math.max(from.row, to.row),
    right: Math.max(from.col, to.col),
  };
}

/** Guards against sheets no annual report has; both readers stop at the same place. */
export interface SheetLimits {
  /** cells that hold something, per sheet */
  maxCells: number;
  /** the highest row number allowed (Excel's own limit) */
  maxRows: number;
}

export const defaultSheetLimits: SheetLimits = { maxCells: 100_000, maxRows: 1_048_576 };
