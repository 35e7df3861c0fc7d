/**
 * A published report whose `（二）部分公开（区分处理的，只计这一情形，不计其他情形）` label was cut inside its bracketed
 * note (`（二）部分公开（区分处理的`, the rest lost when the page was made or copied), the row's numbers after it: in
 * every text layout the corpus writes, the label still names its row and every number is read into its own row and
 * column — the row is not refused as if its numbers were the end of the label.
 */
import { describe, expect, it } from 'vitest';
import { formats } from '../../src/formats/index.js';
import { textToGrid } from '../../src/grid/textGrid.js';
import { reportFromGrid } from '../../src/report/fromGrid.js';
import { generateCase, layouts, misread, type CorpusCase } from './corpus.js';

/** The note of 部分公开 cut after `区分处理的` (either width of bracket, simplified or traditional characters). */
const note = /([（(](?:区分处理的|區分處理的))[^（）()\r\n|]*[）)]/;

/** Per layout and format, the first three generated reports in which the full label is written on one line. */
const cases: { c: CorpusCase; text: string }[] = (['2019', '2021'] as const).flatMap((id) =>
  layouts.flatMap((layout, l) => {
    const found: { c: CorpusCase; text: string }[] = [];
    for (let seed = 0; found.length < 3 && seed < 200; seed++) {
      const c = generateCase(formats[id], layout, 7000 + 100 * l + seed);
      if (note.test(c.text)) found.push({ c, text: c.text.replace(note, '$1') });
    }
    return found;
  }),
);


describe('published text: the 部分公开 label cut inside its note, its numbers after it', () => {
  it('every layout of both formats is covered', () => {
    expect(new Set(cases.map(({ c }) => `${c.format.id}-${c.layout}`)).size).toBe(2 * layouts.length);
  });

  it('glued digits after a space-set enumerator, the first digit a zero: split into the row’s seven cells', () => {
    const head = ['三、收到和处理政府信息公开申请情况', '申请人情况', '自然人 法人或其他组织 总计', '商业企业 科研机构 社会公益组织 法律服务机构 其他'];
    const text = [...head, '三、本年度办理结果', '（一） 予以公开1111116', '（二） 部分公开（区分处理的0088891'].join('\n');
    const report = reportFromGrid(textToGrid(text, '年报.txt'));
    const keys = ['natural', 'commercial', 'research', 'publicInterest', 'legalServices', 'otherOrgs', 'total'].map((c) => `applications.partlyGranted.${c}`);
    expect(keys.map((k) => report.values[k]!.raw)).toEqual(['0', '0', '8', '8', '8', '9', '1']);
  });

  it.each(cases.map(({ c, text }) => [c.name, c, text] as const))('%s', (_name, c, text) => {
    expect(text).not.toMatch(/区分处理的[，,]|區分處理的[，,]/);
    const report = reportFromGrid(textToGrid(text, `${c.name}.txt`));
    expect(report.findings.filter((f) => f.code === 'LABEL_IN_VALUE_CELL' || f.code === 'ROW_NOT_FOUND')).toEqual([]);
    expect(misread(report, c)).toEqual([]);
  });
});
