/**
 * The fast path: an xlsx read straight from its XML parts into a grid, touching only what the tables need (sheet
 * names, order and state; shared strings; number formats; cell values, formulas and merges). Styles, validations,
 * drawings and the rest are never parsed, which is what makes it an order of magnitude faster than exceljs.
 *
 * Where the time goes, measured on template-made workbooks (issue 6): inflating the parts, then scanning the sheets.
 * So the sheets are scanned in place as latin1 text with an index-based cursor (no regex, no per-tag objects) and only
 * the text a cell keeps is decoded; shared strings are decoded when a cell first reads them; and the workbook,
 * relationship and style parts, which a batch made from one template shares byte for byte, are parsed once and reused
 * while later workbooks store exactly the same bytes.
 *
 * It reads transitional SpreadsheetML as Excel, WPS, LibreOffice and exceljs write it. Whatever else it meets
 * (strict OOXML, a namespace prefix, a missing part, an unknown cell type) raises `LeanReaderUnsupported`, and the
 * caller reads the file with exceljs instead; it never guesses.
 */
import { shiftFormula } from './sharedFormula.js';
import { gridIndex, type GridCell, type GridMerge, type GridSheet, type GridWorkbook } from './grid.js';
import {
  builtinNumberFormats,
  defaultSheetLimits,
  displayText,
  isDateFormat,
  isPercentFormat,
  normaliseDateSerial,
  normaliseNumberFormat,
  numberText,
  parseRange,
  type SheetLimits,
} from './cellText.js';
import { WorkbookReadError } from './readFailure.js';
import { ByteTagCursor, MalformedTag, decodeOoxmlEscapes, decodeXml, parseAttrs, rootElement, tags, utf8Of } from './xmlScan.js';
import type { ZipArchive, ZipEntry } from './zipArchive.js';

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
  omitSheets?: OmitSheets | readonly OmitSheets[];
}

/**
 * Sheets not to read when the workbook has the sheet `when`: a caller that knows what a workbook of ours holds (its
 * instructions sheet is our own text, which nothing reads) need not pay for inflating and scanning it.
 */
export interface OmitSheets {
  names: readonly string[];
  when: string;
}

/** The sheets of `sheets` to leave out under each rule whose marker sheet is there (the marker itself is left out only when named). */
export function omittedSheets<T extends { name: string }>(
  sheets: readonly T[],
  omit: OmitSheets | readonly OmitSheets[] | undefined,
): ReadonlySet<string> | undefined {
  if (!omit) return undefined;
  const rules: readonly OmitSheets[] = Array.isArray(omit) ? omit : [omit as OmitSheets];
  let out: Set<string> | undefined;
  for (const rule of rules) {
    if (!sheets.some((s) => s.name === rule.when)) continue;
    out ??= new Set();
    for (const name of rule.names) out.add(name);
  }
  return out;
}

export function readXlsxLean(zip: ZipArchive, file: string, options: LeanReadOptions = {}): GridWorkbook {
  const limits = options.limits ?? defaultSheetLimits;
  const plan = workbookPlan(zip);
  const sharedStrings = readSharedStrings(zip, plan.sharedStringsPath);
  const styles = readStyles(zip, plan.stylesPath);
  const { date1904 } = plan;

  const omit = omittedSheets(plan.sheets, options.omitSheets);
  const ctx: SheetContext = { sharedStrings, ...styles, date1904, limits };
  const sheets: GridSheet[] = [];
  for (const { name, state, target } of plan.sheets) {
    if (omit?.has(name)) continue;
    // a sheet stored exactly as one read before is not inflated or scanned again (see `SheetScan`)
    const stored = zip.stored(target);
    const scan = stored && sheetScans.find(stored, limits);
    if (scan) {
      sheets.push(rebuildSheet(scan, name, state, ctx));
      continue;
    }
    // scanned as bytes, with the same bytes as latin1 text (see `part`) for the text a cell keeps
    const bytes = partBytes(zip, target);
    const sheetXml = latin1(bytes);
    expectRoot(sheetXml, 'worksheet', MAIN_NS, target);
    const cells = stored && sheetScans.worthKeeping(zip.entries.get(target)!) ? [] : undefined;
    const sheet = readSheet(sheetXml, bytes, name, state, ctx, cells);
    if (stored && cells) {
      const { merges, rowCount, colCount } = sheet;
      // inflated bytes are the reader's own; a sheet stored uncompressed is read in place, from bytes the caller may reuse
      const own = stored.method === 0 ? new Uint8Array(bytes) : bytes;
      sheetScans.keep({ stored: copyStored(stored), limits, xml: sheetXml, bytes: own, cells, merges: copyMerges(merges), rowCount, colCount });
    }
    sheets.push(sheet);
  }
  return { source: { file, kind: 'xlsx' }, sheets };
}

