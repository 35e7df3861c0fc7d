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

/** A date written as text (`2026-01-20`, `2026/1/20`, `2026年1月20日`, …) → ISO `yyyy-MM-dd`; undefined when it is none. */
export function isoDateOfText(written: string): string | undefined {
  const text = written.normalize('NFKC').trim();
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (!isValid(date) || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return isoFromUtc(date);
}

function isoFromUtc(d: Date): string {
  return `${d.getUTCFullYear()}-${twoDigits(d.getUTCMonth() + 1)}-${twoDigits(d.getUTCDate())}`;
}

const twoDigits = (n: number): string => String(n).padStart(2, '0');
