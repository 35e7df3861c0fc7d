/**
 * The long sheets of the summary workbook (分单位明细, 校验结果, 报送情况) have one row per unit or per finding: at 1,000
 * units 150,000 detail cells. exceljs spends about 0.7 ms on each such row (a model object per cell, each cell's
 * style serialised to find its index), most of a consolidation's writing time. So exceljs writes every sheet's frame
 * (views, columns, headers, print setup, the rows that carry notes, the totals row) and the plain rows are written
 * here as SpreadsheetML text, exactly as exceljs would write them, and merged into the sheets by row number.
 *
 * The few styles the plain rows use are appended to the package's styles part (the number format of each domain,
 * the wrapped text of the list sheets' last column); the package is then written again by `ZipWriter`, the long
 * sheets chunk by chunk.
 */
import { columnLetter } from '../layout/tableLayout.js';
import { ZipWriter } from '../io/zipWriter.js';
import type { ExportCell } from '../export/table.js';

/** A style the plain rows need, as exceljs would write its `<xf>` (font, fill and border left at the defaults). */
export type BodyStyle = { numFmt: string } | { wrapTop: true };

const styleKey = (s: BodyStyle): string => ('numFmt' in s ? `numFmt:${s.numFmt}` : 'wrapTop');

/** exceljs's `xmlEncode`: the five markup characters escaped, characters XML 1.0 cannot carry dropped. */
const needsEncoding = /[<>&'"\x7F\x00-\x08\x0B\x0C\x0E-\x1F]/;
const encodePattern = /[<>&'"\x7F\x00-\x08\x0B\x0C\x0E-\x1F]/g;
const entities: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' };
export function xmlText(text: string): string {
  return needsEncoding.test(text) ? text.replace(encodePattern, (c) => entities[c] ?? '') : text;
}

/** The plain rows of one sheet, in ascending row numbers; `style(column)` is the style of a 0-based column, if any. */
export interface SheetBody {
  sheet: string;
  /** the number of columns of every row */
  columns: number;
  rows: () => Iterable<{ row: number; values: readonly ExportCell[] }>;
  style: (column: number) => BodyStyle | undefined;
  /**
   * the first column after the row's text (the detail's unit name, file, …): the cells from here on are written as a
   * text of their own, which stays one byte a character when they hold only numbers, and so encodes several times
   * faster than the two-byte text a Chinese name makes of a whole row
   */
  numbersFrom?: number;
}

/** Columns' letters, computed once: 150 columns × 1,000 rows would otherwise convert 150,000 times. */
const letters: string[] = [];
const letterOf = (i: number): string => (letters[i] ??= columnLetter(i));

/**
 * Writes one sheet's plain rows as exceljs would. Each column's fixed text (`<c r="K`, its style, the type) is built
 * once, so a row costs only joining those with its number and values: at 1,000 units that is 200,000 cells.
 */
function rowWriter(
  columns: number,
  styleIds: readonly (number | undefined)[],
  numbersFrom = columns,
): (row: number, values: readonly ExportCell[]) => [head: string, numbers: string] {
  const open: string[] = [];
  const number: string[] = [];
  const text: string[] = [];
  const empty: (string | undefined)[] = [];
  for (let i = 0; i < columns; i++) {
    const s = styleIds[i];
    const style = s ? ` s="${s}"` : '';
    open.push(`<c r="${letterOf(i)}`);
    number.push(`"${style}><v>`);
    text.push(`"${style} t="str"><v>`);
    empty.push(s ? `"${style}/>` : undefined);
  }
  const rowAttributes = `" spans="1:${columns}" x14ac:dyDescent="0.25">`;
  return (row, values) => {
    if (values.length > columns) throw new Error(`row ${row} has ${values.length} cells, its sheet ${columns} columns`);
    let xml = `<row r="${row}${rowAttributes}`;
    let head = '';
    for (let i = 0; i < values.length; i++) {
      if (i === numbersFrom) {
        head = xml;
        xml = '';
      }
      const v = values[i];
      if (v === null || v === undefined) {
        if (empty[i] !== undefined) xml += open[i]! + row + empty[i]!;
      } else if (typeof v === 'number') xml += open[i]! + row + number[i]! + v + '</v></c>';
      else xml += open[i]! + row + text[i]! + xmlText(v) + '</v></c>';
    }
    return values.length > numbersFrom ? [head, `${xml}</row>`] : [`${xml}</row>`, ''];
  };
}

const decoder = new TextDecoder('utf-8');
/** A part's text, whether exceljs gave it as text or as bytes. */
const textOf = (data: string | Uint8Array | undefined): string => (typeof data === 'string' ? data : decoder.decode(data));

/** Formats Excel knows by number (exceljs writes these by their id, not as a `numFmt` of the package). */
const builtinFormats: Record<string, number> = { '0': 1, '0.00': 2, '#,##0': 3, '#,##0.00': 4, '0%': 9, '0.00%': 10, '@': 49 };

/** Appends the styles to the styles part; returns the part and each style's cellXfs index. */
function addStyles(xml: string, styles: readonly BodyStyle[]): { xml: string; ids: Map<string, number> } {
  const numFmtIds = new Map<string, number>();
  let maxId = 163;
  for (const m of xml.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"\/>/g)) {
    numFmtIds.set(m[2]!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&apos;/g, "'").replace(/&amp;/g, '&'), Number(m[1]));
    maxId = Math.max(maxId, Number(m[1]));
  }
  const added: string[] = [];
  const formatId = (code: string): number => {
    const known = builtinFormats[code] ?? numFmtIds.get(code);
    if (known !== undefined) return known;
    maxId += 1;
    numFmtIds.set(code, maxId);
    added.push(`<numFmt numFmtId="${maxId}" formatCode="${xmlText(code)}"/>`);
    return maxId;
  };
  const xfs = styles.map((s) =>
    'numFmt' in s
      ? `<xf numFmtId="${formatId(s.numFmt)}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`
      : '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>',
  );
  const xfsOpen = /<cellXfs count="(\d+)">/.exec(xml);
  const xfsClose = xml.indexOf('</cellXfs>');
  if (!xfsOpen || xfsClose < 0) throw new Error('styles.xml written by exceljs has no cellXfs');
  const first = Number(xfsOpen[1]);
  let out = xml.slice(0, xfsClose) + xfs.join('') + xml.slice(xfsClose);
  out = out.replace(xfsOpen[0], `<cellXfs count="${first + xfs.length}">`);
  if (added.length > 0) {
    const fmts = /<numFmts count="(\d+)">/.exec(out);
    if (fmts) {
      const close = out.indexOf('</numFmts>');
      out = out.slice(0, close) + added.join('') + out.slice(close);
      out = out.replace(fmts[0], `<numFmts count="${Number(fmts[1]) + added.length}">`);
    } else {
      // numFmts comes first in a styleSheet
      const open = /<styleSheet[^>]*>/.exec(out)!;
      const at = open.index + open[0].length;
      out = `${out.slice(0, at)}<numFmts count="${added.length}">${added.join('')}</numFmts>${out.slice(at)}`;
    }
  }
  return { xml: out, ids: new Map(styles.map((s, i) => [styleKey(s), first + i])) };
}

/** The worksheet part of each sheet name, from workbook.xml and its relationships. */
function sheetParts(parts: ReadonlyMap<string, string | Uint8Array>): Map<string, string> {
  const workbook = textOf(parts.get('xl/workbook.xml'));
  const rels = textOf(parts.get('xl/_rels/workbook.xml.rels'));
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b([^>]*)\/>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[1]!)?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[1]!)?.[1];
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const out = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet\b([^>]*)\/>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[1]!)?.[1];
    const id = /\br:id="([^"]*)"/.exec(m[1]!)?.[1];
    const part = id ? targets.get(id) : undefined;
    if (name !== undefined && part) out.set(name, part);
  }
  return out;
}