/** A non-empty cell as the sheet scan found it: what `buildCell` makes a grid cell of. */
interface ScannedCell {
  row: number;
  col: number;
  type: string;
  style: number;
  formula: string | undefined;
  rawStart: number;
  rawEnd: number;
  inline: string | undefined;
}

/**
 * A sheet read before: its stored bytes (the key), its text and the cells its scan found. What a scan finds (cells,
 * their positions, types, styles, formulas and raw values, the merges, the extent, and whether it is refused) depends
 * on the sheet's bytes and the limits alone; the grid cells also depend on the workbook's shared strings and styles,
 * so they are built again each time, as fresh objects (later stages fill in formula results).
 */
interface SheetScan {
  stored: NonNullable<Stored>;
  limits: SheetLimits;
  xml: string;
  bytes: Uint8Array;
  cells: ScannedCell[];
  merges: GridMerge[];
  rowCount: number;
  colCount: number;
}

/**
 * Sheets stored exactly alike (same method, sizes and stored bytes, compared in full) in several workbooks: in a batch
 * filled in from one template, the sheets a unit leaves as they are (the hidden metadata sheet, often 情况说明 and
 * 基本信息, whose texts are shared strings) are stored byte for byte alike, and scanning them again is most of their
 * cost. A sheet is kept only once its checksum has been seen before, so sheets that differ in every workbook cost
 * nothing but a set lookup; the 16 most recently used are kept.
 */
class SheetScans {
  private scans: SheetScan[] = [];
  private readonly seen = new Set<number>();
  private static readonly capacity = 16;
  private static readonly maxSeen = 10_000;
  /** larger sheets are never kept (the text and bytes stay in memory while kept: at most 16 × 2 × 256 KiB) */
  private static readonly maxBytes = 256 * 1024;

  find(stored: NonNullable<Stored>, limits: SheetLimits): SheetScan | undefined {
    const scans = this.scans;
    for (let i = 0; i < scans.length; i++) {
      const scan = scans[i]!;
      if (scan.limits.maxRows !== limits.maxRows || scan.limits.maxCells !== limits.maxCells) continue;
      if (!sameStored(stored, scan.stored)) continue;
      if (i > 0) {
        scans.splice(i, 1);
        scans.unshift(scan);
      }
      return scan;
    }
    return undefined;
  }

  /** Whether a sheet about to be scanned is worth keeping: its checksum was seen before. */
  worthKeeping(entry: ZipEntry): boolean {
    if (entry.uncompressedSize > SheetScans.maxBytes) return false;
    if (this.seen.has(entry.crc32)) return true;
    if (this.seen.size >= SheetScans.maxSeen) this.seen.clear();
    this.seen.add(entry.crc32);
    return false;
  }

  keep(scan: SheetScan): void {
    this.scans.unshift(scan);
    if (this.scans.length > SheetScans.capacity) this.scans.pop();
  }
}

const sheetScans = new SheetScans();

/** A copy of what `stored` returns, which is a view of the caller's bytes (`slice` of a Buffer would be one too). */
function copyStored(stored: NonNullable<Stored>): NonNullable<Stored> {
  return { ...stored, data: new Uint8Array(stored.data) };
}

/** A sheet read before, built again for this workbook: fresh cells from its scan, with this workbook's strings and styles. */
function rebuildSheet(scan: SheetScan, name: string, state: GridSheet['state'], ctx: SheetContext): GridSheet {
  const cells = new Map<number, GridCell>();
  for (const c of scan.cells) {
    // never undefined: whether a cell holds something does not depend on the workbook (see buildCell)
    const cell = buildCell(c.row, c.col, c.type, c.style, c.formula, scan.xml, scan.bytes, c.rawStart, c.rawEnd, c.inline, ctx, name)!;
    cells.set(gridIndex(c.row, c.col), cell);
  }
  return { name, cells, merges: copyMerges(scan.merges), state, rowCount: scan.rowCount, colCount: scan.colCount };
}

const copyMerges = (merges: GridMerge[]): GridMerge[] => merges.map(({ top, left, bottom, right }) => ({ top, left, bottom, right }));

/** What the workbook part and its relationships say: the sheets in order, and where strings and styles are. */
interface WorkbookPlan {
  sheets: { name: string; state: 'visible' | 'hidden' | 'veryHidden'; target: string }[];
  date1904: boolean;
  sharedStringsPath: string | undefined;
  stylesPath: string | undefined;
}

/**
 * Results made from a few parts of a workbook, kept for the next workbook that stores exactly the same parts (same
 * method, sizes and stored bytes, compared in full): a batch of units filled in from one template shares its
 * workbook, relationship and style parts byte for byte, and they need not be inflated and parsed again.
 */
type Stored = { method: number; uncompressedSize: number; data: Uint8Array } | undefined;

