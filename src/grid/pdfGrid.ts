/**
 * A PDF with a text layer → a grid. pdfjs-dist gives each text run with its position; runs on one baseline form a
 * line, and a table row is rebuilt from what a cell's box does to its text: a label that wraps continues on the
 * next baseline under itself (`行政规范性文` / `件`), and values vertically centred beside a wrapped label sit on a
 * baseline of their own between the label's lines. Runs far apart on a row are separate fields; two numbers are
 * never joined unless they touch. The rows then go through the text reader as tab-separated lines, so PDF takes the
 * same grid → locate path as published text (values taken in order after their label, never guessed).
 *
 * pdfjs-dist (Mozilla's PDF.js) is the well-kept choice: the engine Firefox uses, pure JavaScript (no native build),
 * text with positions and CJK fonts handled; 4.10 is the last line that supports every Node 20 (5.x needs ≥ 20.19).
 */
import type { GridWorkbook } from './grid.js';
import { labelKey } from '../formats/labels.js';
import { labelVocabulary } from '../formats/vocabulary.js';
import { textToGrid } from './textGrid.js';
import { alignValueRows, inDifferentColumns, labelColumnStarts, labelEnumerator, numberColumns, standsInColumn, underDifferentHeaders, type NumberColumns, type TextLine } from './pdfColumns.js';

export class PdfReadError extends Error {
  constructor(
    readonly code: 'PDF_NO_TEXT_LAYER' | 'PDF_UNREADABLE',
    message: string,
  ) {
    super(message);
  }
}

interface Run {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
}

interface Cell {
  text: string;
  x0: number;
  x1: number;
  /** baseline of the last line appended */
  y: number;
  numeric: boolean;
}

interface Row {
  cells: Cell[];
  y: number;
}

const numericText = /^(?:[+\-]?[0-9０-９][0-9０-９,.，．]*|[—–\-－―─]+|[\/／]|无|無)$/;

/**
 * Runs of one page, in reading order, whitespace-only runs dropped (gaps are measured, not typed). Where the page
 * draws table rules, the horizontal ones cut the table into row bands and everything in a band is one row, each
 * cell's wrapped lines (a label, or a number too wide for its column: `17` / `3`) joined top to bottom; elsewhere rows
 * are rebuilt from the lines alone.
 */
function pageRows(runs: Run[], rules: HorizontalRule[]): OutRow[] {
  runs.sort((a, b) => b.y - a.y || a.x0 - b.x0);
  const banded = bandRows(runs, rules);
  if (banded) return banded;
  // lines: runs on one baseline (within a fifth of the font size)
  const lines: Run[][] = [];
  for (const run of runs) {
    const line = lines.at(-1);
    if (line && Math.abs(line[0]!.y - run.y) <= Math.max(1.5, run.size * 0.2)) line.push(run);
    else lines.push([run]);
  }
  // no rules: the numbers' alignment gives the columns, and values with their (wrapped) labels give the rows
  const columns = numberColumns(lines.map((line) => line.map((r) => ({ ...r, numeric: numericText.test(r.text) }))));
  const starts = labelColumnStarts(runs);
  const textOnly = lines.filter((line) => line.every((r) => !numericText.test(r.text)));
  const textLines: TextLine<Field>[] = lines.map((line) => {
    line.sort((a, b) => a.x0 - b.x0);
    const y = line[0]!.y;
    const size = Math.max(...line.map((r) => r.size));
    // the column headers just above a line of numbers (table 四 has one row of numbers under three lines of headers)
    const headers = textOnly.filter((l) => l[0]!.y > y && l[0]!.y - y <= size * 4).flat();
    return { y, size, fields: fieldsOf(line, columns, starts, headers) };
  });
  const aligned = alignValueRows(textLines, joinTopToBottom);
  const rows: Row[] = [];
  for (const line of aligned.rest) {
    const row = rows.at(-1);
    if (row && row.y - line.y < line.size * 1.35 && joinLine(row, line.fields, line.y)) continue;
    rows.push({ cells: line.fields.map((f) => ({ ...f, y: line.y })), y: line.y });
  }
  // without rules a number too wide for its cell cannot be told from the next row's number under it: such numbers
  // are marked unreadable (`10…`), never read short
  rows.forEach((row, i) => {
    const below = rows[i + 1];
    if (!below || below.cells.some((c) => !c.numeric)) return;
    const size = Math.max(...runs.filter((r) => Math.abs(r.y - below.y) < 2).map((r) => r.size), 1);
    if (row.y - below.y >= size * 1.35) return;
    for (const c of row.cells) {
      if (c.numeric && below.cells.some((b) => b.x0 < c.x1 + 2 && b.x1 > c.x0 - 2)) c.text += '…';
    }
  });
  return [...rows.map((r) => ({ y: r.y, cells: r.cells as Field[] })), ...aligned.rows.map((r) => ({ ...r, aligned: true }))]
    .sort((a, b) => b.y - a.y)
    .map((r) => ({ cells: r.cells.sort((a, b) => a.x0 - b.x0), y: r.y, ...('aligned' in r ? { aligned: true } : {}) }));
}

