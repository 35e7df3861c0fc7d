/**
 * The fast path: an xlsx read straight from its XML parts into a grid, touching only what the tables need (sheet
 * names, order and state; shared strings; number formats; cell values, formulas and merges). Styles, validations,
 * drawings and the rest are never parsed, which is what makes it an order of magnitude faster than exceljs.
 *
 * It reads transitional SpreadsheetML as Excel, WPS, LibreOffice and exceljs write it. Whatever else it meets
 * (strict OOXML, a namespace prefix, a missing part, an unknown cell type) raises `LeanReaderUnsupported`, and the
 * caller reads the file with exceljs instead; it never guesses.
 */
import { gridIndex, type GridCell, type GridMerge, type GridSheet, type GridWorkbook } from './grid.js';
import {
  builtinNumberFormats,
  defaultSheetLimits,
  displayText,
  isDateFormat,
  normaliseDateSerial,
  normaliseNumberFormat,
  parseRange,
  sheetExtent,
  type SheetLimits,
} from './cellText.js';
import { WorkbookReadError } from './readFailure.js';
import { decodeOoxmlEscapes, decodeXml, hasUnscannedConstructs, parseAttrs, rootElement, tags } from './xmlScan.js';
import type { ZipArchive } from './zipArchive.js';

/** The lean reader does not handle this file; read it with the general reader. */
export class LeanReaderUnsupported extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'LeanReaderUnsupported';
  }
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

interface Relationship {
  type: string;
  target: string;
}

export interface LeanReadOptions {
  limits?: SheetLimits;
}

