/**
 * What a clerk relies on in the table cells: inputs are unlocked, pre-filled with 0 and validated by domain;
 * totals are locked SUM formulas whose cached results are right; table 三 shows a live balance check; a Report's
 * values land in the right cells, money exactly.
 */
import { describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { formatForYear } from '../../src/formats/index.js';
import { reportFromNumbers } from '../../src/report/build.js';
import * as expected from './expected.js';
import { sheet, writeAndRead } from './helpers.js';

/** Parts of the exceljs worksheet model its typings leave out. */
interface WorksheetModelExtras {
  conditionalFormattings: { ref: string; rules: { type: string; formulae?: string[] }[] }[];
  sheetProtection: { sheet?: boolean; formatCells?: boolean; algorithmName?: string; hashValue?: string; saltValue?: string; spinCount?: number };
}
const extras = (ws: ExcelJS.Worksheet) => ws as unknown as WorksheetModelExtras;

const formulaOf = (c: ExcelJS.Cell) => (c.value as ExcelJS.CellFormulaValue).formula;
// exceljs leaves a cached 0 out of `cell.value` but returns it from `cell.result`
const resultOf = (c: ExcelJS.Cell) => c.result;

describe('input cells', () => {
  it('are unlocked, filled with 0 and validated: counts whole ≥ 0 with a Chinese prompt and error', async () => {
    const { workbook } = await writeAndRead(2025);
    const ws = sheet(workbook, expected.tableSheets.applications);
    for (const a of ['D4', 'I4', 'D6', 'E14', 'I26']) {
      const c = ws.getCell(a);
      expect(c.value, a).toBe(0);
      expect(c.protection?.locked, a).toBe(false);
      expect(c.dataValidation, a).toMatchObject({ type: 'whole', operator: 'greaterThanOrEqual', formulae: [0], showErrorMessage: true });
      expect(c.dataValidation.prompt).toMatch(/整数/);
      expect(c.dataValidation.error).toMatch(/整数/);
    }
  });

  it('本年增/减 (2019 format) accepts negative whole numbers', async () => {
    const { workbook } = await writeAndRead(2020);
    const ws = sheet(workbook, expected.tableSheets.active);
    expect(ws.getCell('C6').value).toBe('本年增/减');
    expect(ws.getCell('C7').dataValidation).toMatchObject({ type: 'whole', formulae: [-999999999, 999999999] });
    expect(ws.getCell('C7').dataValidation.prompt).toMatch(/负数/);
  });

  it('money (万元) accepts non-negative numbers with at most 4 decimals', async () => {
    const { workbook } = await writeAndRead(2025);
    const ws = sheet(workbook, expected.tableSheets.active);
    expect(ws.getCell('B13').value).toBe('本年收费金额（单位：万元）');
    const dv = ws.getCell('B14').dataValidation;
    expect(dv.type).toBe('custom');
    expect(dv.formulae[0]).toBe('AND(ISNUMBER(B14),B14>=0,ROUND(B14,4)=B14)');
    expect(dv.prompt).toMatch(/万元/);
    expect(ws.getCell('B14').numFmt).toBe('0.0000');
  });
});

describe('total cells', () => {
  it('are locked SUM formulas over their items (table 三 row and column totals, table 四 totals)', async () => {
    const { workbook } = await writeAndRead(2025);
    const three = sheet(workbook, expected.tableSheets.applications);
    expect(formulaOf(three.getCell('J4'))).toBe('SUM(D4:I4)');
    expect(formulaOf(three.getCell('J28'))).toBe('SUM(D28:I28)');
    expect(formulaOf(three.getCell('D27'))).toBe('SUM(D6:D26)'); // （七）总计 over （一）…（六）3
    expect(formulaOf(three.getCell('I27'))).toBe('SUM(I6:I26)');
    expect(three.getCell('J27').protection?.locked ?? true).toBe(true);
    expect(three.getCell('J27').dataValidation).toBeUndefined();
    const four = sheet(workbook, expected.tableSheets.reviews);
    expect(formulaOf(four.getCell('E4'))).toBe('SUM(A4:D4)');
    expect(formulaOf(four.getCell('J4'))).toBe('SUM(F4:I4)');
    expect(formulaOf(four.getCell('O4'))).toBe('SUM(K4:N4)');
    expect(resultOf(four.getCell('O4'))).toBe(0);
  });

  it('2019 format: （七）总计 sums the 20-row result block with its single （六） row', async () => {
    const { workbook } = await writeAndRead(2020);
    const three = sheet(workbook, expected.tableSheets.applications);
    expect(formulaOf(three.getCell('D25'))).toBe('SUM(D6:D24)');
    expect(three.getCell('D26').value).toBe(0); // 四、结转下年度继续办理 is an input
  });

  it('carry the right cached results when a report is written, and the balance check shows the difference', async () => {
    const format = formatForYear(2025);
    const report = reportFromNumbers({
      format,
      reportYear: 2025,
      numbers: {
        'applications.newReceived.natural': 10,
        'applications.newReceived.commercial': 2,
        'applications.carriedOver.natural': 1,
        'applications.granted.natural': 6,
        'applications.withheldStateSecret.natural': 1,
        'applications.otherReasons.natural': 2,
        'applications.granted.commercial': 2,
        'applications.carryForward.natural': 1,
        'reviews.cases.reviewUpheld': 3,
        'reviews.cases.reviewPending': 1,
        'reviews.cases.afterReviewCorrected': 2,
        'active.fees.feeAmount': 12.3456,
      },
    });
    const { workbook } = await writeAndRead(2025, { report });
    const three = sheet(workbook, expected.tableSheets.applications);
    expect(three.getCell('D4').value).toBe(10);
    expect(resultOf(three.getCell('J4'))).toBe(12);
    expect(resultOf(three.getCell('D27'))).toBe(9); // 6 + 1 + 2
    expect(resultOf(three.getCell('E27'))).toBe(2);
    expect(resultOf(three.getCell('J27'))).toBe(11);
    // 自然人: 10 + 1 = 11 vs 9 + 1 = 10 → difference 1; 商业企业: 2 = 2 → balanced
    const checkRow = 30;
    expect(String(three.getCell(`A${checkRow}`).value)).toMatch(/^勾稽关系校验/);
    expect(formulaOf(three.getCell(`D${checkRow}`))).toBe('IF(SUM(D4:D5)-SUM(D27:D28)=0,"平衡",SUM(D4:D5)-SUM(D27:D28))');
    expect(resultOf(three.getCell(`D${checkRow}`))).toBe(1);
    expect(resultOf(three.getCell(`E${checkRow}`))).toBe('平衡');
    expect(resultOf(three.getCell(`J${checkRow}`))).toBe(1);
    const cf = extras(three).conditionalFormattings.find((c) => c.ref === `D${checkRow}`);
    expect(cf?.rules[0]).toMatchObject({ type: 'expression', formulae: [`D${checkRow}<>"平衡"`] });
    const four = sheet(workbook, expected.tableSheets.reviews);
    expect(resultOf(four.getCell('E4'))).toBe(4);
    expect(resultOf(four.getCell('O4'))).toBe(2);
    expect(sheet(workbook, expected.tableSheets.active).getCell('B14').value).toBe(12.3456);
  });

  it('writes no cached result of ours where an input is not exact in its domain (1.5 件): the spreadsheet computes it', async () => {
    const format = formatForYear(2025);
    const report = reportFromNumbers({ format, reportYear: 2025, numbers: { 'applications.granted.commercial': 1 } });
    report.values['applications.granted.natural'] = { ...report.values['applications.granted.natural']!, scaled: null, number: 1.5, raw: '1.5' };
    const { workbook } = await writeAndRead(2025, { report });
    const three = sheet(workbook, expected.tableSheets.applications);
    expect(three.getCell('D6').value).toBe(1.5);
    for (const ref of ['J6', 'D27', 'J27', 'D30', 'J30']) {
      expect(formulaOf(three.getCell(ref)), ref).toBeTruthy();
      expect(resultOf(three.getCell(ref)), ref).toBeUndefined();
    }
    expect(resultOf(three.getCell('E27'))).toBe(1); // 商业企业 does not depend on it
    expect(resultOf(three.getCell('E30'))).toBe(-1);
  });

  it('writes a blank or textual value as the report holds it, never as a silent 0', async () => {
    const format = formatForYear(2025);
    const report = reportFromNumbers({ format, reportYear: 2025 });
    report.values['applications.newReceived.natural'] = { ...report.values['applications.newReceived.natural']!, kind: 'blank', scaled: null, number: null, raw: '' };
    report.values['applications.newReceived.research'] = { ...report.values['applications.newReceived.research']!, kind: 'notApplicable', scaled: null, number: null, raw: '—' };
    const { workbook } = await writeAndRead(2025, { report });
    const three = sheet(workbook, expected.tableSheets.applications);
    expect(three.getCell('D4').value).toBeNull();
    expect(three.getCell('F4').value).toBe('—');
  });
});

describe('sheet protection', () => {
  it('protects every visible sheet without a password by default, formatting still allowed', async () => {
    const { workbook } = await writeAndRead(2025);
    for (const ws of workbook.worksheets.filter((w) => w.state === 'visible')) {
      expect(extras(ws).sheetProtection, ws.name).toMatchObject({ sheet: true, formatCells: true });
      expect(extras(ws).sheetProtection.hashValue, ws.name).toBeUndefined();
    }
  });

  it('with a password, stores the standard SHA-512 hash Excel verifies against that password', async () => {
    const { workbook } = await writeAndRead(2025, { password: 'mima123' });
    const p = extras(sheet(workbook, expected.tableSheets.applications)).sheetProtection;
    expect(p).toMatchObject({ sheet: true, algorithmName: 'SHA-512', spinCount: 100000 });
    // ECMA-376 Part 4, 2.4.2.4 (ISO/IEC 29500 password hash), computed here independently
    let h = createHash('sha512').update(Buffer.concat([Buffer.from(p.saltValue!, 'base64'), Buffer.from('mima123', 'utf16le')])).digest();
    for (let i = 0; i < 100000; i++) {
      const it = Buffer.alloc(4);
      it.writeUInt32LE(i);
      h = createHash('sha512').update(Buffer.concat([h, it])).digest();
    }
    expect(p.hashValue).toBe(h.toString('base64'));
  });
});

describe('基本信息 and metadata', () => {
  it('writes the unit into 基本信息 (value cells unlocked) and the very hidden metadata sheet', async () => {
    const { workbook } = await writeAndRead(2025, { unit: { name: '某某县科技局', code: '91350100M000100Y43' }, region: '某某县' });
    const info = sheet(workbook, '基本信息');
    const rows = [2, 3, 4, 5, 6, 7, 8].map((r) => [info.getCell(`A${r}`).value, info.getCell(`B${r}`).value]);
    expect(rows).toEqual([
      ['单位名称', '某某县科技局'],
      ['统一社会信用代码', '91350100M000100Y43'],
      ['所属地区', '某某县'],
      ['报告年度', 2025],
      ['填报人', null],
      ['联系电话', null],
      ['填报日期', null],
    ]);
    for (let r = 2; r <= 8; r++) expect(info.getCell(`B${r}`).protection?.locked).toBe(false);
    const meta = sheet(workbook, '_nianbao');
    const kv = Object.fromEntries(meta.getSheetValues().slice(1).map((row) => [(row as unknown[])[1], (row as unknown[])[2]]));
    expect(kv).toMatchObject({ format: '2021', templateVersion: '1', reportYear: 2025, unitName: '某某县科技局', unitCode: '91350100M000100Y43', generatorVersion: '0.1.0' });
  });

  it('填表说明 states the deadline: 1月31日 of the following year', async () => {
    const { workbook } = await writeAndRead(2025, { region: '某某县' });
    const text = sheet(workbook, '填表说明').getColumn(1).values.join('\n');
    expect(text).toContain('2026年1月31日');
    expect(text).toContain('某某县政府信息公开工作主管部门');
    expect(text).toContain('2025年1月1日至2025年12月31日');
    const old = await writeAndRead(2020);
    expect(sheet(old.workbook, '填表说明').getColumn(1).values.join('\n')).toContain('2021年1月31日');
  });
});
