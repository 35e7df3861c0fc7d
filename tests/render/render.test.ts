import { describe, expect, it } from 'vitest';
import { formats } from '../../src/formats/index.js';
import { gridCell, type GridSheet } from '../../src/grid/grid.js';
import { htmlToGrid } from '../../src/grid/htmlGrid.js';
import { textToGrid } from '../../src/grid/textGrid.js';
import { reportFromNumbers } from '../../src/report/build.js';
import type { Report } from '../../src/report/report.js';
import { renderReport } from '../../src/render/renderReport.js';

const unit = { name: '嵩县科技和工业信息化局' };

function report2019(): Report {
  return reportFromNumbers({
    format: formats['2019'],
    reportYear: 2020,
    unit,
    numbers: {
      'active.otherServices.change': 5,
      'active.otherServices.decisions': 5,
      'active.licensing.change': -3,
      'active.centralProcurement.procurementAmount': 12.3456,
      'applications.newReceived.natural': 7,
    },
  });
}

function report2021(): Report {
  return reportFromNumbers({
    format: formats['2021'],
    reportYear: 2022,
    unit,
    numbers: { 'active.fees.feeAmount': 0.0125, 'active.regulations.issued': 2, 'reviews.cases.directTotal': 4 },
  });
}

/** The opening tag of the <td> holding exactly `label`. */
function tdOf(html: string, label: string): string {
  const at = html.indexOf(`>${label}</td>`);
  expect(at, `no cell ${label}`).toBeGreaterThan(0);
  return html.slice(html.lastIndexOf('<td', at), at + 1);
}

