/**
 * A published report as HTML → a grid. Every data table becomes a block of rows with its rowspan/colspan kept as
 * merges (only the top-left position holds the text, as in a workbook); the text outside tables (title, section
 * headings, the statistics period sentence) becomes single-cell rows in document order, so that `locate` reads a web
 * page exactly as it reads a workbook or the published text.
 *
 * The tokenizer is a single forward scan (every character is looked at a bounded number of times), so hostile input
 * cannot make it slow; input size, nesting depth and table area are capped.
 */
import { messageOf } from '../findings/codes.js';
import { gridIndex, zeroWidth, type GridCell, type GridMerge, type GridSheet, type GridWorkbook } from './grid.js';

/** Larger than any published report page by two orders of magnitude. */
export const maxHtmlLength = 20 * 1024 * 1024;
/** Open elements deeper than this are flattened into their parent (their text is kept). */
export const maxHtmlDepth = 256;
/** Grid positions (rows × columns, spans included) one table may cover. */
export const maxTableArea = 200_000;

export class HtmlGridError extends Error {
  constructor(
    readonly code: 'HTML_TOO_LARGE' | 'HTML_TABLE_TOO_LARGE',
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// A minimal tree: elements and text. Only the attributes the grid needs are kept.

interface HtmlElement {
  kind: 'element';
  name: string;
  rowSpan: number;
  colSpan: number;
  children: HtmlNode[];
  /** `style="display:none"` or `hidden`: not laid out by a browser (a cell so hidden takes no column), not read */
  hidden?: boolean;
  /** `visibility:hidden`: laid out but not shown (a cell keeps its column), its text not read */
  invisible?: boolean;
}
interface HtmlText {
  kind: 'text';
  text: string;
}
type HtmlNode = HtmlElement | HtmlText;

const voidElements = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);
/** Elements whose content is not text of the page. */
const ignoredElements = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'object', 'iframe']);
/** Elements whose content is raw text up to their end tag (no tags inside). */
const rawTextElements = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noscript']);
/** Elements that start a new line of text. */
const blockElements = new Set([
  'address', 'article', 'aside', 'blockquote', 'caption', 'center', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre',
  'section', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'title', 'tr', 'ul', 'body', 'html', 'head',
]);
/** Start tags that close an open <p> (HTML's "close a p element"). */
const closesParagraph = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'div', 'dl', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4',
  'h5', 'h6', 'header', 'hr', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'ul',
]);

function newElement(name: string): HtmlElement {
  return { kind: 'element', name, rowSpan: 1, colSpan: 1, children: [] };
}

const isNameChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 58 || c === 95;
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12;

