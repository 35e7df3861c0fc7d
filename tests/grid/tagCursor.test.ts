/**
 * The sheet reader scans sheet data with `ByteTagCursor` (on the bytes, allocating nothing per tag). It must see the
 * tags and attributes the regex scanner of the other parts sees (`tags`, `parseAttrs`), and refuse (`MalformedTag`)
 * where that scanner reads no tag: otherwise a sheet would be read differently from the rest of the reader, or a
 * malformed sheet guessed at instead of handed to exceljs (tests/grid/leanDeclines.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { ByteTagCursor, MalformedTag, tags } from '../../src/grid/xmlScan.js';

type Seen = { start: number; end: number; name: string; closing: boolean; selfClosing: boolean; r?: string; s?: string; t?: string; si?: string };

/** Every tag the byte cursor sees, with the attributes the sheet reader asks for, or where it refused. */
function byCursor(text: string): Seen[] | { malformedAt: number } {
  const seen: Seen[] = [];
  const tag = new ByteTagCursor(Buffer.from(text, 'latin1'), 0, text.length);
  const value = (at: number, end: number): string | undefined => (at < 0 ? undefined : text.slice(at, end));
  try {
    while (tag.next()) {
      const si = tag.attrValueStart('si');
      seen.push({
        start: tag.start,
        end: tag.end,
        name: text.slice(tag.nameStart, tag.nameEnd),
        closing: tag.closing,
        selfClosing: tag.selfClosing,
        r: value(tag.r, tag.rEnd),
        s: value(tag.s, tag.sEnd),
        t: value(tag.t, tag.tEnd),
        si: value(si, tag.valueEnd),
      });
    }
  } catch (error) {
    if (error instanceof MalformedTag) return { malformedAt: error.at };
    throw error;
  }
  return seen;
}

/** The same, by the regex scanner: the first of a repeated attribute, as XML readers take it. */
function byRegex(text: string): Seen[] {
  const first = (attrs: string, name: string): string | undefined => {
    const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
    return m ? (m[1] ?? m[2]) : undefined;
  };
  return [...tags(text)].map((t) => ({
    start: t.start,
    end: t.end,
    name: t.name,
    closing: t.closing,
    selfClosing: t.selfClosing,
    r: first(t.attrs, 'r'),
    s: first(t.attrs, 's'),
    t: first(t.attrs, 't'),
    si: first(t.attrs, 'si'),
  }));
}

const wellFormed = [
  '<row r="1" ht="21" customHeight="1" spans="1:10" x14ac:dyDescent="0.25"><c r="A1" s="9" t="s"><v>47</v></c><c r="B1" s="9"/></row>',
  "<c r='B2' t = 'str' s\t=\n'3' ><f t=\"shared\" ref=\"B2:B9\" si=\"0\">A1+1</f><v>2</v></c >",
  // a value may hold `>` and `/`; the first of a repeated attribute counts; `r` is not `ref`
  '<c ref="Z9" r="C3" r="D4" s="1>2/3"/><x14:foo a.b-c:d="1"/></c>',
  '<row>  \n<c><v>1</v></c></row>',
  // many attributes
  `<c ${Array.from({ length: 20 }, (_, i) => `a${i}="${i}"`).join(' ')} t="n" r="E5"/>`,
  // bytes over 0x7f (UTF-8 read one byte per character) in values and text
  '<row r="1"><c r="A1" t="str"><v>\u00e5\u00a0</v></c><c r="\u00e5" s="\u00ff"/></row>',
];

const malformed = [
  '<c r="A1" s=9>',
  '<c r="A1"s="9">',
  '<c r="A1" s="9',
  '<c r="A1" / >',
  '</c r="A1">',
  '<1c>',
  '<c r="A1" s>',
  '<c r="A1" ="1">',
  '<!-- a comment -->',
  '<c r="A1"',
  '<',
];

describe('the byte tag cursor', () => {
  it('sees the tags and attributes the regex scanner sees in well-formed sheet data', () => {
    for (const text of wellFormed) {
      const seen = byCursor(text);
      expect(Array.isArray(seen) && seen.length).toBeGreaterThan(0);
      expect(seen).toEqual(byRegex(text));
    }
  });

  it('refuses a malformed tag where the regex scanner reads none (or, more lenient, a closing tag with attributes)', () => {
    for (const text of malformed) {
      const refused = byCursor(text);
      expect(refused, text).toHaveProperty('malformedAt');
      const at = (refused as { malformedAt: number }).malformedAt;
      const read = [...tags(text)].find((t) => t.start === at);
      expect(read === undefined || (read.closing && read.attrs.trim() !== ''), text).toBe(true);
    }
  });
});
