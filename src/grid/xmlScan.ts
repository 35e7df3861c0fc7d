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

/** True when the XML uses constructs the scanner does not interpret. */
export function hasUnscannedConstructs(xml: string): boolean {
  // CDATA sections, comments and DTDs all open with `<!`
  return xml.includes('<!');
}
