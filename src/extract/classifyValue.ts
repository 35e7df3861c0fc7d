/**
 * One grid cell → what it holds, for one value domain, before any arithmetic (spec section 5's cell variants).
 *
 * Decisions the check stage relies on:
 * - Nothing becomes 0 by itself: an empty cell is `blank` with `scaled: null`.
 * - A count that is fractional keeps kind `number` with `scaled: null` (it cannot be held exactly); a negative count
 *   keeps kind `number` with its negative `scaled`. Both are left for the check stage's domain rule to report, so the
 *   cell is reported once, by the rule that names the domain.
 * - Money with more than 4 decimals, or whole 元 with fractions of a 元, keeps `scaled: null` likewise.
 * - Text that only looks numeric to a lax parser (`1e309`, `NaN`, `Infinity`, `1e3`) is `text`.
 */
import { countUnits, markPattern } from '../formats/valueWords.js';
import type { ValueDomain } from '../formats/types.js';
import type { GridCell } from '../grid/grid.js';
import { decimalTextToScaled, formatScaled, moneyScale, roundedDecimalTextToScaled, toScaled } from '../report/money.js';
import type { ValueKind } from '../report/report.js';
import type { ParamsOf, ReadingNoteCode } from '../findings/codes.js';

/**
 * How a cell was read, when it was more than a plain number: becomes a finding once the caller knows where the cell
 * is (the parameters of the code's message, without the place).
 */
export type ReadingNote = {
  [C in ReadingNoteCode]: { code: C; params: Omit<ParamsOf<C>, 'where'> };
}[ReadingNoteCode];

export interface ClassifiedValue {
  kind: Exclude<ValueKind, 'missing'>;
  scaled: number | null;
  number: number | null;
  raw: string;
  formula?: string;
  readAs?: string[];
  /** shared and frozen when empty (the common case): read it, do not push to it */
  notes: readonly ReadingNote[];
}

const noNotes: readonly ReadingNote[] = Object.freeze([]);

export interface ClassifyOptions {
  /**
   * The cell comes from published text or HTML, where every number is text: do not note `TEXT_NUMBER` there
   * (units, full-width digits and 元 → 万元 are still noted).
   */
  fromText?: boolean;
}

/** A plain decimal without exponent: what we accept as a number written as text. */
const decimalPattern = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const thousandsPattern = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

export function classifyValue(cell: GridCell | undefined, domain: ValueDomain, options: ClassifyOptions = {}): ClassifiedValue {
  if (!cell) return { kind: 'blank', scaled: null, number: null, raw: '', notes: noNotes };
  const raw = cell.text !== '' ? cell.text : cell.value === null ? '' : String(cell.value);
  const value = cell.value;
  if (typeof value === 'number' && cell.error === undefined && !cell.formulaWithoutResult) {
    // the common case, once per data point of every report: no object spread, not even an empty one
    return fromNumber(value, domain, raw, cell.formula);
  }
  const formula = cell.formula !== undefined ? { formula: cell.formula } : {};
  if (cell.error !== undefined) return { kind: 'error', scaled: null, number: null, raw: cell.error || raw, ...formula, notes: noNotes };
  if (cell.formulaWithoutResult) return { kind: 'formulaWithoutResult', scaled: null, number: null, raw, ...formula, notes: noNotes };
  if (typeof value === 'boolean') return { kind: 'text', scaled: null, number: null, raw, ...formula, notes: noNotes };
  const text = typeof value === 'string' ? value : raw;
  return { ...fromText(text, domain, options), raw, ...formula };
}

function fromNumber(n: number, domain: ValueDomain, raw: string, formula: string | undefined): ClassifiedValue {
  // one literal per shape: a property added afterwards costs a property array per value
  if (!Number.isFinite(n)) {
    return formula === undefined
      ? { kind: 'text', scaled: null, number: null, raw, notes: noNotes }
      : { kind: 'text', scaled: null, number: null, raw, notes: noNotes, formula };
  }
  const scaled = domain === 'money' ? moneyFromNumber(n) : toScaled(n, domain);
  const kind = n === 0 ? 'zero' : 'number';
  if (domain === 'money' && scaled === null && n !== 0) {
    const rounded = roundedDecimalTextToScaled(decimalOfDouble(n));
    if (rounded !== null) return roundedMoney(rounded, raw || decimalOfDouble(n), formula);
  }
  return formula === undefined
    ? { kind, scaled: n === 0 ? 0 : scaled, number: n === 0 ? 0 : n, raw, notes: noNotes }
    : { kind, scaled: n === 0 ? 0 : scaled, number: n === 0 ? 0 : n, raw, notes: noNotes, formula };
}

/**
 * A stored binary double → exact ten-thousandths, the way a spreadsheet shows it (15 significant digits), so a cached
 * `=0.1+0.2` is 0.3 万元 rather than an inexact value.
 */
function moneyFromNumber(n: number): number | null {
  const text = n.toPrecision(15);
  if (text.includes('e')) return toScaled(n, 'money');
  return decimalTextToScaled(text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text);
}

