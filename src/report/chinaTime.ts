/**
 * Every date nianbao writes or compares is China Standard Time (Asia/Shanghai, UTC+8, no daylight saving), whatever
 * zone the machine runs in: a summary made at 07:00 Beijing time on 1 February is dated 1 February, not 31 January.
 */
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';

const offsetMs = 8 * 3600_000;

/** The CST calendar fields of an instant (China keeps no daylight saving, so a fixed offset is exact). */
function fields(d: Date): { y: number; m: number; day: number; h: number; min: number; s: number } {
  const t = new Date(d.getTime() + offsetMs);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, day: t.getUTCDate(), h: t.getUTCHours(), min: t.getUTCMinutes(), s: t.getUTCSeconds() };
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** `2026-02-01`: the CST date of an instant. */
export function chinaDate(d: Date): string {
  const f = fields(d);
  return `${f.y}-${p2(f.m)}-${p2(f.day)}`;
}

/** `2026-02-01T07:00:00+08:00`: an instant as ISO 8601 in CST. */
export function chinaTimestamp(d: Date): string {
  const f = fields(d);
  return `${chinaDate(d)}T${p2(f.h)}:${p2(f.min)}:${p2(f.s)}+08:00`;
}

/** `2026年2月1日 07:00:00（北京时间）`. */
export function beijingTime(d: Date): string {
  const f = fields(d);
  return `${f.y}年${f.m}月${f.day}日 ${p2(f.h)}:${p2(f.min)}:${p2(f.s)}（北京时间）`;
}

/** `2026-01-31` when `text` is a real calendar date written as YYYY-MM-DD; undefined otherwise. */
export function isoCalendarDate(text: string): string | undefined {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t)) return undefined;
  const d = parseISO(t);
  return isValid(d) && chinaDate(new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()))) === t ? t : undefined;
}

/** `2026年1月31日` from `2026-01-31`. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