/**
 * The sheet's XML with the plain rows merged in by row number: exceljs's own rows (headers, rows with notes, the
 * totals row) stay where their numbers put them. Yields the XML in chunks.
 */
function* mergedSheet(xml: string, body: SheetBody, styleIds: readonly (number | undefined)[]): Generator<string | Uint8Array> {
  const open = xml.indexOf('<sheetData>');
  const close = xml.indexOf('</sheetData>');
  if (open < 0 || close < 0) throw new Error(`the sheet ${body.sheet} written by exceljs has no sheetData`);
  const from = open + '<sheetData>'.length;
  // exceljs's rows, by number (its text is escaped, so `<row ` only ever starts a row)
  const theirs: { row: number; xml: string }[] = [];
  for (let at = xml.indexOf('<row ', from); at >= 0 && at < close; ) {
    const next = xml.indexOf('<row ', at + 1);
    const end = next >= 0 && next < close ? next : close;
    theirs.push({ row: Number(/^<row r="(\d+)"/.exec(xml.slice(at, at + 20))![1]), xml: xml.slice(at, end) });
    at = end;
  }
  yield xml.slice(0, from);
  // rows are encoded straight into 1 MiB buffers: joining them into one string first (mostly ASCII, but two bytes a
  // character once a unit's name is in it) and encoding that cost more than building the rows
  const size = 1 << 20;
  let buffer = Buffer.allocUnsafe(size);
  let at = 0;
  const put = (text: string): Buffer | undefined => {
    let full: Buffer | undefined;
    if (at + text.length * 3 > buffer.length) {
      full = buffer.subarray(0, at);
      buffer = Buffer.allocUnsafe(Math.max(size, text.length * 3));
      at = 0;
    }
    at += buffer.write(text, at);
    return full;
  };
  const rowXml = rowWriter(body.columns, styleIds, body.numbersFrom);
  let k = 0;
  for (const { row, values } of body.rows()) {
    while (k < theirs.length && theirs[k]!.row < row) {
      const full = put(theirs[k++]!.xml);
      if (full) yield full;
    }
    if (k < theirs.length && theirs[k]!.row === row) throw new Error(`row ${row} of ${body.sheet} written twice`);
    const [head, numbers] = rowXml(row, values);
    let full = put(head);
    if (full) yield full;
    if (numbers) {
      full = put(numbers);
      if (full) yield full;
    }
  }
  while (k < theirs.length) {
    const full = put(theirs[k++]!.xml);
    if (full) yield full;
  }
  yield buffer.subarray(0, at);
  yield xml.slice(close);
}

