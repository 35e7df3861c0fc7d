/**
 * The table sheets of both formats show exactly the official labels, in the official order, with the official
 * merges — checked against lists typed from the spec.
 */
import { describe, expect, it } from 'vitest';
import { formatForYear, UnsupportedYearError } from '../../src/formats/index.js';
import * as expected from './expected.js';
import { sheet, textRows, writeAndRead } from './helpers.js';

describe('formatForYear', () => {
  it('refuses years before 2019 with a Chinese message', () => {
    expect(() => formatForYear(2018)).toThrow(UnsupportedYearError);
    expect(() => formatForYear(2018)).toThrow(/2018.*2019/);
  });
  it('uses the 2019 format for 2019 and 2020, the 2021 format from 2021 on', () => {
    expect(formatForYear(2019).id).toBe('2019');
    expect(formatForYear(2020).id).toBe('2019');
    expect(formatForYear(2021).id).toBe('2021');
    expect(formatForYear(2025).id).toBe('2021');
  });
});

function merges(ws: import('exceljs').Worksheet): string[] {
  return [...(ws.model.merges as string[])];
}

describe.each([
  { year: 2025, active: expected.active2021, applications: expected.applications2021, merges3: expected.applicationsMerges2021 },
  { year: 2020, active: expected.active2019, applications: expected.applications2019, merges3: expected.applicationsMerges2019 },
])('template for $year', ({ year, active, applications, merges3 }) => {
  it('has the instructions, basic information, three tables, 情况说明 and a very hidden metadata sheet, in that order', async () => {
    const { workbook } = await writeAndRead(year);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      '填表说明',
      '基本信息',
      expected.tableSheets.active,
      expected.tableSheets.applications,
      expected.tableSheets.reviews,
      '情况说明',
      '_nianbao',
    ]);
    expect(workbook.worksheets.map((w) => w.state)).toEqual(['visible', 'visible', 'visible', 'visible', 'visible', 'visible', 'veryHidden']);
  });

  it('table 二 shows every block title, header and row label in the official order', async () => {
    const { workbook } = await writeAndRead(year);
    expect(textRows(sheet(workbook, expected.tableSheets.active), active.length)).toEqual(active);
  });

  it('table 三 shows the 勾稽 sentence in A1 and every label in the official order', async () => {
    const { workbook } = await writeAndRead(year);
    const ws = sheet(workbook, expected.tableSheets.applications);
    expect(ws.getCell('A1').value).toBe(expected.sentence);
    expect(textRows(ws, applications.length)).toEqual(applications);
  });

  it('table 三 merges its header and row labels as the official table does', async () => {
    const { workbook } = await writeAndRead(year);
    const ws = sheet(workbook, expected.tableSheets.applications);
    const tableMerges = merges(ws).filter((m) => Number(/\d+$/.exec(m)![0]) <= applications.length);
    expect(tableMerges.sort()).toEqual([...merges3].sort());
  });

  it('table 四 shows its three header rows and merges them as the official table does', async () => {
    const { workbook } = await writeAndRead(year);
    const ws = sheet(workbook, expected.tableSheets.reviews);
    expect(textRows(ws, 3)).toEqual(expected.reviews);
    expect(merges(ws).sort()).toEqual([...expected.reviewsMerges].sort());
    // the single data row: every input pre-filled with 0
    for (const a of ['A4', 'B4', 'C4', 'D4', 'F4', 'G4', 'H4', 'I4', 'K4', 'L4', 'M4', 'N4']) expect(ws.getCell(a).value).toBe(0);
  });

  it('freezes the header rows (and table 三 its label columns) and prints on A4, fit to width, headers repeated', async () => {
    const { workbook } = await writeAndRead(year);
    const three = sheet(workbook, expected.tableSheets.applications);
    expect(three.views[0]).toMatchObject({ state: 'frozen', xSplit: 3, ySplit: 3 });
    expect(three.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:3' });
    const four = sheet(workbook, expected.tableSheets.reviews);
    expect(four.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(four.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: '1:3' });
    expect(sheet(workbook, expected.tableSheets.active).pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToWidth: 1 });
    expect(three.headerFooter.oddHeader).toContain('三、收到和处理政府信息公开申请情况');
    // the printed page is the official table alone (10 columns; 3 header rows + 23 or 25 rows), not the live check below it
    expect(three.pageSetup.printArea).toBe(year >= 2021 ? 'A1:J28' : 'A1:J26');
    expect(four.pageSetup.printArea).toBe('A1:O4');
  });

  it('gives every label column room: the longest labels wrap instead of being cut', async () => {
    const { workbook } = await writeAndRead(year);
    const ws = sheet(workbook, expected.tableSheets.applications);
    const c = ws.getCell('C12');
    expect(c.alignment?.wrapText).toBe(true);
    expect(ws.getColumn(3).width).toBeGreaterThanOrEqual(20);
    // the long （二） label over B:C needs more than the default row height
    expect(ws.getRow(7).height).toBeGreaterThan(20);
  });
});