/** The lines of one wrapped label, top to bottom, as one cell. */
function joinTopToBottom(parts: Field[]): Field {
  return { text: parts.map((p) => p.text).join(''), x0: Math.min(...parts.map((p) => p.x0)), x1: Math.max(...parts.map((p) => p.x1)), numeric: false };
}

type Field = Omit<Cell, 'y'>;

/** A row of a page: its fields left to right; `banded` when it was cut out of a ruled table. */
interface OutRow {
  cells: Field[];
  banded?: boolean;
  /** a value row rebuilt from alignment (a table without rules) */
  aligned?: boolean;
  /** its baseline, when rebuilt from lines */
  y?: number;
}

interface HorizontalRule {
  y: number;
  x0: number;
  x1: number;
}

/**
 * Rows by the table's horizontal rules: runs inside the rules' horizontal extent between two consecutive rule heights
 * form one row; in a row, runs that overlap horizontally form one cell, read top to bottom. Runs outside any ruled
 * table are rebuilt line by line. Undefined when the page has no table rules.
 */
function bandRows(runs: Run[], rules: HorizontalRule[]): OutRow[] | undefined {
  if (rules.length < 3) return undefined;
  const heights = [...new Set(rules.map((r) => Math.round(r.y * 2) / 2))].sort((a, b) => b - a);
  const left = Math.min(...rules.map((r) => r.x0));
  const right = Math.max(...rules.map((r) => r.x1));
  const top = heights[0]!;
  const bottom = heights.at(-1)!;
  const inTable = (r: Run) => {
    const mid = r.y + r.size * 0.35;
    return mid < top && mid > bottom && r.x0 >= left - 2 && r.x1 <= right + 2;
  };
  const above = runs.filter((r) => !inTable(r) && r.y + r.size * 0.35 >= top);
  const below = runs.filter((r) => !inTable(r) && r.y + r.size * 0.35 <= bottom);
  const beside = runs.filter((r) => !inTable(r) && r.y + r.size * 0.35 < top && r.y + r.size * 0.35 > bottom);
  const rows: OutRow[] = [...pageRows(above, []), ...(beside.length ? pageRows(beside, []) : [])];
  for (let k = 0; k + 1 < heights.length; k++) {
    const hi = heights[k]!;
    const lo = heights[k + 1]!;
    const band = runs.filter((r) => inTable(r) && r.y + r.size * 0.35 < hi && r.y + r.size * 0.35 >= lo);
    if (band.length === 0) continue;
    // each line's fields (text runs close together joined), then fields that overlap horizontally form one cell,
    // read top to bottom: a label or a number wrapped in its cell
    const cells: { x0: number; x1: number; text: string; numeric: boolean }[] = [];
    for (const line of baselines(band)) {
      for (const field of fieldsOf(line)) {
        const cell = cells.find((c) => field.x0 < c.x1 - 0.5 && field.x1 > c.x0 + 0.5);
        if (cell) {
          cell.text += field.text;
          cell.x0 = Math.min(cell.x0, field.x0);
          cell.x1 = Math.max(cell.x1, field.x1);
        } else cells.push({ ...field });
      }
    }
    cells.forEach((c) => (c.numeric = numericText.test(c.text)));
    rows.push({ cells: cells.sort((a, b) => a.x0 - b.x0), banded: true });
  }
  rows.push(...pageRows(below, []));
  return rows;
}

