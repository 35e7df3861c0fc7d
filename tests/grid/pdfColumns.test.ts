/**
 * Borderless PDF tables, at the level of placed text: a wrapped label centred on its numbers' line is put back
 * together for that row; a new enumerated label never continues the one above; digits wrapped above and below a
 * row's line are marked unreadable rather than read short; touching numbers are two only where recurring columns say.
 */
import { describe, expect, it } from 'vitest';
import { alignValueRows, inDifferentColumns, numberColumns, type PlacedText, type TextLine } from '../../src/grid/pdfColumns.js';

const num = (text: string, x0: number): PlacedText => ({ text, x0, x1: x0 + text.length * 6, numeric: true });
const txt = (text: string, x0: number): PlacedText => ({ text, x0, x1: x0 + text.length * 12, numeric: false });
const line = (y: number, ...fields: PlacedText[]): TextLine => ({ y, size: 12, fields });
const join = (parts: PlacedText[]): PlacedText => ({ text: parts.map((p) => p.text).join(''), x0: parts[0]!.x0, x1: Math.max(...parts.map((p) => p.x1)), numeric: false });
const texts = (rows: { cells: PlacedText[] }[]) => rows.map((r) => r.cells.map((c) => c.text));

describe('value rows and their wrapped labels', () => {
  it('a label over three lines, centred on its numbers, is one cell of that row; a one-line label stays on its line', () => {
    const { rows, rest } = alignValueRows(
      [
        line(400, txt('1.属于国家秘密', 100), num('3', 300), num('4', 340)),
        line(386, txt('（二）部分公开（区分', 100)),
        line(372, txt('处理的，只计这一情形', 100), num('5', 300), num('6', 340)),
        line(358, txt('不计其他情形）', 100)),
      ],
      join,
    );
    expect(texts(rows)).toEqual([
      ['1.属于国家秘密', '3', '4'],
      ['（二）部分公开（区分处理的，只计这一情形不计其他情形）', '5', '6'],
    ]);
    expect(rest).toEqual([]);
  });

  it('a line starting a new enumerated label is never the continuation of the one above', () => {
    // two one-line labels whose middle happens to be the baseline of a row of numbers: not one label of that row
    const { rows, rest } = alignValueRows([line(400, txt('1.本机关不掌握', 100)), line(393, num('3', 300)), line(386, txt('2.没有现成信息', 100))], join);
    expect(texts(rows)).toEqual([['3']]);
    expect(rest.map((l) => l.fields.map((f) => f.text))).toEqual([['1.本机关不掌握'], ['2.没有现成信息']]);
  });

  it('digits wrapped above and below a row’s line are marked unreadable, never read as values', () => {
    const { rows } = alignValueRows([line(407, num('35', 340)), line(400, txt('规章', 100), num('3', 300)), line(393, num('609', 340))], join);
    const cells = rows.flatMap((r) => r.cells);
    expect(cells.filter((c) => c.numeric).map((c) => c.text)).toEqual(['3']);
    expect(cells.map((c) => c.text)).toContain('35…');
    expect(cells.map((c) => c.text)).toContain('609…');
  });
});

describe('number columns', () => {
  const lines = [0, 1, 2, 3].map((i) => [
    { x0: 500, x1: 515, y: 100 - i * 14, numeric: true },
    { x0: 540, x1: 555, y: 100 - i * 14, numeric: true },
  ]);
  const columns = numberColumns(lines);
  it('two touching numbers centred on two recurring columns are two values', () => {
    expect(inDifferentColumns(columns, { x0: 488.5, x1: 526.5 }, { x0: 528.5, x1: 566.5 })).toBe(true);
  });
  it('pieces that stand in no recurring column are not split apart', () => {
    expect(inDifferentColumns(columns, { x0: 300, x1: 310 }, { x0: 311, x1: 320 })).toBe(false);
  });
  it('a position seen on one line only is no column', () => {
    const few = numberColumns(lines.slice(0, 1));
    expect(inDifferentColumns(few, { x0: 488.5, x1: 526.5 }, { x0: 528.5, x1: 566.5 })).toBe(false);
  });
});