/** Parses `html` into a tree, repairing the omissions browsers repair (unclosed <td>, <tr>, <p>, <li>). */
function parseHtml(html: string): HtmlElement {
  const root = newElement('#root');
  const stack: HtmlElement[] = [root];
  const top = (): HtmlElement => stack[stack.length - 1]!;
  const appendText = (text: string): void => {
    if (text === '') return;
    const children = top().children;
    const last = children[children.length - 1];
    if (last?.kind === 'text') last.text += text;
    else children.push({ kind: 'text', text });
  };
  // how many elements of each name are open, so that closing what is not open costs nothing
  const open = new Map<string, number>();
  /** Pops up to and including the nearest open element named in `names`, unless one of `stopAt` comes first. */
  const closeUntil = (names: ReadonlySet<string>, stopAt: ReadonlySet<string>): boolean => {
    let anyOpen = false;
    for (const name of names) if ((open.get(name) ?? 0) > 0) anyOpen = true;
    if (!anyOpen) return false;
    for (let i = stack.length - 1; i > 0; i--) {
      const name = stack[i]!.name;
      if (names.has(name)) {
        while (stack.length > i) {
          const popped = stack.pop()!;
          open.set(popped.name, open.get(popped.name)! - 1);
        }
        return true;
      }
      if (stopAt.has(name)) return false;
    }
    return false;
  };
  const nearest = (names: ReadonlySet<string>): string | undefined => {
    for (let i = stack.length - 1; i > 0; i--) if (names.has(stack[i]!.name)) return stack[i]!.name;
    return undefined;
  };
  const push = (el: HtmlElement): void => {
    top().children.push(el);
    if (stack.length < maxHtmlDepth) {
      stack.push(el);
      open.set(el.name, (open.get(el.name) ?? 0) + 1);
    }
  };

  const cells = new Set(['td', 'th']);
  const paragraph = new Set(['p']);
  const listItem = new Set(['li']);
  const listScope = new Set(['ul', 'ol', 'td', 'th', 'table']);
  const row = new Set(['tr']);
  const sections = new Set(['thead', 'tbody', 'tfoot']);
  const nothing = new Set<string>();
  const tableScope = new Set(['table']);
  const rowScope = new Set(['tr', 'table']);
  const cellScope = new Set(['td', 'th', 'table', 'caption']);

  const n = html.length;
  let i = 0;
  while (i < n) {
    const lt = html.indexOf('<', i);
    const textEnd = lt === -1 ? n : lt;
    if (textEnd > i) appendText(html.slice(i, textEnd));
    if (lt === -1) break;
    i = lt;
    const next = html.charCodeAt(i + 1);
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      i = end === -1 ? n : end + 3;
      continue;
    }
    if (next === 33 /* ! */ || next === 63 /* ? */) {
      const end = html.indexOf('>', i + 2);
      i = end === -1 ? n : end + 1;
      continue;
    }
    const isEnd = next === 47; /* / */
    let j = i + (isEnd ? 2 : 1);
    const nameStart = j;
    while (j < n && isNameChar(html.charCodeAt(j))) j++;
    if (j === nameStart) {
      // a literal `<` (e.g. `a < b`)
      appendText('<');
      i += 1;
      continue;
    }
    const name = html.slice(nameStart, j).toLowerCase();
    // attributes up to the closing `>`, quotes respected
    const attrs = new Map<string, string>();
    let selfClosing = false;
    while (j < n) {
      const c = html.charCodeAt(j);
      if (c === 62 /* > */) {
        j++;
        break;
      }
      if (c === 47 /* / */) {
        selfClosing = true;
        j++;
        continue;
      }
      if (isSpace(c)) {
        j++;
        continue;
      }
      selfClosing = false;
      const an = j;
      while (j < n && !isSpace(html.charCodeAt(j)) && html[j] !== '>' && html[j] !== '=' && html[j] !== '/') j++;
      const attrName = html.slice(an, j).toLowerCase();
      if (j === an) {
        j++; // a stray character such as `"` outside a value
        continue;
      }
      while (j < n && isSpace(html.charCodeAt(j))) j++;
      let value = '';
      if (html[j] === '=') {
        j++;
        while (j < n && isSpace(html.charCodeAt(j))) j++;
        const q = html[j];
        if (q === '"' || q === "'") {
          const close = html.indexOf(q, j + 1);
          const end = close === -1 ? n : close;
          value = html.slice(j + 1, end);
          j = close === -1 ? n : close + 1;
        } else {
          const vs = j;
          while (j < n && !isSpace(html.charCodeAt(j)) && html[j] !== '>') j++;
          value = html.slice(vs, j);
        }
      }
      if (!attrs.has(attrName)) attrs.set(attrName, value);
    }
    i = j;

    if (isEnd) {
      if (name === 'br') {
        top().children.push(newElement('br'));
      } else if (name === 'table') {
        closeUntil(tableScope, nothing);
      } else if (name === 'td' || name === 'th') {
        closeUntil(cells, tableScope);
      } else if (name === 'tr') {
        closeUntil(row, tableScope);
      } else if (name === 'thead' || name === 'tbody' || name === 'tfoot' || name === 'caption') {
        closeUntil(new Set([name]), tableScope);
      } else {
        // ordinary elements never close across a cell or table boundary
        closeUntil(new Set([name]), cellScope);
      }
      continue;
    }

    if (rawTextElements.has(name) && !selfClosing) {
      const end = findEndTag(html, name, i);
      const content = html.slice(i, end.contentEnd);
      i = end.after;
      if (!ignoredElements.has(name)) {
        const el = newElement(name);
        el.children.push({ kind: 'text', text: content });
        top().children.push(el);
      }
      continue;
    }

    // implied end tags
    if (closesParagraph.has(name)) closeUntil(paragraph, cellScope);
    if (name === 'li') closeUntil(listItem, listScope);
    if (name === 'td' || name === 'th') {
      closeUntil(cells, rowScope);
      if (nearest(rowScope) !== 'tr' && nearest(tableScope) === 'table') push(newElement('tr'));
    }
    if (name === 'tr') closeUntil(row, tableScope);
    if (name === 'thead' || name === 'tbody' || name === 'tfoot') closeUntil(sections, tableScope);

    const el = newElement(name);
    const style = attrs.get('style') ?? '';
    if (attrs.has('hidden') || /(?:^|;)\s*display\s*:\s*none\b/i.test(style)) el.hidden = true;
    if (/(?:^|;)\s*visibility\s*:\s*hidden\b/i.test(style)) el.invisible = true;
    if (name === 'td' || name === 'th') {
      el.rowSpan = spanAttribute(attrs.get('rowspan'), 65534, true);
      el.colSpan = spanAttribute(attrs.get('colspan'), 1000, false);
    }
    if (voidElements.has(name) || selfClosing) {
      top().children.push(el);
      continue;
    }
    if (ignoredElements.has(name)) {
      // skip the whole element (e.g. inline <svg>): its content is not page text
      const end = findEndTag(html, name, i);
      i = end.after;
      continue;
    }
    push(el);
  }
  return root;
}

