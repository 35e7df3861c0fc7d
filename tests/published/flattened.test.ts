/**
 * Tables flattened into one line, as a scraper's `get_text(' ')` or a reader mode gives a page: every cell joined
 * with spaces, a table (or the whole report) on one line. Read exactly, provenance naming the line the clerk can find,
 * and — with a number lost from the line — nothing read wrong.
 */
import { describe, expect, it } from 'vitest';
import { textToGrid } from '../../src/grid/textGrid.js';
import { decimalTextToScaled } from '../../src/report/money.js';
import { reportFromGrid } from '../../src/report/fromGrid.js';
import type { Report } from '../../src/report/report.js';
import { random } from '../helpers/random.js';
import { browserCopy2021, randomValues, seed2019, type Written } from './realWorld.js';

const read = (text: string): Report => reportFromGrid(textToGrid(text, '年报.txt'));

/** Numbers read that differ from what was written, and how many were read. */
function compare(w: Written, r: Report): { wrong: string[]; read: number } {
  const wrong: string[] = [];
  let n = 0;
  for (const spec of w.specs) {
    const v = r.values[spec.key]!;
    if (v.kind !== 'number' && v.kind !== 'zero') continue;
    n++;
    const written = w.values.get(spec.key)!;
    const scaled = spec.domain === 'money' ? decimalTextToScaled(written) : Number(written);
    if (v.scaled !== scaled) wrong.push(`${spec.key}: wrote “${written}”, read “${v.raw}”`);
  }
  return { wrong, read: n };
}

const bases = [
  { name: '2021 browser copy', text: browserCopy2021, format: '2021' as const },
  { name: '2019 seed', text: seed2019, format: '2019' as const },
];

describe.each(bases)('$name flattened', ({ text, format }) => {
  const w = randomValues(text, format, 4242);

  it('the whole report on one line: every value read, each from line 1', () => {
    const r = read(w.text.replace(/\s+/g, ' '));
    expect(r.format).toBe(format);
    expect(compare(w, r)).toEqual({ wrong: [], read: w.specs.length });
    const lines = new Set(Object.values(r.values).map((v) => v.provenance.line));
    expect([...lines]).toEqual([1]);
  });

  it('each table on a line of its own, the headings apart: every value read, from the line of its table', () => {
    const lines = w.text.split('\n');
    const out: string[] = [];
    for (const line of lines) {
      const heading = /^[二三四五六]、.*(情况|问题)/.test(line) && !line.includes('\t');
      if (heading || out.length === 0) out.push(line, '');
      else out[out.length - 1] = `${out[out.length - 1]} ${line.replace(/\t/g, ' ')}`.trim();
    }
    const r = read(out.join('\n'));
    expect(compare(w, r)).toEqual({ wrong: [], read: w.specs.length });
    const tableLine = out.findIndex((l) => l.includes('行政许可')) + 1;
    expect(r.values[w.specs.find((s) => s.table.id === 'active')!.key]!.provenance.line).toBe(tableLine);
  });

  it.each([1, 2, 3, 4, 5, 6])('a number lost from the flattened report (seed %i): nothing read wrong, most still read', (seed) => {
    const flat = w.text.replace(/\s+/g, ' ');
    const numbers = [...flat.matchAll(/(?<=\s)-?\d+(?:\.\d+)?(?=\s|$)/g)];
    const lost = numbers[Math.floor(random(seed)() * numbers.length)]!;
    const r = read(flat.slice(0, lost.index!) + flat.slice(lost.index! + lost[0].length + 1));
    const { wrong, read: n } = compare(w, r);
    expect(wrong).toEqual([]);
    expect(n).toBeGreaterThan(w.specs.length / 2);
  });
});

describe('a line that is not a flattened table stays one line', () => {
  it('prose with numbers and no labels, and a table row with spaces, are read as before', () => {
    const prose = '2022年 全年 共 收到 申请 16 件 办结 14 件 结转 2 件 主动 公开 信息 120 条 其中 文件 15 件 其他 105 条';
    const r = read([prose, '第二十条第（一）项', '信息内容 本年制发件数 本年废止件数 现行有效件数', '规章 0 0 0', '行政规范性文件 2 1 15'].join('\n'));
    expect(r.values['active.normativeDocuments.inForce']).toMatchObject({ kind: 'number', scaled: 15 });
    expect(r.values['active.normativeDocuments.inForce']!.provenance.line).toBe(5);
  });
});
