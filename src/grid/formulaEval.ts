/**
 * Formulas a file stores without a result (written by scripts, openpyxl, some web systems): evaluated here, in the
 * grid stage, from the cells' own values, so that the checks see a number and judge it like a typed total.
 *
 * Only what statistical tables use is evaluated: cell references (`B5`, `$B$5`, `Sheet!B5`, `'表 三'!B5`), `SUM` over
 * ranges and lists, `+` and `-` of those (with parentheses and unary signs), and plain numbers. Arithmetic is exact
 * (decimal fractions held as integers over a power of ten), so money sums like 0.1 + 0.2 give 0.3, never 0.30000000000000004.
 * Spreadsheet semantics: an empty cell is 0, text inside a SUM range is skipped (as SUM does), text or an error used
 * directly makes the formula unevaluable. Anything else (IF, VLOOKUP, *, /) is left as a formula without result.
 */
import { gridCell, gridIndex, type GridCell, type GridSheet, type GridWorkbook } from './grid.js';

/** An exact decimal: `units / 10^scale`. */
interface Dec {
  units: bigint;
  scale: number;
}

class Unevaluable extends Error {}

const zero: Dec = { units: 0n, scale: 0 };

/** A stored double as the decimal a spreadsheet shows (15 significant digits). */
export function decimalOfNumber(n: number): Dec {
  if (!Number.isFinite(n)) throw new Unevaluable('not finite');
  const [mantissa = '0', exp = '0'] = n.toPrecision(15).split('e');
  const negative = mantissa.startsWith('-');
  const [whole = '0', frac = ''] = mantissa.replace('-', '').split('.');
  let digits = whole + frac;
  let scale = frac.length - Number(exp);
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  const units = BigInt(digits) * (negative ? -1n : 1n);
  return trim({ units, scale });
}