/** Runs → lines by baseline, top to bottom, each left to right. */
function baselines(runs: Run[]): Run[][] {
  const sorted = [...runs].sort((a, b) => b.y - a.y || a.x0 - b.x0);
  const lines: Run[][] = [];
  for (const run of sorted) {
    const line = lines.at(-1);
    if (line && Math.abs(line[0]!.y - run.y) <= Math.max(1.5, run.size * 0.2)) line.push(run);
    else lines.push([run]);
  }
  return lines.map((l) => l.sort((a, b) => a.x0 - b.x0));
}

/**
 * Runs of a line → fields: text runs close together join; numbers join only what touches them, and not even that
 * where the page's number columns show two values side by side (`41942` `30037` in neighbouring columns, or each
 * under a header of its own) or a value beside its label (`行政规范性文件` `58751`, the number standing in a column).
 */
function fieldsOf(line: Run[], columns?: NumberColumns, labelStarts: readonly number[] = [], headers: readonly Run[] = []): Omit<Cell, 'y'>[] {
  const fields: Omit<Cell, 'y'>[] = [];
  let lastRun: Run | undefined;
  for (const run of line) {
    const last = fields.at(-1);
    const gap = last ? run.x0 - last.x1 : Infinity;
    const numeric = numericText.test(run.text);
    const apart =
      numeric &&
      columns !== undefined &&
      (last?.numeric === true
        ? lastRun !== undefined && (inDifferentColumns(columns, lastRun, run) || underDifferentHeaders(headers, lastRun, run))
        : last !== undefined && standsInColumn(columns, run));
    lastRun = run;
    // a label that starts with its enumerator (`（一）予以公开`) a little apart from the text before it is a cell of its
    // own: in a table without rules, the end of a parent label (`三、本年`) stands just left of it
    const startsCell = !numeric && gap > 0.5 && (labelEnumerator.test(run.text) || labelStarts.some((x) => Math.abs(x - run.x0) <= 1.5));
    const joins = last && !startsCell && ((gap < run.size * 0.15 && !apart) || (!numeric && !last.numeric && gap < run.size * 0.6));
    if (joins) {
      last.text += run.text;
      last.x1 = Math.max(last.x1, run.x1);
      last.numeric = numericText.test(last.text);
    } else fields.push({ text: run.text, x0: run.x0, x1: run.x1, numeric });
  }
  return fields;
}

/**
 * A line close under a row belongs to it when each of its text fields lies under a text cell of the row (a wrapped
 * label: appended) and every other field stands clear of the row's cells (values centred beside a wrapped label).
 */
function joinLine(row: Row, fields: Omit<Cell, 'y'>[], y: number): boolean {
  const under = (f: Omit<Cell, 'y'>, c: Cell) => f.x0 >= c.x0 - 2 && f.x1 <= c.x1 + Math.max(6, (c.x1 - c.x0) * 0.5) && f.x0 < c.x1;
  const overlaps = (f: Omit<Cell, 'y'>, c: Cell) => f.x0 < c.x1 + 1 && f.x1 > c.x0 - 1;
  const plan: { field: Omit<Cell, 'y'>; into?: Cell }[] = [];
  for (const f of fields) {
    const host = f.numeric ? undefined : row.cells.find((c) => !c.numeric && under(f, c));
    if (host) plan.push({ field: f, into: host });
    else if (row.cells.some((c) => overlaps(f, c))) return false;
    else plan.push({ field: f });
  }
  for (const { field, into } of plan) {
    if (into) {
      into.text += field.text;
      into.x1 = Math.max(into.x1, field.x1);
      into.y = y;
    } else row.cells.push({ ...field, y });
  }
  row.y = y;
  return true;
}

