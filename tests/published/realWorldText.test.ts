/**
 * Published report text as it really comes from government sites (see realWorld.ts): a browser copy with tabs, then
 * the same with the tabs lost to spaces, `&nbsp;` or full-width spaces, numbers with their units, thousands separators,
 * full-width digits and `—`/`/`/`无` marks. Every value is read exactly as written, nothing is read wrong, and a mark is
 * read as the mark it is, never as 0.
 */
import { describe, expect, it } from 'vitest';
import { decimalTextToScaled } from '../../src/report/money.js';
import { reportFromGrid } from '../../src/report/fromGrid.js';
import { textToGrid } from '../../src/grid/textGrid.js';
import type { Report } from '../../src/report/report.js';
import { browserCopy2021, labelsAroundValues, mapValues, randomValues, seed2019, withSeparator, wrapLabels, type Written } from './realWorld.js';

const readingCodes = new Set(['TABLE_NOT_FOUND', 'ROW_NOT_FOUND', 'VALUE_COUNT_MISMATCH', 'ROW_POSITIONS_AMBIGUOUS', 'COLUMN_NOT_FOUND', 'CELL_CLAIMED_TWICE']);
const marks = new Set(['—', '-', '/', '无', '－', '／']);

const read = (w: Written): Report => reportFromGrid(textToGrid(w.text, '年报.txt'));

/** Every data point read as written: the number it shows, a mark as not applicable; the reading findings none. */
function expectReadExactly(w: Written, r: Report = read(w)): void {
  expect(r.format).toBe(w.format);
  const wrong: string[] = [];
  for (const spec of w.specs) {
    const written = w.values.get(spec.key)!;
    const v = r.values[spec.key]!;
    if (marks.has(written)) {
      if (v.kind !== 'notApplicable') wrong.push(`${spec.key}: wrote “${written}”, read ${v.kind} “${v.raw}”`);
      continue;
    }
    const plain = written.normalize('NFKC').replace(/,/g, '').replace(/\s*(件|项|条|次|个|宗|万元)$/, '');
    const scale = spec.domain === 'money' ? decimalTextToScaled(plain) : Number(plain);
    if ((v.kind !== 'number' && v.kind !== 'zero') || v.scaled !== scale) wrong.push(`${spec.key}: wrote “${written}”, read ${v.kind} “${v.raw}”`);
  }
  expect(wrong).toEqual([]);
  expect(r.findings.filter((f) => readingCodes.has(f.code)).map((f) => f.message)).toEqual([]);
}

const bases = [
  { name: '2021 browser copy', text: browserCopy2021, format: '2021' as const },
  { name: '2019 seed', text: seed2019, format: '2019' as const },
];

