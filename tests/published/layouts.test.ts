/**
 * The text layouts of issue 10 one by one, each on the smallest text that shows it, with the honest outcome where the
 * text does not allow a sure reading: explicit empty slots are blanks at their positions, a collapsed run refuses
 * the row, glued digits that could split more than one way leave the row present but unread, labels in traditional
 * characters or shortened as sites shorten them still name their one official row.
 */
import { describe, expect, it } from 'vitest';
import { checkReport } from '../../src/check/checkReport.js';
import { cellSpecs, formatIds, formats, leafRows } from '../../src/formats/index.js';
import { simplifiedTargets } from '../../src/formats/labelChars.js';
import { labelKey } from '../../src/formats/labels.js';
import { htmlToGrid } from '../../src/grid/htmlGrid.js';
import { textToGrid } from '../../src/grid/textGrid.js';
import { reportFromGrid } from '../../src/report/fromGrid.js';
import type { Report } from '../../src/report/report.js';

const read = (text: string): Report => reportFromGrid(textToGrid(text, '年报.txt'));
const raw = (r: Report, key: string) => r.values[key]!.raw;
const kinds = (r: Report, keys: string[]) => keys.map((k) => r.values[k]!.kind);

const cols = ['natural', 'commercial', 'research', 'publicInterest', 'legalServices', 'otherOrgs', 'total'];
const rowKeys = (row: string) => cols.map((c) => `applications.${row}.${c}`);

const table3Head = ['三、收到和处理政府信息公开申请情况', '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）'];

describe('pipe rows with empty slots', () => {
  it('an explicit empty slot is a blank at its position, and each blank is flagged', () => {
    const r = read([...table3Head, '| 一、本年新收政府信息公开申请数量 | 3 | | | | | | 3 |', '| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |'].join('\n'));
    expect(kinds(r, rowKeys('newReceived'))).toEqual(['number', 'blank', 'blank', 'blank', 'blank', 'blank', 'number']);
    expect(raw(r, 'applications.newReceived.total')).toBe('3');
    const blanks = checkReport(r).filter((f) => f.code === 'BLANK_INPUT').flatMap((f) => f.keys ?? []);
    for (const key of rowKeys('newReceived').slice(1, 6)) expect(blanks).toContain(key);
  });

  it('a collapsed run (`||`) that leaves fewer slots than columns refuses the row, never guesses', () => {
    const r = read([...table3Head, '| 一、本年新收政府信息公开申请数量 | 3 || 1 | 2 | 0 | 6 |'].join('\n'));
    expect(kinds(r, rowKeys('newReceived'))).toEqual(cols.map(() => 'missing'));
    const f = r.findings.find((x) => x.code === 'ROW_POSITIONS_AMBIGUOUS')!;
    expect(f.keys).toEqual(rowKeys('newReceived'));
    expect(f.message).toContain('一、本年新收政府信息公开申请数量');
  });

  it('label padding before the values and table width after them are not blanks', () => {
    const padded = ['| | （一）予以公开 | | 1 | 2 | 3 | 4 | 5 | 6 | 21 | | |', '| | （二）部分公开 | | 0 | 1 | 0 | 0 | 0 | 0 | 1 | | |'];
    const r = read([...table3Head, ...padded].join('\n'));
    expect(rowKeys('granted').map((k) => raw(r, k))).toEqual(['1', '2', '3', '4', '5', '6', '21']);
    expect(rowKeys('partlyGranted').map((k) => raw(r, k))).toEqual(['0', '1', '0', '0', '0', '0', '1']);
  });

  it('an empty field after a full row is a blank cell unless other rows show the text pads its rows', () => {
    // one number too many and a blank total: nothing says the empty field is padding, so the row is refused
    const r = read([...table3Head, '| （一）予以公开 | 1 | 2 | 3 | 4 | 5 | 6 | 6 | |'].join('\n'));
    expect(kinds(r, rowKeys('granted'))).toEqual(cols.map(() => 'missing'));
    expect(r.findings.find((x) => x.code === 'ROW_POSITIONS_AMBIGUOUS')?.keys).toEqual(rowKeys('granted'));
  });
});