class PartsCache<T> {
  private entries: { names: string[]; stored: Stored[]; value: T }[] = [];
  constructor(private readonly capacity: number) {}

  /** The value made from parts stored exactly as `zip` stores them; `names` (when given) must be the same parts. */
  get(zip: ZipArchive, names?: string[]): T | undefined {
    for (const entry of this.entries) {
      if (names && (names.length !== entry.names.length || names.some((n, i) => n !== entry.names[i]))) continue;
      if (entry.names.every((name, i) => sameStored(zip.stored(name), entry.stored[i]))) return entry.value;
    }
    return undefined;
  }

  /** Remembers `value` as made from the parts `names` (a missing part counts as part of the key). */
  set(zip: ZipArchive, names: string[], value: T): void {
    const stored = names.map((name): Stored => {
      const s = zip.stored(name);
      return s && copyStored(s);
    });
    this.entries.unshift({ names, stored, value });
    if (this.entries.length > this.capacity) this.entries.pop();
  }
}

function sameStored(a: Stored, b: Stored): boolean {
  if (!a || !b) return a === b;
  if (a.method !== b.method || a.uncompressedSize !== b.uncompressedSize || a.data.length !== b.data.length) return false;
  return Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).equals(b.data);
}

const planCache = new PartsCache<WorkbookPlan>(8);
const stylesCache = new PartsCache<CellStyles>(8);

function workbookPlan(zip: ZipArchive): WorkbookPlan {
  const cached = planCache.get(zip);
  if (cached) return cached;
  const workbookPath = officeDocumentPath(zip);
  const workbookXml = part(zip, workbookPath);
  expectRoot(workbookXml, 'workbook', MAIN_NS, workbookPath);
  const relsPath = relationshipsPath(workbookPath);
  const rels = relationships(zip, relsPath);
  const plan: WorkbookPlan = {
    sheets: [],
    date1904: /<workbookPr\b[^>]*\bdate1904\s*=\s*["'](1|true)["']/.test(workbookXml),
    sharedStringsPath: relatedPart(rels, 'sharedStrings'),
    stylesPath: relatedPart(rels, 'styles'),
  };
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
    plan.sheets.push({ name, state, target: rel.target });
  }
  // _rels/.rels decides which parts the others are, so it is always part of the key (missing or not)
  planCache.set(zip, ['_rels/.rels', workbookPath, relsPath], plan);
  return plan;
}

/**
 * A part's text. `asBytes` (the sheets): one character per byte (latin1), so that string offsets are byte offsets;
 * markup is ASCII and UTF-8 never uses an ASCII byte inside a multi-byte character, so the sheet is scanned as is and
 * only the text a cell keeps is decoded (`utf8Of`). Decoding a whole sheet as UTF-8 costs about ten times as much.
 */
function part(zip: ZipArchive, path: string, asBytes = false): string {
  return asBytes ? latin1(partBytes(zip, path)) : utf8.decode(partBytes(zip, path));
}

/** A part's inflated bytes, refused when it uses what the scanner does not interpret. */
function partBytes(zip: ZipArchive, path: string): Buffer {
  const data = zip.read(path);
  if (data === undefined) throw new LeanReaderUnsupported(`missing part ${path}`);
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  // on the bytes: a native search, and the same answer as on the text (`<!` is ASCII, never inside a UTF-8 sequence)
  if (hasMarkupDeclaration(bytes)) throw new LeanReaderUnsupported(`${path} uses CDATA, comments or a DTD`);
  return bytes;
}

/**
 * `bytes` holds `<!` (CDATA, a comment, a DTD). Searched as the rare `!` with a `<` before it: a search for `<!` stops
 * at every `<` of the markup and cost 0.014 ms a workbook against 0.0005 ms. A part with many `!` (formulas naming
 * other sheets) goes back to the plain search after a few.
 */
function hasMarkupDeclaration(bytes: Buffer): boolean {
  let at = bytes.indexOf(0x21);
  for (let tries = 0; at >= 0; tries++) {
    if (tries === 8) return bytes.includes('<!', Math.max(at - 1, 0));
    if (at > 0 && bytes[at - 1] === 0x3c) return true;
    at = bytes.indexOf(0x21, at + 1);
  }
  return false;
}

const utf8 = new TextDecoder('utf-8');
const latin1 = (bytes: Buffer): string => bytes.toString('latin1');

function expectRoot(xml: string, name: string, namespace: string, path: string): void {
  if (plainRoot(xml, name, namespace)) return;
  const root = rootElement(xml);
  if (!root || root.name !== name || root.attrs.xmlns !== namespace) {
    throw new LeanReaderUnsupported(`${path}: root is not <${name} xmlns="${namespace}"> (strict OOXML or a prefix)`);
  }
}