/** Where `</name` next starts (case-insensitive) and where scanning resumes after its `>`. */
function findEndTag(html: string, name: string, from: number): { contentEnd: number; after: number } {
  let k = from;
  for (;;) {
    const at = html.indexOf('</', k);
    if (at === -1) return { contentEnd: html.length, after: html.length };
    const candidate = html.slice(at + 2, at + 2 + name.length).toLowerCase();
    const after = html.charCodeAt(at + 2 + name.length);
    if (candidate === name && !isNameChar(after)) {
      const gt = html.indexOf('>', at);
      return { contentEnd: at, after: gt === -1 ? html.length : gt + 1 };
    }
    k = at + 2;
  }
}

/** rowspan/colspan as browsers read them: leading digits, clamped; rowspan 0 means "to the end of the table". */
function spanAttribute(value: string | undefined, max: number, zeroMeansRest: boolean): number {
  if (value === undefined) return 1;
  const m = /^\s*(\d{1,7})/.exec(value);
  if (!m) return 1;
  const v = Number(m[1]);
  if (v === 0) return zeroMeansRest ? 0 : 1;
  return Math.min(v, max);
}

// ---------------------------------------------------------------------------------------------------------------
// Entities

const namedEntities: Record<string, string> = {
  nbsp: '\u00a0', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ldquo: '“', rdquo: '”', lsquo: '‘',
  rsquo: '’', mdash: '—', ndash: '–', hellip: '…', middot: '·', times: '×', divide: '÷', emsp: '\u2003',
  ensp: '\u2002', thinsp: '\u2009', yen: '¥', copy: '©', reg: '®', deg: '°', plusmn: '±', laquo: '«', raquo: '»',
  bull: '•', shy: '',
};