export function readXlsxLean(zip: ZipArchive, file: string, options: LeanReadOptions = {}): GridWorkbook {
  const limits = options.limits ?? defaultSheetLimits;
  const workbookPath = officeDocumentPath(zip);
  const workbookXml = part(zip, workbookPath);
  expectRoot(workbookXml, 'workbook', MAIN_NS, workbookPath);

  const rels = relationships(zip, workbookPath);
  const date1904 = /<workbookPr\b[^>]*\bdate1904\s*=\s*["'](1|true)["']/.test(workbookXml);
  const sharedStrings = readSharedStrings(zip, relatedPart(rels, 'sharedStrings'));
  const numberFormats = readCellNumberFormats(zip, relatedPart(rels, 'styles'));

  const sheets: GridSheet[] = [];
  for (const tag of tags(workbookXml)) {
    if (tag.name !== 'sheet' || tag.closing) continue;
    const attrs = parseAttrs(tag.attrs);
    const name = attrs.name;
    const relId = Object.entries(attrs).find(([k]) => k.endsWith(':id'))?.[1];
    if (name === undefined || relId === undefined) throw new LeanReaderUnsupported(`${workbookPath}: sheet without name or r:id`);
    const rel = rels.get(relId);
    if (!rel) throw new LeanReaderUnsupported(`${workbookPath}: no relationship ${relId}`);
    if (!rel.type.endsWith('/worksheet')) throw new LeanReaderUnsupported(`sheet “${name}” is a ${rel.type}`);
    const state = attrs.state === 'hidden' || attrs.state === 'veryHidden' ? attrs.state : 'visible';
    const sheetXml = part(zip, rel.target);
    expectRoot(sheetXml, 'worksheet', MAIN_NS, rel.target);
    sheets.push(readSheet(sheetXml, name, state, { sharedStrings, numberFormats, date1904, limits }));
  }
  return { source: { file, kind: 'xlsx' }, sheets };
}

function part(zip: ZipArchive, path: string): string {
  const xml = zip.text(path);
  if (xml === undefined) throw new LeanReaderUnsupported(`missing part ${path}`);
  if (hasUnscannedConstructs(xml)) throw new LeanReaderUnsupported(`${path} uses CDATA, comments or a DTD`);
  return xml;
}

function expectRoot(xml: string, name: string, namespace: string, path: string): void {
  const root = rootElement(xml);
  if (!root || root.name !== name || root.attrs.xmlns !== namespace) {
    throw new LeanReaderUnsupported(`${path}: root is not <${name} xmlns="${namespace}"> (strict OOXML or a prefix)`);
  }
}

function officeDocumentPath(zip: ZipArchive): string {
  const xml = zip.text('_rels/.rels');
  if (xml === undefined) return 'xl/workbook.xml';
  for (const tag of tags(xml)) {
    if (tag.name !== 'Relationship') continue;
    const a = parseAttrs(tag.attrs);
    if (a.Type === `${REL_NS}/officeDocument` && a.Target) return resolveTarget('', a.Target);
    if (a.Type?.endsWith('/officeDocument')) throw new LeanReaderUnsupported(`officeDocument relationship ${a.Type}`);
  }
  throw new LeanReaderUnsupported('_rels/.rels has no officeDocument');
}

function relationships(zip: ZipArchive, ownerPath: string): Map<string, Relationship> {
  const dir = ownerPath.slice(0, ownerPath.lastIndexOf('/') + 1);
  const relsPath = `${dir}_rels/${ownerPath.slice(dir.length)}.rels`;
  const xml = part(zip, relsPath);
  expectRoot(xml, 'Relationships', PACKAGE_REL_NS, relsPath);
  const rels = new Map<string, Relationship>();
  for (const tag of tags(xml)) {
    if (tag.name !== 'Relationship') continue;
    const a = parseAttrs(tag.attrs);
    if (!a.Id || !a.Type || !a.Target) continue;
    if (a.TargetMode === 'External') continue;
    rels.set(a.Id, { type: a.Type, target: resolveTarget(dir, a.Target) });
  }
  return rels;
}

function resolveTarget(dir: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : dir + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

function relatedPart(rels: Map<string, Relationship>, kind: string): string | undefined {
  for (const rel of rels.values()) {
    if (rel.type === `${REL_NS}/${kind}`) return rel.target;
  }
  return undefined;
}

const T_TEXT = /<t(?:\s[^>]*)?>([^<]*)<\/t>/g;

/** The concatenated `<t>` runs of a string item, leaving out phonetic guides (`<rPh>`). */
function stringItemText(item: string): string {
  const body = item.includes('<rPh') ? item.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : item;
  let text = '';
  T_TEXT.lastIndex = 0;
  for (let m = T_TEXT.exec(body); m; m = T_TEXT.exec(body)) text += m[1];
  return decodeOoxmlEscapes(decodeXml(text));
}

function readSharedStrings(zip: ZipArchive, path: string | undefined): string[] {
  if (path === undefined) return [];
  const xml = part(zip, path);
  expectRoot(xml, 'sst', MAIN_NS, path);
  const strings: string[] = [];
  const SI = /<si>([\s\S]*?)<\/si>|<si\s*\/>/g;
  for (let m = SI.exec(xml); m; m = SI.exec(xml)) strings.push(m[1] === undefined ? '' : stringItemText(m[1]));
  return strings;
}

/** The number format code of each cell style index (`s` attribute), undefined for General. */
function readCellNumberFormats(zip: ZipArchive, path: string | undefined): (string | undefined)[] {
  if (path === undefined) return [];
  const xml = part(zip, path);
  expectRoot(xml, 'styleSheet', MAIN_NS, path);
  const custom = new Map<number, string>();
  const formats: (string | undefined)[] = [];
  let inCellXfs = false;
  for (const tag of tags(xml)) {
    if (tag.name === 'numFmt' && !tag.closing) {
      const a = parseAttrs(tag.attrs);
      if (a.numFmtId !== undefined && a.formatCode !== undefined) custom.set(Number(a.numFmtId), a.formatCode);
    } else if (tag.name === 'cellXfs') {
      inCellXfs = !tag.closing && !tag.selfClosing;
    } else if (inCellXfs && tag.name === 'xf' && !tag.closing) {
      const id = Number(parseAttrs(tag.attrs).numFmtId ?? 0);
      formats.push(id ? normaliseNumberFormat(custom.get(id) ?? builtinNumberFormats[id]) : undefined);
    }
  }
  return formats;
}

interface SheetContext {
  sharedStrings: string[];
  numberFormats: (string | undefined)[];
  date1904: boolean;
  limits: SheetLimits;
}

// one regex for the tags inside <sheetData>; attribute values are quoted strings, which may contain `>`
const SHEET_TAG = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTR_R = /\br\s*=\s*"([^"]*)"/;
const ATTR_T = /\bt\s*=\s*"([^"]*)"/;
const ATTR_S = /\bs\s*=\s*"([^"]*)"/;
const ATTR_SI = /\bsi\s*=\s*"([^"]*)"/;