const XMLNS = /\sxmlns\s*=/g;

/**
 * The common case of `expectRoot` without the regex scanner (which parses and decodes every attribute of the root):
 * an optional `<?xml …?>`, then `<name xmlns="namespace" …>` with one `xmlns`. False means "not shown plainly", and
 * `rootElement` decides.
 */
function plainRoot(xml: string, name: string, namespace: string): boolean {
  let lt = xml.indexOf('<');
  if (lt >= 0 && xml.charCodeAt(lt + 1) === 63) {
    const end = xml.indexOf('?>', lt + 2);
    lt = end < 0 ? -1 : xml.indexOf('<', end + 2);
  }
  if (lt < 0) return false;
  // the root tag alone, up to its first `>`, as bytes for the tag cursor (a `>` inside a value, or text past ASCII,
  // is left to `rootElement`)
  const gt = xml.indexOf('>', lt);
  if (gt < 0) return false;
  const head = xml.slice(lt, gt + 1);
  if (!/^[\x00-\x7f]*$/.test(head)) return false;
  const tag = new ByteTagCursor(Buffer.from(head, 'latin1'), 0, head.length);
  try {
    if (!tag.next() || tag.closing || tag.start !== 0 || tag.end !== head.length || !tag.is(name)) return false;
  } catch (error) {
    if (error instanceof MalformedTag) return false;
    throw error;
  }
  const at = tag.attrValueStart('xmlns');
  if (at < 0 || head.slice(at, tag.valueEnd) !== namespace) return false;
  XMLNS.lastIndex = 0;
  let count = 0;
  while (XMLNS.exec(head)) count++;
  return count === 1;
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

function relationshipsPath(ownerPath: string): string {
  const dir = ownerPath.slice(0, ownerPath.lastIndexOf('/') + 1);
  return `${dir}_rels/${ownerPath.slice(dir.length)}.rels`;
}

function relationships(zip: ZipArchive, relsPath: string): Map<string, Relationship> {
  // targets are relative to the owner's folder, the parent of `_rels/`
  const dir = relsPath.slice(0, relsPath.lastIndexOf('_rels/'));
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
  let text: string | undefined;
  // the common item, one `<t>` run: `<t>…</t>` or `<t xml:space="preserve">…</t>`
  if (item.charCodeAt(0) === 60 && item.charCodeAt(1) === 116 && (item.charCodeAt(2) === 62 || item.charCodeAt(2) === 32)) {
    const gt = item.indexOf('>');
    const lt = item.indexOf('<', 1);
    if (item.charCodeAt(gt - 1) !== 47 && lt === item.length - 4 && item.endsWith('</t>')) text = item.slice(gt + 1, lt);
  }
  if (text === undefined) {
    const body = item.includes('<rPh') ? item.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : item;
    text = '';
    T_TEXT.lastIndex = 0;
    for (let m = T_TEXT.exec(body); m; m = T_TEXT.exec(body)) text += m[1];
  }
  return decodeOoxmlEscapes(decodeXml(text));
}

/**
 * Shared string items already decoded, by their text as stored (read one byte per character): the workbooks of a
 * batch share most of their strings (the template's labels), and looking an item up costs a fraction of decoding its
 * UTF-8 and entities again. The text of an item depends on its stored bytes alone. Emptied when it has held
 * `maxItemChars` characters, so a batch of unrelated workbooks cannot grow it without bound.
 */
const decodedItems = new Map<string, string>();
const maxItemChars = 4 * 1024 * 1024;
let decodedItemChars = 0;

/**
 * The shared string table, each item decoded when a cell first asks for it: the table is found by position only
 * (`<si>` offsets), so strings no cell reads are never decoded.
 */
class SharedStrings {
  private readonly decoded: (string | undefined)[];
  constructor(
    private readonly bytes: Buffer,
    /** `bytes` read one byte per character */
    private readonly xml: string,
    /** per item: start and end of its content in `bytes`; start -1 for an empty `<si/>` */
    private readonly bounds: number[],
  ) {
    this.decoded = new Array<string | undefined>(bounds.length / 2);
  }

  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.decoded.length)) return undefined;
    let s = this.decoded[index];
    if (s === undefined) {
      const start = this.bounds[2 * index]!;
      if (start < 0) s = '';
      else {
        const end = this.bounds[2 * index + 1]!;
        const stored = this.xml.slice(start, end);
        s = decodedItems.get(stored);
        if (s === undefined) {
          s = stringItemText(this.bytes.toString('utf8', start, end));
          if (decodedItemChars > maxItemChars) {
            decodedItems.clear();
            decodedItemChars = 0;
          }
          // a key of its own: a slice would keep this workbook's whole table alive
          decodedItems.set(this.bytes.toString('latin1', start, end), s);
          decodedItemChars += stored.length + s.length;
        }
      }
      this.decoded[index] = s;
    }
    return s;
  }
}

