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
import { random, randomUnit, writeUnit, type UnitValues } from '../consolidate/fixtures.js';

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

describe('a row label cut inside its bracketed note, its numbers after it', () => {
  // a unit's workbook from the template writer whose （二）部分公开 label cell was shortened (a unit retyping it, a
  // converter keeping what fits the cell): the label still names its row, and the numbers are under their headers
  // the label as the format defines it
  const official = cellSpecs(formats['2021']).find((s) => s.key === rowKeys('partlyGranted')[0])!.row.label;

  async function unitWithLabel(
    name: string,
    label: string,
    values: UnitValues,
    after?: (sheet: ExcelJS.Worksheet, row: number, col: number) => void,
    of = official,
  ) {
    const file = await writeUnit(join(dir, name), '单位.xlsx', { name: '某县教育局' }, values);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    let at: { sheet: ExcelJS.Worksheet; row: number; col: number } | undefined;
    for (const sheet of book.worksheets) {
      sheet.eachRow((row, r) => row.eachCell((c, col) => {
        if (!at && c.value === of) at = { sheet, row: r, col };
      }));
    }
    if (!at) throw new Error(`模板中没有“${of}”`);
    at.sheet.getCell(at.row, at.col).value = label;
    after?.(at.sheet, at.row, at.col);
    const out = join(dir, name, '截短.xlsx');
    await book.xlsx.writeFile(out);
    const result = await readReport(out);
    if (!result.ok) throw new Error(result.message);
    return { report: result.report, sheet: at.sheet.name };
  }

  it.each([
    ['cut after 区分处理的', '（二）部分公开（区分处理的'],
    ['cut right after the opening bracket', '（二）部分公开（'],
    ['only the closing bracket lost', '（二）部分公开（区分处理的，只计这一情形，不计其他情形'],
  ])('%s: every number read into its own row and column, nothing refused', async (name, label) => {
    const values = randomUnit(random(41));
    const { report } = await unitWithLabel(name, label, values);
    expect(report.findings.map((f) => f.code)).not.toContain('LABEL_IN_VALUE_CELL');
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    for (const key of rowKeys('partlyGranted')) expect(report.values[key]!.number, key).toBe(values[key]);
    for (const row of ['granted', 'withheldStateSecret', 'resultsTotal']) {
      for (const key of rowKeys(row)) expect(report.values[key]!.number, key).toBe(values[key]);
    }
  });

  it('a zero, a blank or “—” first in the row is no end of the label either', async () => {
    const values = randomUnit(random(42));
    const { report } = await unitWithLabel('零与空白', '（二）部分公开（区分处理的', values, (ws, r, col) => {
      ws.getCell(r, col + 2).value = 0; // 自然人 (the label spans two columns)
      ws.getCell(r, col + 3).value = null; // 商业企业
      ws.getCell(r, col + 4).value = '—'; // 科研机构
    });
    expect(report.findings.map((f) => f.code)).not.toContain('LABEL_IN_VALUE_CELL');
    const [natural, commercial, research, ...rest] = rowKeys('partlyGranted');
    expect(report.values[natural!]!.kind).toBe('zero');
    expect(report.values[commercial!]!.kind).toBe('blank');
    expect(report.values[research!]!.kind).toBe('notApplicable');
    for (const key of rest) expect(report.values[key]!.number, key).toBe(values[key]);
  });

  it('the rest of the note in the first value cell, the numbers shifted after it, is still refused', async () => {
    const values = randomUnit(random(43));
    let spilled = '';
    const { report, sheet } = await unitWithLabel('后半截错位', '（二）部分公开（区分处理的', values, (ws, r, col) => {
      // `，只计这一情形，不计其他情形）` in 自然人's cell, the seven numbers one cell to the right
      const numbers = rowKeys('partlyGranted').map((k) => values[k]!);
      ws.getCell(r, col + 2).value = '，只计这一情形，不计其他情形）';
      spilled = ws.getCell(r, col + 2).address;
      numbers.forEach((n, i) => (ws.getCell(r, col + 3 + i).value = n));
    });
    const refused = report.findings.filter((f) => f.code === 'LABEL_IN_VALUE_CELL');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.cells).toEqual([`${sheet}!${spilled}`]);
    for (const key of rowKeys('partlyGranted')) expect(report.values[key]!.kind, key).toBe('missing');
  });

  it('cut before its bracket (“（二）部分公”): the row is not found, and the finding names the cell its label stands in', async () => {
    const values = randomUnit(random(44));
    let cell = '';
    const { report, sheet } = await unitWithLabel('括号前截断', '（二）部分公', values, (ws, r, col) => (cell = ws.getCell(r, col).address));
    const notFound = report.findings.filter((f) => f.code === 'ROW_NOT_FOUND');
    expect(notFound).toHaveLength(1);
    expect(notFound[0]).toMatchObject({ severity: 'error', cells: [`${sheet}!${cell}`], actual: '（二）部分公', keys: rowKeys('partlyGranted') });
    expect(notFound[0]!.message).toContain(`${sheet}!${cell}的“（二）部分公”`);
    // named, not read: the row's numbers stay missing; its neighbours are read as they are
    for (const key of rowKeys('partlyGranted')) expect(report.values[key]!.kind, key).toBe('missing');
    for (const row of ['granted', 'withheldStateSecret']) {
      for (const key of rowKeys(row)) expect(report.values[key]!.number, key).toBe(values[key]);
    }
  });

  it('a sub-row cut the same way (“1.属于国”) is placed under its group heading, not on it', async () => {
    const values = randomUnit(random(45));
    const secret = cellSpecs(formats['2021']).find((s) => s.key === rowKeys('withheldStateSecret')[0])!.row.label;
    let cell = '';
    const { report, sheet } = await unitWithLabel('子行截断', '1.属于国', values, (ws, r, col) => (cell = ws.getCell(r, col).address), secret);
    const notFound = report.findings.filter((f) => f.code === 'ROW_NOT_FOUND');
    expect(notFound).toHaveLength(1);
    expect(notFound[0]).toMatchObject({ cells: [`${sheet}!${cell}`], keys: rowKeys('withheldStateSecret') });
    for (const key of rowKeys('withheldStateSecret')) expect(report.values[key]!.kind, key).toBe('missing');
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
