/**
 * 情况说明: the template's sheet with lists from the definition, a unit's explanation turning the warning it explains
 * into an info EXPLAINED with its words, errors never explained away, older templates and free-form sheets left
 * alone. The unit's workbook is filled by a second writer (xlsx-populate), as a unit's own software would.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import XlsxPopulate from 'xlsx-populate';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkReport } from '../../src/check/checkReport.js';
import { allItemLabels, explainTables } from '../../src/explain/items.js';
import { formatForYear } from '../../src/formats/index.js';
import { readReport } from '../../src/io/readReport.js';
import { reportFromNumbers } from '../../src/report/build.js';
import type { Report } from '../../src/report/report.js';
import { templateBuffer, writeTemplate } from '../../src/template/workbook.js';
import { repoRoot } from '../helpers/paths.js';

const format = formatForYear(2025);
const tableTwo = explainTables(format).find((t) => t.id === 'active')!.label;
const reason = '2025 年 3 月有 1 件规章因上位法废止而自然失效，未履行废止程序，故不计入本年废止件数。';

/** last year: 10 regulations in force; this year 2 issued, 0 repealed, 11 in force (one expired by itself) */
const previous: Report = reportFromNumbers({ format, reportYear: 2024, numbers: { 'active.regulations.inForce': 10 }, unit: { name: '某局' } });
const thisYear = { 'active.regulations.issued': 2, 'active.regulations.inForce': 11 };

let dir: string;
let blank: string;

async function unitWorkbook(name: string, numbers: Record<string, number>): Promise<string> {
  const report = reportFromNumbers({ format, reportYear: 2025, numbers, unit: { name: '某局', filler: '张三', phone: '0379-1', filledDate: '2026-01-15' } });
  const file = join(dir, name);
  await writeTemplate({ format, reportYear: 2025, report, unit: report.unit }, file);
  return file;
}

/** The unit's software fills rows of 情况说明 (or of any sheet) and saves. */
async function explain(file: string, rows: [string, string, string][], o: { sheet?: string; dropMetadata?: boolean; edit?: (wb: XlsxPopulate.Workbook) => void } = {}): Promise<string> {
  const wb = await XlsxPopulate.fromDataAsync(await readFile(file));
  const sheetName = o.sheet ?? '情况说明';
  const sheet = wb.sheet(sheetName) ?? wb.addSheet(sheetName);
  if (o.sheet) sheet.cell('A3').value([['序号', '表', '行（项目）', '情况说明']]);
  rows.forEach((r, i) => sheet.cell(`B${4 + i}`).value([r]));
  if (o.dropMetadata) wb.deleteSheet('_nianbao');
  o.edit?.(wb);
  const out = file.replace(/\.xlsx$/, `-${o.sheet ?? 'explained'}${o.dropMetadata ? '-nometa' : ''}.xlsx`);
  await writeFile(out, (await wb.outputAsync()) as Buffer);
  return out;
}

async function findingsOf(file: string) {
  const read = await readReport(file);
  if (!read.ok) throw new Error(read.message);
  return { report: read.report, findings: checkReport(read.report, { previous }) };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nianbao-explain-'));
  blank = join(dir, 'blank.xlsx');
  await writeFile(blank, await templateBuffer({ format, reportYear: 2025 }));
});

describe('the template’s 情况说明 sheet', () => {
  it('offers the tables and rows of the definition as validation lists, with only the three columns open', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(blank)) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('情况说明')!;
    expect(sheet.getRow(3).values).toEqual([undefined, '序号', '表', '行（项目）', '情况说明']);
    const meta = wb.getWorksheet('_nianbao')!;
    const column = (c: number) => {
      const out: string[] = [];
      for (let r = 1; r <= meta.rowCount; r += 1) {
        const v = meta.getCell(r, c).value;
        if (v !== null && v !== undefined) out.push(String(v));
      }
      return out;
    };
    expect(column(4)).toEqual(format.tables.map((t) => explainTables(format).find((x) => x.id === t.id)!.label));
    expect(column(4)[0]).toBe('表二“主动公开政府信息情况”');
    expect(column(5)).toEqual(allItemLabels(format));
    expect(column(5)).toContain('规章');
    expect(column(5)).toContain('三、（三）不予公开 1.属于国家秘密');
    for (const r of [4, 23]) {
      expect(sheet.getCell(`B${r}`).dataValidation).toMatchObject({ type: 'list', formulae: ['_nianbao!$D$1:$D$3'] });
      expect(sheet.getCell(`C${r}`).dataValidation).toMatchObject({ type: 'list', formulae: [`_nianbao!$E$1:$E$${allItemLabels(format).length}`] });
      for (const c of ['B', 'C', 'D']) expect(sheet.getCell(`${c}${r}`).protection?.locked).toBe(false);
      expect(sheet.getCell(`A${r}`).protection?.locked).not.toBe(false);
    }
    expect((sheet as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
  });

  it('a blank template reads with no explanation and no finding about it', async () => {
    const { report, findings } = await findingsOf(blank);
    expect(report.explanations).toBeUndefined();
    expect(findings.filter((f) => f.code.startsWith('EXPLAN'))).toEqual([]);
  });
});