function readSharedStrings(zip: ZipArchive, path: string | undefined): SharedStrings {
  if (path === undefined) return new SharedStrings(Buffer.alloc(0), '', []);
  // scanned one byte per character; each item is decoded from the bytes when first read
  const bytes = partBytes(zip, path);
  const xml = latin1(bytes);
  expectRoot(xml, 'sst', MAIN_NS, path);
  const bounds: number[] = [];
  for (let at = xml.indexOf('<si'); at >= 0; at = xml.indexOf('<si', at + 3)) {
    const c = xml.charCodeAt(at + 3);
    if (c === 62) {
      // <si>…</si>
      const end = xml.indexOf('</si>', at + 4);
      if (end < 0) throw new LeanReaderUnsupported(`${path}: unterminated <si>`);
      bounds.push(at + 4, end);
      at = end;
    } else if (c === 47 || c === 32 || c === 9 || c === 10 || c === 13) {
      // <si/> is an empty item; <si with attributes is not something the parts we read carry
      const gt = xml.indexOf('>', at);
      if (gt < 0 || xml.slice(at + 3, gt).trim() !== '/') throw new LeanReaderUnsupported(`${path}: <si> with attributes`);
      bounds.push(-1, -1);
    }
  }
  return new SharedStrings(bytes, xml, bounds);
}

/** How numbers in a format are shown, decided once per style instead of once per cell. */
function showOf(format: string | undefined): StyleShow {
  if (format === undefined) return StyleShow.General;
  if (isDateFormat(format)) return StyleShow.Date;
  return isPercentFormat(format) ? StyleShow.Other : StyleShow.General;
}

interface CellStyles {
  /** the number format code of each cell style index (`s` attribute), undefined for General */
  numberFormats: (string | undefined)[];
  /** per style index: how a number in that style is shown */
  styleShow: StyleShow[];
}

function readStyles(zip: ZipArchive, path: string | undefined): CellStyles {
  if (path === undefined) return { numberFormats: [], styleShow: [] };
  const cached = stylesCache.get(zip, [path]);
  if (cached) return cached;
  const numberFormats = readCellNumberFormats(zip, path);
  const styles = { numberFormats, styleShow: numberFormats.map(showOf) };
  stylesCache.set(zip, [path], styles);
  return styles;
}

function readCellNumberFormats(zip: ZipArchive, path: string): (string | undefined)[] {
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
  sharedStrings: SharedStrings;
  numberFormats: (string | undefined)[];
  /** per style index: how a number in that style is shown (see `StyleShow`) */
  styleShow: StyleShow[];
  date1904: boolean;
  limits: SheetLimits;
}

/** How a style shows a number: as General, as a date, or through displayText (percent or another format). */
const enum StyleShow {
  General = 0,
  Date = 1,
  Other = 2,
}

