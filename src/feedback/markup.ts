/**
 * The marked-up copy: the unit's own xlsx package with, added and nothing else changed,
 * - a first sheet 审核意见 (see sheetXml.ts) whose cell references link to the cells,
 * - a fill (error red, warning orange) and a cell note on every cell an error or warning names,
 * - a very-hidden marker sheet saying the copy is ours, with a digest of the package as we wrote it.
 *
 * The edits are splices into the package's XML parts: cells keep their values, formulas, number formats, borders and
 * fonts (a marked cell gets a copy of its own style with only the fill changed), and validations, protection,
 * merges, conditional formats, print settings and every part we do not know stay byte for byte. Only the view state
 * changes besides: the 审核意见 sheet is the one shown when the file opens.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';
import type { Finding } from '../findings/finding.js';
import { feedbackResult, splitCellRef, type FeedbackDocument } from './opinion.js';
import { feedbackMarkerSheetName, feedbackSheetName } from '../workbook/contract.js';
import { markerSheetXml, opinionSheetXml, type OpinionStyles } from './sheetXml.js';
import { markerPartOf, packageDigest } from './packageDigest.js';
import {
  MAIN_NS,
  MarkupUnsupported,
  REL_NS,
  REL_TYPE,
  addRelationship,
  attributes,
  childElements,
  escapeXml,
  freeId,
  parseCell,
  prefixFor,
  readRelationships,
  relsPathOf,
  removeAttribute,
  resolveTarget,
  rootElement,
  setAttribute,
  splice,
  type Element,
} from './xmlParts.js';

/*
 * Our parts get the names Excel would give (`sheetN.xml`, `commentsN.xml`, `vmlDrawingN.vml`) with free numbers:
 * some readers (exceljs) only load parts named that way. The marker part is known by the comment in it.
 */
const worksheetType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
const commentsType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml';
const vmlType = 'application/vnd.openxmlformats-officedocument.vmlDrawing';

const fills = { error: 'FFFFC7CE', warning: 'FFFFD59A', header: 'FFD9D9D9' };

const utf8 = new TextDecoder('utf-8');
const encode = (s: string) => new TextEncoder().encode(s);

/** One marked cell: the worst severity among its findings and every message about it. */
interface Mark {
  severity: 'error' | 'warning';
  messages: string[];
}

/** The cells to mark, per sheet, from the error and warning findings. */
export function marksOf(findings: readonly Finding[]): Map<string, Map<string, Mark>> {
  const bySheet = new Map<string, Map<string, Mark>>();
  for (const f of findings) {
    if (f.severity !== 'error' && f.severity !== 'warning') continue;
    const word = f.severity === 'error' ? '错误' : '警告';
    for (const ref of new Set(f.cells)) {
      const split = splitCellRef(ref);
      if (!split) continue;
      let sheet = bySheet.get(split.sheet);
      if (!sheet) bySheet.set(split.sheet, (sheet = new Map()));
      const mark = sheet.get(split.cell);
      const message = `【${word}】${f.message}`;
      if (!mark) sheet.set(split.cell, { severity: f.severity, messages: [message] });
      else {
        if (f.severity === 'error') mark.severity = 'error';
        if (!mark.messages.includes(message)) mark.messages.push(message);
      }
    }
  }
  return bySheet;
}

export { markerPartOf, packageDigest };

class Package {
  readonly parts: Record<string, Uint8Array>;
  private readonly texts = new Map<string, string>();
  readonly order: string[];

  constructor(bytes: Uint8Array) {
    try {
      this.parts = unzipSync(bytes);
    } catch (err) {
      throw new MarkupUnsupported(`无法解压（${err instanceof Error ? err.message : String(err)}）`);
    }
    this.order = Object.keys(this.parts);
  }

  has(name: string): boolean {
    return name in this.parts || this.texts.has(name);
  }

  text(name: string): string | undefined {
    const cached = this.texts.get(name);
    if (cached !== undefined) return cached;
    const data = this.parts[name];
    if (!data) return undefined;
    const t = utf8.decode(data);
    this.texts.set(name, t);
    return t;
  }

