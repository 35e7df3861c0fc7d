/**
 * Workbook grids: made from our template (fast path, verified label by label), edited by units (rows and columns
 * inserted or deleted, sheets renamed and reordered, all tables on one sheet), and built by units from scratch with
 * the label variants of spec section 5 typed literally.
 */
import { describe, expect, it } from 'vitest';
import { cellSpecs, formats, type CellKey } from '../../src/formats/index.js';
import type { FormatDef, TableDef } from '../../src/formats/types.js';
import type { GridSheet } from '../../src/grid/grid.js';
import { locate } from '../../src/locate/locate.js';
import { readGridMetadata } from '../../src/workbook/contract.js';
import { reportFromGrid } from '../../src/report/fromGrid.js';
import { reportSchema, type Report } from '../../src/report/report.js';
import { insertColumn, insertRow, metadataSheet, setCell, sheetFromRows, stack, templateTableSheet, workbook, type CellInput } from './grids.js';

/** A distinct number in every cell, so that any value read from the wrong cell shows. */
function distinctNumbers(format: FormatDef): Record<CellKey, number> {
  return Object.fromEntries(cellSpecs(format).map((s, i) => [s.key, s.domain === 'money' ? i + 0.25 : i + 1]));
}

function basicInfo(year: CellInput, name = '某某县财政局'): GridSheet {
  return sheetFromRows('基本信息', [
    ['基本信息'],
    ['单位名称', name],
    ['统一社会信用代码', '11410000MB1234567X'],
    ['所属地区', '某某县'],
    ['报告年度', year],
    ['填报人', '张三'],
    ['联系电话', '0379-12345678'],
    ['填报日期', { value: 46042, text: '2026/1/20', numberFormat: 'yyyy/m/d' }],
  ]);
}

function tableSheets(format: FormatDef, numbers: Record<CellKey, CellInput>): GridSheet[] {
  return format.tables.map((t) => templateTableSheet(t, numbers));
}

function templateWorkbook(format: FormatDef, year: number, numbers: Record<CellKey, CellInput>, extra: Record<string, string | number | boolean> = {}) {
  return workbook([
    sheetFromRows('填表说明', [['说明']]),
    basicInfo(year),
    ...tableSheets(format, numbers),
    metadataSheet({ format: format.id, templateVersion: '1', reportYear: year, unitName: '某某县财政局', unitCode: '11410000MB1234567X', generatorVersion: '0.1.0', ...extra }),
  ]);
}

function expectAllNumbers(report: Report, numbers: Record<CellKey, number>) {
  const wrong = Object.entries(numbers).filter(([k, n]) => report.values[k]?.number !== n);
  expect(wrong.map(([k]) => `${k}: ${report.values[k]?.kind} ${report.values[k]?.number}`)).toEqual([]);
}

const table = (format: FormatDef, id: string): TableDef => format.tables.find((t) => t.id === id)!;