function readSheet(
  xml: string,
  bytes: Uint8Array,
  name: string,
  state: 'visible' | 'hidden' | 'veryHidden',
  ctx: SheetContext,
  /** when given, receives every non-empty cell as found (to keep the scan, `SheetScans`) */
  found?: ScannedCell[],
): GridSheet {
  const cells = new Map<number, GridCell>();
  const { maxRows, maxCells } = ctx.limits;

  const dataStart = xml.indexOf('<sheetData');
  if (dataStart < 0) throw new LeanReaderUnsupported(`sheet “${name}” has no sheetData`);
  // searched from the end, past the cells: `<` cannot occur in text or attribute values, so there is only one
  let dataEnd = xml.lastIndexOf('</sheetData>');
  if (dataEnd < dataStart) dataEnd = dataStart; // <sheetData/>

  const sharedFormulas: SharedFormulas = new Map();
  let row = -1;
  let col = -1;
  let rowCount = 0;
  let colCount = 0;
  // the cell being read: its type as the first character of `t` (n, s, str, inlineStr, b, e), style, formula and
  // the raw `<v>` content as a range of `xml` (or `inline` for `<is>`)
  let inCell = false;
  let type = 'n';
  let style = 0;
  let formula: string | undefined;
  let rawStart = -1;
  let rawEnd = -1;
  let inline: string | undefined;

  // The loop runs for every tag of every sheet. It is kept small, with the rare tags and every error message in
  // functions of their own: V8 optimises a function after running an amount of it that grows with its size, and
  // while this one was large a batch's first hundred workbooks were read by the unoptimised loop.
  const tag = new ByteTagCursor(bytes, dataStart + 1, dataEnd);
  try {
    while (tag.next()) {
      // dispatch on the name's length and first letter: c, row, v, f, is
      const nameLength = tag.nameEnd - tag.nameStart;
      const first = bytes[tag.nameStart];
      if (nameLength === 1 && first === 99) {
        if (tag.closing) {
          if (inCell) {
            const cell = buildCell(row, col, type, style, formula, xml, bytes, rawStart, rawEnd, inline, ctx, name);
            if (cell) {
              found?.push({ row, col, type, style, formula, rawStart, rawEnd, inline });
              cells.set(gridIndex(row, col), cell);
              if (cells.size > maxCells) throw tooManyCells(name, maxCells);
              if (row >= rowCount) rowCount = row + 1;
              if (col >= colCount) colCount = col + 1;
            }
          }
          inCell = false;
          continue;
        }
        const r = tag.r;
        if (r >= 0) {
          const end = tag.rEnd;
          if (!parseRefAt(bytes, r, end) || refRow < row) throw badCellRef(name, xml, r, end, row);
          row = refRow;
          col = refCol;
        } else col += 1;
        if (row < 0) row = 0;
        if (row >= maxRows) throw rowTooFar(name, maxRows);
        // a self-closing <c/> (a styled empty cell, common under merges) holds nothing: only its position counts
        if (tag.selfClosing) {
          inCell = false;
          continue;
        }
        type = tag.t < 0 ? 'n' : cellType(bytes, xml, tag.t, tag.tEnd);
        style = tag.s < 0 ? 0 : uintAt(bytes, xml, tag.s, tag.sEnd);
        formula = undefined;
        rawStart = -1;
        inline = undefined;
        inCell = true;
      } else if (nameLength === 3 && first === 114 && tag.is('row')) {
        if (tag.closing) continue;
        const r = tag.r;
        if (r < 0) row += 1;
        else {
          const n = uintAt(bytes, xml, r, tag.rEnd) - 1;
          if (!Number.isInteger(n) || n < 0 || n < row) throw badRowNumber(name, xml, r, tag.rEnd);
          row = n;
        }
        col = -1;
        if (row >= maxRows) throw rowTooFar(name, maxRows);
      } else if (!inCell || tag.closing) {
        continue;
      } else if (nameLength === 1 && first === 118) {
        if (tag.selfClosing) continue;
        const end = valueCloseAt(bytes, xml, tag.end);
        if (end < 0) throw sheetUnsupported(name, 'unterminated <v>');
        rawStart = tag.end;
        rawEnd = end;
        inline = undefined;
        tag.end = end + 4;
      } else if (nameLength === 1 && first === 102) {
        formula = formulaAt(tag, xml, row, col, sharedFormulas, name);
      } else if (nameLength === 2 && tag.is('is')) {
        rawStart = -1;
        inline = inlineStringAt(tag, xml, name);
      }
    }
  } catch (error) {
    if (error instanceof MalformedTag) throw sheetUnsupported(name, `malformed tag at offset ${error.at}`);
    throw error;
  }

  const merges = dataEnd > dataStart ? readMerges(xml, bytes, dataEnd, name) : [];
  for (const m of merges) {
    if (m.bottom >= rowCount) rowCount = m.bottom + 1;
    if (m.right >= colCount) colCount = m.right + 1;
  }
  return { name, cells, merges, state, rowCount, colCount };
}

const sheetUnsupported = (name: string, detail: string): LeanReaderUnsupported => new LeanReaderUnsupported(`sheet “${name}”: ${detail}`);
const sheetTooLarge = (name: string, detail: string): WorkbookReadError =>
  new WorkbookReadError('SHEET_TOO_LARGE', `工作表“${name}”${detail}`);
const tooManyCells = (name: string, maxCells: number): WorkbookReadError => sheetTooLarge(name, `有超过 ${maxCells} 个非空单元格`);
const rowTooFar = (name: string, maxRows: number): WorkbookReadError => sheetTooLarge(name, `的行号超过 ${maxRows}`);

/** A cell reference that is not one (`parseRefAt` failed), or one in a row before the current one. */
function badCellRef(name: string, xml: string, start: number, end: number, row: number): LeanReaderUnsupported {
  const ref = xml.slice(start, end);
  return parseRefAt(Buffer.from(ref, 'latin1'), 0, end - start) && refRow < row
    ? sheetUnsupported(name, `rows out of order at ${ref}`)
    : sheetUnsupported(name, `cell reference “${utf8Of(ref)}”`);
}

const badRowNumber = (name: string, xml: string, start: number, end: number): LeanReaderUnsupported =>
  sheetUnsupported(name, `row r="${utf8Of(xml.slice(start, end))}"`);

type SharedFormulas = Map<string, { text: string; row: number; col: number }>;

