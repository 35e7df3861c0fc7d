/**
 * The report year from the publication line when neither the title nor the statistics period states it: annual
 * reports are published for the year before by spring, so a page published in January–March of Y is read as Y−1
 * (with a finding naming the line); a later date gives no year (the format then stays undetermined, as before); a year
 * the title or the period states always wins, and a publication date that disagrees with it is flagged.
 */
import { describe, expect, it } from 'vitest';
import { htmlToGrid } from '../../src/grid/htmlGrid.js';
import { textToGrid } from '../../src/grid/textGrid.js';
import { table4Lines } from '../helpers/table4Text.js';
import { reportFromGrid } from '../../src/report/fromGrid.js';
import type { Report } from '../../src/report/report.js';

const read = (text: string): Report => reportFromGrid(textToGrid(text, '年报.txt'));
const codes = (r: Report) => r.findings.map((f) => f.code);
const one = (r: Report, code: string) => {
  const found = r.findings.filter((f) => f.code === code);
  expect(found, code).toHaveLength(1);
  return found[0]!;
};

const table4 = table4Lines;
const untitled = '政府信息公开工作年度报告';

describe('the year from the publication line', () => {
  it.each([
    ['发布时间：2023-01-20', 2022, '2021'],
    ['发布日期：2023年01月18日', 2022, '2021'],
    ['时间：2022-01-25 来源：某某县水利局', 2021, '2021'],
    ['发布时间: 2020/3/31 09:30', 2019, '2019'],
  ])('“%s” → %i年度, format %s, and the finding names the line', (line, year, format) => {
    const r = read([untitled, line, ...table4].join('\n'));
    expect(r.reportYear).toBe(year);
    expect(r.format).toBe(format);
    const f = one(r, 'REPORT_YEAR_FROM_PUBLICATION');
    expect(f.severity).toBe('info');
    expect(f.message).toContain(line);
    expect(f.message).toContain('第2行');
    expect(f.message).toContain(`${year} 年度`);
    expect(f.cells).toEqual(['第2行']);
    expect(codes(r)).toContain('FORMAT_FROM_YEAR');
    expect(codes(r)).not.toContain('FORMAT_UNDETERMINED');
  });

  it('the unit from `来源：` when the title does not name one, not a web site', () => {
    expect(read([untitled, '时间：2022-01-25 来源：某某县水利局', ...table4].join('\n')).unit.name).toBe('某某县水利局');
    expect(read([untitled, '时间：2022-01-25 来源：某某县人民政府网', ...table4].join('\n')).unit.name).toBeUndefined();
  });

  it('the signature at the end (unit, then date): year and unit', () => {
    const r = read([untitled, ...table4, '', '某某县自然资源局', '2020年2月5日'].join('\n'));
    expect(r.reportYear).toBe(2019);
    expect(r.format).toBe('2019');
    expect(r.unit.name).toBe('某某县自然资源局');
    expect(one(r, 'REPORT_YEAR_FROM_PUBLICATION').message).toContain('2020年2月5日');
  });

  it('a signature dated in Chinese numerals (二〇二三年一月二十日)', () => {
    const r = read([untitled, ...table4, '某某镇人民政府', '二〇二三年一月二十日'].join('\n'));
    expect(r.reportYear).toBe(2022);
    expect(r.unit.name).toBe('某某镇人民政府');
  });

  it('a date alone in the middle of the report is no signature', () => {
    const r = read([untitled, '2023年1月20日', ...table4, '五、存在的主要问题及改进情况', '无。', '六、其他需要报告的事项', '无。', '七、附件'].join('\n'));
    expect(r.reportYear).toBeNull();
    expect(codes(r)).toContain('FORMAT_UNDETERMINED');
  });

  it('a publication line with a day that does not exist (2023-02-30) gives no year', () => {
    const r = read([untitled, '发布时间：2023-02-30', ...table4].join('\n'));
    expect(r.reportYear).toBeNull();
    expect(codes(r)).not.toContain('REPORT_YEAR_FROM_PUBLICATION');
  });

  it('published after March: no year is guessed, the format is said to be undetermined', () => {
    const r = read([untitled, '发布时间：2023-05-10', ...table4].join('\n'));
    expect(r.reportYear).toBeNull();
    expect(codes(r)).not.toContain('REPORT_YEAR_FROM_PUBLICATION');
    expect(codes(r)).toContain('FORMAT_UNDETERMINED');
  });

  it('two early dates that point to different years: no year is guessed', () => {
    const r = read([untitled, '发布时间：2023-01-20', ...table4, '某某局', '2022年1月18日'].join('\n'));
    expect(r.reportYear).toBeNull();
    expect(codes(r)).toContain('FORMAT_UNDETERMINED');
  });

  it('a signature in December of the report year and publication in January agree', () => {
    const r = read([untitled, '发布时间：2023-01-05', ...table4, '某某局', '2022年12月30日'].join('\n'));
    expect(r.reportYear).toBe(2022);
  });

  it('a web page: the line above the title in the page', () => {
    const page = `<html><body><h1>${untitled}</h1><div class="info"><span>发布时间：2023-01-20</span> <span>来源：某某区教育局</span></div>
<table><tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td><td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr>${'<td>0</td>'.repeat(15)}</tr></table></body></html>`;
    const r = reportFromGrid(htmlToGrid(page, '年报.html'));
    expect(r.reportYear).toBe(2022);
    expect(r.unit.name).toBe('某某区教育局');
    expect(one(r, 'REPORT_YEAR_FROM_PUBLICATION').message).toContain('2023-01-20');
  });
});

describe('a year the report states wins over the publication date', () => {
  it('the title says 2021, the page was published in January 2023: read as 2021, and said', () => {
    const r = read(['某某县教育局2021年政府信息公开工作年度报告', '发布时间：2023-01-20', ...table4].join('\n'));
    expect(r.reportYear).toBe(2021);
    expect(r.format).toBe('2021');
    const f = one(r, 'REPORT_YEAR_PUBLICATION_CONFLICT');
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('标题');
    expect(f.message).toContain('发布时间：2023-01-20');
    expect(f.message).toContain('已按写明的 2021 年读取');
    expect(codes(r)).not.toContain('REPORT_YEAR_FROM_PUBLICATION');
  });

  it('the statistics period says 2020, the signature says February 2022: read as 2020 (format 2019), and said', () => {
    const r = read([untitled, '本报告所列数据的统计期限为2020年1月1日至2020年12月31日。', ...table4, '某某局', '2022年2月8日'].join('\n'));
    expect(r.reportYear).toBe(2020);
    expect(r.format).toBe('2019');
    expect(one(r, 'REPORT_YEAR_PUBLICATION_CONFLICT').message).toContain('统计期限');
  });

  it('title and publication agree: nothing to say', () => {
    const r = read(['某某县教育局2022年政府信息公开工作年度报告', '发布日期：2023年01月18日', ...table4].join('\n'));
    expect(r.reportYear).toBe(2022);
    expect(codes(r)).not.toContain('REPORT_YEAR_PUBLICATION_CONFLICT');
    expect(codes(r)).not.toContain('REPORT_YEAR_FROM_PUBLICATION');
  });
});