/** A double as the plain decimal text a spreadsheet shows (15 significant digits, no exponent). */
function decimalOfDouble(n: number): string {
  const text = n.toPrecision(15);
  if (!text.includes('e')) return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  return n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

/** Money with more than 4 decimals, counted at 4 (四舍五入) with a warning that gives both values. */
function roundedMoney(scaled: number, stated: string, formula: string | undefined): ClassifiedValue {
  const used = formatScaled(scaled, 'money');
  const notes: ReadingNote[] = [{ code: 'MONEY_ROUNDED', params: { text: stated, used } }];
  return {
    kind: scaled === 0 ? 'zero' : 'number',
    scaled,
    number: Number(used),
    raw: stated,
    readAs: ['rounded'],
    notes,
    ...(formula !== undefined ? { formula } : {}),
  };
}

function fromText(original: string, domain: ValueDomain, options: ClassifyOptions): Omit<ClassifiedValue, 'raw'> {
  // zero-width characters (pasted from web pages) are invisible: not part of the number
  const trimmed = original.replace(/[\s\u00a0\u3000\u200b-\u200d\u2060\ufeff]+/g, '');
  const blank = { kind: 'blank' as const, scaled: null, number: null, notes: noNotes };
  if (trimmed === '') return blank;
  const text = { kind: 'text' as const, scaled: null, number: null, notes: noNotes };
  if (markPattern.test(trimmed)) return { kind: 'notApplicable', scaled: null, number: null, notes: noNotes };
  const readAs: string[] = [];
  const notes: ReadingNote[] = [];
  // full-width digits and signs → ASCII (NFKC does exactly this, and nothing that could change a number's meaning)
  // the minus sign (U+2212) of typeset text is a minus, as NFKC already makes of － and ﹣
  let s = trimmed.normalize('NFKC').replace(/^\u2212(?=\d)/, '-');
  if (s !== trimmed && /[０-９]/.test(trimmed)) {
    readAs.push('fullWidth');
    notes.push({ code: 'FULL_WIDTH_DIGITS', params: { text: original.trim() } });
  }
  if (!options.fromText) readAs.push('textNumber');
  // a unit written after the number
  let yuan = false;
  if (domain === 'money') {
    if (s.endsWith('万元')) {
      s = s.slice(0, -2);
      readAs.push('unitSuffix');
      notes.push({ code: 'UNIT_SUFFIX', params: { text: original.trim(), unit: '万元', number: s } });
    } else if (s.endsWith('元')) {
      s = s.slice(0, -1);
      yuan = true;
      readAs.push('yuanToWan');
    }
  } else {
    const suffix = countUnits.find((u) => s.endsWith(u) && s.length > u.length);
    if (suffix) {
      s = s.slice(0, -suffix.length);
      readAs.push('unitSuffix');
      notes.push({ code: 'UNIT_SUFFIX', params: { text: original.trim(), unit: suffix, number: s } });
    }
  }
  if (thousandsPattern.test(s)) {
    s = s.replace(/,/g, '');
    readAs.push('thousandsSeparator');
  }
  if (!decimalPattern.test(s)) return text;
  if (s.startsWith('+')) {
    s = s.slice(1);
    readAs.push('plusSign');
  }
  const number = Number(s);
  if (!Number.isFinite(number)) return text;
  let scaled: number | null;
  let shown = number;
  if (domain === 'money') {
    if (yuan) {
      // ten-thousandths of 万元 are 元: whole 元 are exact, fractions of a 元 are not
      scaled = /^-?\d+$/.test(s) && Number.isSafeInteger(Number(s)) ? Number(s) : null;
      shown = number / moneyScale;
      notes.push({ code: 'UNIT_CONVERTED', params: { text: original.trim(), wan: formatWan(s) } });
    } else {
      scaled = decimalTextToScaled(s);
      if (scaled === null) {
        const rounded = roundedDecimalTextToScaled(s);
        if (rounded !== null) {
          const r = roundedMoney(rounded, original.trim(), undefined);
          return { ...r, readAs: [...readAs.filter((x) => x !== 'textNumber'), 'rounded'], notes: [...r.notes] };
        }
      }
    }
  } else {
    scaled = toScaled(number, domain);
  }
  // one note per cell: the most specific reading; a plain text number in a workbook gets the generic one
  if (notes.length > 1) notes.splice(0, notes.length, notes[notes.length - 1]!);
  if (!options.fromText && notes.length === 0) {
    notes.push({ code: 'TEXT_NUMBER', params: { text: original.trim() } });
  }
  const how = readAs.length > 0 ? { readAs } : {};
  if (number === 0) return { kind: 'zero', scaled: 0, number: 0, ...how, notes };
  return { kind: 'number', scaled, number: shown, ...how, notes };
}

/** `251000` (元) → `25.1` (万元), exactly, by moving the decimal point in the text. */
function formatWan(yuanText: string): string {
  const negative = yuanText.startsWith('-');
  const [whole = '0', frac = ''] = yuanText.replace(/^-/, '').split('.');
  const padded = whole.padStart(5, '0');
  const intPart = padded.slice(0, -4).replace(/^0+(?=\d)/, '');
  const fracPart = (padded.slice(-4) + frac).replace(/0+$/, '');
  return `${negative ? '-' : ''}${intPart}${fracPart ? `.${fracPart}` : ''}`;
}