function trim(d: Dec): Dec {
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

function add(a: Dec, b: Dec, sign: 1n | -1n = 1n): Dec {
  const scale = Math.max(a.scale, b.scale);
  const ua = a.units * 10n ** BigInt(scale - a.scale);
  const ub = b.units * 10n ** BigInt(scale - b.scale);
  return trim({ units: ua + sign * ub, scale });
}

/** `1234567 / 10^3` → `1234.567`. */
export function decimalText(d: Dec): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const whole = digits.slice(0, digits.length - d.scale);
  const frac = digits.slice(digits.length - d.scale);
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** `A1` → 0-based row and column; undefined when it is not a cell address. */
function parseRef(text: string): { row: number; col: number } | undefined {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(text.toUpperCase());
  if (!m) return undefined;
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

type Token =
  | { t: 'num'; text: string }
  | { t: 'ref'; sheet?: string; cell: string }
  | { t: 'fn'; name: string }
  | { t: 'op'; op: '+' | '-' | '(' | ')' | ',' | ':' };

function tokenize(formula: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const s = formula.replace(/^=/, '');
  while (i < s.length) {
    const ch = s[i]!;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if ('+-(),:'.includes(ch)) {
      tokens.push({ t: 'op', op: ch as '+' });
      i += 1;
      continue;
    }
    let sheet: string | undefined;
    if (ch === "'") {
      // 'sheet name'!A1, with '' for a quote inside
      let j = i + 1;
      let name = '';
      for (;;) {
        if (j >= s.length) throw new Unevaluable('unterminated sheet name');
        if (s[j] === "'" && s[j + 1] === "'") {
          name += "'";
          j += 2;
        } else if (s[j] === "'") break;
        else name += s[j++];
      }
      if (s[j + 1] !== '!') throw new Unevaluable('quoted name without !');
      sheet = name;
      i = j + 2;
    }
    const m = /^[^\s+\-(),:!'*/^&=<>"]+/.exec(s.slice(i));
    if (!m) throw new Unevaluable(`unexpected “${s[i]}”`);
    let word = m[0];
    i += word.length;
    if (sheet === undefined && s[i] === '!') {
      sheet = word;
      const n = /^[^\s+\-(),:!'*/^&=<>"]+/.exec(s.slice(i + 1));
      if (!n) throw new Unevaluable('sheet without cell');
      word = n[0];
      i += 1 + word.length;
    }
    if (sheet !== undefined) {
      if (!parseRef(word)) throw new Unevaluable(`not a cell: ${word}`);
      tokens.push({ t: 'ref', sheet, cell: word });
    } else if (/^\d+(\.\d*)?$|^\.\d+$/.test(word)) tokens.push({ t: 'num', text: word });
    else if (s[i] === '(' && /^[A-Za-z][A-Za-z0-9.]*$/.test(word)) tokens.push({ t: 'fn', name: word.toUpperCase() });
    else if (parseRef(word)) tokens.push({ t: 'ref', cell: word });
    else throw new Unevaluable(`unsupported: ${word}`);
  }
  return tokens;
}

/** Evaluates formulas of one workbook, remembering results so each cell is computed once (and cycles are caught). */
class Evaluator {
  private readonly done = new Map<GridCell, Dec>();
  private readonly busy = new Set<GridCell>();
  private readonly byName: Map<string, GridSheet>;

  constructor(grid: GridWorkbook) {
    this.byName = new Map(grid.sheets.map((s) => [s.name.toLowerCase(), s]));
  }

  sheetNamed(name: string): GridSheet {
    const s = this.byName.get(name.toLowerCase());
    if (!s) throw new Unevaluable(`no sheet ${name}`);
    return s;
  }

  /** The value of a cell used directly (`=B5`, `B5+B6`): text or an error cannot be used. */
  cellValue(sheet: GridSheet, row: number, col: number, inRange: boolean): Dec | undefined {
    const cell = gridCell(sheet, row, col);
    if (!cell) return inRange ? undefined : zero;
    if (cell.error !== undefined) throw new Unevaluable('error value');
    if (cell.formulaWithoutResult) return this.evaluate(sheet, cell);
    if (typeof cell.value === 'number') return decimalOfNumber(cell.value);
    if (cell.value === null || cell.value === '') return inRange ? undefined : zero;
    // SUM skips text and logical values in a range; used directly they make the result #VALUE!
    if (inRange) return undefined;
    throw new Unevaluable('text operand');
  }

  evaluate(sheet: GridSheet, cell: GridCell): Dec {
    const known = this.done.get(cell);
    if (known) return known;
    if (this.busy.has(cell)) throw new Unevaluable('circular reference');
    this.busy.add(cell);
    try {
      const tokens = tokenize(cell.formula ?? '');
      const parser = new Parser(tokens, sheet, this);
      const result = parser.expression();
      if (!parser.atEnd()) throw new Unevaluable('trailing tokens');
      this.done.set(cell, result);
      return result;
    } finally {
      this.busy.delete(cell);
    }
  }
}

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly sheet: GridSheet,
    private readonly ev: Evaluator,
  ) {}

  atEnd(): boolean {
    return this.i >= this.tokens.length;
  }

  private peekOp(op: string): boolean {
    const t = this.tokens[this.i];
    return t?.t === 'op' && t.op === op;
  }

  private expect(op: string): void {
    if (!this.peekOp(op)) throw new Unevaluable(`expected ${op}`);
    this.i += 1;
  }

  expression(): Dec {
    let value = this.term();
    while (this.peekOp('+') || this.peekOp('-')) {
      const minus = this.peekOp('-');
      this.i += 1;
      value = add(value, this.term(), minus ? -1n : 1n);
    }
    return value;
  }

  private term(): Dec {
    if (this.peekOp('-')) {
      this.i += 1;
      const v = this.term();
      return { units: -v.units, scale: v.scale };
    }
    if (this.peekOp('+')) {
      this.i += 1;
      return this.term();
    }
    const t = this.tokens[this.i++];
    if (!t) throw new Unevaluable('unexpected end');
    if (t.t === 'num') return decimalOfNumber(Number(t.text));
    if (t.t === 'op' && t.op === '(') {
      const v = this.expression();
      this.expect(')');
      return v;
    }
    if (t.t === 'ref') {
      if (this.peekOp(':')) throw new Unevaluable('a range outside SUM');
      const { sheet, row, col } = this.place(t);
      return this.ev.cellValue(sheet, row, col, false) ?? zero;
    }
    if (t.t === 'fn' && t.name === 'SUM') return this.sum();
    throw new Unevaluable(`unsupported ${t.t === 'fn' ? t.name : 'token'}`);
  }

  private place(t: { sheet?: string; cell: string }): { sheet: GridSheet; row: number; col: number } {
    const sheet = t.sheet === undefined ? this.sheet : this.ev.sheetNamed(t.sheet);
    const at = parseRef(t.cell)!;
    return { sheet, ...at };
  }

  /** `SUM(a, b:c, …)`: ranges skip text and blanks; other arguments are expressions. */
  private sum(): Dec {
    this.expect('(');
    let total = zero;
    if (this.peekOp(')')) {
      this.i += 1;
      return total;
    }
    for (;;) {
      const t = this.tokens[this.i];
      const next = this.tokens[this.i + 1];
      if (t?.t === 'ref' && next?.t === 'op' && next.op === ':') {
        const end = this.tokens[this.i + 2];
        if (end?.t !== 'ref' || (end.sheet !== undefined && end.sheet !== t.sheet)) throw new Unevaluable('bad range');
        this.i += 3;
        const from = this.place(t);
        const to = parseRef(end.cell)!;
        const [r0, r1] = [Math.min(from.row, to.row), Math.max(from.row, to.row)];
        const [c0, c1] = [Math.min(from.col, to.col), Math.max(from.col, to.col)];
        if ((r1 - r0 + 1) * (c1 - c0 + 1) > 100_000) throw new Unevaluable('range too large');
        for (let r = r0; r <= r1; r++) {
          for (let c = c0; c <= c1; c++) {
            if (!from.sheet.cells.has(gridIndex(r, c))) continue;
            const v = this.ev.cellValue(from.sheet, r, c, true);
            if (v) total = add(total, v);
          }
        }
      } else if (t?.t === 'ref' && !(next?.t === 'op' && (next.op === '+' || next.op === '-'))) {
        // a lone reference argument: SUM skips text in it like in a range
        this.i += 1;
        const { sheet, row, col } = this.place(t);
        const v = this.ev.cellValue(sheet, row, col, true);
        if (v) total = add(total, v);
      } else total = add(total, this.expression());
      if (this.peekOp(',')) {
        this.i += 1;
        continue;
      }
      this.expect(')');
      return total;
    }
  }
}

/**
 * Fill in every formula without a stored result that can be evaluated: the cell then holds the number (and the text a
 * spreadsheet would show) and keeps its formula, marked `evaluated`. Returns how many were evaluated and which were not.
 */
export function evaluateFormulas(grid: GridWorkbook): { evaluated: number; failed: number } {
  let evaluated = 0;
  let failed = 0;
  const pending: [GridSheet, GridCell][] = [];
  for (const sheet of grid.sheets) for (const cell of sheet.cells.values()) if (cell.formulaWithoutResult) pending.push([sheet, cell]);
  // nearly every workbook stores its formulas' results: nothing to set up then
  if (pending.length === 0) return { evaluated, failed };
  const ev = new Evaluator(grid);
  const results = new Map<GridCell, Dec>();
  for (const [sheet, cell] of pending) {
    try {
      results.set(cell, ev.evaluate(sheet, cell));
    } catch (err) {
      if (!(err instanceof Unevaluable)) throw err;
      failed += 1;
    }
  }
  // written only after all are computed, so an evaluated cell is never read back as a plain number mid-way
  for (const [cell, d] of results) {
    const text = decimalText(d);
    cell.value = Number(text);
    cell.text = text;
    delete cell.formulaWithoutResult;
    cell.evaluated = true;
    evaluated += 1;
  }
  return { evaluated, failed };
}