/** `&nbsp;`, `&amp;`, `&#12288;`, `&#x3000;` → characters; anything unrecognised is left as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  let out = '';
  let i = 0;
  for (;;) {
    const amp = text.indexOf('&', i);
    if (amp === -1) return out + text.slice(i);
    out += text.slice(i, amp);
    const m = /^&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,9}));?/.exec(text.slice(amp, amp + 14));
    let decoded: string | undefined;
    if (m) {
      if (m[1] !== undefined || m[2] !== undefined) {
        const code = m[1] !== undefined ? Number(m[1]) : parseInt(m[2]!, 16);
        decoded = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
      } else {
        decoded = namedEntities[m[3]!.toLowerCase()];
      }
    }
    if (m && decoded !== undefined) {
      out += decoded;
      i = amp + m[0].length;
    } else {
      out += '&';
      i = amp + 1;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Tree → text lines and tables, in document order

type FlowItem = { kind: 'line'; text: string } | { kind: 'table'; table: HtmlElement };

function containsTable(el: HtmlElement, memo: Map<HtmlElement, boolean>): boolean {
  const known = memo.get(el);
  if (known !== undefined) return known;
  let found = false;
  for (const child of el.children) {
    if (child.kind === 'element' && (child.name === 'table' || containsTable(child, memo))) found = true;
  }
  memo.set(el, found);
  return found;
}

/** Collects text into lines: block boundaries and <br> end a line; white space collapses as in a browser. */
class LineCollector {
  readonly lines: string[] = [];
  private current = '';
  add(text: string): void {
    this.current += decodeEntities(text.replace(/[ \t\n\r\f]+/g, ' ')).replace(zeroWidth, '');
  }
  break(): void {
    const line = this.current.trim();
    if (line !== '') this.lines.push(line);
    this.current = '';
  }
}

/**
 * The text of a node as lines (<p>, <br>, <div>… break them). `takeTable`, when given, may claim a <table> (return
 * true) so that its text is not read as lines.
 */
function collectText(node: HtmlNode, lines: LineCollector, takeTable?: (table: HtmlElement) => boolean): void {
  if (node.kind === 'text') {
    lines.add(node.text);
    return;
  }
  if (node.hidden || node.invisible) return;
  if (takeTable && node.name === 'table' && takeTable(node)) return;
  if (node.name === 'br') {
    lines.break();
    return;
  }
  const block = blockElements.has(node.name);
  if (block) lines.break();
  for (const child of node.children) collectText(child, lines, takeTable);
  if (block) lines.break();
}

/** A cell's text: its lines (from <p>, <br>, <div>…) joined by newlines. */
function cellText(cell: HtmlElement): string {
  const lines = new LineCollector();
  for (const child of cell.children) collectText(child, lines);
  lines.break();
  return lines.lines.join('\n');
}

function flow(root: HtmlElement): FlowItem[] {
  const items: FlowItem[] = [];
  const memo = new Map<HtmlElement, boolean>();
  const lines = new LineCollector();
  const flush = (): void => {
    lines.break();
    for (const text of lines.lines.splice(0)) items.push({ kind: 'line', text });
  };
  // a table holding tables is page layout: read through it like any other container
  collectText(root, lines, (table) => {
    if (containsTable(table, memo)) return false;
    flush();
    items.push({ kind: 'table', table });
    return true;
  });
  flush();
  return items;
}

/** The <tr> rows of a table (through thead/tbody/tfoot and stray wrappers), and its caption. */
function tableRows(table: HtmlElement): { rows: HtmlElement[]; captions: HtmlElement[] } {
  const rows: HtmlElement[] = [];
  const captions: HtmlElement[] = [];
  const walk = (el: HtmlElement): void => {
    for (const child of el.children) {
      if (child.kind !== 'element') continue;
      if (child.hidden) continue;
      if (child.name === 'tr') rows.push(child);
      else if (child.name === 'caption') captions.push(child);
      else if (child.name !== 'td' && child.name !== 'th') walk(child);
    }
  };
  walk(table);
  return { rows, captions };
}

function rowCells(tr: HtmlElement): HtmlElement[] {
  const cells: HtmlElement[] = [];
  const walk = (el: HtmlElement): void => {
    for (const child of el.children) {
      if (child.kind !== 'element') continue;
      if (child.hidden) continue;
      if (child.name === 'td' || child.name === 'th') cells.push(child);
      else walk(child);
    }
  };
  walk(tr);
  return cells;
}

