/**
 * 填报日期 as a clerk enters it → ISO `yyyy-MM-dd`: an Excel serial number (a date-formatted cell), `2026-01-20`,
 * `2026/1/20`, `2026.1.20`, `2026年1月20日`. Anything else is not a date (the caller reports it).
 */
import { isValid } from 'date-fns/isValid';
import type { GridCell } from '../grid/grid.js';

/** Excel's day 0 is 1899-12-30 (it counts the non-existent 1900-02-29). */
const excelEpochMs = Date.UTC(1899, 11, 30);
const dayMs = 86_400_000;

export function isoDateOf(cell: GridCell): string | undefined {
  const v = cell.value;
  if (typeof v === 'number') {
    // a serial date: from 1950 to 2100, whole or with a time of day
    if (v < 18_264 || v > 73_051) return undefined;
    return isoFromUtc(new Date(excelEpochMs + Math.floor(v) * dayMs));
  }
  return isoDateOfText(typeof v === 'string' ? v : cell.text);
}

/**
 * A date as people write it, `2026-01-20`, `2026/1/20`, `2026.1.20`, `2026年1月20日`: year, month and day captured, in
 * that order (a regular expression's source, for patterns that look for a date within more text).
 */
export const writtenDate = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?/.source;
const dateWithTime = new RegExp(`^${writtenDate}(?:\\s+\\d{1,2}:\\d{2}(?::\\d{2})?)?$`);

/** A date written as text (see `writtenDate`, a time of day after it allowed) → ISO `yyyy-MM-dd`; undefined when it is none. */
export function isoDateOfText(written: string): string | undefined {
  const m = dateWithTime.exec(written.normalize('NFKC').trim());
  return m ? isoDateOfParts(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

/** Year, month and day → ISO `yyyy-MM-dd`, or undefined when there is no such day (2026-02-30). */
export function isoDateOfParts(y: number, mo: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (!isValid(date) || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return isoFromUtc(date);
}

function isoFromUtc(d: Date): string {
  return `${d.getUTCFullYear()}-${twoDigits(d.getUTCMonth() + 1)}-${twoDigits(d.getUTCDate())}`;
}

const twoDigits = (n: number): string => String(n).padStart(2, '0');
