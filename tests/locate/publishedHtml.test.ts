/**
 * Published HTML (tables with rowspan/colspan, kept as merges by the HTML grid) goes through the same locate path
 * as a workbook: values by column position.
 */
import { describe, expect, it } from 'vitest';
import { cellSpecs, formats } from '../../src/formats/index.js';
import { htmlToGrid } from '../../src/grid/htmlGrid.js';
import { reportFromNumbers } from '../../src/report/build.js';
import { reportFromGrid } from '../../src/report/fromGrid.js';
import { renderReport } from '../../src/render/renderReport.js';

describe.each([
  ['2019', 2020],
  ['2021', 2025],
] as const)('a %s report published as HTML', (id, year) => {
  it('reads back every number, the unit and the year, with no finding', () => {
    const format = formats[id];
    const numbers = Object.fromEntries(cellSpecs(format).map((s, i) => [s.key, s.domain === 'money' ? i + 0.5 : i + 1]));
    const html = renderReport(reportFromNumbers({ format, reportYear: year, numbers, unit: { name: '某某县人民政府办公室' } }), 'html');
    const report = reportFromGrid(htmlToGrid(html, '年报.html'));
    expect(report.format).toBe(id);
    expect(report.reportYear).toBe(year);
    expect(report.unit.name).toBe('某某县人民政府办公室');
    expect(report.source.kind).toBe('html');
    const wrong = Object.keys(numbers).filter((k) => report.values[k]!.number !== numbers[k]);
    expect(wrong).toEqual([]);
    expect(report.findings).toEqual([]);
  });
});
