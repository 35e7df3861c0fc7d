/**
 * Exact arithmetic for the three value domains. Counts are whole numbers; money (万元, up to 4 decimals) is held as
 * integer ten-thousandths so that sums are exact, never floating point.
 */
import type { ValueDomain } from '../formats/types.js';

export const moneyScale = 10_000;

/**
 * A number in display units → its exact integer in the domain's base unit, or null when the domain cannot hold it
 * exactly (a fractional or negative count, money with more than 4 decimals, not a finite number).
 */
export function toScaled(n: number, domain: ValueDomain): number | null {
  if (!Number.isFinite(n)) return null;
  if (domain === 'money') {
    const scaled = Math.round(n * moneyScale);
    // accept only when the decimal text has at most 4 places (Math.round hides 0.00001)
    if (Math.abs(scaled / moneyScale - n) > 1e-9 * Math.max(1, Math.abs(n))) return null;
    return Number.isSafeInteger(scaled) ? scaled : null;
  }
  return Number.isSafeInteger(n) ? n : null;
}

/** A decimal string (`12.3456`, `-3`, `1e3`) → exact ten-thousandths, without going through floating point. */
export function decimalTextToScaled(text: string): number | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const frac = m[3] ?? '';
  if (frac.replace(/0+$/, '').length > 4) return null;
  const whole = BigInt(m[2] || '0') * 10_000n + BigInt((frac + '0000').slice(0, 4));
  const signed = m[1] === '-' ? -whole : whole;
  if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < -BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(signed);
}

/**
 * A decimal string with more than 4 decimals → ten-thousandths rounded half-up (away from zero, as 四舍五入), exactly;
 * null when it is not a decimal or out of range. Money is counted at the official precision rather than dropped.
 */
export function roundedDecimalTextToScaled(text: string): number | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const frac = (m[3] ?? '').padEnd(5, '0');
  let whole = BigInt(m[2] || '0') * 10_000n + BigInt(frac.slice(0, 4));
  if (Number(frac[4]) >= 5) whole += 1n;
  const signed = m[1] === '-' ? -whole : whole;
  if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < -BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(signed);
}

/** The exact base-unit integer → display text (`12.3456`, `5`); money drops trailing zeros. */
export function formatScaled(scaled: number, domain: ValueDomain): string {
  if (domain !== 'money') return String(scaled);
  const sign = scaled < 0 ? '-' : '';
  const abs = Math.abs(scaled);
  const whole = Math.floor(abs / moneyScale);
  const frac = String(abs % moneyScale).padStart(4, '0').replace(/0+$/, '');
  return frac ? `${sign}${whole}.${frac}` : `${sign}${whole}`;
}

/** The exact base-unit integer → a JS number in display units (for writing into a spreadsheet cell). */
export function scaledToNumber(scaled: number, domain: ValueDomain): number {
  return domain === 'money' ? Number(formatScaled(scaled, domain)) : scaled;
}