describe('one cell per line', () => {
  it('reads a label line and its value lines, blank lines between cells, a label over two lines', () => {
    const text = [
      '二、主动公开政府信息情况', '第二十条第（一）项', '信息内容', '本年制发件数', '本年废止件数', '现行有效件数',
      '规章', '', '1', '', '0', '', '4',
      '行政规范', '性文件', '2', '0', '9',
    ].join('\n');
    const r = read(text);
    expect(['issued', 'repealed', 'inForce'].map((c) => raw(r, `active.regulations.${c}`))).toEqual(['1', '0', '4']);
    expect(['issued', 'repealed', 'inForce'].map((c) => raw(r, `active.normativeDocuments.${c}`))).toEqual(['2', '0', '9']);
    // provenance names the line of the row label
    expect(r.values['active.regulations.issued']!.provenance.line).toBe(7);
  });

  it('cells ending in ` |` with `|` alone for an empty cell, and cells separated by lone `|` lines', () => {
    const terminated = read(['第二十条第（一）项 |', '信息内容 |', '本年制发件数 |', '本年废止件数 |', '现行有效件数 |', '规章 |', '1 |', '|', '4 |'].join('\n'));
    expect(kinds(terminated, ['active.regulations.issued', 'active.regulations.repealed', 'active.regulations.inForce'])).toEqual(['number', 'blank', 'number']);
    const separated = read(['第二十条第（一）项', '|', '信息内容', '|', '本年制发件数', '|', '本年废止件数', '|', '现行有效件数', '|', '规章', '|', '1', '|', '|', '4', '|'].join('\n'));
    expect(kinds(separated, ['active.regulations.issued', 'active.regulations.repealed', 'active.regulations.inForce'])).toEqual(['number', 'blank', 'number']);
  });
});

describe('labels with numbers on the same line', () => {
  it('space-separated numbers after a label (PDF viewers, flipbooks)', () => {
    const r = read([...table3Head, '（二） 部分公开（区分处理的，只计这一情形，不计其他情形） 1 0 0 0 0 2 3'].join('\n'));
    expect(rowKeys('partlyGranted').map((k) => raw(r, k))).toEqual(['1', '0', '0', '0', '0', '2', '3']);
  });

  it('digits glued to a label are split only when each must be one cell; otherwise the row is present but unread', () => {
    const r = read([...table3Head, '一、本年新收政府信息公开申请数量1200003', '二、上年结转政府信息公开申请数量12003'].join('\n'));
    expect(rowKeys('newReceived').map((k) => raw(r, k))).toEqual(['1', '2', '0', '0', '0', '0', '3']);
    expect(kinds(r, rowKeys('carriedOver'))).toEqual(cols.map(() => 'missing'));
    const f = r.findings.filter((x) => x.keys?.includes('applications.carriedOver.natural'));
    expect(f.map((x) => x.code)).toEqual(['VALUE_COUNT_MISMATCH']);
    expect(r.findings.filter((x) => x.code === 'TABLE_NOT_FOUND' && x.keys?.some((k) => k.startsWith('applications.')))).toEqual([]);
  });
});

