/**
 * A small, strict tag scanner for the SpreadsheetML parts the lean reader reads. It handles exactly the XML those
 * parts use (elements, attributes, entity references); anything richer (CDATA, comments inside content, a namespace
 * prefix on the main elements) is reported so the caller can fall back to the general reader instead of guessing.
 */

/** One tag: `<name attrs>`, `</name>` or `<name attrs/>`; `end` is the index just past `>`. */
export interface Tag {
  name: string;
  closing: boolean;
  selfClosing: boolean;
  attrs: string;
  start: number;
  end: number;
}

// attribute values may legally contain `>`, so they are matched as quoted strings rather than up to the next `>`
const TAG = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;

export function* tags(xml: string, from = 0, to = xml.length): Generator<Tag> {
  TAG.lastIndex = from;
  for (;;) {
    const m = TAG.exec(xml);
    if (!m || m.index >= to) return;
    yield {
      name: m[2]!,
      closing: m[1] === '/',
      selfClosing: m[4] === '/',
      attrs: m[3]!,
      start: m.index,
      end: TAG.lastIndex,
    };
    // the generator may be resumed after another scan moved lastIndex
    TAG.lastIndex = m.index + m[0].length;
  }
}

const ATTR = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

export function parseAttrs(attrs: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (attrs === '') return out;
  ATTR.lastIndex = 0;
  for (let m = ATTR.exec(attrs); m; m = ATTR.exec(attrs)) out[m[1]!] = decodeXml(m[2] ?? m[3] ?? '');
  return out;
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;

export function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_, e: string) => {
    switch (e) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default: {
        const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return String.fromCodePoint(code);
      }
    }
  });
}

const HIGH = /[\u0080-\u00ff]/;

/** Text taken from a part read as latin1 (see `part` in leanXlsxReader.ts), decoded as the UTF-8 it is. */
export function utf8Of(latin1: string): string {
  return HIGH.test(latin1) ? Buffer.from(latin1, 'latin1').toString('utf8') : latin1;
}

/** OOXML escapes characters XML cannot carry as `_xHHHH_` inside string items. */
export function decodeOoxmlEscapes(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-F]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : text;
}

/** The root element's name and its default namespace, used to recognise transitional SpreadsheetML. */
export function rootElement(xml: string): { name: string; attrs: Record<string, string> } | undefined {
  for (const tag of tags(xml)) {
    if (!tag.closing) return { name: tag.name, attrs: parseAttrs(tag.attrs) };
  }
  return undefined;
}

/**
 * An index-based cursor over the tags of one region of a part's bytes, for the hot loop of the sheet reader: it reads
 * tag names and attributes in place and allocates nothing per tag (the regex scanner above allocates a match, its
 * groups and an attribute string for every tag, which dominated reading time; a typed array also reads faster than
 * `charCodeAt`: the tags of a template's sheets took 0.036 ms a workbook against 0.085 ms). It notes as it goes where
 * the attributes `r`, `s` and `t` are (the first of each), which is all a `<row>` or `<c>` asks.
 *
 * Offsets are byte offsets, the same as in the part read one byte per character (latin1), where the caller slices
 * the text it keeps (non-ASCII text through `utf8Of`).
 *
 * `next()` stops at each element tag (`<name …>`, `</name>`, `<name …/>`); text between tags is skipped. A tag it
 * cannot read as well-formed XML throws `MalformedTag`, so the caller refuses the part rather than guessing.
 */
export class ByteTagCursor {
  /** index of the `<` of the current tag */
  start = 0;
  /** index just past the `>` of the current tag */
  end: number;
  nameStart = 0;
  nameEnd = 0;
  closing = false;
  selfClosing = false;
  /** where the value of the current tag's first `r`, `s`, `t` attribute starts (-1: none) and its closing quote */
  r = -1;
  rEnd = 0;
  s = -1;
  sEnd = 0;
  t = -1;
  tEnd = 0;
  /** set by `attrValueStart`: index of the closing quote of the value found */
  valueEnd = 0;
  private attrsStart = 0;
  private attrsEnd = 0;

  constructor(
    readonly bytes: Uint8Array,
    from: number,
    private readonly to: number,
  ) {
    this.end = from;
  }