/** A page footer that is only a page number (`1`, `- 1 -`, `第 1 页`, `1/3`). */
const pageNumber = /^(?:[-—–]?\s*\d{1,3}\s*[-—–]?|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*\/\s*\d{1,3})$/;

/** The text of a PDF as tab-separated rows, page after page. */
export async function pdfToText(bytes: Uint8Array): Promise<string> {
  // loaded on first need: pdf.js is large, and most runs never meet a PDF
  const [{ getDocument, OPS }, worker] = await Promise.all([
    import('pdfjs-dist/legacy/build/pdf.mjs'),
    import('pdfjs-dist/legacy/build/pdf.worker.mjs'),
  ]);
  // in Node pdf.js runs its "worker" in this thread, importing pdf.worker.mjs by file path, which the single-file
  // executable has not; handed over here (pdf.js looks for globalThis.pdfjsWorker first) it comes from the bundle
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= worker;
  let doc;
  try {
    doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new PdfReadError('PDF_UNREADABLE', /password/i.test(why) ? '该 PDF 设置了打开密码' : `PDF 文件已损坏或无法解析（${why}）`);
  }
  const out: string[] = [];
  let runsSeen = 0;
  let lastBanded: { row: OutRow; line: number } | undefined;
  let lastRow: { row: OutRow; line: number } | undefined;
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const runs: Run[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const [a, b, , d, e, f] = item.transform as number[];
        const size = Math.hypot(a!, b!) || Math.abs(d!) || 10;
        runs.push({ text: item.str.trim(), x0: e!, x1: e! + item.width, y: f!, size });
      }
      runsSeen += runs.length;
      const rows = pageRows(runs, horizontalRules(await page.getOperatorList(), OPS));
      while (rows.length > 0 && rows.at(-1)!.cells.length === 1 && pageNumber.test(rows.at(-1)!.cells[0]!.text)) rows.pop();
      const first = rows.findIndex((r) => r.banded);
      if (first >= 0 && lastBanded && rows.slice(0, first).every((r) => r.cells.length === 1 && pageNumber.test(r.cells[0]!.text))) {
        if (continuesRow(lastBanded.row, rows[first]!)) {
          rows[first]!.cells.forEach((f) => {
            const into = lastBanded!.row.cells.find((c) => f.x0 < c.x1 - 0.5 && f.x1 > c.x0 + 0.5);
            if (into) into.text += f.text;
            else lastBanded!.row.cells.push(f);
          });
          out[lastBanded.line] = lastBanded.row.cells.sort((a, b) => a.x0 - b.x0).map((c) => c.text).join('\t');
          rows.splice(first, 1);
        }
      }
      // the page's last value row may have its label's other lines under it (the rest of the row is on the next page)
      let lastAligned = rows.length - 1;
      while (lastAligned >= 0 && !rows[lastAligned]!.aligned) lastAligned--;
      for (let k = lastAligned + 1, y = rows[lastAligned]?.y; lastAligned >= 0 && k < rows.length; k++) {
        const below = rows[k]!;
        if (y === undefined || below.y === undefined || y - below.y > 20 || !continueLabel(rows[lastAligned]!, below)) break;
        y = below.y;
        if (below.cells.length === 0) rows.splice(k--, 1);
      }
      if (lastRow?.row.aligned) {
        const top = rows.findIndex((r) => !(r.cells.length === 1 && pageNumber.test(r.cells[0]!.text)));
        if (top >= 0 && continueLabel(lastRow.row, rows[top]!)) {
          out[lastRow.line] = lastRow.row.cells.map((c) => c.text).join('\t');
          if (rows[top]!.cells.length === 0) rows.splice(top, 1);
        }
      }
      for (const row of rows) {
        out.push(row.cells.map((c) => c.text).join('\t'));
        if (row.banded) lastBanded = { row, line: out.length - 1 };
        lastRow = { row, line: out.length - 1 };
      }
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  if (runsSeen === 0) throw new PdfReadError('PDF_NO_TEXT_LAYER', '该 PDF 没有文字层（可能是扫描件或图片），无法读取其中的数字：请提供原始的 Word、网页或文字版本');
  return out.join('\n');
}