describe('label spellings', () => {
  it('traditional characters and converters’ pinyin glosses match the official labels', () => {
    const r = read(['二、主動公開政府信息情況', '第二十條第（一）項', '信息內容\t本年製發件數(shù)\t本年廢止件數\t現行有效件數', '規章\t3\t1\t7', '行政規範性文件\t0\t0\t2'].join('\n'));
    expect(r.format).toBe('2021');
    expect(['issued', 'repealed', 'inForce'].map((c) => raw(r, `active.regulations.${c}`))).toEqual(['3', '1', '7']);
  });

  it('the character map holds only characters of the definitions’ labels', () => {
    const text = formatIds
      .flatMap((id) => formats[id].tables)
      .map((t) => JSON.stringify(t))
      .join('');
    for (const c of simplifiedTargets()) expect(text, c).toContain(c);
  });

  it('shortened labels (quotes, bracketed note, 、 dropped) read their row', () => {
    const r = read([
      ...table3Head,
      '（二）部分公开\t1\t0\t0\t0\t0\t0\t1',
      '3.危及三安全一稳定\t2\t0\t0\t0\t0\t0\t2',
    ].join('\n'));
    expect(raw(r, 'applications.partlyGranted.total')).toBe('1');
    expect(raw(r, 'applications.withheldThreeSecurities.total')).toBe('2');
    const r21 = read([...table3Head, '1.申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请\t5\t0\t0\t0\t0\t0\t5'].join('\n'));
    expect(raw(r21, 'applications.otherOverdueCorrection.total')).toBe('5');
  });

  it('every shortened form names exactly one official row of a format', () => {
    for (const id of formatIds) {
      for (const table of formats[id].tables) {
        const owner = new Map<string, string>();
        for (const block of table.blocks) {
          const walk = (nodes: readonly { key: string; label: string; aliases?: readonly string[]; children?: readonly any[] }[]) =>
            nodes.forEach((n) => {
              for (const l of [n.label, ...(n.aliases ?? [])]) {
                const k = labelKey(l);
                expect(owner.get(k) ?? n.key, `${id} ${l}`).toBe(n.key);
                owner.set(k, n.key);
              }
              if (n.children) walk(n.children);
            });
          walk(block.rows);
        }
      }
      expect(leafRows(formats[id].tables[1]!.blocks[0]!).length).toBeGreaterThan(20);
    }
  });
});

describe('a table inside a script string', () => {
  it('escaped quotes and &nbsp; blanks: spans honoured as in clean HTML', () => {
    const inner =
      '<table><tr><td colspan=\\"4\\">第二十条第（一）项<\\/td><\\/tr><tr><td>信息内容<\\/td><td>本年制发件数<\\/td><td>本年废止件数<\\/td><td>现行有效件数<\\/td><\\/tr>' +
      '<tr><td>规章<\\/td><td>2<\\/td><td>&nbsp;<\\/td><td>5<\\/td><\\/tr><\\/table>';
    const page = `<html><body><script>var content = "${inner}";</script></body></html>`;
    const r = reportFromGrid(htmlToGrid(page, '年报.html'));
    expect(kinds(r, ['active.regulations.issued', 'active.regulations.repealed', 'active.regulations.inForce'])).toEqual(['number', 'blank', 'number']);
    expect(raw(r, 'active.regulations.inForce')).toBe('5');
  });
});

it('cellSpecs stays the ground truth for the corpus (sanity)', () => {
  expect(cellSpecs(formats['2021']).length).toBe(200);
});

describe('the format: from the labels, else the year, else said to be undetermined', () => {
  const table4 = [
    '四、政府信息公开行政复议、行政诉讼情况',
    '行政复议\t行政诉讼',
    '结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉',
    '结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计',
    '0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0',
  ];
  it('labels shared by both formats and no year: a finding, never a silent default', () => {
    const r = read(table4.join('\n'));
    expect(r.findings.map((f) => f.code)).toContain('FORMAT_UNDETERMINED');
  });
  it('labels shared by both formats and a year in the title: the year decides, and the report says so', () => {
    const r = read(['某某县教育局2020年政府信息公开工作年度报告', ...table4].join('\n'));
    expect(r.format).toBe('2019');
    expect(r.findings.find((f) => f.code === 'FORMAT_FROM_YEAR')?.message).toContain('2020');
    expect(r.findings.map((f) => f.code)).not.toContain('FORMAT_UNDETERMINED');
  });
  it('the year before the unit in the title', () => {
    const r = read(['2022年度某某镇人民政府政府信息公开工作年度报告', ...table4].join('\n'));
    expect(r.reportYear).toBe(2022);
    expect(r.unit.name).toBe('某某镇人民政府');
  });
});