  /** Moves to the next tag before `to`; false when there is none. */
  next(): boolean {
    const bytes = this.bytes;
    const length = bytes.length;
    const to = this.to;
    // tags mostly follow one another directly, and text between them is short: a loop, not a native call
    let lt = this.end;
    while (lt < to && bytes[lt] !== 60) lt++;
    if (lt >= to) return false;
    this.start = lt;
    let i = lt + 1;
    const closing = bytes[i] === 47; // '/'
    this.closing = closing;
    if (closing) i++;
    const nameStart = i;
    if (i >= length || (byteClass[bytes[i]!]! & NAME_START) === 0) throw new MalformedTag(lt);
    i++;
    while (i < length && byteClass[bytes[i]!]! & NAME_CHAR) i++;
    this.nameStart = nameStart;
    this.nameEnd = i;
    this.attrsStart = i;
    this.r = -1;
    this.s = -1;
    this.t = -1;
    // attributes: quoted values may hold `>` and `/`
    for (;;) {
      if (i >= length) throw new MalformedTag(lt);
      const c = bytes[i]!;
      if (c === 62) {
        // '>'
        this.attrsEnd = i;
        this.selfClosing = false;
        this.end = i + 1;
        return true;
      }
      if (c === 47 && bytes[i + 1] === 62) {
        this.attrsEnd = i;
        this.selfClosing = true;
        this.end = i + 2;
        return true;
      }
      if (byteClass[c]! & SPACE) {
        i++;
        continue;
      }
      if (closing || (byteClass[c]! & NAME_START) === 0) throw new MalformedTag(lt);
      const attrName = i;
      i++;
      while (i < length && byteClass[bytes[i]!]! & NAME_CHAR) i++;
      // the one-letter name, or 0
      const letter = i - attrName === 1 ? c : 0;
      while (i < length && byteClass[bytes[i]!]! & SPACE) i++;
      if (bytes[i] !== 61) throw new MalformedTag(lt); // '='
      i++;
      while (i < length && byteClass[bytes[i]!]! & SPACE) i++;
      const quote = bytes[i];
      if (quote !== 34 && quote !== 39) throw new MalformedTag(lt);
      // values are short (`A1`, `8`, `s`): a plain loop
      let close = i + 1;
      while (close < length && bytes[close] !== quote) close++;
      if (close >= length) throw new MalformedTag(lt);
      if (letter === 114) {
        if (this.r < 0) {
          this.r = i + 1;
          this.rEnd = close;
        }
      } else if (letter === 115) {
        if (this.s < 0) {
          this.s = i + 1;
          this.sEnd = close;
        }
      } else if (letter === 116 && this.t < 0) {
        this.t = i + 1;
        this.tEnd = close;
      }
      i = close + 1;
      // an attribute must be followed by space or the end of the tag
      const after = i < length ? bytes[i]! : -1;
      if (after < 0 || ((byteClass[after]! & SPACE) === 0 && after !== 62 && after !== 47)) throw new MalformedTag(lt);
    }
  }

  /** The current tag's name is `name` (ASCII). */
  is(name: string): boolean {
    const n = name.length;
    if (this.nameEnd - this.nameStart !== n) return false;
    for (let k = 0; k < n; k++) if (this.bytes[this.nameStart + k] !== name.charCodeAt(k)) return false;
    return true;
  }

  /**
   * Where the value of attribute `name` starts in the current tag (its closing quote is then at `valueEnd`), or -1:
   * for the names `next()` does not note. The tag was already checked well-formed by `next()`.
   */
  attrValueStart(name: string): number {
    const bytes = this.bytes;
    const n = name.length;
    let i = this.attrsStart;
    const stop = this.attrsEnd;
    while (i < stop) {
      if (byteClass[bytes[i]!]! & SPACE) {
        i++;
        continue;
      }
      const nameStart = i;
      while (byteClass[bytes[i]!]! & NAME_CHAR) i++;
      let match = i - nameStart === n;
      for (let k = 0; match && k < n; k++) if (bytes[nameStart + k] !== name.charCodeAt(k)) match = false;
      while (bytes[i] !== 34 && bytes[i] !== 39) i++;
      const quote = bytes[i];
      let close = i + 1;
      while (bytes[close] !== quote) close++;
      if (match) {
        this.valueEnd = close;
        return i + 1;
      }
      i = close + 1;
    }
    return -1;
  }
}

export class MalformedTag extends Error {
  constructor(readonly at: number) {
    super(`malformed tag at ${at}`);
    this.name = 'MalformedTag';
  }
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;
// XML names as the parts use them: ASCII letters, `_`, then also digits, `.`, `-`, `:`
const isNameStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isNameChar = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 58) || c === 95 || c === 46 || c === 45;

/** Character classes of the bytes a tag is made of, one table lookup instead of a chain of comparisons. */
const NAME_START = 1;
const NAME_CHAR = 2;
const SPACE = 4;
const byteClass = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  byteClass[c] = (isNameStart(c) ? NAME_START : 0) | (isNameChar(c) ? NAME_CHAR : 0) | (isSpace(c) ? SPACE : 0);
}