function readSheet(
  xml: string,
  name: string,
  state: 'visible' | 'hidden' | 'veryHidden',
  ctx: SheetContext,
): GridSheet {
  const cells = new Map<number, GridCell>();
  const merges: GridMerge[] = [];
  const tooLarge = (detail: string): WorkbookReadError =>
    new WorkbookReadError('SHEET_TOO_LARGE', `工作表“${name}”${detail}`);

  const dataStart = xml.indexOf('<sheetData');
  let dataEnd = xml.indexOf('</sheetData>', dataStart);
  if (dataStart < 0) throw new LeanReaderUnsupported(`sheet “${name}” has no sheetData`);
  if (dataEnd < 0) dataEnd = dataStart; // <sheetData/>

  const sharedFormulas = new Map<string, string>();
  let row = -1;
  let col = -1;
  // the cell being read
  let inCell = false;
  let type = 'n';
  let style = 0;
  let formula: string | undefined;
  let raw: string | undefined;

  const finishCell = (): void => {
    const cell = buildCell(row, col, type, style, formula, raw, ctx, name);
    if (!cell) return;
    cells.set(gridIndex(row, col), cell);
    if (cells.size > ctx.limits.maxCells) throw tooLarge(`有超过 ${ctx.limits.maxCells} 个非空单元格`);
  };

  SHEET_TAG.lastIndex = dataStart;
  for (let m = SHEET_TAG.exec(xml); m && m.index < dataEnd; m = SHEET_TAG.exec(xml)) {
    const closing = m[1] === '/';
    const tag = m[2]!;
    const attrs = m[3]!;
    const selfClosing = m[4] === '/';
    const contentStart = SHEET_TAG.lastIndex;
    if (tag === 'c') {
      if (closing) {
        if (inCell) finishCell();
        inCell = false;
        continue;
      }
      const r = ATTR_R.exec(attrs)?.[1];
      if (r !== undefined) {
        const ref = parseRef(r);
        if (!ref) throw new LeanReaderUnsupported(`sheet “${name}”: cell reference “${r}”`);
        if (ref.row !== row) {
          if (ref.row < row) throw new LeanReaderUnsupported(`sheet “${name}”: rows out of order at ${r}`);
          row = ref.row;
        }
        col = ref.col;
      } else col += 1;
      if (row < 0) row = 0;
      if (row >= ctx.limits.maxRows) throw tooLarge(`的行号超过 ${ctx.limits.maxRows}`);
      type = ATTR_T.exec(attrs)?.[1] ?? 'n';
      const s = ATTR_S.exec(attrs)?.[1];
      style = s === undefined ? 0 : Number(s);
      formula = undefined;
      raw = undefined;
      inCell = !selfClosing; // a self-closing <c/> holds nothing
    } else if (tag === 'row') {
      if (closing) continue;
      const r = ATTR_R.exec(attrs)?.[1];
      if (r === undefined) row += 1;
      else {
        const n = Number(r) - 1;
        if (!Number.isInteger(n) || n < 0 || n < row) throw new LeanReaderUnsupported(`sheet “${name}”: row r="${r}"`);
        row = n;
      }
      col = -1;
      if (row >= ctx.limits.maxRows) throw tooLarge(`的行号超过 ${ctx.limits.maxRows}`);
    } else if (!inCell || closing) {
      continue;
    } else if (tag === 'v') {
      if (selfClosing) continue;
      const end = xml.indexOf('</v>', contentStart);
      if (end < 0) throw new LeanReaderUnsupported(`sheet “${name}”: unterminated <v>`);
      raw = xml.slice(contentStart, end);
      SHEET_TAG.lastIndex = end + 4;
    } else if (tag === 'f') {
      const kind = ATTR_T.exec(attrs)?.[1] ?? 'normal';
      if (kind === 'dataTable') throw new LeanReaderUnsupported(`sheet “${name}”: data table formula`);
      let text = '';
      if (!selfClosing) {
        const end = xml.indexOf('</f>', contentStart);
        if (end < 0) throw new LeanReaderUnsupported(`sheet “${name}”: unterminated <f>`);
        text = decodeXml(xml.slice(contentStart, end));
        SHEET_TAG.lastIndex = end + 4;
      }
      if (kind === 'shared') {
        const si = ATTR_SI.exec(attrs)?.[1] ?? '';
        // the master carries the text; the other cells of the range refer to it by `si`
        if (text !== '') sharedFormulas.set(si, text);
        else text = sharedFormulas.get(si) ?? '';
        if (text === '') throw new LeanReaderUnsupported(`sheet “${name}”: shared formula ${si} without a master`);
      }
      formula = text;
    } else if (tag === 'is') {
      if (selfClosing) {
        raw = '';
        continue;
      }
      const end = xml.indexOf('</is>', contentStart);
      if (end < 0) throw new LeanReaderUnsupported(`sheet “${name}”: unterminated <is>`);
      raw = stringItemText(xml.slice(contentStart, end));
      SHEET_TAG.lastIndex = end + 5;
    }
  }

  if (dataEnd > dataStart) {
    const MERGE = /<mergeCell\s+ref\s*=\s*"([^"]*)"/g;
    MERGE.lastIndex = dataEnd;
    for (let m = MERGE.exec(xml); m; m = MERGE.exec(xml)) {
      const range = parseRange(m[1]!);
      if (!range) throw new LeanReaderUnsupported(`sheet “${name}”: merge “${m[1]}”`);
      merges.push(range);
    }
  }
  const { rowCount, colCount } = sheetExtent(cells.values(), merges);
  return { name, cells, merges, state, rowCount, colCount };
}