describe('render html: the official merges as rowspan/colspan', () => {
  it('2019 format: table 三 and table 四 spans as the spec draws them', () => {
    const html = renderReport(report2019(), 'html');
    expect(tdOf(html, '三、本年度办理结果')).toMatch(/rowspan="20"/);
    expect(tdOf(html, '申请人情况')).toMatch(/colspan="7"/);
    expect(tdOf(html, '法人或其他组织')).toMatch(/colspan="5"/);
    expect(tdOf(html, '自然人')).toMatch(/rowspan="2"/);
    expect(tdOf(html, '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）')).toMatch(/rowspan="3" colspan="3"/);
    expect(tdOf(html, '（三）不予公开')).toMatch(/rowspan="8"/);
    expect(tdOf(html, '行政复议')).toMatch(/colspan="5"/);
    expect(tdOf(html, '行政诉讼')).toMatch(/colspan="10"/);
    expect(tdOf(html, '未经复议直接起诉')).toMatch(/colspan="5"/);
    expect(tdOf(html, '第二十条第（一）项')).toMatch(/colspan="4"/);
  });

  it('2021 format: the result block spans 22 rows and （六） its three sub-items', () => {
    const html = renderReport(report2021(), 'html');
    expect(tdOf(html, '三、本年度办理结果')).toMatch(/rowspan="22"/);
    expect(tdOf(html, '（六）其他处理')).toMatch(/rowspan="3"/);
    expect(tdOf(html, '本年处理决定数量')).toMatch(/colspan="3"/);
    expect(tdOf(html, '本年收费金额（单位：万元）')).toMatch(/colspan="3"/);
  });

  it('has the title, the table headings and nothing external', () => {
    const html = renderReport(report2019(), 'html');
    expect(html).toContain('嵩县科技和工业信息化局2020年政府信息公开工作年度报告');
    for (const heading of ['二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况']) {
      expect(html).toContain(`>${heading}</p>`);
    }
    for (const html2 of [html, renderReport(report2021(), 'html', { fragment: true })]) {
      expect(html2).not.toMatch(/http/i);
      expect(html2).not.toMatch(/src=/i);
      expect(html2).not.toMatch(/<link/i);
      expect(html2).not.toMatch(/<script|<style|class=/i);
      expect(html2).toMatch(/border:1px solid #000/);
      expect(html2).toContain('宋体');
    }
    expect(renderReport(report2019(), 'html', { fragment: true })).toMatch(/^<div[^>]*>/);
  });

  it('reads back through htmlToGrid with the same merges at the same places', () => {
    const sheet = htmlToGrid(renderReport(report2019(), 'html'), 'r.html').sheets[0]!;
    const at = (label: string) => [...sheet.cells.values()].find((c) => c.text === label)!;
    const corner = at('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）');
    const merge = (row: number, col: number) => sheet.merges.find((m) => m.top === row && m.left === col);
    expect(merge(corner.row, corner.col)).toEqual({ top: corner.row, left: 0, bottom: corner.row + 2, right: 2 });
    expect(merge(corner.row, 3)).toEqual({ top: corner.row, left: 3, bottom: corner.row, right: 9 });
    expect(gridCell(sheet, corner.row, 3)?.text).toBe('申请人情况');
    const results = at('三、本年度办理结果');
    expect(merge(results.row, 0)).toEqual({ top: results.row, left: 0, bottom: results.row + 19, right: 0 });
    const review = at('行政复议');
    expect(merge(review.row, 0)).toEqual({ top: review.row, left: 0, bottom: review.row, right: 4 });
    expect(merge(review.row, 5)).toEqual({ top: review.row, left: 5, bottom: review.row, right: 14 });
  });
});

describe('render values as their exact text', () => {
  it('prints money with its decimals, signed changes with their sign, blanks empty and marks as written', () => {
    const r = report2019();
    r.values['active.fees.previousYearItems'] = { ...r.values['active.fees.previousYearItems']!, kind: 'blank', scaled: null, number: null, raw: '' };
    r.values['active.fees.change'] = { ...r.values['active.fees.change']!, kind: 'notApplicable', scaled: null, number: null, raw: '—' };
    const txt = renderReport(r, 'txt');
    const lines = txt.split('\n');
    expect(lines).toContain('政府集中采购\t0\t12.3456\t');
    expect(lines).toContain('行政许可\t0\t-3\t0');
    expect(lines).toContain('行政事业性收费\t\t—\t');
    const html = renderReport(r, 'html');
    expect(html).toContain('>12.3456</td>');
    expect(html).toContain('>—</td>');
  });

  it('2021: money as 万元 with its decimals in the merged value cell', () => {
    const lines = renderReport(report2021(), 'txt').split('\n');
    expect(lines).toContain('行政事业性收费\t0.0125\t\t');
    expect(lines).toContain('规章\t2\t0\t0');
  });
});

describe('render txt: like the published seed', () => {
  const lines = renderReport(report2019(), 'txt').split('\n');

  it('starts with the title and prints each table heading before its table', () => {
    expect(lines[0]).toBe('嵩县科技和工业信息化局2020年政府信息公开工作年度报告');
    const h2 = lines.indexOf('二、主动公开政府信息情况');
    const h3 = lines.indexOf('三、收到和处理政府信息公开申请情况');
    const h4 = lines.indexOf('四、政府信息公开行政复议、行政诉讼情况');
    expect(h2).toBeGreaterThan(0);
    expect(h3).toBeGreaterThan(h2);
    expect(h4).toBeGreaterThan(h3);
    expect(lines[h2 + 2]).toBe('第二十条第（一）项\t\t\t');
  });

  it('prints the table lines the seed prints', () => {
    for (const line of [
      '信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量',
      '规章\t0\t0\t0',
      '其他对外管理服务事项\t0\t5\t5',
      '信息内容\t上一年项目数量\t本年增/减\t',
      '第二十条第（九）项\t\t\t',
      '行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t',
      '\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计',
      '0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0',
      '\t\t2.其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0',
    ]) {
      expect(lines).toContain(line);
    }
    // table 三 in the official layout (the seed lost its spans; ours keeps A:C for one-label rows)
    expect(lines).toContain('一、本年新收政府信息公开申请数量\t\t\t7\t0\t0\t0\t0\t0\t0');
    expect(lines).toContain('三、本年度办理结果\t（一）予以公开\t\t0\t0\t0\t0\t0\t0\t0');
    expect(lines).toContain('\t（三）不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0');
    expect(lines).toContain('\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计');
  });
});

describe('render md: pipe tables', () => {
  const md = renderReport(report2021(), 'md');

  it('writes headings and pipe rows with spanned positions left empty', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe('# 嵩县科技和工业信息化局2022年政府信息公开工作年度报告');
    expect(lines).toContain('## 三、收到和处理政府信息公开申请情况');
    expect(lines).toContain('| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |');
    expect(lines).toContain('| 信息内容 | 本年处理决定数量 |  |  |');
    expect(lines).toContain('| 行政事业性收费 | 0.0125 |  |  |');
  });

  it('reads back through textToGrid into the same cells as the txt rendering', () => {
    const cellsOf = (sheet: GridSheet) =>
      [...sheet.cells.values()].filter((c) => c.row > 0).map((c) => `${c.col}:${c.text}`);
    const fromMd = textToGrid(md, 'r.md').sheets[0]!;
    const fromTxt = textToGrid(renderReport(report2021(), 'txt'), 'r.txt').sheets[0]!;
    expect(cellsOf(fromMd)).toEqual(cellsOf(fromTxt));
  });
});

describe('render a summary report', () => {
  it('titles it by its region and year and marks it as a summary', () => {
    const summary = reportFromNumbers({ format: formats['2021'], reportYear: 2023, unit: { region: '嵩县', name: '嵩县汇总' } });
    summary.source.isSummary = true;
    expect(renderReport(summary, 'txt').split('\n')[0]).toBe('嵩县2023年政府信息公开工作年度报告（汇总）');
    expect(renderReport(summary, 'txt', { title: '自定标题' }).split('\n')[0]).toBe('自定标题');
  });
});