  require(name: string): string {
    const t = this.text(name);
    if (t === undefined) throw new MarkupUnsupported(`缺少部件 ${name}`);
    return t;
  }

  set(name: string, text: string): void {
    this.texts.set(name, text);
    this.parts[name] = encode(text);
    if (!this.order.includes(name)) this.order.push(name);
  }

  rename(from: string, to: string): void {
    const data = this.parts[from]!;
    delete this.parts[from];
    this.parts[to] = data;
    const text = this.texts.get(from);
    this.texts.delete(from);
    if (text !== undefined) this.texts.set(to, text);
    this.order[this.order.indexOf(from)] = to;
  }

  /** A part name not yet used, from a stem such as `xl/comments` and an extension. */
  freeName(stem: string, ext: string): string {
    for (let n = 1; ; n += 1) {
      const name = `${stem}${n}.${ext}`;
      if (!this.has(name)) return name;
    }
  }

  zip(): Buffer {
    const files: Zippable = {};
    const when = new Date(2019, 0, 1, 0, 0, 0);
    for (const name of this.order) files[name] = [this.parts[name]!, { mtime: when, level: 6 }];
    return Buffer.from(zipSync(files));
  }
}

/** Append items to a list element of styles.xml (`fonts`, `fills`, `cellXfs`); returns the index of the first. */
function appendToList(xml: string, list: string, items: readonly string[]): { xml: string; first: number } {
  const root = rootElement(xml);
  const el = childElements(xml, root.contentStart, root.contentEnd).find((e) => localName(e.name) === list);
  if (!el) throw new MarkupUnsupported(`styles.xml 中没有 ${list}`);
  const existing = el.contentEnd > el.contentStart ? childElements(xml, el.contentStart, el.contentEnd).length : 0;
  const prefix = el.name.includes(':') ? el.name.slice(0, el.name.indexOf(':') + 1) : '';
  if (prefix) throw new MarkupUnsupported('styles.xml 使用了命名空间前缀');
  const startTag = setAttribute(el.startTag.endsWith('/>') ? el.startTag.slice(0, -2) + '>' : el.startTag, 'count', String(existing + items.length));
  const content = el.startTag.endsWith('/>') ? '' : xml.slice(el.contentStart, el.contentEnd);
  const replaced = `${startTag}${content}${items.join('')}</${el.name}>`;
  return { xml: splice(xml, el.start, el.end, replaced), first: existing };
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

interface StyleEdits {
  opinion: OpinionStyles;
  /** the cellXfs index of a marked cell, from its own style index and the severity */
  marked: (original: number, severity: 'error' | 'warning') => number;
}

/**
 * Adds our fonts, fills and cell formats to styles.xml. A marked cell's format is a copy of its own with only the fill
 * changed, so its number format, font, borders, alignment and protection (locked or not) stay as they were.
 */
function editStyles(pkg: Package, stylesPart: string, needed: ReadonlySet<string>): StyleEdits {
  let xml = pkg.require(stylesPart);
  const root = rootElement(xml);
  if (prefixFor(root.startTag, MAIN_NS) !== '') throw new MarkupUnsupported('styles.xml 使用了命名空间前缀');
  const cellXfsEl = childElements(xml, root.contentStart, root.contentEnd).find((e) => e.name === 'cellXfs');
  const xfs = cellXfsEl ? childElements(xml, cellXfsEl.contentStart, cellXfsEl.contentEnd).map((e) => xml.slice(e.start, e.end)) : [];
  if (xfs.length === 0) throw new MarkupUnsupported('styles.xml 没有单元格格式');

  const fontsAdded = appendToList(xml, 'fonts', [
    '<font><b/><sz val="14"/></font>',
    '<font><b/><sz val="11"/></font>',
    '<font><u/><sz val="11"/><color rgb="FF0563C1"/></font>',
  ]);
  xml = fontsAdded.xml;
  const [fTitle, fBold, fLink] = [0, 1, 2].map((k) => fontsAdded.first + k);
  const solid = (rgb: string) => `<fill><patternFill patternType="solid"><fgColor rgb="${rgb}"/><bgColor indexed="64"/></patternFill></fill>`;
  const fillsAdded = appendToList(xml, 'fills', [solid(fills.error), solid(fills.warning), solid(fills.header)]);
  xml = fillsAdded.xml;
  const [fillError, fillWarning, fillHeader] = [0, 1, 2].map((k) => fillsAdded.first + k);

  const top = '<alignment vertical="top" wrapText="1"/>';
  const ours = [
    `<xf numFmtId="0" fontId="${fTitle}" fillId="0" borderId="0" xfId="0" applyFont="1"/>`,
    `<xf numFmtId="0" fontId="${fBold}" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">${top}</xf>`,
    `<xf numFmtId="0" fontId="${fBold}" fillId="${fillHeader}" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1">${top}</xf>`,
    `<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">${top}</xf>`,
    `<xf numFmtId="0" fontId="${fLink}" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">${top}</xf>`,
    `<xf numFmtId="0" fontId="${fBold}" fillId="${fillError}" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1">${top}</xf>`,
    `<xf numFmtId="0" fontId="${fBold}" fillId="${fillWarning}" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1">${top}</xf>`,
  ];
  // copies of the marked cells' own formats, with our fill
  const copies: string[] = [];
  const copyIndex = new Map<string, number>();
  for (const key of needed) {
    const [original, severity] = key.split(':') as [string, 'error' | 'warning'];
    const base = xfs[Number(original)] ?? xfs[0]!;
    let tag = base.slice(0, base.indexOf('>') + 1);
    const selfClosing = tag.endsWith('/>');
    tag = setAttribute(tag, 'fillId', String(severity === 'error' ? fillError : fillWarning));
    tag = setAttribute(tag, 'applyFill', '1');
    copies.push(selfClosing ? tag : tag + base.slice(base.indexOf('>') + 1));
    copyIndex.set(key, ours.length + copies.length - 1);
  }
  const xfsAdded = appendToList(xml, 'cellXfs', [...ours, ...copies]);
  xml = xfsAdded.xml;
  pkg.set(stylesPart, xml);
  const b = xfsAdded.first;
  return {
    opinion: { title: b, label: b + 1, header: b + 2, text: b + 3, link: b + 4, error: b + 5, warning: b + 6 },
    marked: (original, severity) => b + copyIndex.get(`${original}:${severity}`)!,
  };
}

/**
 * When the sheet parts are numbered in tab order (`sheet1.xml` is the first tab, as Excel, WPS, LibreOffice and
 * exceljs write them), every part moves up one so that our first tab is `sheet1.xml`: some writers a unit may save
 * with (xlsx-populate, measured) assume that numbering and would otherwise pair names with the wrong sheets.
 * Returns the part for our sheet, or undefined when the numbering is not that convention (then nothing moves).
 */
function makeRoomForFirstSheet(pkg: Package, workbookPart: string, sheets: readonly SheetEntry[]): string | undefined {
  const folder = 'xl/worksheets/';
  if (!sheets.every((s, i) => s.part === `${folder}sheet${i + 1}.xml`)) return undefined;
  if (pkg.has(`${folder}sheet${sheets.length + 1}.xml`) || pkg.has(`${folder}sheet${sheets.length + 2}.xml`)) return undefined;
  const relsPart = relsPathOf(workbookPart);
  let rels = pkg.require(relsPart);
  let types = pkg.require('[Content_Types].xml');
  for (let i = sheets.length; i >= 1; i -= 1) {
    const from = `${folder}sheet${i}.xml`;
    const to = `${folder}sheet${i + 1}.xml`;
    pkg.rename(from, to);
    if (pkg.has(relsPathOf(from))) pkg.rename(relsPathOf(from), relsPathOf(to));
    rels = rels.replace(new RegExp(`(Target=")(/?(?:xl/)?worksheets/)sheet${i}\\.xml"`), `$1$2sheet${i + 1}.xml"`);
    types = types.replace(`PartName="/${from}"`, `PartName="/${to}"`);
  }
  pkg.set(relsPart, rels);
  pkg.set('[Content_Types].xml', types);
  return `${folder}sheet1.xml`;
}

interface SheetEntry {
  name: string;
  part: string;
  /** the `<sheet>` element in workbook.xml */
  element: Element;
}

/** A row element's cells, and the rows of sheetData, found by their `r` attributes. */
function cellStyleOf(startTag: string): number {
  const s = attributes(startTag).get('s');
  return s ? Number(s) : 0;
}

/** Style index of each cell to mark (its own `s`, 0 when it has none or does not exist yet). */
function originalStyles(xml: string, cells: Iterable<string>): Map<string, number> {
  const wanted = new Set(cells);
  const out = new Map<string, number>();
  for (const m of xml.matchAll(/<c\b[^>]*>/g)) {
    const r = attributes(m[0]).get('r');
    if (r && wanted.has(r)) out.set(r, cellStyleOf(m[0]));
  }
  for (const c of wanted) if (!out.has(c)) out.set(c, 0);
  return out;
}

/** Sets the style of each cell in sheetData, creating cells and rows where the sheet has none. */
function styleCells(xml: string, styleOf: ReadonlyMap<string, number>): string {
  const root = rootElement(xml);
  const sheetData = childElements(xml, root.contentStart, root.contentEnd).find((e) => e.name === 'sheetData');
  if (!sheetData) throw new MarkupUnsupported('工作表没有 sheetData');
  const byRow = new Map<number, { column: number; address: string; style: number }[]>();
  for (const [address, style] of styleOf) {
    const p = parseCell(address)!;
    let list = byRow.get(p.row);
    if (!list) byRow.set(p.row, (list = []));
    list.push({ column: p.column, address, style });
  }
  const rows = sheetData.startTag.endsWith('/>') ? [] : childElements(xml, sheetData.contentStart, sheetData.contentEnd);
  const rowNumbers = rows.map((r) => {
    const n = attributes(r.startTag).get('r');
    if (!n) throw new MarkupUnsupported('工作表的行没有行号（r 属性）');
    return Number(n);
  });
  const edits: { start: number; end: number; text: string }[] = [];
  const newRows = new Map<number, string>(); // insertion offset → rows to insert there
  for (const [rowNumber, cells] of [...byRow].sort((a, b) => a[0] - b[0])) {
    cells.sort((a, b) => a.column - b.column);
    const k = rowNumbers.indexOf(rowNumber);
    if (k < 0) {
      const next = rowNumbers.findIndex((n) => n > rowNumber);
      const at = next >= 0 ? rows[next]!.start : sheetData.startTag.endsWith('/>') ? -1 : sheetData.contentEnd;
      const text = `<row r="${rowNumber}">${cells.map((c) => `<c r="${c.address}" s="${c.style}"/>`).join('')}</row>`;
      newRows.set(at, (newRows.get(at) ?? '') + text);
      continue;
    }
    const row = rows[k]!;
    const existing = row.startTag.endsWith('/>') ? [] : childElements(xml, row.contentStart, row.contentEnd);
    const positions = existing.map((c) => {
      const r = attributes(c.startTag).get('r');
      if (!r) throw new MarkupUnsupported('单元格没有地址（r 属性）');
      return { el: c, column: parseCell(r)!.column, address: r };
    });
    const inserts = new Map<number, string>();
    for (const cell of cells) {
      const hit = positions.find((p) => p.address === cell.address);
      if (hit) {
        edits.push({ start: hit.el.start, end: hit.el.start + hit.el.startTag.length, text: setAttribute(hit.el.startTag, 's', String(cell.style)) });
        continue;
      }
      const next = positions.find((p) => p.column > cell.column);
      const at = next ? next.el.start : row.contentEnd;
      inserts.set(at, (inserts.get(at) ?? '') + `<c r="${cell.address}" s="${cell.style}"/>`);
    }
    if (inserts.size > 0 && row.startTag.endsWith('/>')) {
      const open = removeAttribute(row.startTag.slice(0, -2) + '>', 'spans');
      edits.push({ start: row.start, end: row.end, text: `${open}${[...inserts.values()].join('')}</row>` });
      continue;
    }
    if (inserts.size > 0) edits.push({ start: row.start, end: row.start + row.startTag.length, text: removeAttribute(row.startTag, 'spans') });
    for (const [at, text] of inserts) edits.push({ start: at, end: at, text });
  }
  for (const [at, text] of newRows) {
    if (at === -1) edits.push({ start: sheetData.start, end: sheetData.end, text: `<sheetData>${text}</sheetData>` });
    else edits.push({ start: at, end: at, text });
  }
  // back to front, so earlier offsets stay valid; an insertion at an offset goes after a replacement ending there
  edits.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = xml;
  for (const e of edits) out = splice(out, e.start, e.end, e.text);
  return out;
}

/** Elements that follow `legacyDrawing` in a worksheet (CT_Worksheet's sequence). */
const afterLegacyDrawing = new Set(['legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts', 'extLst']);

function commentsXml(marks: ReadonlyMap<string, Mark>): string {
  const list = [...marks]
    .map(
      ([cell, m]) =>
        `<comment ref="${cell}" authorId="0"><text><r><rPr><b/><sz val="9"/></rPr><t xml:space="preserve">nianbao 审核：</t></r><r><rPr><sz val="9"/></rPr><t xml:space="preserve">${escapeXml(
          '\n' + m.messages.join('\n'),
        )}</t></r></text></comment>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="${MAIN_NS}"><authors><author>nianbao 审核</author></authors><commentList>${list}</commentList></comments>`;
}

function vmlShapes(marks: ReadonlyMap<string, Mark>, idBlock: number): string {
  let n = 0;
  return [...marks.keys()]
    .map((cell) => {
      const p = parseCell(cell)!;
      const col = p.column - 1;
      const row = p.row - 1;
      n += 1;
      return (
        `<v:shape id="_x0000_s${idBlock * 1024 + n}" type="#_x0000_t202" style="position:absolute;margin-left:80pt;margin-top:2pt;width:220pt;height:90pt;z-index:${n};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
        `<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>` +
        `<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>` +
        `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${col + 1}, 15, ${row}, 2, ${col + 5}, 15, ${row + 6}, 4</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>${row}</x:Row><x:Column>${col}</x:Column></x:ClientData></v:shape>`
      );
    })
    .join('');
}

function vmlXml(marks: ReadonlyMap<string, Mark>, idBlock: number): string {
  return (
    `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">` +
    `<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${idBlock}"/></o:shapelayout>` +
    `<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>` +
    vmlShapes(marks, idBlock) +
    `</xml>`
  );
}

/**
 * The prefix a part's root binds to the relationships namespace, or `r` declared on the root when it binds none
 * (readers such as exceljs look for `r:id` literally, so a declaration on the element alone would not do).
 */
function relationshipPrefix(root: Element): { prefix: string; declare?: string } {
  const bound = prefixFor(root.startTag, REL_NS);
  if (bound) return { prefix: bound };
  if (attributes(root.startTag).has('xmlns:r')) throw new MarkupUnsupported('前缀 r 已用于其他命名空间');
  return { prefix: 'r', declare: setAttribute(root.startTag, 'xmlns:r', REL_NS) };
}

/** Adds cell notes to a sheet: a comments part and its VML drawing, or (when the sheet has notes already) fewer. */
function addNotes(pkg: Package, sheetPart: string, marks: ReadonlyMap<string, Mark>, idBlock: number): string {
  const relsPart = relsPathOf(sheetPart);
  const rels = readRelationships(pkg.text(relsPart));
  if (rels.some((r) => r.type === REL_TYPE.comments || r.type === REL_TYPE.vmlDrawing)) {
    // the unit's own notes stay untouched; ours would have to be merged into their drawing, which we do not risk
    throw new MarkupUnsupported('工作表已有批注');
  }
  const commentsPart = pkg.freeName('xl/comments', 'xml');
  const vmlPart = pkg.freeName('xl/drawings/vmlDrawing', 'vml');
  pkg.set(commentsPart, commentsXml(marks));
  pkg.set(vmlPart, vmlXml(marks, idBlock));
  const commentsId = freeId(rels, 'rIdNianbaoNote');
  const vmlId = freeId([...rels, { id: commentsId }], 'rIdNianbaoNote');
  const relTarget = (part: string) => '../' + part.split('/').slice(1).join('/');
  let relsXml = addRelationship(pkg.text(relsPart), { id: commentsId, type: REL_TYPE.comments, target: relTarget(commentsPart) });
  relsXml = addRelationship(relsXml, { id: vmlId, type: REL_TYPE.vmlDrawing, target: relTarget(vmlPart) });
  pkg.set(relsPart, relsXml);

  let xml = pkg.require(sheetPart);
  const root = rootElement(xml);
  const at = childElements(xml, root.contentStart, root.contentEnd).find((e) => afterLegacyDrawing.has(e.name))?.start ?? root.contentEnd;
  const bound = relationshipPrefix(root);
  xml = splice(xml, at, at, `<legacyDrawing ${bound.prefix}:id="${vmlId}"/>`);
  if (bound.declare) xml = splice(xml, root.start, root.start + root.startTag.length, bound.declare);
  pkg.set(sheetPart, xml);
  return commentsPart;
}

function addContentTypes(pkg: Package, overrides: { part: string; type: string }[], vml: boolean): void {
  let xml = pkg.require('[Content_Types].xml');
  const add: string[] = overrides.map((o) => `<Override PartName="/${escapeXml(o.part)}" ContentType="${o.type}"/>`);
  if (vml && !/<Default\b[^>]*Extension="vml"/i.test(xml)) add.unshift(`<Default Extension="vml" ContentType="${vmlType}"/>`);
  const close = xml.lastIndexOf('</Types>');
  if (close < 0) throw new MarkupUnsupported('[Content_Types].xml 不完整');
  xml = splice(xml, close, close, add.join(''));
  pkg.set('[Content_Types].xml', xml);
}

/** The workbook part and its sheets, in tab order. */
function workbookSheets(pkg: Package): { workbookPart: string; sheets: SheetEntry[]; stylesPart: string } {
  const rootRels = readRelationships(pkg.text('_rels/.rels'));
  const office = rootRels.find((r) => r.type.endsWith('/officeDocument'));
  if (!office) throw new MarkupUnsupported('找不到工作簿部件');
  const workbookPart = resolveTarget('', office.target);
  const xml = pkg.require(workbookPart);
  const root = rootElement(xml);
  if (prefixFor(root.startTag, MAIN_NS) !== '') throw new MarkupUnsupported('workbook.xml 使用了命名空间前缀');
  const relPrefix = prefixFor(root.startTag, REL_NS);
  const rels = readRelationships(pkg.text(relsPathOf(workbookPart)));
  const sheetsEl = childElements(xml, root.contentStart, root.contentEnd).find((e) => e.name === 'sheets');
  if (!sheetsEl) throw new MarkupUnsupported('工作簿没有工作表列表');
  const sheets = childElements(xml, sheetsEl.contentStart, sheetsEl.contentEnd).map((element) => {
    const a = attributes(element.startTag);
    const rel = rels.find((r) => r.id === a.get(`${relPrefix}:id`));
    if (!rel) throw new MarkupUnsupported('工作表缺少关系');
    return { name: a.get('name') ?? '', part: resolveTarget(workbookPart, rel.target), element, type: rel.type };
  });
  const styles = rels.find((r) => r.type === REL_TYPE.styles);
  if (!styles) throw new MarkupUnsupported('工作簿没有样式部件');
  return { workbookPart, sheets: sheets.filter((s) => s.type === REL_TYPE.worksheet || s.type.endsWith('/chartsheet')), stylesPart: resolveTarget(workbookPart, styles.target) };
}

/** workbook.xml with our two sheets added (审核意见 first and shown, the marker very hidden last). */
function addSheetsToWorkbook(pkg: Package, workbookPart: string, feedbackPart: string, feedbackMarkerPart: string): void {
  let xml = pkg.require(workbookPart);
  const relsPart = relsPathOf(workbookPart);
  const rels = readRelationships(pkg.text(relsPart));
  const opinionId = freeId(rels, 'rIdNianbao');
  const markerId = freeId([...rels, { id: opinionId }], 'rIdNianbao');
  const relTarget = (part: string) => part.split('/').slice(1).join('/');
  let relsXml = addRelationship(pkg.text(relsPart), { id: opinionId, type: REL_TYPE.worksheet, target: relTarget(feedbackPart) });
  relsXml = addRelationship(relsXml, { id: markerId, type: REL_TYPE.worksheet, target: relTarget(feedbackMarkerPart) });
  pkg.set(relsPart, relsXml);

  const root = rootElement(xml);
  const children = childElements(xml, root.contentStart, root.contentEnd);
  const sheetsEl = children.find((e) => e.name === 'sheets')!;
  const existing = childElements(xml, sheetsEl.contentStart, sheetsEl.contentEnd);
  const maxId = Math.max(0, ...existing.map((e) => Number(attributes(e.startTag).get('sheetId') ?? 0)));
  const bound = relationshipPrefix(root);
  const rAttr = (id: string) => `${bound.prefix}:id="${id}"`;
  const edits: { start: number; end: number; text: string }[] = [];
  if (bound.declare) edits.push({ start: root.start, end: root.start + root.startTag.length, text: bound.declare });
  const opinionSheet = `<sheet name="${feedbackSheetName}" sheetId="${maxId + 1}" ${rAttr(opinionId)}/>`;
  const markerSheet = `<sheet name="${feedbackMarkerSheetName}" sheetId="${maxId + 2}" state="veryHidden" ${rAttr(markerId)}/>`;
  if (existing.length === 0) edits.push({ start: sheetsEl.contentStart, end: sheetsEl.contentEnd, text: opinionSheet + markerSheet });
  else {
    edits.push({ start: sheetsEl.contentStart, end: sheetsEl.contentStart, text: opinionSheet });
    edits.push({ start: sheetsEl.contentEnd, end: sheetsEl.contentEnd, text: markerSheet });
  }
  // the sheet shown on opening is ours
  const bookViews = children.find((e) => e.name === 'bookViews');
  if (bookViews) {
    for (const view of childElements(xml, bookViews.contentStart, bookViews.contentEnd)) {
      let tag = setAttribute(view.startTag, 'activeTab', '0');
      tag = removeAttribute(tag, 'firstSheet');
      edits.push({ start: view.start, end: view.start + view.startTag.length, text: tag });
    }
  }
  // sheet-local names (print areas, filters) are numbered by tab position: every position moves one to the right
  const definedNames = children.find((e) => e.name === 'definedNames');
  if (definedNames) {
    for (const dn of childElements(xml, definedNames.contentStart, definedNames.contentEnd)) {
      const local = attributes(dn.startTag).get('localSheetId');
      if (local !== undefined) edits.push({ start: dn.start, end: dn.start + dn.startTag.length, text: setAttribute(dn.startTag, 'localSheetId', String(Number(local) + 1)) });
    }
  }
  edits.sort((a, b) => b.start - a.start);
  for (const e of edits) xml = splice(xml, e.start, e.end, e.text);
  pkg.set(workbookPart, xml);
}

/** Only our sheet opens selected: a second selected tab would group the sheets in Excel. */
function unselectTabs(pkg: Package, sheetPart: string): void {
  const xml = pkg.text(sheetPart);
  if (!xml || !/tabSelected\s*=\s*["'](1|true)["']/.test(xml)) return;
  pkg.set(sheetPart, xml.replace(/(<sheetView\b[^>]*?)\s+tabSelected\s*=\s*["'](?:1|true)["']/g, '$1'));
}

export interface FeedbackCopyOptions {
  /** when the check ran (shown on the sheet; default now) */
  checkedAt?: Date;
}

export interface FeedbackCopy {
  bytes: Buffer;
  /** the cells that got a fill and a note, as `sheet!A1` */
  markedCells: string[];
}

/**
 * The unit's xlsx with the 审核意见 sheet, fills and notes added. Throws MarkupUnsupported when the package is not
 * one we can edit safely; the caller then writes the 审核意见 workbook alone (`writeOpinionWorkbook`).
 */
export function markUpWorkbook(xlsx: Uint8Array, doc: FeedbackDocument): FeedbackCopy {
  const pkg = new Package(xlsx);
  if (markerPartOf(pkg.parts)) throw new MarkupUnsupported('该文件本身就是审核意见副本');
  const { workbookPart, sheets, stylesPart } = workbookSheets(pkg);
  if (sheets.some((s) => s.name === feedbackSheetName || s.name === feedbackMarkerSheetName)) {
    throw new MarkupUnsupported(`工作簿中已有名为“${feedbackSheetName}”的工作表`);
  }
  const marks = marksOf(doc.findings);
  const markedSheets = sheets.filter((s) => marks.has(s.name));
  // the original style of every marked cell, to copy it with a fill
  const originals = new Map<string, Map<string, number>>();
  const needed = new Set<string>();
  for (const s of markedSheets) {
    const xml = pkg.require(s.part);
    const root = rootElement(xml);
    if (prefixFor(root.startTag, MAIN_NS) !== '') throw new MarkupUnsupported('工作表使用了命名空间前缀');
    const sheetMarks = marks.get(s.name)!;
    const styles = originalStyles(xml, sheetMarks.keys());
    originals.set(s.name, styles);
    for (const [cell, style] of styles) needed.add(`${style}:${sheetMarks.get(cell)!.severity}`);
  }
  const styles = editStyles(pkg, stylesPart, needed);
  const markedCells: string[] = [];
  const notes: string[] = [];
  markedSheets.forEach((s, i) => {
    const sheetMarks = marks.get(s.name)!;
    const styleOf = new Map<string, number>();
    for (const [cell, original] of originals.get(s.name)!) styleOf.set(cell, styles.marked(original, sheetMarks.get(cell)!.severity));
    pkg.set(s.part, styleCells(pkg.require(s.part), styleOf));
    notes.push(addNotes(pkg, s.part, sheetMarks, 900 + i));
    for (const cell of sheetMarks.keys()) markedCells.push(`${s.name}!${cell}`);
  });
  for (const s of sheets) unselectTabs(pkg, s.part);
  const feedbackPart = makeRoomForFirstSheet(pkg, workbookPart, sheets) ?? pkg.freeName('xl/worksheets/sheet', 'xml');
  pkg.set(feedbackPart, opinionSheetXml(doc, { styles: styles.opinion, linkableSheets: new Set(sheets.map((s) => s.name)) }));
  const feedbackMarkerPart = pkg.freeName('xl/worksheets/sheet', 'xml');
  pkg.set(feedbackMarkerPart, '');
  addSheetsToWorkbook(pkg, workbookPart, feedbackPart, feedbackMarkerPart);
  const notesParts = notes;
  addContentTypes(
    pkg,
    [
      { part: feedbackPart, type: worksheetType },
      { part: feedbackMarkerPart, type: worksheetType },
      ...notesParts.map((part) => ({ part, type: commentsType })),
    ],
    notesParts.length > 0,
  );
  // the marker last: its digest covers everything else as written
  pkg.set(feedbackMarkerPart, markerSheetXml({ sourceFile: doc.fileName, checkedAt: doc.checkedAt, result: feedbackResult(doc.findings, doc.readable), digest: '' }));
  const digest = packageDigest(pkg.parts, feedbackMarkerPart);
  pkg.set(feedbackMarkerPart, markerSheetXml({ sourceFile: doc.fileName, checkedAt: doc.checkedAt, result: feedbackResult(doc.findings, doc.readable), digest }));
  return { bytes: pkg.zip(), markedCells };
}

const minimalStyles =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${MAIN_NS}">` +
  `<fonts count="1"><font><sz val="11"/><name val="宋体"/><family val="2"/><charset val="134"/></font></fonts>` +
  `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
  `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
  `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
  `<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>` +
  `<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

/**
 * A workbook of the 审核意见 sheet alone (and the marker), for a file we cannot mark up: unreadable, a text, HTML,
 * Word or PDF report, or a workbook whose package we do not edit.
 */
export function opinionWorkbook(doc: FeedbackDocument): Buffer {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': encode(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
        `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
    ),
    '_rels/.rels': encode(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': encode(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView activeTab="0"/></bookViews><sheets></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': encode(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_TYPE.styles}" Target="styles.xml"/></Relationships>`,
    ),
    'xl/styles.xml': encode(minimalStyles),
  };
  const zipped = zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { mtime: new Date(2019, 0, 1), level: 6 }]])) as Zippable);
  // the same path as a unit's workbook: one way of adding the sheet and the marker
  return markUpWorkbook(zipped, { ...doc, findings: doc.findings.map((f) => ({ ...f })) }).bytes;
}
