/**
 * Tables a PDF prints without rules. Without lines, what holds a table together is alignment: the numbers of one
 * column stand at the same x on every row (centred, left- or right-aligned), and a cell's content is vertically
 * centred on its row, so the numbers of a row share one baseline and a label wrapped over several lines is centred
 * on that baseline (`（二）部分公开（区分处理` / `的，只计这一情形，不计其他` / `情形）` around its numbers' line).
 *
 * From that: value columns are clusters of numbers' edges or centres that recur on several lines (two numbers that
 * touch are split where each stands in a column of its own); a value row is a line of numbers with at most label
 * text before them; a label is the run of consecutive lines in one label column (a new one starts at an enumerator
 * such as `2.` or `（三）`) whose middle is a value row's baseline. What does not fit stays as printed, and the reader
 * after this refuses it; nothing is placed by guess.
 */

export interface PlacedText {
  text: string;
  x0: number;
  x1: number;
  numeric: boolean;
}

export interface TextLine<F extends PlacedText = PlacedText> {
  y: number;
  size: number;
  fields: F[];
}

/** A table row rebuilt from alignment: its cells left to right, and its baseline. */
export interface AlignedRow<F extends PlacedText = PlacedText> {
  y: number;
  cells: F[];
}

type Align = 'left' | 'centre' | 'right';
const aligns: readonly Align[] = ['left', 'centre', 'right'];
const at = (t: { x0: number; x1: number }, a: Align) => (a === 'left' ? t.x0 : a === 'right' ? t.x1 : (t.x0 + t.x1) / 2);

/** How far (pt) an edge or centre may stray and still be the column's. */
const columnTolerance = 1.5;
/** Lines (numbers, or header text centred over them) a column must recur on before it is trusted to split touching runs. */
const columnSupport = 2;

export interface NumberColumns {
  /** the column (per alignment) a number's run stands in, if it stands in a recurring one */
  columnOf(run: { x0: number; x1: number }): Partial<Record<Align, number>>;
}

/**
 * The recurring positions of numbers on a page: for each alignment, positions shared by numbers on at least two
 * lines. Centres of header text count too (a header is centred over its column, and table 四 has a single row of
 * numbers under its headers).
 */
export function numberColumns(lines: readonly (readonly { x0: number; x1: number; y: number; numeric: boolean }[])[]): NumberColumns {
  const clusters = new Map<Align, { pos: number; lines: Set<number> }[]>();
  for (const a of aligns) {
    const points = lines
      .flatMap((line, i) => line.filter((r) => r.numeric || a === 'centre').map((r) => ({ pos: at(r, a), line: i })))
      .sort((p, q) => p.pos - q.pos);
    const found: { pos: number; lines: Set<number> }[] = [];
    let group: typeof points = [];
    const close = () => {
      const ls = new Set(group.map((p) => p.line));
      if (ls.size >= columnSupport) found.push({ pos: group.reduce((s, p) => s + p.pos, 0) / group.length, lines: ls });
    };
    for (const p of points) {
      if (group.length > 0 && p.pos - group.at(-1)!.pos > columnTolerance) {
        close();
        group = [];
      }
      group.push(p);
    }
    if (group.length > 0) close();
    clusters.set(a, found);
  }
  return {
    columnOf(run) {
      const out: Partial<Record<Align, number>> = {};
      for (const a of aligns) {
        const i = clusters.get(a)!.findIndex((c) => Math.abs(c.pos - at(run, a)) <= columnTolerance);
        if (i >= 0) out[a] = i;
      }
      return out;
    },
  };
}

/** Whether a number stands in a recurring column (under any alignment). */
export function standsInColumn(columns: NumberColumns, run: { x0: number; x1: number }): boolean {
  return Object.keys(columns.columnOf(run)).length > 0;
}

/**
 * Two touching numbers each standing under header text the other is not under (a header spanning both, such as
 * `复议后起诉` over its five columns, says nothing): two columns.
 */
export function underDifferentHeaders(headers: readonly { x0: number; x1: number }[], a: { x0: number; x1: number }, b: { x0: number; x1: number }): boolean {
  const under = (r: { x0: number; x1: number }) => headers.filter((h) => h.x0 < r.x1 && h.x1 > r.x0);
  const ha = under(a);
  const hb = under(b);
  return ha.some((h) => !hb.includes(h)) && hb.some((h) => !ha.includes(h));
}

/** Two touching numbers are two values when, under one alignment, each stands in a different recurring column. */
export function inDifferentColumns(columns: NumberColumns, a: { x0: number; x1: number }, b: { x0: number; x1: number }): boolean {
  const ca = columns.columnOf(a);
  const cb = columns.columnOf(b);
  return aligns.some((al) => ca[al] !== undefined && cb[al] !== undefined && ca[al] !== cb[al]);
}

/**
 * Where the label columns of a page start: the left edges of enumerators (`1.`, `（三）`) recurring on three lines.
 * In a table without rules a parent label's last characters (`（三）`) stand just left of a wrapped label's second
 * line (`权益`); a run starting at a label column is a cell of its own.
 */
