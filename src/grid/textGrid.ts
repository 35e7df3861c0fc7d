/**
 * Published report text → a grid: one row per line, cells split on tabs or `|`. The tables keep whatever shape the
 * publisher left them in; finding the official tables in it is `locate`'s job, as for any workbook.
 *
 * Grid row = line number − 1, so a value's provenance names the line a clerk can find in the file: Markdown
 * separator rows (`|---|---|`) and the continuation lines of a quoted multi-line cell stay as empty rows. A table
 * flattened into one line is split one field per row (`flattenedTables.ts`); `sourceLines` then maps rows to lines.
 * Text that is really a pasted web page (it holds a `<table>`) is read as HTML.
 */
import { readFile } from 'node:fs/promises';
import { gridIndex, zeroWidth, type GridCell, type GridSheet, type GridWorkbook } from './grid.js';
import { unflattenTables } from './flattenedTables.js';
import { htmlToGrid } from './htmlGrid.js';
import { joinLabelsAroundValues, joinWrappedRowLabels, restructureLines } from './textLayouts.js';

/** Lines a quoted cell (`"本年新⏎制作数量"`, as spreadsheets copy a cell with a line break) may run over. */
const maxQuotedCellLines = 8;

export function textToGrid(text: string, file: string): GridWorkbook {
  // zero-width characters (`&#8203;` from web editors) are invisible and separate nothing: gone before any split
  const body = text.replace(/^\uFEFF/, '').replace(zeroWidth, '');
  if (looksLikeHtml(body)) {
    return htmlToGrid(body, file);
  }
  const cells = new Map<number, GridCell>();
  const { lines, sourceLines } = unflattenTables(body.split(/\r\n|\r|\n/));
  const lineWidths = new Map<number, number>();
  const fields: string[][] = lines.map(() => []);
  const barLines = new Set<number>();
  const explicitFields = new Set<number>();
  for (let row = 0; row < lines.length; row++) {
    const line = lines[row]!;
    if (isMarkdownSeparator(line)) continue;
    let parts: string[];
    let extraLines = 0;
    if (line.includes('\t')) {
      const record = quotedRecord(lines, row);
      parts = record.fields;
      extraLines = record.extraLines;
    } else if (line.includes('|')) {
      parts = splitBars(line);
      if (parts.length === 1) barLines.add(row);
      else explicitFields.add(row);
    } else {
      parts = [stripMarkdownHeading(line)];
    }
    fields[row] = parts;
    row += extraLines; // the continuation lines of a quoted cell stay empty rows
  }
  let colCount = 0;
  joinLabelsAroundValues(fields);
  joinWrappedRowLabels(fields);
  restructureLines(fields, barLines).forEach((parts, row) => {
    if (!parts || parts.length === 0) return;
    // an empty field among fields brought together from `|` cells is an empty cell the text shows
    if (parts.length > 1 && parts.some((p) => p.trim() === '') && fields[row]!.length <= 1) explicitFields.add(row);
    place(cells, row, parts);
    lineWidths.set(row, parts.length);
    colCount = Math.max(colCount, parts.length);
  });
  const sheet: GridSheet = { name: '正文', cells, merges: [], rowCount: lines.length, colCount, lineWidths, explicitFields, ...(sourceLines ? { sourceLines } : {}) };
  return { source: { file, kind: 'text' }, sheets: [sheet] };
}

function place(cells: Map<number, GridCell>, row: number, parts: readonly string[]): void {
  parts.forEach((part, col) => {
    const t = part.trim();
    if (t !== '') cells.set(gridIndex(row, col), { row, col, value: t, text: t });
  });
}

/** A pasted page: an HTML table tag near a tag-like structure, not a sentence that happens to mention `<`. */
function looksLikeHtml(text: string): boolean {
  return /<table[\s>]/i.test(text) && /<\/(?:td|th|tr|table)\s*>|<t[dr][\s>]/i.test(text);
}

/** `|---|:---:|---|`: the line under a Markdown table's header. */
function isMarkdownSeparator(line: string): boolean {
  const t = line.trim();
  return t.includes('-') && t.includes('|') && /^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$/.test(t);
}

/** `## 三、收到和处理…` → `三、收到和处理…` (a Markdown heading). */
function stripMarkdownHeading(line: string): string {
  return line.replace(/^\s{0,3}#{1,6}\s+/, '').replace(/\s+#+\s*$/, '');
}

/** `| a | b \| c |` → [`a`, `b | c`]: outer bars dropped, `\|` is a bar inside a cell. */
function splitBars(line: string): string[] {
  const t = line.trim();
  const inner = t.slice(t.startsWith('|') ? 1 : 0, t.endsWith('|') && !t.endsWith('\\|') ? -1 : undefined);
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (ch === '\\' && inner[i + 1] === '|') {
      current += '|';
      i++;
    } else if (ch === '|') {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((p) => p.replace(/<br\s*\/?>/gi, '\n'));
}

/**
 * A tab-separated record starting at `lines[row]`. A field that begins with `"` is quoted the way spreadsheets copy
 * cells (inner `""` for a quote) and may hold line breaks; when its closing quote is not found within a few lines
 * the line is read literally, quotes and all.
 */
function quotedRecord(lines: readonly string[], row: number): { fields: string[]; extraLines: number } {
  const first = lines[row]!;
  if (!first.split('\t').some((f) => f.startsWith('"'))) return { fields: first.split('\t'), extraLines: 0 };
  let joined = first;
  for (let extra = 0; extra <= maxQuotedCellLines; extra++) {
    const fields = parseQuoted(joined);
    if (fields) return { fields, extraLines: extra };
    const next = lines[row + extra + 1];
    if (next === undefined) break;
    joined += '\n' + next;
  }
  return { fields: first.split('\t'), extraLines: 0 };
}

/** Splits a tab-separated record with quoted fields; null when a quote is still open at the end. */
function parseQuoted(record: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (record[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = record.indexOf('"', j);
        if (q === -1) return null;
        value += record.slice(j, q);
        if (record[q + 1] === '"') {
          value += '"';
          j = q + 2;
          continue;
        }
        j = q + 1;
        break;
      }
      // a quote that does not end the field means the field was not quoted after all
      if (j < record.length && record[j] !== '\t') {
        const tab = record.indexOf('\t', i);
        const end = tab === -1 ? record.length : tab;
        fields.push(record.slice(i, end));
        if (tab === -1) return fields;
        i = tab + 1;
        continue;
      }
      fields.push(value);
      if (j >= record.length) return fields;
      i = j + 1;
    } else {
      const tab = record.indexOf('\t', i);
      if (tab === -1) {
        fields.push(record.slice(i));
        return fields;
      }
      fields.push(record.slice(i, tab));
      i = tab + 1;
    }
  }
}

export type TextEncodingName = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/** Bytes of a text file → its text: a BOM decides; else UTF-8 when valid, else GB18030 (what Chinese Windows writes). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/** A published report's text file, whatever its encoding (see `decodeText`). */
export async function readTextFile(path: string): Promise<string> {
  return decodeText(await readFile(path)).text;
}