describe.each([
  ['2021', 2025],
  ['2019', 2020],
] as const)('a workbook made from the %s template', (id, year) => {
  const format = formats[id];
  const numbers = distinctNumbers(format);

  it('is read through its metadata, every value from its cell, with no finding', () => {
    const report = reportFromGrid(templateWorkbook(format, year, numbers));
    expect(() => reportSchema.parse(report)).not.toThrow();
    expect(report.format).toBe(id);
    expect(report.reportYear).toBe(year);
    expect(report.source).toMatchObject({ kind: 'template', templateVersion: '1' });
    expect(report.source.isSummary).toBeUndefined();
    expect(report.unit).toEqual({
      name: '某某县财政局',
      code: '11410000MB1234567X',
      region: '某某县',
      filler: '张三',
      phone: '0379-12345678',
      filledDate: '2026-01-20',
    });
    expectAllNumbers(report, numbers);
    expect(report.findings).toEqual([]);
  });

  it('gives every value its sheet and cell (table 三 as the spec lays it out from A1)', () => {
    const report = reportFromGrid(templateWorkbook(format, year, numbers));
    // 一、本年新收 is row 4, 自然人 column D, 总计 column J
    expect(report.values['applications.newReceived.natural']!.provenance).toEqual({ file: '单位.xlsx', sheet: '三、依申请公开', cell: 'D4' });
    expect(report.values['applications.newReceived.total']!.provenance.cell).toBe('J4');
    // 四、结转下年度继续办理 follows the result block: 20 rows (2019) or 22 rows (2021) from row 6
    expect(report.values['applications.carryForward.total']!.provenance.cell).toBe(id === '2019' ? 'J26' : 'J28');
    // table 四: fifteen values in row 4, A to O
    expect(report.values['reviews.cases.reviewUpheld']!.provenance.cell).toBe('A4');
    expect(report.values['reviews.cases.afterReviewTotal']!.provenance.cell).toBe('O4');
  });

  it('finds every value by its labels when the unit inserted rows into table 三 and columns into table 四', () => {
    const wb = templateWorkbook(format, year, numbers);
    const i3 = wb.sheets.findIndex((s) => s.name === '三、依申请公开');
    wb.sheets[i3] = insertRow(insertRow(wb.sheets[i3]!, 4, ['说明：本单位另有补充']), 0, ['某某县财政局依申请公开情况']);
    const i4 = wb.sheets.findIndex((s) => s.name === '四、复议诉讼');
    wb.sheets[i4] = insertColumn(wb.sheets[i4]!, 5, ['备注']);
    const report = reportFromGrid(wb);
    expect(report.source.kind).toBe('template');
    expectAllNumbers(report, numbers);
    // the title row moves the table down as a whole; the note row after 一、 moves the rest once more
    expect(report.values['applications.newReceived.natural']!.provenance.cell).toBe('D5');
    expect(report.values['applications.carriedOver.natural']!.provenance.cell).toBe('D7');
    expect(report.values['reviews.cases.directUpheld']!.provenance.cell).toBe('G4');
    const layoutChanged = report.findings.filter((f) => f.code === 'TEMPLATE_LAYOUT_CHANGED');
    expect(layoutChanged.map((f) => f.severity)).toEqual(['info', 'info']);
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('finds the tables on renamed and reordered sheets without metadata', () => {
    const sheets = tableSheets(format, numbers);
    const renamed = [
      { ...sheets[2]!, name: 'Sheet1' },
      { ...sheets[0]!, name: '表二' },
      basicInfo(year),
      { ...sheets[1]!, name: '依申请' },
    ];
    const report = reportFromGrid(workbook(renamed));
    expect(report.format).toBe(id);
    expect(report.source.kind).toBe('workbook');
    expect(report.source.sheets).toEqual({ active: '表二', applications: '依申请', reviews: 'Sheet1' });
    expectAllNumbers(report, numbers);
    expect(report.findings).toEqual([]);
  });

  it('finds all three tables on one sheet of a unit’s own workbook, under titles', () => {
    const sheets = tableSheets(format, numbers);
    const one = stack('年报', [
      { sheet: sheets[0]!, title: '二、主动公开政府信息情况' },
      { sheet: sheets[1]!, title: '三、收到和处理政府信息公开申请情况' },
      { sheet: sheets[2]!, title: '四、政府信息公开行政复议、行政诉讼情况' },
    ]);
    const report = reportFromGrid(workbook([one]));
    expect(report.format).toBe(id);
    expectAllNumbers(report, numbers);
    expect(report.findings).toEqual([]);
    expect(report.source.sheets).toEqual({ active: '年报', applications: '年报', reviews: '年报' });
  });

  it('reports a deleted column of table 三 and leaves its values missing, reading the rest', () => {
    const wb = workbook(tableSheets(format, numbers));
    const s3 = wb.sheets[1]!;
    // remove column F (科研机构): header and values
    for (const c of [...s3.cells.values()]) if (c.col === 5) setCell(s3, c.row, c.col, null);
    const report = reportFromGrid(wb);
    const findings = report.findings.filter((f) => f.code === 'COLUMN_NOT_FOUND');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('“科研机构”列');
    expect(findings[0]!.sheet).toBe('三、依申请公开');
    expect(report.values['applications.granted.research']!.kind).toBe('missing');
    expect(report.values['applications.granted.legalServices']!.number).toBe(numbers['applications.granted.legalServices']);
  });
});

describe('cell contents in a workbook', () => {
  const format = formats['2021'];
  const numbers: Record<CellKey, CellInput> = {
    ...Object.fromEntries(cellSpecs(format).map((s) => [s.key, 0])),
    'applications.newReceived.natural': '12',
    'applications.newReceived.commercial': null,
    'applications.newReceived.research': '—',
    'active.fees.feeAmount': '251000元',
  };
  const report = reportFromGrid(templateWorkbook(format, 2025, numbers));

  it('classifies each cell and never turns a blank into 0', () => {
    expect(report.values['applications.newReceived.natural']).toMatchObject({ kind: 'number', scaled: 12, readAs: ['textNumber'] });
    expect(report.values['applications.newReceived.commercial']).toMatchObject({ kind: 'blank', scaled: null, number: null });
    expect(report.values['applications.newReceived.research']).toMatchObject({ kind: 'notApplicable', scaled: null });
    expect(report.values['active.fees.feeAmount']).toMatchObject({ kind: 'number', scaled: 251000, number: 25.1, readAs: ['textNumber', 'yuanToWan'] });
  });

  it('turns reading notes into findings at the cell', () => {
    const textNumber = report.findings.find((f) => f.code === 'TEXT_NUMBER')!;
    expect(textNumber).toMatchObject({ severity: 'info', sheet: '三、依申请公开', cells: ['三、依申请公开!D4'], keys: ['applications.newReceived.natural'] });
    const converted = report.findings.find((f) => f.code === 'UNIT_CONVERTED')!;
    expect(converted).toMatchObject({ severity: 'warning', sheet: '二、主动公开', unit: '某某县财政局' });
    expect(converted.cells).toEqual(['二、主动公开!B14']);
    expect(converted.message).toContain('25.1 万元');
  });
});

describe('format and year', () => {
  const f2019 = formats['2019'];

  it('reads a 2019-format workbook stated as 2025 as 2019, with a FORMAT_YEAR_MISMATCH warning', () => {
    const wb = workbook([basicInfo(2025), ...tableSheets(f2019, distinctNumbers(f2019))]);
    const report = reportFromGrid(wb);
    expect(report.format).toBe('2019');
    expect(report.reportYear).toBe(2025);
    expectAllNumbers(report, distinctNumbers(f2019));
    const mismatch = report.findings.filter((f) => f.code === 'FORMAT_YEAR_MISMATCH');
    expect(mismatch).toHaveLength(1);
    expect(mismatch[0]).toMatchObject({ severity: 'warning', expected: '2021', actual: '2019' });
    expect(mismatch[0]!.message).toContain('2025 年度');
  });

  it('reads a year written as text (`2020年`) from 基本信息', () => {
    const report = reportFromGrid(workbook([basicInfo('2020年'), ...tableSheets(f2019, {})]));
    expect(report.reportYear).toBe(2020);
    expect(report.findings).toEqual([]);
  });

  it('believes the labels over metadata that names the other format', () => {
    const wb = templateWorkbook(f2019, 2020, distinctNumbers(f2019));
    const meta = wb.sheets.find((s) => s.name === '_nianbao')!;
    for (const c of meta.cells.values()) if (c.value === '2019') Object.assign(c, { value: '2021', text: '2021' });
    expect(readGridMetadata(wb)!.get('format')).toBe('2021');
    const report = reportFromGrid(wb);
    expect(report.format).toBe('2019');
    expect(report.findings.map((f) => f.code)).toContain('METADATA_FORMAT_MISMATCH');
    expectAllNumbers(report, distinctNumbers(f2019));
  });

  it('recognises a nianbao summary by its metadata', () => {
    const f = formats['2021'];
    const report = reportFromGrid(templateWorkbook(f, 2025, distinctNumbers(f), { isSummary: true }));
    expect(report.source.isSummary).toBe(true);
  });

  it('flags a stated year other than the one the caller expects', () => {
    const f = formats['2021'];
    const report = reportFromGrid(templateWorkbook(f, 2024, {}), { expectedYear: 2025 });
    expect(report.findings.map((x) => x.code)).toEqual(['REPORT_YEAR_MISMATCH']);
  });

  it('names a table that is not there at all, and leaves its values missing', () => {
    const f = formats['2021'];
    const report = reportFromGrid(workbook([basicInfo(2025), templateTableSheet(table(f, 'active')), templateTableSheet(table(f, 'reviews'))]));
    expect(report.format).toBe('2021');
    const notFound = report.findings.filter((x) => x.code === 'TABLE_NOT_FOUND');
    expect(notFound).toHaveLength(1);
    expect(notFound[0]).toMatchObject({ severity: 'error', file: '单位.xlsx' });
    expect(notFound[0]!.message).toMatch(/^未找到表三“收到和处理政府信息公开申请情况”：缺少/);
    expect(notFound[0]!.message).toContain('一、本年新收政府信息公开申请数量');
    expect(Object.entries(report.values).filter(([k]) => k.startsWith('applications.')).every(([, v]) => v.kind === 'missing')).toBe(true);
    expect(report.findings.filter((x) => x.code === 'ROW_NOT_FOUND')).toEqual([]);
  });

  it('reads an empty workbook as the stated year’s format with every table not found', () => {
    const report = reportFromGrid(workbook([basicInfo(2020)]));
    expect(report.format).toBe('2019');
    expect(report.findings.filter((x) => x.code === 'TABLE_NOT_FOUND')).toHaveLength(3);
    expect(() => reportSchema.parse(report)).not.toThrow();
  });
});

describe('a unit’s own workbook with labels typed from the spec, in their variants', () => {
  // Table 三 of the 2021 format as a unit typed it: half-width brackets and commas, spaces, line breaks in headers,
  // the seed's typo, `，` in the （六） items, items numbered `1、` or `二.`, a title above, and the header not merged.
  const rows: CellInput[][] = [
    ['某某镇人民政府2025年政府信息公开工作年度报告统计表'],
    [],
    ['三、收到和处理政府信息公开申请情况'],
    ['(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)', null, null, '申请人情况'],
    [null, null, null, '自然人', '法人或其他组织', null, null, null, null, '总计'],
    [null, null, null, null, '商业\n企业', '科研\n机构', '社会公益\n组织', '法律服务\n机构', '其他'],
    ['一、本年新收政府信息公开申请数量', null, null, 1, 2, 3, 4, 5, 6, 21],
    ['二.上年结转政府信息公开申请数量', null, null, 0, 0, 0, 0, 0, 0, 0],
    ['三、本年度办理结果', '(一) 予以公开', null, 1, 0, 0, 0, 0, 0, 1],
    [null, '(二) 部分公开(区分处理的,只计这一情形,不计其他情形)', null, 0, 0, 0, 0, 0, 0, 0],
    [null, '(三) 不予公开', '1、属于国家秘密', 0, 0, 0, 0, 0, 0, 0],
    [null, null, '2.其他法律行政法规禁止公开', 0, 0, 0, 0, 0, 0, 0],
    [null, null, '3.危及"三安全一稳定"', 0, 0, 0, 0, 0, 0, 0],
    [null, null, '4.保护第三方合法权益', 0, 0, 0, 0, 0, 0, 0],
    [null, null, '5.属于三类内部事务信息', 0, 0, 0, 0, 0, 0, 0],
    [null, null, '6.属于四类过程性信息', 0, 0, 0, 0, 0, 0, 0],
    [null, null, '7.属于行政执法案卷', 0, 0, 0, 0, 0, 0, 0],
    [null, null, '8.属于行政查询事项', 0, 0, 0, 0, 0, 0, 0],
    [null, '(四) 无法提供', '1.本机关不掌握相关政府信息', 0, 2, 0, 0, 0, 0, 2],
    [null, null, '2.没有现成信息需要另行制作', 0, 0, 0, 0, 0, 0, 0],
    [null, null, '3.补正后申请内容仍不明确', 0, 0, 0, 0, 0, 0, 0],
    [null, '(五) 不予处理', '1.信访举报投诉类申请', 0, 0, 0, 0, 0, 0, 0],
    [null, null, '2.重复申请', 0, 0, 3, 0, 0, 0, 3],
    [null, null, '3.要求提供公开出版物', 0, 0, 0, 0, 0, 0, 0],
    [null, null, '4.无正当理由由大量反复申请', 0, 0, 0, 0, 0, 0, 0],
    [null, null, '5.要求行政机关确认或重新出具已获取信息', 0, 0, 0, 0, 0, 0, 0],
    [null, '(六) 其他处理', '1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请', 0, 0, 0, 4, 0, 0, 4],
    [null, null, '2.申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请', 0, 0, 0, 0, 5, 0, 5],
    [null, null, '3.其他', 0, 0, 0, 0, 0, 6, 6],
    [null, '(七) 总计', null, 1, 2, 3, 4, 5, 6, 21],
    ['四、结转下年度继续办理', null, null, 0, 0, 0, 0, 0, 0, 0],
    [],
    ['二、主动公开政府信息情况'],
    ['第二十条第(一)项'],
    ['信息内容', '本年制发\n件数', '本年废止\n件数', '现行有效\n件数'],
    ['规章', 0, 0, 0],
    ['规范性文件', 3, 1, 12],
    ['第二十条第(五)项'],
    ['信息内容', '本年处理决定数量'],
    ['行政许可', 120],
    ['第二十条第(六)项'],
    ['信息内容', '本年处理决定数量'],
    ['行政处罚', 7],
    ['行政强制', 0],
    ['第二十条第(八)项'],
    ['信息内容', '本年收费金额(单位:万元)'],
    ['行政事业性收费', '12.3456'],
    [],
    ['四、因政府信息公开工作被申请行政复议、提起行政诉讼情况'],
    ['行政复议', null, null, null, null, '行政诉讼'],
    ['结果\n维持', '结果\n纠正', '其他\n结果', '尚未\n审结', '总计', '未经复议直接起诉', null, null, null, null, '复议后起诉'],
    [null, null, null, null, null, '结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计'],
    [1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 2, 2],
  ];
  const report = reportFromGrid(workbook([sheetFromRows('Sheet1', rows)], '某某镇.xlsx'));

  it('is recognised as the 2021 format and read without an error', () => {
    expect(report.format).toBe('2021');
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(report.source.kind).toBe('workbook');
  });

  it('reads table 三 by row and column labels', () => {
    const n = (k: string) => report.values[k]?.number;
    expect([n('applications.newReceived.natural'), n('applications.newReceived.otherOrgs'), n('applications.newReceived.total')]).toEqual([1, 6, 21]);
    expect(report.values['applications.newReceived.total']!.provenance.cell).toBe('J7');
    expect(n('applications.unavailableNotHeld.commercial')).toBe(2);
    expect(n('applications.notProcessedRepeated.research')).toBe(3);
    expect(n('applications.otherOverdueCorrection.publicInterest')).toBe(4);
    expect(n('applications.otherUnpaidFees.legalServices')).toBe(5);
    expect(n('applications.otherReasons.otherOrgs')).toBe(6);
    expect(n('applications.notProcessedExcessive.natural')).toBe(0);
    expect(n('applications.carryForward.total')).toBe(0);
  });

  it('reads table 二 blocks, the merged-width 本年处理决定数量 and exact money', () => {
    expect(report.values['active.normativeDocuments.inForce']!.number).toBe(12);
    expect(report.values['active.licensing.decisions']!.number).toBe(120);
    expect(report.values['active.penalty.decisions']!.number).toBe(7);
    expect(report.values['active.fees.feeAmount']).toMatchObject({ kind: 'number', scaled: 123456 });
  });

  it('reads table 四 by its three header rows', () => {
    const v = (c: string) => report.values[`reviews.cases.${c}`]!.number;
    expect([v('reviewUpheld'), v('reviewTotal'), v('directCorrected'), v('directTotal'), v('afterReviewPending'), v('afterReviewTotal')]).toEqual([1, 1, 1, 1, 2, 2]);
  });

  it('accepts headers cut short where their position says which they are (2019: `本年新`, `本年增/`)', () => {
    const r = reportFromGrid(
      workbook([
        sheetFromRows('表', [
          ['第二十条第（一）项'],
          ['信息内容', '本年新', '本年新', '对外公开总数量'],
          ['规章', 1, 2, 3],
          ['规范性文件', 4, 5, 6],
          ['第二十条第（五）项'],
          ['信息内容', '上一年项目数量', '本年增/', '处理决定数量'],
          ['行政许可', 7, '+3', 9],
          ['其他对外管理服务事项', 10, -1, 12],
        ]),
      ]),
    );
    expect(r.format).toBe('2019');
    const n = (k: string) => r.values[`active.${k}`]!.number;
    expect([n('regulations.newlyMade'), n('regulations.newlyPublished'), n('normativeDocuments.publishedTotal')]).toEqual([1, 2, 6]);
    expect([n('licensing.change'), n('otherServices.change'), n('otherServices.decisions')]).toEqual([3, -1, 12]);
    expect(r.values['active.licensing.change']!.readAs).toContain('plusSign');
  });
});

describe('speed', () => {
  // speed is measured by `npm run bench`, not asserted here; what a user depends on is that the fast path is taken
  it('locates a template-made workbook through its metadata, without searching for labels', () => {
    const f = formats['2021'];
    const wb = templateWorkbook(f, 2025, distinctNumbers(f));
    const location = locate(wb, { metadata: readGridMetadata(wb) });
    expect(location.via).toBe('template');
    expect(location.findings).toEqual([]);
  });
});

describe('基本信息 as units write it', () => {
  const tables = tableSheets(formats['2021'], {});

  it('reads `标签：值` in one cell, a value several cells to the right, and a date in 年月日', () => {
    const info = sheetFromRows('封面', [
      ['单位名称：某某乡人民政府'],
      ['统一社会信用代码', null, null, '11410000MB7654321Y'],
      ['填报日期：', '2026年1月20日'],
      ['报告年度', '2025年度'],
    ]);
    const report = reportFromGrid(workbook([info, ...tables]));
    expect(report.unit).toEqual({ name: '某某乡人民政府', code: '11410000MB7654321Y', filledDate: '2026-01-20' });
    expect(report.reportYear).toBe(2025);
    expect(report.findings).toEqual([]);
  });

  it('reports a 填报日期 that is not a date at its cell, and keeps no invented date', () => {
    const info = sheetFromRows('基本信息', [['单位名称', '某某局'], ['填报日期', '下周一']]);
    const report = reportFromGrid(workbook([info, ...tables]));
    expect(report.unit.filledDate).toBeUndefined();
    expect(report.findings).toEqual([
      expect.objectContaining({ code: 'DATE_UNREADABLE', severity: 'warning', sheet: '基本信息', cells: ['基本信息!B2'], unit: '某某局' }),
    ]);
  });
});