export function labelColumnStarts(runs: readonly { x0: number; text: string }[]): number[] {
  const xs = runs.filter((r) => labelEnumerator.test(r.text)).map((r) => r.x0).sort((a, b) => a - b);
  const starts: number[] = [];
  let group: number[] = [];
  const close = () => group.length >= columnSupport && starts.push(group[0]!);
  for (const x of xs) {
    if (group.length > 0 && x - group.at(-1)! > columnTolerance) {
      close();
      group = [];
    }
    group.push(x);
  }
  if (group.length > 0) close();
  return starts;
}

/** A label that starts a new row (`1.`, `（三）`, `三、`): never the continuation of the label above it. */
export const labelEnumerator = /^(?:\d{1,2}\s*[.．、]|[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}\s*、)/;
/** Label lines one label may wrap over. */
const maxLabelLines = 10;

interface Piece<F> {
  field: F;
  y: number;
  size: number;
  line: number;
}

/**
 * Value rows with their labels put back together; `rest` are the lines (and what is left of them) that are not part
 * of a value row, in the shape they came in.
 */
export function alignValueRows<F extends PlacedText>(lines: readonly TextLine<F>[], join: (parts: F[]) => F): { rows: AlignedRow<F>[]; rest: TextLine<F>[] } {
  interface ValueRow {
    line: number;
    y: number;
    size: number;
    labels: F[];
    values: F[];
    groups: Map<number, F>;
  }
  const valueRows: ValueRow[] = [];
  lines.forEach((l, i) => {
    const first = l.fields.findIndex((f) => f.numeric);
    if (first < 0 || !l.fields.slice(first).every((f) => f.numeric)) return;
    valueRows.push({ line: i, y: l.y, size: l.size, labels: l.fields.slice(0, first), values: l.fields.slice(first), groups: new Map() });
  });
  if (valueRows.length === 0) return { rows: [], rest: [...lines] };
  const isValueLine = new Set(valueRows.map((v) => v.line));

  // label pieces: the label fields of value rows, and the lines of text beside the values (left of them) near a value row
  const pieces: Piece<F>[] = [];
  for (const v of valueRows) for (const f of v.labels) pieces.push({ field: f, y: v.y, size: v.size, line: v.line });
  lines.forEach((l, i) => {
    if (isValueLine.has(i) || l.fields.some((f) => f.numeric)) return;
    // as far as half the longest label from its row
    const near = valueRows.filter((v) => Math.abs(v.y - l.y) <= l.size * 0.6 * maxLabelLines);
    if (near.length === 0) return;
    const valueLeft = Math.min(...near.map((v) => v.values[0]!.x0));
    if (!l.fields.every((f) => f.x1 <= valueLeft)) return;
    for (const f of l.fields) pieces.push({ field: f, y: l.y, size: l.size, line: i });
  });

  // label columns: pieces starting at the same x
  const byColumn: Piece<F>[][] = [];
  for (const p of [...pieces].sort((a, b) => a.field.x0 - b.field.x0)) {
    const col = byColumn.at(-1);
    if (col && p.field.x0 - col[0]!.field.x0 <= columnTolerance * 1.5) col.push(p);
    else byColumn.push([p]);
  }
  const used = new Set<F>();
  byColumn.forEach((col, c) => {
    col.sort((a, b) => b.y - a.y);
    for (let i = 0; i < col.length; i++) {
      for (let k = 1; k <= maxLabelLines && i + k - 1 < col.length; k++) {
        const last = col[i + k - 1]!;
        if (k > 1) {
          const prev = col[i + k - 2]!;
          // a continuation line is the next line down, and does not start a new label
          if (prev.y - last.y > last.size * 1.35 || prev.y - last.y < last.size * 0.8 || labelEnumerator.test(last.field.text)) break;
        }
        const middle = (col[i]!.y + last.y) / 2;
        const row = valueRows.find((v) => Math.abs(v.y - middle) <= v.size * 0.25 && !v.groups.has(c));
        if (!row) continue;
        const parts = col.slice(i, i + k);
        row.groups.set(c, parts.length === 1 ? parts[0]!.field : join(parts.map((p) => p.field)));
        parts.forEach((p) => used.add(p.field));
        i += k - 1;
        break;
      }
    }
  });

  // numbers wrapped in a narrow cell put digits on lines of their own just above and below the row's baseline: any
  // value line that close to another cannot be read (`35` / `609` is not 35, nor 609), and is marked so
  const tooClose = new Set<ValueRow>();
  for (const v of valueRows) {
    for (const w of valueRows) if (v !== w && Math.abs(v.y - w.y) < v.size * 0.9 && (v.groups.size === 0 || w.groups.size > 0)) tooClose.add(v);
  }
  const unreadable = (f: F): F => ({ ...f, text: `${f.text}…`, numeric: false });

  const rows: AlignedRow<F>[] = valueRows.map((v) => {
    const labels = [...v.groups.values(), ...v.labels.filter((f) => !used.has(f))];
    return { y: v.y, cells: [...labels, ...(tooClose.has(v) ? v.values.map(unreadable) : v.values)].sort((a, b) => a.x0 - b.x0) };
  });
  const rest: TextLine<F>[] = [];
  lines.forEach((l, i) => {
    if (isValueLine.has(i)) return;
    const left = l.fields.filter((f) => !used.has(f));
    if (left.length > 0) rest.push({ ...l, fields: left });
  });
  return { rows, rest };
}