/** The parts exceljs wrote, with every body merged into its sheet; returns the bytes of the package. */
export async function withBodies(parts: ReadonlyMap<string, string | Uint8Array>, bodies: readonly SheetBody[]): Promise<Buffer[]> {
  const bySheet = sheetParts(parts);
  // every style any body uses, once
  const wanted = new Map<string, BodyStyle>();
  const styleOf = (body: SheetBody) => Array.from({ length: body.columns }, (_, i) => body.style(i));
  for (const body of bodies) for (const s of styleOf(body)) if (s) wanted.set(styleKey(s), s);
  const styles = addStyles(textOf(parts.get('xl/styles.xml')), [...wanted.values()]);
  const zip = new ZipWriter();
  const bodyOfPart = new Map<string, SheetBody>();
  for (const body of bodies) {
    const part = bySheet.get(xmlText(body.sheet));
    if (!part || !parts.has(part)) throw new Error(`the sheet ${body.sheet} is not in the package exceljs wrote`);
    bodyOfPart.set(part, body);
  }
  for (const [name, data] of parts) {
    const body = bodyOfPart.get(name);
    if (name === 'xl/styles.xml') await zip.add(name, [styles.xml]);
    else if (body) {
      const ids = styleOf(body).map((s) => (s ? styles.ids.get(styleKey(s)) : undefined));
      await zip.add(name, mergedSheet(textOf(data), body, ids));
    } else await zip.add(name, [data]);
  }
  return zip.finish();
}
