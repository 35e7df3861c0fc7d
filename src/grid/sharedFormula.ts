/**
 * Shared formulas: Excel writes a run of similar formulas (`J5 = SUM(D5:I5)`, `J6 = SUM(D6:I6)`, …) once, on the
 * first cell of the run, and the others only say "as the first, moved to here" (`<f t="shared" si="0"/>`). Each of
 * those cells has its own formula, the first one's with every relative reference moved by the distance between the
 * two cells, exactly as a copy-and-paste in a spreadsheet moves it. Both readers give every cell that text, so a
 * formula shown in a finding or evaluated for a missing result is the cell's own, never the first cell's.
 */

/** The last column (XFD) and row of a worksheet. */
const maxColumn = 16384;
const maxRow = 1048576;

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function columnLetters(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

const cellRefPattern = /^(\$?)([A-Za-z]{1,3})(\$?)(\d+)$/;
const columnPattern = /^(\$?)([A-Za-z]{1,3})$/;
const rowPattern = /^(\$?)(\d+)$/;
const tokenChar = /[A-Za-z0-9_.$\\]/;

/**
 * `formula` (without `=`) as it reads `rows` rows down and `columns` columns right of where it was written: relative
 * references move, `$`-anchored parts stay, text in quotes, sheet names and function names are left alone. A
 * reference moved off the sheet becomes `#REF!`, as in a spreadsheet.
 */
export function shiftFormula(formula: string, rows: number, columns: number): string {
  if (rows === 0 && columns === 0) return formula;
  const moveColumn = (anchor: string, letters: string): string | undefined => {
    const n = anchor ? columnNumber(letters) : columnNumber(letters) + columns;
    return n < 1 || n > maxColumn ? undefined : anchor + columnLetters(n);
  };
  const moveRow = (anchor: string, digits: string): string | undefined => {
    const n = anchor ? Number(digits) : Number(digits) + rows;
    return n < 1 || n > maxRow ? undefined : anchor + String(n);
  };
  let out = '';
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i]!;
    // text in double quotes, a sheet name in single quotes, a structured reference in brackets: copied as written
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < formula.length) {
        if (formula[j] === ch) {
          if (formula[j + 1] === ch) j += 2;
          else break;
        } else j += 1;
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === '[') {
      const j = formula.indexOf(']', i);
      const end = j < 0 ? formula.length : j + 1;
      out += formula.slice(i, end);
      i = end;
      continue;
    }
    if (!tokenChar.test(ch)) {
      out += ch;
      i += 1;
      continue;
    }
    let j = i;
    while (j < formula.length && tokenChar.test(formula[j]!)) j += 1;
    const token = formula.slice(i, j);
    const next = formula[j];
    // a function name, a sheet name before `!`, or a token glued to a number (`1E5`) is not a reference
    const prev = out[out.length - 1];
    if (next === '(' || next === '!' || (prev !== undefined && /[0-9.]/.test(prev))) {
      out += token;
      i = j;
      continue;
    }
    const cell = cellRefPattern.exec(token);
    if (cell && columnNumber(cell[2]!) <= maxColumn) {
      const col = moveColumn(cell[1]!, cell[2]!);
      const row = moveRow(cell[3]!, cell[4]!);
      out += col === undefined || row === undefined ? '#REF!' : col + row;
      i = j;
      continue;
    }
    // whole columns (`D:D`) and whole rows (`5:5`): both ends of the range move
    if (next === ':') {
      let k = j + 1;
      while (k < formula.length && tokenChar.test(formula[k]!)) k += 1;
      const other = formula.slice(j + 1, k);
      const c1 = columnPattern.exec(token);
      const c2 = columnPattern.exec(other);
      const r1 = rowPattern.exec(token);
      const r2 = rowPattern.exec(other);
      if (c1 && c2) {
        const a = moveColumn(c1[1]!, c1[2]!);
        const b = moveColumn(c2[1]!, c2[2]!);
        out += a === undefined || b === undefined ? '#REF!' : `${a}:${b}`;
        i = k;
        continue;
      }
      if (r1 && r2) {
        const a = moveRow(r1[1]!, r1[2]!);
        const b = moveRow(r2[1]!, r2[2]!);
        out += a === undefined || b === undefined ? '#REF!' : `${a}:${b}`;
        i = k;
        continue;
      }
    }
    out += token;
    i = j;
  }
  return out;
}