describe.each(bases)('$name', ({ text, format }) => {
  const base = randomValues(text, format, format === '2021' ? 7 : 19);

  it('the base reads exactly (tabs)', () => {
    expectReadExactly(base);
  });

  it.each([
    ['two spaces', '  '],
    ['one space', ' '],
    ['two no-break spaces', '\u00a0\u00a0'],
    ['a full-width space', '\u3000'],
    ['a no-break space and a space', '\u00a0 '],
    ['an en space (&ensp;)', '\u2002'],
    ['an em space (&emsp;)', '\u2003'],
    ['a space and a zero-width space (&#8203;)', ' \u200b'],
    ['a tab and a zero-width space', '\t\u200b'],
  ])('tabs replaced by %s: composite row labels are split back into their cells', (_name, separator) => {
    expectReadExactly(withSeparator(base, separator));
  });

  it.each([1, 2, 3, 4, 5, 6])('row labels wrapped inside their cells (seed %i): with tabs, spaces, one cell per line', (seed) => {
    const wrapped = wrapLabels(base, seed);
    expect(wrapped.text.split('\n').length).toBeGreaterThan(base.text.split('\n').length + 5);
    for (const separator of ['\t', ' ', '  ', '\n']) expectReadExactly(withSeparator(wrapped, separator));
  });

  it.each([
    ['after', 1], ['after', 2], ['after', 3], ['around', 1], ['around', 2], ['valuesAlone', 1], ['valuesAlone', 2],
  ] as const)('row labels around their values as PDF viewers give them (%s, seed %i): with tabs and spaces', (mode, seed) => {
    const moved = labelsAroundValues(base, seed, mode);
    expect(moved.text.split('\n').length).toBeGreaterThan(base.text.split('\n').length + 5);
    for (const separator of ['\t', ' ', '  ']) expectReadExactly(withSeparator(moved, separator));
  });

  it('one cell per line (a blank line between cells, CRLF), leading indentation, trailing spaces, `|` rows', () => {
    expectReadExactly(withSeparator(base, '\n'));
    expectReadExactly({ ...base, text: base.text.replace(/\t/g, '\n\n').replace(/\n/g, '\r\n') });
    expectReadExactly({ ...base, text: base.text.split('\n').map((l) => `    ${l.replace(/\t/g, ' ')}  `).join('\n') });
    expectReadExactly({ ...base, text: base.text.split('\n').map((l) => (l.includes('\t') ? `| ${l.replace(/\t/g, ' | ')} |` : l)).join('\n') });
  });

  it('table 三’s column headers omitted, table 二’s header repeated, the tables in another order', () => {
    const lines = base.text.split('\n');
    const noHeaders = lines.filter((l) => !/^\s*(?:（本列|\(本列|自然人|商业企业)|^\t+(?:自然人|商业企业)/.test(l));
    expect(noHeaders.length).toBeLessThan(lines.length);
    for (const separator of ['\t', ' ']) expectReadExactly(withSeparator({ ...base, text: noHeaders.join('\n') }, separator));
    const repeated = base.text.replace(/(第二十条第[（(]五[）)]项)/, '信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n$1');
    expect(repeated).not.toBe(base.text);
    expectReadExactly({ ...base, text: repeated });
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    const [i2, i3, i4, i5] = [at(/^二、主动公开/), at(/^三、(?:收到|依申请)/), at(/^四、(?:政府信息公开行政|因政府)/), at(/^五、/)];
    expect([i2, i3, i4, i5].every((i) => i > 0)).toBe(true);
    const reordered = [...lines.slice(0, i2), ...lines.slice(i4, i5), ...lines.slice(i3, i4), ...lines.slice(i2, i3), ...lines.slice(i5)].join('\n');
    for (const separator of ['\t', ' ']) expectReadExactly(withSeparator({ ...base, text: reordered }, separator));
  });

  it('cut off anywhere: what is read is exact, what is not is named', () => {
    const lines = base.text.split('\n');
    for (const keep of [0.35, 0.5, 0.65, 0.8, 0.9].map((f) => Math.floor(lines.length * f))) {
      for (const separator of ['\t', ' ']) {
        const w = withSeparator({ ...base, text: lines.slice(0, keep).join('\n') }, separator);
        const r = read(w);
        const named = new Set(r.findings.flatMap((f) => f.keys ?? []));
        for (const spec of w.specs) {
          const v = r.values[spec.key]!;
          if (v.kind === 'missing') {
            expect(named.has(spec.key), `${spec.key} missing without a finding`).toBe(true);
            continue;
          }
          if (r.format !== w.format) continue;
          const written = w.values.get(spec.key)!;
          expect(v.scaled, `${spec.key} (kept ${keep} lines)`).toBe(spec.domain === 'money' ? decimalTextToScaled(written) : Number(written));
        }
      }
    }
  });

  it('numbers with their unit (件, 万元 in money cells), with tabs and with spaces', () => {
    const units = mapValues(base, (t, spec) => (spec.domain === 'money' ? `${t}万元` : `${t}件`));
    expectReadExactly(units);
    expectReadExactly(withSeparator(units, ' '));
    expectReadExactly(withSeparator(units, '\n'));
  });

  it('a unit set apart by a space (`5 件`, `0 万元`) and the other count units (项, 条, 次, 个, 宗), in every layout', () => {
    const countUnits = ['件', '项', '条', '次', '个', '宗'];
    let i = 0;
    const units = mapValues(base, (t, spec) => (spec.domain === 'money' ? `${t} 万元` : `${t}${i % 2 ? ' ' : ''}${countUnits[i++ % countUnits.length]}`));
    expect(units.text).toMatch(/\d [项条次个宗]/);
    expectReadExactly(units);
    expectReadExactly(withSeparator(units, ' '));
    expectReadExactly(withSeparator(units, '  '));
    expectReadExactly(withSeparator(units, '\n'));
  });

  it('zero-width spaces (&#8203;) inside labels and around numbers are invisible: read as if absent', () => {
    const labels = { ...base, text: base.text.replace(/([^\t\n\d])([^\t\n\d])/g, '$1\u200b$2') };
    expectReadExactly(labels);
    expectReadExactly(withSeparator(labels, ' '));
    const numbers = { ...base, text: base.text.replace(/\t(\d)/g, '\t\u200b$1').replace(/(\d)\t/g, '$1\u2060\t') };
    expectReadExactly(numbers);
    expectReadExactly(withSeparator(numbers, '  '));
  });

  it('thousands separators and full-width digits', () => {
    const shown = mapValues(base, (t) => (/^\d{4,}$/.test(t) ? Number(t).toLocaleString('en-US') : t));
    expect(shown.text).toMatch(/\d,\d{3}/);
    expectReadExactly(shown);
    expectReadExactly(withSeparator(shown, '  '));
    const wide = mapValues(base, (t, spec) => (spec.key.length % 3 === 0 ? t.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))) : t));
    expectReadExactly(wide);
    expectReadExactly(withSeparator(wide, ' '));
  });

  it('marks (—, -, /, 无) are read as marks, never as 0', () => {
    const choices = ['—', '-', '/', '无'];
    let i = 0;
    const marked = mapValues(base, (t, spec) => (spec.domain !== 'money' && t === '0' ? choices[i++ % choices.length]! : t));
    expect(i).toBeGreaterThan(10);
    expectReadExactly(marked);
    expectReadExactly(withSeparator(marked, '  '));
    expectReadExactly(withSeparator(marked, ' '));
  });
});

