/**
 * A located row whose value cells hold label text is not laid out under its headers: a header line taken as the data
 * row, or a row label whose end spilled into the first value column (the numbers after it shifted by one). Such a row
 * is refused whole with LABEL_IN_VALUE_CELL naming the cell — never read as text noise, never a neighbour's number
 * read as this column's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellSpecs, formats } from '../../src/formats/index.js';
import { readReport } from '../../src/io/readReport.js';
import { reportFromGrid } from '../../src/report/fromGrid.js';
import { insertRow, metadataSheet, setCell, sheetFromRows, templateTableSheet, workbook } from './grids.js';

const reviewKeys = cellSpecs(formats['2021'])
  .filter((s) => s.table.id === 'reviews')
  .map((s) => s.key);
const columns = ['natural', 'commercial', 'research', 'publicInterest', 'legalServices', 'otherOrgs', 'total'];
const rowKeys = (row: string) => columns.map((c) => `applications.${row}.${c}`);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nianbao-label-values-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a header line taken as the data row', () => {
  it('table 四 whose top header is repeated under its headers (a page break in a converted PDF): refused, the cells named', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('表四');
    const header = ['行政复议', '', '', '', '', '行政诉讼'];
    const rows: (string | number)[][] = [
      ['某某县教育局2022年政府信息公开工作年度报告'],
      ['四、政府信息公开行政复议、行政诉讼情况'],
      header,
      ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '未经复议直接起诉', '', '', '', '', '复议后起诉'],
      ['', '', '', '', '', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计'],
      header,
      [0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ];
    rows.forEach((r, i) => r.forEach((v, j) => v !== '' && (sheet.getCell(i + 1, j + 1).value = v)));
    const file = join(dir, '表头重复.xlsx');
    await book.xlsx.writeFile(file);
    const result = await readReport(file);
    if (!result.ok) throw new Error(result.message);
    const { report } = result;
    const refused = report.findings.filter((f) => f.code === 'LABEL_IN_VALUE_CELL');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ severity: 'error', sheet: '表四', cells: ['表四!A6', '表四!F6'], keys: reviewKeys });
    expect(refused[0]!.message).toContain('表四!A6');
    expect(refused[0]!.message).toContain('“行政复议”');
    expect(refused[0]!.message).toContain('15 个数值均未读取');
    for (const key of reviewKeys) expect(report.values[key]!.kind, key).toBe('missing');
    // not read as text noise either
    expect(report.findings.filter((f) => f.code === 'NOT_A_NUMBER')).toEqual([]);
  });
});

describe('a row label whose end spilled into the first value column', () => {
  // a unit's own sheet, two label columns: （二）部分公开's bracketed note went into C, its seven numbers into D–J
  const grid = () =>
    workbook([
      sheetFromRows('表三', [
        ['三、收到和处理政府信息公开申请情况'],
        ['', '', '申请人情况'],
        ['', '', '自然人', '法人或其他组织', '', '', '', '', '总计'],
        ['', '', '', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'],
        ['一、本年新收政府信息公开申请数量', '', 1, 2, 3, 4, 5, 6, 21],
        ['二、上年结转政府信息公开申请数量', '', 0, 0, 0, 0, 0, 0, 0],
        ['三、本年度办理结果', '（一）予以公开', 1, 1, 1, 1, 1, 1, 6],
        ['', '（二）部分公开', '（区分处理的，只计这一情形，不计其他情形）', 7, 8, 9, 10, 11, 12, 57],
      ]),
    ]);

  it('refuses the whole row, naming the cell; its shifted numbers are not read as its neighbours’ columns', () => {
    const report = reportFromGrid(grid());
    const refused = report.findings.filter((f) => f.code === 'LABEL_IN_VALUE_CELL');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ cells: ['表三!C8'], keys: rowKeys('partlyGranted') });
    expect(refused[0]!.message).toContain('“自然人”列');
    expect(refused[0]!.message).toContain('（二）部分公开');
    for (const key of rowKeys('partlyGranted')) expect(report.values[key]!.kind, key).toBe('missing');
    // the rows laid out under their headers are read as before
    expect(rowKeys('newReceived').map((k) => report.values[k]!.number)).toEqual([1, 2, 3, 4, 5, 6, 21]);
    expect(rowKeys('granted').map((k) => report.values[k]!.number)).toEqual([1, 1, 1, 1, 1, 1, 6]);
  });

  it('the same row laid out under its headers is read (the check looks at text, not position)', () => {
    const g = grid();
    const sheet = g.sheets[0]!;
    [7, 8, 9, 10, 11, 12, 57].forEach((v, i) => setCell(sheet, 7, 2 + i, v));
    setCell(sheet, 7, 9, null);
    const report = reportFromGrid(g);
    expect(report.findings.map((f) => f.code)).not.toContain('LABEL_IN_VALUE_CELL');
    expect(rowKeys('partlyGranted').map((k) => report.values[k]!.number)).toEqual([7, 8, 9, 10, 11, 12, 57]);
  });
});

describe('what is not refused', () => {
  it('a word a clerk typed into a value cell of a template workbook stays that cell’s finding', () => {
    const format = formats['2021'];
    // one table's layout changed (a row inserted inside its header), so locate also runs the label search on this workbook
    const tables = format.tables.map((t) =>
      t.id === 'reviews' ? insertRow(templateTableSheet(t), 1) : templateTableSheet(t, t.id === 'active' ? { 'active.regulations.issued': '规章' } : {}),
    );
    const report = reportFromGrid(workbook([...tables, metadataSheet({ format: '2021', templateVersion: '1', reportYear: 2025 })]));
    expect(report.findings.map((f) => f.code)).toContain('TEMPLATE_LAYOUT_CHANGED');
    expect(report.findings.map((f) => f.code)).not.toContain('LABEL_IN_VALUE_CELL');
    expect(report.values['active.regulations.issued']!.kind).toBe('text');
    expect(report.values['active.regulations.repealed']!.kind).toBe('zero');
  });
});