/** The formula of the `<f>` at the cursor, which is moved past its content; a shared formula is resolved by its master. */
function formulaAt(tag: ByteTagCursor, xml: string, row: number, col: number, shared: SharedFormulas, name: string): string {
  const kind = tag.t < 0 ? 'normal' : attrText(xml, tag.t, tag.tEnd);
  if (kind === 'dataTable') throw sheetUnsupported(name, 'data table formula');
  let text = '';
  if (!tag.selfClosing) {
    const end = xml.indexOf('</f>', tag.end);
    if (end < 0) throw sheetUnsupported(name, 'unterminated <f>');
    text = decodeXml(utf8Of(xml.slice(tag.end, end)));
    tag.end = end + 4;
  }
  if (kind === 'shared') {
    const at = tag.attrValueStart('si');
    const si = at < 0 ? '' : attrText(xml, at, tag.valueEnd);
    // the master carries the text; the other cells of the range refer to it by `si` and read it moved to
    // where they are (sharedFormula.ts)
    if (text !== '') shared.set(si, { text, row, col });
    else {
      const master = shared.get(si);
      if (master === undefined) throw sheetUnsupported(name, `shared formula ${si} without a master`);
      text = shiftFormula(master.text, row - master.row, col - master.col);
    }
  }
  return text;
}

/** The text of the `<is>` at the cursor, which is moved past it. */
function inlineStringAt(tag: ByteTagCursor, xml: string, name: string): string {
  if (tag.selfClosing) return '';
  const start = tag.end;
  const end = xml.indexOf('</is>', start);
  if (end < 0) throw sheetUnsupported(name, 'unterminated <is>');
  tag.end = end + 5;
  return stringItemText(utf8Of(xml.slice(start, end)));
}

/** The merged ranges listed after the sheet data (from `from`, the end of the sheet data). */
function readMerges(xml: string, bytes: Uint8Array, from: number, name: string): GridMerge[] {
  const merges: GridMerge[] = [];
  for (let at = xml.indexOf('<mergeCell', from); at >= 0; at = xml.indexOf('<mergeCell', at + 10)) {
    // the plain `<mergeCell ref="A1:C2"/>` every writer uses, read in place; anything else through the regex
    const plain = xml.startsWith('<mergeCell ref="', at) ? fastRangeAt(bytes, at + 16, xml.indexOf('"', at + 16)) : undefined;
    if (plain) {
      merges.push(plain);
      continue;
    }
    const m = MERGE_REF.exec(xml.slice(at, xml.indexOf('>', at) + 1));
    if (!m) continue;
    const ref = utf8Of(m[1]!);
    const range = parseRange(ref);
    if (!range) throw sheetUnsupported(name, `merge “${ref}”`);
    merges.push(range);
  }
  return merges;
}

/**
 * The first `</v>` at or after `from`, as `indexOf` finds it; a value is a few characters, so the first `<` is looked
 * for in a plain loop (a runtime call per cell costs more) and is nearly always the close tag itself.
 */
function valueCloseAt(bytes: Uint8Array, xml: string, from: number): number {
  const length = bytes.length;
  let i = from;
  while (i < length && bytes[i] !== 60) i++;
  return bytes[i + 1] === 47 && bytes[i + 2] === 118 && bytes[i + 3] === 62 ? i : xml.indexOf('</v>', from);
}

/** `A1:C2` at `[start, end)`, in the plain form writers use, without slicing; undefined for anything else. */
function fastRangeAt(bytes: Uint8Array, start: number, end: number): GridMerge | undefined {
  if (end < 0) return undefined;
  let colon = start;
  while (colon < end && bytes[colon] !== 58) colon++;
  if (colon >= end || !parseRefAt(bytes, start, colon)) return undefined;
  const top = refRow;
  const left = refCol;
  if (!parseRefAt(bytes, colon + 1, end)) return undefined;
  return { top: Math.min(top, refRow), left: Math.min(left, refCol), bottom: Math.max(top, refRow), right: Math.max(left, refCol) };
}

const MERGE_REF = /^<mergeCell\s+ref\s*=\s*"([^"]*)"/;

/** The cell type `t` at `[start, end)` as one of the known codes, without slicing for the common ones. */
function cellType(bytes: Uint8Array, xml: string, start: number, end: number): string {
  const n = end - start;
  const c = bytes[start];
  if (n === 1 && (c === 115 || c === 110 || c === 98 || c === 101)) return c === 115 ? 's' : c === 110 ? 'n' : c === 98 ? 'b' : 'e';
  return decodeXml(utf8Of(xml.slice(start, end)));
}