describe('2019 本年增/减 written with a typeset minus (－, −, ﹣)', () => {
  const base = randomValues(seed2019, '2019', 19);
  it.each(['－', '−', '﹣'])('%s: read as the negative number it shows, with tabs, spaces, one cell per line', (minus) => {
    const signed = mapValues(base, (t) => t.replace(/^-/, minus));
    expect(signed.text).toContain(`${minus}1`.slice(0, 1));
    const negatives = [...signed.values.values()].filter((v) => v.startsWith(minus));
    expect(negatives.length).toBeGreaterThan(0);
    for (const separator of ['\t', ' ', '\n']) {
      const w = withSeparator(signed, separator);
      const r = read(w);
      for (const [key, written] of w.values) {
        if (!written.startsWith(minus)) continue;
        expect(r.values[key]!.kind, key).toBe('number');
        expect(r.values[key]!.scaled, key).toBe(-Number(written.slice(1)));
      }
      expect(r.findings.filter((f) => readingCodes.has(f.code)).map((f) => f.message)).toEqual([]);
    }
  });
});

describe('a unit that contradicts its cell stays a finding', () => {
  it('件 in a money cell is not read as a number, with tabs or spaces', () => {
    const base = randomValues(browserCopy2021, '2021', 7);
    const wrongUnit = mapValues(base, (t, spec) => (spec.domain === 'money' ? `${t}件` : t));
    for (const w of [wrongUnit, withSeparator(wrongUnit, ' ')]) {
      const v = read(w).values['active.fees.feeAmount']!;
      expect(v.kind).toBe('text');
      expect(v.scaled).toBeNull();
    }
  });
});

describe('composite row labels whose cell boundary is lost', () => {
  const head = ['2022年度某某局政府信息公开工作年度报告', '三、收到和处理政府信息公开申请情况', '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况'];
  const text = (lines: string[]) => ({ text: [...head, ...lines].join('\n') });
  const rowOf = (r: Report, row: string) => ['natural', 'commercial', 'research', 'publicInterest', 'legalServices', 'otherOrgs', 'total'].map((c) => r.values[`applications.${row}.${c}`]!);

  it('parent and row label glued together or apart are split back when the labels allow one split', () => {
    const r = reportFromGrid(textToGrid(text(['三、本年度办理结果 （一） 予以公开 7 0 0 0 0 0 7', '（二）部分公开 0 0 0 0 0 0 0', '（三）不予公开1．属于国家秘密 1 2 3 4 5 6 21']).text, 'a.txt'));
    expect(rowOf(r, 'withheldStateSecret').map((v) => v.raw)).toEqual(['1', '2', '3', '4', '5', '6', '21']);
    expect(rowOf(r, 'granted').map((v) => v.raw)).toEqual(['7', '0', '0', '0', '0', '0', '7']);
  });

  it('a parent before a label the definitions do not know: the row is not read, and said so', () => {
    const r = reportFromGrid(textToGrid(text(['三、本年度办理结果 （一）予以办理 7 0 0 0 0 0 7']).text, 'a.txt'));
    expect(rowOf(r, 'granted').map((v) => v.kind)).toEqual(Array(7).fill('missing'));
    expect(r.findings.some((f) => f.keys?.includes('applications.granted.natural'))).toBe(true);
  });
});

describe('one cell per line: a stray space inside a number never shifts values into other columns', () => {
  const title = '2022年度某某局政府信息公开工作年度报告';
  const t2 = ['二、主动公开政府信息情况', '第二十条第（一）项', '信息内容', '本年制发件数', '本年废止件数', '现行有效件数'];
  const t4 = ['四、政府信息公开行政复议、行政诉讼情况', '行政复议', '行政诉讼', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '未经复议直接起诉', '复议后起诉', ...Array(2).fill(['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']).flat()];
  const readLines = (lines: string[]) => reportFromGrid(textToGrid([title, ...lines].join('\n'), '年报.txt'));

  it('`1 2` (meant 12) with a hidden blank cell: the row is refused, not read as 1, 2, 0', () => {
    const r = readLines([...t2, '规章', '1 2', '0', '行政规范性文件', '3', '4 5']);
    for (const row of ['regulations', 'normativeDocuments']) {
      expect(['issued', 'repealed', 'inForce'].map((c) => r.values[`active.${row}.${c}`]!.kind)).toEqual(['missing', 'missing', 'missing']);
      expect(r.findings.some((f) => f.code === 'VALUE_COUNT_MISMATCH' && f.keys?.includes(`active.${row}.issued`))).toBe(true);
    }
  });

  it('the same in table 四’s unlabelled value row: refused, nothing read', () => {
    const values = ['1', '0', '1 2', '0', '13', ...Array(9).fill('0')];
    const r = readLines([...t4, ...values]);
    const keys = Object.keys(r.values).filter((k) => k.startsWith('reviews.'));
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => r.values[k]!.kind !== 'missing')).toEqual([]);
    expect(r.findings.map((f) => f.code)).toContain('VALUE_COUNT_MISMATCH');
  });
});
