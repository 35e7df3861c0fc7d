/**
 * The sheet reader scans sheet data with `ByteTagCursor` (on the bytes) and everything else with `TagCursor` (on
 * text): both must see the same tags and refuse the same malformed ones, or a sheet would be read differently from
 * the rest of the reader, and a malformed sheet guessed at instead of handed to exceljs (tests/grid/leanDeclines.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { ByteTagCursor, MalformedTag, TagCursor } from '../../src/grid/xmlScan.js';

type Seen = { start: number; end: number; name: string; closing: boolean; selfClosing: boolean; r?: string; s?: string; t?: string; si?: string };

/** Every tag a cursor sees, with the attributes the sheet reader asks for, or where it refused. */
function scan(text: string, bytes: boolean): Seen[] | { malformedAt: number } {
  const seen: Seen[] = [];
  const latin1 = Buffer.from(text, 'latin1');
  try {
    if (bytes) {
      const tag = new ByteTagCursor(latin1, 0, latin1.length);
      const value = (at: number, end: number): string | undefined => (at < 0 ? undefined : text.slice(at, end));
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
    } else {
      const tag = new TagCursor(text, 0, text.length);
      const value = (name: string): string | undefined => {
        const at = tag.attrValueStart(name);
        return at < 0 ? undefined : text.slice(at, tag.valueEnd);
      };
      while (tag.next()) {
        seen.push({
          start: tag.start,
          end: tag.end,
          name: text.slice(tag.nameStart, tag.nameEnd),
          closing: tag.closing,
          selfClosing: tag.selfClosing,
          r: value('r'),
          s: value('s'),
          t: value('t'),
          si: value('si'),
        });
      }
    }
  } catch (error) {
    if (error instanceof MalformedTag) return { malformedAt: error.at };
    throw error;
  }
  return seen;
}

const wellFormed = [
  '<row r="1" ht="21" customHeight="1" spans="1:10" x14ac:dyDescent="0.25"><c r="A1" s="9" t="s"><v>47</v></c><c r="B1" s="9"/></row>',
  "<c r='B2' t = 'str' s\t=\n'3' ><f t=\"shared\" ref=\"B2:B9\" si=\"0\">A1+1</f><v>2</v></c >",
  // a value may hold `>` and `/`; the first of a repeated attribute counts; `r` is not `ref`
  '<c ref="Z9" r="C3" r="D4" s="1>2/3"/><x14:foo a.b-c:d="1"/></c>',
  '<row>  \n<c><v>1</v></c></row>',
  // many attributes (TagCursor keeps 16 and rescans past that)
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

describe('the byte and text tag cursors', () => {
  it('see the same tags and attributes in well-formed sheet data', () => {
    for (const text of wellFormed) {
      const byBytes = scan(text, true);
      expect(Array.isArray(byBytes) && byBytes.length).toBeGreaterThan(0);
      expect(byBytes).toEqual(scan(text, false));
    }
  });

  it('refuse the same malformed tags at the same place', () => {
    for (const text of malformed) {
      const byText = scan(text, false);
      expect(byText).toHaveProperty('malformedAt');
      expect(scan(text, true)).toEqual(byText);
    }
  });
});