describe('explanations of warnings', () => {
  it('without an explanation, the in-force rule warns', async () => {
    const file = await unitWorkbook('plain.xlsx', thisYear);
    const { findings } = await findingsOf(file);
    expect(findings.filter((f) => f.severity !== 'info').map((f) => f.code)).toEqual(['IN_FORCE']);
  });

  it('the unit’s explanation of the row turns the warning into EXPLAINED, with its words, in the same cells', async () => {
    const file = await explain(await unitWorkbook('a.xlsx', thisYear), [[tableTwo, '规章', reason]]);
    const { report, findings } = await findingsOf(file);
    expect(report.explanations).toEqual([{ table: 'active', item: '规章', text: reason, provenance: { file, sheet: '情况说明', cell: 'D4' } }]);
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
    const explained = findings.filter((f) => f.code === 'EXPLAINED');
    expect(explained).toHaveLength(1);
    expect(explained[0]).toMatchObject({ severity: 'info', explains: 'IN_FORCE', explanation: reason, cells: ['二、主动公开!D3', '二、主动公开!B3', '二、主动公开!C3'] });
    expect(explained[0]!.message).toContain(reason);
  });

  it('（整张表） explains any warning of the table; an explanation of another row does not', async () => {
    const whole = await findingsOf(await explain(await unitWorkbook('b.xlsx', thisYear), [[tableTwo, '（整张表）', reason]]));
    expect(whole.findings.map((f) => f.code)).toContain('EXPLAINED');
    const other = await findingsOf(await explain(await unitWorkbook('c.xlsx', thisYear), [[tableTwo, '行政规范性文件', reason]]));
    expect(other.findings.filter((f) => f.severity === 'warning').map((f) => f.code)).toEqual(['IN_FORCE']);
    expect(other.findings.find((f) => f.code === 'EXPLANATION_UNUSED')?.cells).toEqual(['情况说明!D4']);
  });

  it('an error cannot be explained away', async () => {
    const file = await explain(await unitWorkbook('d.xlsx', { ...thisYear, 'active.regulations.repealed': -1 }), [[tableTwo, '规章', reason]]);
    const { findings } = await findingsOf(file);
    expect(findings.filter((f) => f.severity === 'error').map((f) => f.code)).toEqual(['DOMAIN_NEGATIVE']);
  });

  it('a table or row not from the lists is a warning naming the cell, and the explanation is not used', async () => {
    const file = await explain(await unitWorkbook('e.xlsx', thisYear), [[tableTwo, '规章制度', reason]]);
    const { findings } = await findingsOf(file);
    expect(findings.find((f) => f.code === 'EXPLANATION_UNREADABLE')).toMatchObject({ severity: 'warning', cells: ['情况说明!C4'] });
    expect(findings.map((f) => f.code)).toContain('IN_FORCE');
  });

  it('an explanation in a free-form sheet, or in a workbook that is not from our template, is ignored, not guessed', async () => {
    const free = await findingsOf(await explain(await unitWorkbook('f.xlsx', thisYear), [[tableTwo, '规章', reason]], { sheet: '说明' }));
    expect(free.report.explanations).toBeUndefined();
    expect(free.findings.map((f) => f.code)).toContain('IN_FORCE');
    const notOurs = await findingsOf(await explain(await unitWorkbook('g.xlsx', thisYear), [[tableTwo, '规章', reason]], { dropMetadata: true }));
    expect(notOurs.report.explanations).toBeUndefined();
    expect(notOurs.findings.map((f) => f.code)).toContain('IN_FORCE');
  });

  it('a workbook from an older template without the sheet reads as before', async () => {
    const sample = join(repoRoot, 'samples', '2025-示例县', '示例县教育局.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(sample)) as unknown as ArrayBuffer);
    expect(wb.getWorksheet('情况说明')).toBeUndefined();
    const read = await readReport(sample);
    expect(read.ok && read.report.explanations).toBeUndefined();
    expect(read.ok && checkReport(read.report).filter((f) => f.severity !== 'info')).toEqual([]);
  });
});
