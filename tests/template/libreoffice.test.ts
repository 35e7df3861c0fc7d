/**
 * Another reader than exceljs: LibreOffice opens both formats' templates, prints them to PDF, exports every sheet
 * to CSV with the official labels in order, and (via flat ODS) sees the merges, validations, unlocked input cells
 * and protected sheets.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatForYear } from '../../src/formats/index.js';
import { reportFromNumbers } from '../../src/report/build.js';
import { templateBuffer } from '../../src/template/index.js';
import { convertWithLibreOffice } from '../helpers/libreoffice.js';
import * as expected from './expected.js';
import { tempDir } from './helpers.js';

/** Parse LibreOffice's CSV (comma, double quotes) into rows of fields. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else if (ch !== '\r') field += ch;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

const labelsOnly = (rows: string[][]) => rows.map((r) => r.filter((f) => f !== '' && !/^[-\d.]+$/.test(f)));

const cases = [
  { year: 2025, id: '2021', active: expected.active2021, applications: expected.applications2021 },
  { year: 2020, id: '2019', active: expected.active2019, applications: expected.applications2019 },
];

describe('LibreOffice reads the templates', () => {
  const files: Record<string, string> = {};
  let dir = '';
  let filled = '';
  let inexact = '';

  beforeAll(async () => {
    dir = await tempDir('nianbao-lo-');
    for (const c of cases) {
      files[c.id] = join(dir, `template${c.id}.xlsx`);
      await writeFile(files[c.id]!, await templateBuffer({ format: formatForYear(c.year), reportYear: c.year }));
    }
    // a filled workbook whose 自然人 column does not balance: 5 + 0 ≠ 3 + 0
    const format = formatForYear(2025);
    const report = reportFromNumbers({
      format,
      reportYear: 2025,
      numbers: { 'applications.newReceived.natural': 5, 'applications.granted.natural': 3, 'applications.newReceived.commercial': 1, 'applications.granted.commercial': 1 },
    });
    filled = join(dir, 'filled.xlsx');
    await writeFile(filled, await templateBuffer({ format, reportYear: 2025, report }));
    // 1.5 in a count cell (a number as a source showed it, not a count): the totals over it carry no cached result
    const odd = structuredClone(report);
    odd.values['applications.granted.natural'] = { ...odd.values['applications.granted.natural']!, scaled: null, number: 1.5, raw: '1.5' };
    inexact = join(dir, 'inexact.xlsx');
    await writeFile(inexact, await templateBuffer({ format, reportYear: 2025, report: odd }));
  });

  it('converts both formats to PDF', async () => {
    const out = await tempDir('nianbao-lo-pdf-');
    const pdfs = await convertWithLibreOffice(Object.values(files), 'pdf', out);
    expect(pdfs).toHaveLength(2);
    for (const p of pdfs) {
      const pdf = await readFile(p);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      // A4 pages: portrait for the instructions and table 二, landscape for 三 and 四
      expect(pdf.toString('latin1')).toMatch(/MediaBox\s*\[\s*0 0 841\.88\d* 595\.30/);
    }
  });

  /** one soffice run converts all three workbooks to CSV (process start dominates the cost) */
  let csvs: Promise<string[]> | undefined;
  const allCsvs = () => (csvs ??= tempDir('nianbao-lo-csv-').then((out) => convertWithLibreOffice([...Object.values(files), filled, inexact], 'csv', out)));

  it.each(cases)('CSV of every sheet ($id format) shows every official label in the spec order', async (c) => {
    const stem = `template${c.id}`;
    const list = await allCsvs();
    const bySheet = (name: string) => {
      const f = list.find((p) => p.endsWith(`/${stem}-${name}.csv`));
      if (!f) throw new Error(`no CSV for sheet ${name}: ${list.join(', ')}`);
      return readFile(f, 'utf8').then(csvRows);
    };
    expect(labelsOnly(await bySheet(expected.tableSheets.active)).slice(0, c.active.length)).toEqual(c.active);
    expect(labelsOnly(await bySheet(expected.tableSheets.applications)).slice(0, c.applications.length)).toEqual(c.applications);
    const four = await bySheet(expected.tableSheets.reviews);
    expect(labelsOnly(four).slice(0, 3)).toEqual(expected.reviews);
    expect(four[3]).toEqual(new Array(15).fill('0'));
  });

  it('CSV shows the totals and the balance check computed from written values', async () => {
    const list = await allCsvs();
    const rows = csvRows(await readFile(list.find((p) => p.endsWith(`/filled-${expected.tableSheets.applications}.csv`))!, 'utf8'));
    expect(rows[3]!.slice(3)).toEqual(['5', '1', '0', '0', '0', '0', '6']); // 一、本年新收, 总计 = 6
    expect(rows[26]!.slice(3)).toEqual(['3', '1', '0', '0', '0', '0', '4']); // （七）总计
    expect(rows[29]![0]).toMatch(/^勾稽关系校验/);
    expect(rows[29]!.slice(3)).toEqual(['2', '平衡', '平衡', '平衡', '平衡', '平衡', '2']);
  });

  it('computes on opening the totals we wrote without a cached result (an input its domain cannot hold exactly)', async () => {
    const list = await allCsvs();
    const rows = csvRows(await readFile(list.find((p) => p.endsWith(`/inexact-${expected.tableSheets.applications}.csv`))!, 'utf8'));
    expect(rows[5]!.slice(3)).toEqual(['1.5', '1', '0', '0', '0', '0', '2.5']); // （一）予以公开: 1.5 as written, 总计 2.5
    expect(rows[26]!.slice(3)).toEqual(['1.5', '1', '0', '0', '0', '0', '2.5']); // （七）总计
    expect(rows[29]!.slice(3)).toEqual(['3.5', '平衡', '平衡', '平衡', '平衡', '平衡', '3.5']);
  });

  it('flat ODS shows merges, validations, unlocked input cells and protected sheets', async () => {
    const out = await tempDir('nianbao-lo-fods-');
    const [fods] = await convertWithLibreOffice(files['2021']!, 'fods', out);
    const xml = await readFile(fods!, 'utf8');
    const table = (name: string) => {
      const m = new RegExp(`<table:table table:name="${name}"([^>]*)>([\\s\\S]*?)</table:table>`).exec(xml);
      if (!m) throw new Error(`no table ${name}`);
      return { attrs: m[1]!, body: m[2]! };
    };
    for (const name of ['填表说明', '基本信息', ...Object.values(expected.tableSheets)]) {
      expect(table(name).attrs, name).toContain('table:protected="true"');
    }
    const three = table(expected.tableSheets.applications).body;
    // A1:C3 with the 勾稽 sentence; D1:J1 申请人情况; the result block spanning 22 rows in column A
    expect(three).toMatch(/table:number-columns-spanned="3" table:number-rows-spanned="3"[^>]*>\s*<text:p>（本列数据的勾稽关系为/);
    expect(three).toMatch(/table:number-columns-spanned="7" table:number-rows-spanned="1"[^>]*>\s*<text:p>申请人情况/);
    expect(three).toMatch(/table:number-columns-spanned="1" table:number-rows-spanned="22"[^>]*>\s*<text:p>三、本年度办理结果/);
    const four = table(expected.tableSheets.reviews).body;
    expect(four).toMatch(/table:number-columns-spanned="10" table:number-rows-spanned="1"[^>]*>\s*<text:p>行政诉讼/);
    // validations: whole ≥ 0 for counts, the 4-decimal formula for money
    expect(xml).toMatch(/table:content-validation [^>]*table:condition="of:cell-content-is-whole-number\(\) and cell-content\(\)&gt;=0"/);
    expect(xml).toMatch(/table:content-validation [^>]*ROUND\(\[\.B14\];4\)=\[\.B14\]/);
    expect(xml).toMatch(/<table:help-message [^>]*>\s*<text:p>请填写大于或等于 0 的整数/);
    // input cells carry a validation and a style whose protection is off; total cells do not
    const styleOf = (tag: string) => /table:style-name="([^"]+)"/.exec(tag)?.[1];
    const cellTags = [...three.matchAll(/<table:table-cell [^>]*>/g)].map((m) => m[0]);
    const inputStyles = new Set(cellTags.filter((t) => t.includes('table:content-validation-name=')).map(styleOf));
    expect(inputStyles.size).toBeGreaterThan(0);
    for (const s of inputStyles) {
      expect(xml).toMatch(new RegExp(`<style:style style:name="${s}"[^>]*>\\s*<style:table-cell-properties[^>]*style:cell-protect="none"`));
    }
    const totalStyle = styleOf(cellTags.find((t) => t.includes('table:formula="of:=SUM([.D4:.I4])"')) ?? '');
    expect(totalStyle).toBeDefined();
    expect(xml).not.toMatch(new RegExp(`<style:style style:name="${totalStyle}"[^>]*>\\s*<style:table-cell-properties[^>]*style:cell-protect="none"`));
  });
});
