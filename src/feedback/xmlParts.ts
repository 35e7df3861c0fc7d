/**
 * Small, exact edits to the XML parts of an xlsx package, for marking up a unit's own workbook without re-writing it
 * through a spreadsheet model (which loses what that model does not know: see shared/notes/xlsx-field-notes.md).
 * Every edit is a splice into the original text; whatever we do not touch stays byte for byte.
 */

export const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
export const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
export const REL_TYPE = {
  worksheet: `${REL_NS}/worksheet`,
  comments: `${REL_NS}/comments`,
  vmlDrawing: `${REL_NS}/vmlDrawing`,
  styles: `${REL_NS}/styles`,
};

/** The markup of a workbook we cannot edit safely at the XML level (prefixed namespaces, missing parts, …). */
export class MarkupUnsupported extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'MarkupUnsupported';
  }
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // characters XML 1.0 cannot carry at all
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

export function decodeXmlText(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-fA-F]+|#\d+);/g, (_m, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/** The attributes of a start tag's text (`<c r="A1" s="3">`), decoded. */
export function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) out.set(m[1]!, decodeXmlText(m[3] ?? m[4] ?? ''));
  return out;
}

/** A start tag with one attribute set (added, or its value replaced). */
export function setAttribute(tag: string, name: string, value: string): string {
  const re = new RegExp(`(\\s${name.replace(/[.:]/g, '\\$&')}\\s*=\\s*)("[^"]*"|'[^']*')`);
  if (re.test(tag)) return tag.replace(re, `$1"${escapeXml(value)}"`);
  const end = tag.endsWith('/>') ? tag.length - 2 : tag.length - 1;
  return `${tag.slice(0, end)} ${name}="${escapeXml(value)}"${tag.slice(end)}`;
}

export function removeAttribute(tag: string, name: string): string {
  return tag.replace(new RegExp(`\\s${name.replace(/[.:]/g, '\\$&')}\\s*=\\s*("[^"]*"|'[^']*')`), '');
}

export interface Element {
  name: string;
  /** offset of `<` of the start tag */
  start: number;
  /** offset just past the end tag (or the self-closing start tag) */
  end: number;
  /** the start tag's text */
  startTag: string;
  /** offset just past the start tag */
  contentStart: number;
  /** offset of the end tag's `<` (= end for a self-closing element) */
  contentEnd: number;
}

const tagPattern = /<(\/?)([A-Za-z_][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;

/** The child elements of the element spanning `[from, to)` of `xml` (comments and processing instructions skipped). */
export function childElements(xml: string, from: number, to: number): Element[] {
  const out: Element[] = [];
  let depth = 0;
  let open: { name: string; start: number; startTag: string; contentStart: number } | undefined;
  tagPattern.lastIndex = from;
  for (let m = tagPattern.exec(xml); m && m.index < to; m = tagPattern.exec(xml)) {
    const [text, closing, name, , selfClosing] = m;
    if (closing) {
      depth -= 1;
      if (depth === 0 && open) {
        out.push({ ...open, end: m.index + text.length, contentEnd: m.index, name: open.name });
        open = undefined;
      }
      continue;
    }
    if (depth === 0) {
      if (selfClosing) {
        const end = m.index + text.length;
        out.push({ name: name!, start: m.index, startTag: text, contentStart: end, contentEnd: end, end });
        continue;
      }
      open = { name: name!, start: m.index, startTag: text, contentStart: m.index + text.length };
    }
    if (!selfClosing) depth += 1;
  }
  return out;
}

/** The root element of a part (after the XML declaration). */
export function rootElement(xml: string): Element {
  const roots = childElements(xml, 0, xml.length);
  const root = roots[0];
  if (!root) throw new MarkupUnsupported('XML 部件没有根元素');
  return root;
}

/** The namespace prefix a part binds to `ns` on its root ('' for the default namespace), or undefined. */
export function prefixFor(rootTag: string, ns: string): string | undefined {
  for (const [name, value] of attributes(rootTag)) {
    if (value !== ns) continue;
    if (name === 'xmlns') return '';
    if (name.startsWith('xmlns:')) return name.slice(6);
  }
  return undefined;
}

export function splice(xml: string, start: number, end: number, insert: string): string {
  return xml.slice(0, start) + insert + xml.slice(end);
}

/** Column letters → 1-based number. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function columnLetters(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

export function parseCell(address: string): { column: number; row: number } | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(address);
  if (!m) return undefined;
  return { column: columnNumber(m[1]!), row: Number(m[2]) };
}

/** Resolve a relationship target against the folder of the part that owns the relationship. */
export function resolveTarget(ownerPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = ownerPart.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/** `xl/worksheets/sheet1.xml` → `xl/worksheets/_rels/sheet1.xml.rels` */
export function relsPathOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

export interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

export function readRelationships(xml: string | undefined): Relationship[] {
  if (!xml) return [];
  const out: Relationship[] = [];
  for (const m of xml.matchAll(/<Relationship\b[^>]*>/g)) {
    const a = attributes(m[0]);
    out.push({ id: a.get('Id') ?? '', type: a.get('Type') ?? '', target: a.get('Target') ?? '', external: a.get('TargetMode') === 'External' });
  }
  return out;
}

/** A relationships part with one more relationship (a new part when there was none). */
export function addRelationship(xml: string | undefined, rel: { id: string; type: string; target: string }): string {
  const entry = `<Relationship Id="${escapeXml(rel.id)}" Type="${escapeXml(rel.type)}" Target="${escapeXml(rel.target)}"/>`;
  if (!xml) return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PACKAGE_REL_NS}">${entry}</Relationships>`;
  const close = xml.lastIndexOf('</Relationships>');
  if (close < 0) {
    // `<Relationships .../>`: an empty part
    return xml.replace(/<Relationships\b([^>]*)\/>/, `<Relationships$1>${entry}</Relationships>`);
  }
  return splice(xml, close, close, entry);
}

/** An id not yet used among `rels`, starting from `base`. */
export function freeId(rels: readonly { id: string }[], base: string): string {
  const used = new Set(rels.map((r) => r.id));
  for (let n = 1; ; n += 1) if (!used.has(`${base}${n}`)) return `${base}${n}`;
}