/** A1-style cell reference → 0-based row and column, fast path for the sheet loop. */
function parseRef(ref: string): { row: number; col: number } | undefined {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code < 65 || code > 90) break;
    col = col * 26 + code - 64;
  }
  if (i === 0 || i === ref.length || i > 3) return undefined;
  let row = 0;
  for (let j = i; j < ref.length; j++) {
    const code = ref.charCodeAt(j);
    if (code < 48 || code > 57) return undefined;
    row = row * 10 + code - 48;
  }
  if (row < 1) return undefined;
  return { row: row - 1, col: col - 1 };
}

/** One cell's grid value from its type, style, formula and raw `<v>`/`<is>` content; undefined when it holds nothing. */
function buildCell(
  row: number,
  col: number,
  type: string,
  style: number,
  formula: string | undefined,
  raw: string | undefined,
  ctx: SheetContext,
  sheetName: string,
): GridCell | undefined {
  const numberFormat = style ? ctx.numberFormats[style] : undefined;
  // an empty <v></v> is no value at all, as in Excel
  const present = raw !== undefined && (raw !== '' || type === 'inlineStr');
  let value: GridCell['value'] = null;
  let error: string | undefined;

  if (formula === undefined && !present) return undefined;
  if (present) {
    switch (type) {
      case 'n': {
        const n = parseFloat(raw!);
        value = isDateFormat(numberFormat) && Number.isFinite(n) ? normaliseDateSerial(n, ctx.date1904) : n;
        break;
      }
      case 's': {
        if (formula !== undefined) throw new LeanReaderUnsupported(`sheet “${sheetName}”: formula with t="s"`);
        const s = ctx.sharedStrings[parseInt(raw!, 10)];
        if (s === undefined) throw new LeanReaderUnsupported(`sheet “${sheetName}”: shared string ${raw} missing`);
        value = s;
        break;
      }
      case 'str':
        value = decodeXml(raw!);
        break;
      case 'inlineStr':
        value = raw!;
        break;
      case 'b':
        value = parseInt(raw!, 10) !== 0;
        break;
      case 'e':
        error = decodeXml(raw!);
        break;
      default:
        throw new LeanReaderUnsupported(`sheet “${sheetName}”: cell type t="${type}"`);
    }
  }
  const cell: GridCell = { row, col, value, text: displayText(value, numberFormat, ctx.date1904, error) };
  if (formula !== undefined) cell.formula = formula;
  if (formula !== undefined && !present) cell.formulaWithoutResult = true;
  if (error !== undefined) cell.error = error;
  if (numberFormat !== undefined) cell.numberFormat = numberFormat;
  return cell;
}
