import { describe, expect, it } from 'vitest';
import { gridCell, type GridSheet } from '../../src/grid/grid.js';
import { HtmlGridError, htmlToGrid, maxHtmlLength } from '../../src/grid/htmlGrid.js';

const sheetOf = (html: string): GridSheet => htmlToGrid(html, '报告.html').sheets[0]!;
const text = (sheet: GridSheet, row: number, col: number): string | undefined => gridCell(sheet, row, col)?.text;
/** Every non-empty row as its cells' texts by column, for whole-grid comparisons. */
const rows = (sheet: GridSheet): Record<number, Record<number, string>> => {
  const out: Record<number, Record<number, string>> = {};
  for (const c of sheet.cells.values()) (out[c.row] ??= {})[c.col] = c.text;
  return out;
};

// the header of table 三 and its first result rows, written the way CMS editors write them
const applicationsPage = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>某局2021年政府信息公开工作年度报告</title>
<style>td { border: 1px solid #000 } .x > p { color: red }</style>
<script>var s = "<table><tr><td>不是表格</td></tr></table>";</script></head>
<body>
<h1>某局2021年政府信息公开工作年度报告</h1>
<p>本年报所列数据的统计期限为2021年1月1日至2021年12月31日。</p>
<p><strong>三、收到和处理政府信息公开申请情况</strong></p>
<table border="1">
<tbody>
<tr><td rowspan="3" colspan="3"><p>（本列数据的勾稽关系为：第一项加第二项之和，</p><p>等于第三项加第四项之和）</p></td>
    <td colspan=7><span style="font-family:宋体">申请人情况</span></td></tr>
<tr><td ROWSPAN="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan='2'>总计</td></tr>
<tr><td>商业<br>企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>12</td><td>&nbsp;</td><td>0</td><td>0</td><td>0</td><td>1</td><td>13</td></tr>
<tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>5</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>5</td></tr>
<tr><td colspan="2">（二）部分公开</td><td>1&#12288;</td><td>&#x3000;2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>3</td></tr>
</tbody>
</table>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<table><tr><td>行政复议<td>行政诉讼</tr><tr><td>0<td>1</table>
</body></html>`;

describe('htmlToGrid: tables with spans', () => {
  const sheet = sheetOf(applicationsPage);

  it('keeps the text outside tables as single-cell rows, in document order, without script or style', () => {
    const outside = [...sheet.cells.values()].filter((c) => c.col === 0 && c.row < 5).map((c) => c.text);
    expect(outside).toEqual([
      '某局2021年政府信息公开工作年度报告',
      '某局2021年政府信息公开工作年度报告',
      '本年报所列数据的统计期限为2021年1月1日至2021年12月31日。',
      '三、收到和处理政府信息公开申请情况',
    ]);
    const all = [...sheet.cells.values()].map((c) => c.text).join('\n');
    expect(all).not.toContain('不是表格');
    expect(all).not.toContain('border');
    expect(all).not.toContain('color: red');
  });

  it('puts each spanned text at its top-left position only and records the span as a merge', () => {
    const top = 5; // four text rows, then one blank row
    expect(text(sheet, top - 1, 0)).toBeUndefined();
    expect(rows(sheet)[top]).toEqual({ 0: '（本列数据的勾稽关系为：第一项加第二项之和，\n等于第三项加第四项之和）', 3: '申请人情况' });
    expect(rows(sheet)[top + 1]).toEqual({ 3: '自然人', 4: '法人或其他组织', 9: '总计' });
    expect(rows(sheet)[top + 2]).toEqual({ 4: '商业\n企业', 5: '科研机构', 6: '社会公益组织', 7: '法律服务机构', 8: '其他' });
    expect(sheet.merges).toEqual(
      expect.arrayContaining([
        { top, left: 0, bottom: top + 2, right: 2 }, // A1:C3
        { top, left: 3, bottom: top, right: 9 }, // D1:J1
        { top: top + 1, left: 3, bottom: top + 2, right: 3 }, // D2:D3
        { top: top + 1, left: 4, bottom: top + 1, right: 8 }, // E2:I2
        { top: top + 1, left: 9, bottom: top + 2, right: 9 }, // J2:J3
        { top: top + 3, left: 0, bottom: top + 3, right: 2 },
        { top: top + 4, left: 0, bottom: top + 5, right: 0 }, // 三、本年度办理结果 over two rows
        { top: top + 4, left: 1, bottom: top + 4, right: 2 },
        { top: top + 5, left: 1, bottom: top + 5, right: 2 },
      ]),
    );
    expect(sheet.merges).toHaveLength(9);
  });

  it('places the cells of a row under a rowspan after the spanned column', () => {
    const top = 5;
    expect(rows(sheet)[top + 4]).toEqual({ 0: '三、本年度办理结果', 1: '（一）予以公开', 3: '5', 4: '0', 5: '0', 6: '0', 7: '0', 8: '0', 9: '5' });
    // row under the rowspan: column A is taken, so the label goes to B
    expect(text(sheet, top + 5, 0)).toBeUndefined();
    expect(text(sheet, top + 5, 1)).toBe('（二）部分公开');
  });

  it('decodes entities: &nbsp; alone is an empty cell, ideographic spaces are trimmed', () => {
    const top = 5;
    expect(text(sheet, top + 3, 3)).toBe('12');
    expect(gridCell(sheet, top + 3, 4)).toBeUndefined();
    expect(text(sheet, top + 5, 3)).toBe('1');
    expect(text(sheet, top + 5, 4)).toBe('2');
  });

  it('repairs unclosed <td> and <tr> and stacks the next table after a blank row', () => {
    const headingRow = [...sheet.cells.values()].find((c) => c.text === '四、政府信息公开行政复议、行政诉讼情况')!.row;
    expect(headingRow).toBe(5 + 6 + 1);
    expect(text(sheet, headingRow + 1, 0)).toBeUndefined();
    expect(rows(sheet)[headingRow + 2]).toEqual({ 0: '行政复议', 1: '行政诉讼' });
    expect(rows(sheet)[headingRow + 3]).toEqual({ 0: '0', 1: '1' });
    expect(sheet.colCount).toBe(10);
  });

  it('records the source as HTML with the file the user gave', () => {
    expect(htmlToGrid(applicationsPage, '/x/报告.html').source).toEqual({ file: '/x/报告.html', kind: 'html' });
  });
});

describe('htmlToGrid: what real pages contain', () => {
  it('reads through a layout table that wraps the data tables', () => {
    const sheet = sheetOf(`<table width="100%"><tr><td>
      <div>二、主动公开政府信息情况</div>
      <table><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>3</td></tr></table>
    </td></tr></table>`);
    expect(rows(sheet)).toEqual({ 0: { 0: '二、主动公开政府信息情况' }, 2: { 0: '信息内容', 1: '本年制发件数' }, 3: { 0: '规章', 1: '3' } });
  });

  it('decodes named and numeric entities in cells and in the text around tables', () => {
    const sheet = sheetOf('<p>A&amp;B&#12288;&lt;C&gt; &ldquo;三安全一稳定&rdquo; &unknown; &#x4E09;</p>');
    expect(text(sheet, 0, 0)).toBe('A&B\u3000<C> “三安全一稳定” &unknown; 三');
  });

  it('keeps a caption as a row above its table', () => {
    const sheet = sheetOf('<table><caption>表一</caption><tr><td>1</td></tr></table>');
    expect(rows(sheet)).toEqual({ 0: { 0: '表一' }, 2: { 0: '1' } });
  });

  it('refuses input over the size cap with a Chinese message naming the file', () => {
    const huge = 'a'.repeat(maxHtmlLength + 1);
    expect(() => htmlToGrid(huge, '巨大.html')).toThrow(HtmlGridError);
    expect(() => htmlToGrid(huge, '巨大.html')).toThrow(/巨大\.html/);
  });

  it('refuses a table whose spans would cover an absurd area', () => {
    const html = `<table>${'<tr><td rowspan="60000" colspan="1000">x</td></tr>'.repeat(100)}</table>`;
    expect(() => htmlToGrid(html, 'bomb.html')).toThrow(/bomb\.html/);
  });

  it('stays fast and shallow on hostile input (deep nesting, unclosed quotes, stray angle brackets)', () => {
    const hostile = [
      '<div>'.repeat(200_000) + '深处的文字',
      '<td a="'.repeat(50_000),
      '<'.repeat(500_000),
      '<!--'.repeat(100_000),
      '&#'.repeat(200_000),
      '<table>' + '<tr><td>'.repeat(20_000) + '</table>',
    ];
    for (const html of hostile) {
      const started = performance.now();
      const grid = htmlToGrid(html, 'hostile.html');
      expect(performance.now() - started).toBeLessThan(5000);
      expect(grid.sheets).toHaveLength(1);
    }
    const deep = sheetOf('<div>'.repeat(200_000) + '深处的文字');
    expect(text(deep, 0, 0)).toBe('深处的文字');
  });
});