// ---------------------------------------------------------------------------------------------------------------

/** All tables and the text around them, stacked on one sheet named `正文`. */
/**
 * A page whose table sits inside a script string (`var html = "<td colspan=\\"3\\">…<\\/td>"`), as some sites
 * render their reports: the string's escapes are undone so its spans are read exactly as in clean HTML. Only when
 * escaped tags are seen; any other page is left as it is.
 */
export function unescapeScriptString(html: string): string {
  if (!escapedTag.test(html)) return html;
  // a script element is skipped as code; one that carries the page's table in a string gives up its unescaped text
  const scripts = /<script\b[^>]*>([\s\S]*?)<\/script\s*>/gi;
  if (scripts.test(html)) return html.replace(scripts, (whole, body: string) => (escapedTag.test(body) ? unescapeJs(body) : whole));
  return unescapeJs(html);
}

const escapedTag = /<\w+[^<>]*=\\["']|<\\\/\w+|\\u003c/i;

function unescapeJs(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|["'\/\\nrt])/g, (_, e: string) => {
    if (e.startsWith('u')) return String.fromCharCode(parseInt(e.slice(1), 16));
    return e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e;
  });
}

export function htmlToGrid(html: string, file: string): GridWorkbook {
  if (html.length > maxHtmlLength) {
    throw new HtmlGridError(
      'HTML_TOO_LARGE',
      messageOf('HTML_TOO_LARGE', { name: file, size: `${Math.round(html.length / 1024 / 1024)} MB`, limit: `${maxHtmlLength / 1024 / 1024} MB` }),
    );
  }
  const cells = new Map<number, GridCell>();
  const merges: GridMerge[] = [];
  let row = 0;
  let colCount = 0;
  const put = (r: number, c: number, text: string): void => {
    if (text === '') return;
    cells.set(gridIndex(r, c), { row: r, col: c, value: text, text });
    colCount = Math.max(colCount, c + 1);
  };
  let tableNumber = 0;
  for (const item of flow(parseHtml(unescapeScriptString(html.replace(/^\uFEFF/, ''))))) {
    if (item.kind === 'line') {
      put(row, 0, item.text);
      row += 1;
      continue;
    }
    tableNumber += 1;
    const { rows, captions } = tableRows(item.table);
    for (const caption of captions) {
      const text = cellText(caption).replace(/\n/g, ' ');
      if (text !== '') put(row++, 0, text);
    }
    if (rows.length === 0) continue;
    if (row > 0) row += 1; // a blank row before every table
    const top = row;
    const occupied = new Set<number>();
    let area = 0;
    let width = 0;
    rows.forEach((tr, r) => {
      let c = 0;
      for (const td of rowCells(tr)) {
        while (occupied.has(gridIndex(r, c))) c++;
        const rowSpan = td.rowSpan === 0 ? rows.length - r : Math.min(td.rowSpan, rows.length - r);
        const colSpan = td.colSpan;
        area += rowSpan * colSpan;
        if (area > maxTableArea || c + colSpan > 16384) {
          throw new HtmlGridError('HTML_TABLE_TOO_LARGE', messageOf('HTML_TABLE_TOO_LARGE', { name: file, table: tableNumber, limit: maxTableArea }));
        }
        put(top + r, c, td.invisible ? '' : cellText(td));
        if (rowSpan > 1 || colSpan > 1) {
          merges.push({ top: top + r, left: c, bottom: top + r + rowSpan - 1, right: c + colSpan - 1 });
        }
        for (let rr = r + 1; rr < r + rowSpan; rr++) {
          for (let cc = c; cc < c + colSpan; cc++) occupied.add(gridIndex(rr, cc));
        }
        c += colSpan;
        width = Math.max(width, c);
      }
    });
    colCount = Math.max(colCount, width);
    row = top + rows.length + 1; // and a blank row after it
  }
  const sheet: GridSheet = { name: '正文', cells, merges, rowCount: row, colCount };
  return { source: { file, kind: 'html' }, sheets: [sheet] };
}