/** The digits at `[start, end)` as a number (at most 15 of them, so exact); NaN when it is anything else. */
function digitsAt(bytes: Uint8Array, start: number, end: number): number {
  if (end <= start || end - start > 15) return NaN;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = bytes[i]! - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

/** An attribute's text at `xml[start, end)`, decoded (the sheet is read as latin1). */
function attrText(xml: string, start: number, end: number): string {
  return decodeXml(utf8Of(xml.slice(start, end)));
}

/** An attribute's number at `[start, end)` as `Number()` reads it, without slicing when it is plain digits. */
function uintAt(bytes: Uint8Array, xml: string, start: number, end: number): number {
  const n = digitsAt(bytes, start, end);
  return Number.isNaN(n) ? Number(utf8Of(xml.slice(start, end))) : n;
}

// parseRefAt's result, kept in module variables so the hot loop allocates nothing
let refRow = 0;
let refCol = 0;

/** A1-style cell reference at `[start, end)` → `refRow`, `refCol` (0-based); false when it is not one. */
function parseRefAt(bytes: Uint8Array, start: number, end: number): boolean {
  let col = 0;
  let i = start;
  for (; i < end; i++) {
    const code = bytes[i]!;
    if (code < 65 || code > 90) break;
    col = col * 26 + code - 64;
  }
  if (i === start || i === end || i - start > 3) return false;
  let row = 0;
  for (let j = i; j < end; j++) {
    const code = bytes[j]!;
    if (code < 48 || code > 57) return false;
    row = row * 10 + code - 48;
  }
  if (row < 1) return false;
  refRow = row - 1;
  refCol = col - 1;
  return true;
}


/**
 * One cell's grid value from its type, style, formula and raw content (`xml[rawStart, rawEnd)` for `<v>`, `inline`
 * for `<is>`); undefined when it holds nothing, which depends on the cell alone, never on the workbook's shared
 * strings or styles (`rebuildSheet` counts on that).
 */
function buildCell(
  row: number,
  col: number,
  type: string,
  style: number,
  formula: string | undefined,
  xml: string,
  bytes: Uint8Array,
  rawStart: number,
  rawEnd: number,
  inline: string | undefined,
  ctx: SheetContext,
  sheetName: string,
): GridCell | undefined {
  const numberFormat = style ? ctx.numberFormats[style] : undefined;
  // an empty <v></v> is no value at all, as in Excel
  let present: boolean;
  if (inline !== undefined) present = type === 'inlineStr' || inline !== '';
  else present = rawStart >= 0 && (rawEnd > rawStart || type === 'inlineStr');
  if (formula === undefined && !present) return undefined;
  let value: GridCell['value'] = null;
  let error: string | undefined;
  let text: string | undefined;

  if (present) {
    switch (type) {
      case 'n': {
        // a plain integer (nearly every count) is read without slicing the text
        let n = inline === undefined ? digitsAt(bytes, rawStart, rawEnd) : NaN;
        if (Number.isNaN(n)) n = parseFloat(inline ?? utf8Of(xml.slice(rawStart, rawEnd)));
        const show = style ? (ctx.styleShow[style] ?? StyleShow.General) : StyleShow.General;
        if (show === StyleShow.General) {
          value = n;
          text = numberText(n);
        } else value = show === StyleShow.Date && Number.isFinite(n) ? normaliseDateSerial(n, ctx.date1904) : n;
        break;
      }
      case 's': {
        if (formula !== undefined) throw new LeanReaderUnsupported(`sheet “${sheetName}”: formula with t="s"`);
        const raw = inline ?? utf8Of(xml.slice(rawStart, rawEnd));
        const index = inline === undefined ? digitsAt(bytes, rawStart, rawEnd) : NaN;
        const s = ctx.sharedStrings.get(Number.isNaN(index) ? parseInt(raw, 10) : index);
        if (s === undefined) throw new LeanReaderUnsupported(`sheet “${sheetName}”: shared string ${raw} missing`);
        value = s;
        break;
      }
      case 'str':
        value = inline ?? decodeXml(utf8Of(xml.slice(rawStart, rawEnd)));
        break;
      case 'inlineStr':
        value = inline ?? utf8Of(xml.slice(rawStart, rawEnd));
        break;
      case 'b':
        value = parseInt(inline ?? utf8Of(xml.slice(rawStart, rawEnd)), 10) !== 0;
        break;
      case 'e':
        error = inline ?? decodeXml(utf8Of(xml.slice(rawStart, rawEnd)));
        break;
      default:
        throw new LeanReaderUnsupported(`sheet “${sheetName}”: cell type t="${type}"`);
    }
  }
  text ??= typeof value === 'string' && error === undefined ? value : displayText(value, numberFormat, ctx.date1904, error);
  // the common cells as one literal each: a property added later costs a property array per cell
  if (formula === undefined && error === undefined) {
    return numberFormat === undefined ? { row, col, value, text } : { row, col, value, text, numberFormat };
  }
  const cell: GridCell = { row, col, value, text };
  if (formula !== undefined) cell.formula = formula;
  if (formula !== undefined && !present) cell.formulaWithoutResult = true;
  if (error !== undefined) cell.error = error;
  if (numberFormat !== undefined) cell.numberFormat = numberFormat;
  return cell;
}