export async function pdfToGrid(bytes: Uint8Array, file: string): Promise<GridWorkbook> {
  const grid = textToGrid(await pdfToText(bytes), file);
  grid.source.kind = 'pdf';
  return grid;
}

type Matrix = [number, number, number, number, number, number];

const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];

const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/**
 * The horizontal table rules a page draws, in page space: stroked horizontal lines, thin filled rectangles, and the
 * top and bottom edges of cell rectangles, following the graphics state's transform.
 */
export function horizontalRules(list: { fnArray: number[]; argsArray: unknown[] }, OPS: Record<string, number>): HorizontalRule[] {
  const rules: HorizontalRule[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  const add = (a: [number, number], b: [number, number]) => {
    if (Math.abs(a[1] - b[1]) < 0.8 && Math.abs(a[0] - b[0]) > 8) rules.push({ y: (a[1] + b[1]) / 2, x0: Math.min(a[0], b[0]), x1: Math.max(a[0], b[0]) });
  };
  for (let i = 0; i < list.fnArray.length; i++) {
    const fn = list.fnArray[i];
    const args = list.argsArray[i] as unknown[];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, args as Matrix);
    else if (fn === OPS.constructPath) {
      const [ops, coords] = args as [number[], number[]];
      let at = 0;
      let current: [number, number] | undefined;
      for (const op of ops) {
        if (op === OPS.rectangle) {
          const [x, y, w, h] = coords.slice(at, at + 4) as [number, number, number, number];
          at += 4;
          const p = [apply(ctm, x, y), apply(ctm, x + w, y), apply(ctm, x, y + h), apply(ctm, x + w, y + h)];
          const height = Math.abs(p[2]![1] - p[0]![1]);
          // a page background or a shaded area is no rule
          if (height > 100) continue;
          if (height < 2.5) add(p[0]!, p[1]!);
          else {
            add(p[0]!, p[1]!);
            add(p[2]!, p[3]!);
          }
        } else if (op === OPS.moveTo) {
          current = apply(ctm, coords[at]!, coords[at + 1]!);
          at += 2;
        } else if (op === OPS.lineTo) {
          const next = apply(ctm, coords[at]!, coords[at + 1]!);
          at += 2;
          if (current) add(current, next);
          current = next;
        } else if (op === OPS.curveTo) at += 6;
        else if (op === OPS.curveTo2 || op === OPS.curveTo3) at += 4;
      }
    }
  }
  return rules;
}

/**
 * The first table row of a page is the rest of the last row of the page before (a row split by the page break: the
 * label's end, a number's last digits) when it holds no label of its own and each of its numbers stands under a number
 * of that row. Joined, the row reads as printed; left apart, `35609` would read as `356`.
 */
function continuesRow(last: OutRow, first: OutRow): boolean {
  if (!last.cells.some((c) => c.numeric)) return false;
  const vocab = labelVocabulary();
  if (first.cells.some((c) => !c.numeric && (vocab.rows.has(labelKey(c.text)) || vocab.headers.has(labelKey(c.text))))) return false;
  return first.cells.every((f) => !f.numeric || last.cells.some((c) => c.numeric && f.x0 < c.x1 + 2 && f.x1 > c.x0 - 2));
}

/**
 * A table without rules split by a page break: the last value row of a page keeps its numbers and its label's first
 * line (`1.申请人无正当理由逾`), the label's other lines open the next page in the same label column
 * (`期不补正、行政机关不再处理其政府信息公开申请`). Joined when that first line is no label by itself, the next page's
 * first row holds no number, and its text in that column does not start a label of its own. Only text is joined.
 */
function continueLabel(last: OutRow, top: OutRow): boolean {
  if (top.aligned || top.cells.some((c) => c.numeric)) return false;
  const label = last.cells.filter((c) => !c.numeric).at(-1);
  if (!label || labelVocabulary().rows.has(labelKey(label.text))) return false;
  const next = top.cells.find((c) => Math.abs(c.x0 - label.x0) <= 1.5);
  if (!next || labelEnumerator.test(next.text)) return false;
  label.text += next.text;
  top.cells.splice(top.cells.indexOf(next), 1);
  return true;
}
