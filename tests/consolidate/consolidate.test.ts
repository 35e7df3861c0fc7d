/**
 * Consolidation through real files: units' workbooks written by the template writer, consolidated into a summary
 * workbook, read back, and every summary cell compared with sums computed here from the random numbers.
 */
import { mkdir, mkdtemp, readFile, writeFile, readdir, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cellSpecs, formatForYear } from '../../src/formats/index.js';
import { tableLayout, address } from '../../src/layout/tableLayout.js';
import { readReport } from '../../src/io/readReport.js';
import { consolidate } from '../../src/app/consolidate.js';
import type { ConsolidationResult } from '../../src/consolidate/result.js';
import { findingsDocumentSchema } from '../../src/check/jsonOutput.js';
import { exportTables } from '../../src/export/table.js';
import { convertWithLibreOffice } from '../helpers/libreoffice.js';
import { feeKey, random, randomUnit, sumValues, unitCode, writeUnit, type UnitValues } from './fixtures.js';

const format = formatForYear(2025);
const specs = cellSpecs(format);
const now = new Date(2026, 1, 10, 9, 30);

/** A summary workbook's official tables, read back by the readers, as exact integers (money × 10000). */
async function tablesOf(file: string): Promise<UnitValues> {
  const read = await readReport(file);
  if (!read.ok) throw new Error(read.message);
  expect(read.report.source.isSummary).toBe(true);
  const out: UnitValues = {};
  for (const [k, v] of Object.entries(read.report.values)) {
    expect(v.kind === 'number' || v.kind === 'zero', `${k} is ${v.kind}`).toBe(true);
    out[k] = v.scaled!;
  }
  return out;
}

/** The same cells read directly with exceljs at the template layout's addresses (what a clerk sees and prints). */
async function printedTables(file: string): Promise<UnitValues> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: UnitValues = {};
  for (const table of format.tables) {
    const sheet = wb.getWorksheet(table.sheetName)!;
    for (const [key, cell] of tableLayout(table).valueCells) {
      const v = sheet.getCell(address(cell.row, cell.col)).value;
      const n = typeof v === 'number' ? v : (v as { result: number }).result;
      out[key] = key === feeKey ? Math.round(n * 10_000) : n;
    }
  }
  return out;
}

function expectEveryCell(actual: UnitValues, expected: UnitValues): void {
  expect(Object.keys(expected).sort()).toEqual(specs.map((s) => s.key).sort());
  for (const s of specs) expect(actual[s.key], s.key).toBe(expected[s.key]);
}

describe('a county of 30 units from the template, with random values', () => {
  let dir: string;
  let units: UnitValues[];
  let result: ConsolidationResult;
  const names = Array.from({ length: 30 }, (_, i) => `某某县第${i + 1}局`);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nianbao-county-'));
    const rand = random(20250131);
    units = names.map(() => randomUnit(rand));
    for (const [i, name] of names.entries()) {
      await writeUnit(join(dir, 'in', i % 2 ? 'sub' : ''), `${String(i + 1).padStart(2, '0')}-${name}.xlsx`, { name, code: unitCode(i) }, units[i]!);
    }
    // an Excel lock file is not a submission, nor is what a Mac leaves beside a file on a USB stick or in a zip
    // (AppleDouble: magic 00 05 16 07, the file's Finder metadata), even in a folder of its own
    await writeFile(join(dir, 'in', '~$01-某某县第1局.xlsx'), 'lock');
    const appleDouble = Buffer.concat([Buffer.from([0x00, 0x05, 0x16, 0x07, 0x00, 0x02, 0x00, 0x00]), Buffer.alloc(74)]);
    await writeFile(join(dir, 'in', '._01-某某县第1局.xlsx'), appleDouble);
    await mkdir(join(dir, 'in', '__MACOSX'), { recursive: true });
    await writeFile(join(dir, 'in', '__MACOSX', '._02-某某县第2局.xlsx'), appleDouble);
    // a real workbook there too: the folder is a zip's metadata, never read
    await writeUnit(join(dir, 'in', '__MACOSX'), '03-某某县第3局.xlsx', { name: '某某县第3局', code: unitCode(2) }, units[2]!);
    const roster = ['单位名称,统一社会信用代码', ...names.map((n, i) => `${n},${unitCode(i)}`), '某某县未报局,'].join('\r\n');
    await writeFile(join(dir, 'roster.csv'), `\uFEFF${roster}`);
    result = await consolidate({
      inputs: [join(dir, 'in')],
      year: 2025,
      region: '某某县',
      out: join(dir, '汇总.xlsx'),
      roster: join(dir, 'roster.csv'),
      json: join(dir, '汇总.json'),
      csv: join(dir, '明细.csv'),
      now,
    });
  });

  it('sums every cell of the three tables exactly, money to four decimals', async () => {
    const expected = sumValues(units);
    expect(result.counts).toMatchObject({ expected: 31, received: 30, read: 30, included: 30, missing: 1, unreadable: 0 });
    expectEveryCell(await tablesOf(join(dir, '汇总.xlsx')), expected);
    expectEveryCell(await printedTables(join(dir, '汇总.xlsx')), expected);
  });

  it('lists one detail row per unit with a totals row equal to the tables', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, '汇总.xlsx'));
    const sheet = wb.getWorksheet('分单位明细')!;
    const keys = (sheet.getRow(3).values as string[]).slice(1);
    const col = (key: string) => keys.indexOf(key) + 1;
    const expected = sumValues(units);
    const rows = sheet.rowCount;
    expect(rows).toBe(3 + 30 + 1);
    for (let r = 4; r < 4 + 30; r++) {
      const name = sheet.getRow(r).getCell(col('#unitName')).text;
      const i = names.indexOf(name);
      expect(i, name).toBeGreaterThanOrEqual(0);
      expect(sheet.getRow(r).getCell(col('#status')).text).toBe('已报送');
      for (const s of specs) {
        const v = sheet.getRow(r).getCell(col(s.key)).value as number;
        expect(s.key === feeKey ? Math.round(v * 10_000) : v, `${name} ${s.key}`).toBe(units[i]![s.key]);
      }
    }
    for (const s of specs) {
      const v = sheet.getRow(rows).getCell(col(s.key)).value as number;
      expect(s.key === feeKey ? Math.round(v * 10_000) : v, s.key).toBe(expected[s.key]);
    }
    // two header rows of labels from the definition: table 三's rows and its 自然人 column are named
    const header1 = (sheet.getRow(1).values as string[]).join('|');
    const header2 = (sheet.getRow(2).values as string[]).join('|');
    expect(header1).toContain('一、本年新收政府信息公开申请数量');
    expect(header2).toContain('自然人');
  });

  it('says plainly that invalid units are included, and lists the missing roster unit', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, '汇总.xlsx'));
    expect(wb.worksheets.map((s) => s.name).slice(0, 4)).toEqual(['汇总说明', '二、主动公开', '三、依申请公开', '四、复议诉讼']);
    const overview = wb.getWorksheet('汇总说明')!;
    expect(overview.getCell('A2').text).toContain('包含校验有错误的单位（默认）');
    expect(overview.getCell('A3').text).toContain('计入合计的单位 30 个');
    const sub = wb.getWorksheet('报送情况')!;
    const lines = [] as string[];
    sub.eachRow((row) => lines.push((row.values as string[]).slice(1).join('|')));
    expect(lines).toHaveLength(1 + 30 + 1);
    expect(lines.filter((l) => l.includes('按统一社会信用代码'))).toHaveLength(30);
    expect(lines.at(-1)).toMatch(/^（无文件）\|未报送\|否\|某某县未报局/);
    const findings = wb.getWorksheet('校验结果')!;
    expect(findings.autoFilter).toBeTruthy();
    expect(findings.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('writes the same content to JSON and CSV', async () => {
    const json = JSON.parse(await readFile(join(dir, '汇总.json'), 'utf8'));
    expect(json.detail.rows).toHaveLength(31);
    expect(json.totals[feeKey]).toBe(sumValues(units)[feeKey]! / 10_000);
    const csv = await readFile(join(dir, '明细.csv'), 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(1 + 31 + 1); // header, 30 units, totals, final empty
    expect(lines.at(-1)).toBe('');
    expect(json.submissions.rows).toHaveLength(31);
    const subCsv = await readFile(join(dir, '明细.报送情况.csv'), 'utf8');
    expect(subCsv.split('\r\n')).toHaveLength(1 + 31 + 1);
    const findingsCsv = await readFile(join(dir, '明细.校验结果.csv'), 'utf8');
    // the findings in the one JSON shape of findings (check --json's files and totals), the same ones as the CSV
    const doc = findingsDocumentSchema.parse(json.findings);
    const all = doc.files.flatMap((f) => f.findings);
    // every finding of the JSON is a row of the CSV, but without last year's summary each cross-year rule's note,
    // the same for every unit, is one row for all 30 units
    const rows = findingsCsv.split('\r\n').slice(1, -1);
    const unitNotes = doc.files.filter((f) => names.includes(f.unit ?? '')).flatMap((f) => f.findings.filter((x) => x.code === 'CROSS_YEAR_NOT_ASSESSABLE'));
    expect(unitNotes).toHaveLength(30 * format.crossYear.length);
    const noteRows = rows.filter((l) => l.startsWith('30 个单位,') && l.includes('CROSS_YEAR_NOT_ASSESSABLE'));
    expect(noteRows).toHaveLength(format.crossYear.length);
    expect(rows).toHaveLength(all.length - unitNotes.length + noteRows.length);
    // the workbook's 校验结果 says the same, once per rule
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, '汇总.xlsx'));
    const sheetRows: string[] = [];
    wb.getWorksheet('校验结果')!.eachRow((row) => sheetRows.push((row.values as string[]).slice(1).join('|')));
    expect(sheetRows).toHaveLength(1 + rows.length);
    expect(sheetRows.filter((l) => l.startsWith('30 个单位|') && l.includes('CROSS_YEAR_NOT_ASSESSABLE'))).toHaveLength(format.crossYear.length);
    expect(doc.totals.errors + doc.totals.warnings + doc.totals.infos).toBe(all.length);
    // every unit's file is an entry with its unit, then the missing roster unit's finding
    expect(doc.files.filter((f) => f.unit !== null && names.includes(f.unit)).map((f) => f.unit).sort()).toEqual([...names].sort());
    expect(doc.files.flatMap((f) => f.findings).some((f) => f.message.includes('某某县未报局'))).toBe(true);
  });

  it("with last year's summary given, lists a unit whose cross-year rules could not be checked on a row of its own", () => {
    // (that unit has no row in last year's summary: which unit it is matters)
    const rows = [...exportTables({ ...result, previous: join(dir, '上年汇总.xlsx') }).find((t) => t.name === 'findings')!.rows()];
    expect(rows).toHaveLength(result.findings.length);
    expect(rows.filter((r) => r[4] === 'CROSS_YEAR_NOT_ASSESSABLE' && names.includes(String(r[0])))).toHaveLength(30 * format.crossYear.length);
  });

  it('opens in LibreOffice and keeps the official labels and totals', async () => {
    const out = join(dir, 'lo');
    await convertWithLibreOffice(join(dir, '汇总.xlsx'), 'xlsx', out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, '汇总.xlsx'));
    const sheet = wb.getWorksheet('三、依申请公开')!;
    const texts: string[] = [];
    sheet.eachRow((row) => row.eachCell((c) => texts.push(c.text)));
    expect(texts).toContain('二、上年结转政府信息公开申请数量');
    expect(texts).toContain('（七）总计');
    expectEveryCell(await printedTables(join(out, '汇总.xlsx')), sumValues(units));
  });

  it('consolidates three county summaries into a city summary with one row per county', async () => {
    const counties = ['甲县', '乙县', '丙县'];
    const all = await readdir(join(dir, 'in'), { recursive: true });
    const unitFiles = all.filter((f) => f.endsWith('.xlsx') && !/(^|\/)(~\$|\._|__MACOSX\/)/.test(f)).sort();
    expect(unitFiles).toHaveLength(30);
    for (const [c, county] of counties.entries()) {
      const cdir = join(dir, 'county', county);
      await import('node:fs/promises').then((fs) => fs.mkdir(cdir, { recursive: true }));
      for (const f of unitFiles.slice(c * 10, c * 10 + 10)) await copyFile(join(dir, 'in', f), join(cdir, f.split('/').pop()!));
      await consolidate({ inputs: [cdir], year: 2025, region: county, out: join(dir, 'county', `${county}汇总.xlsx`), now });
    }
    const city = await consolidate({
      inputs: counties.map((c) => join(dir, 'county', `${c}汇总.xlsx`)),
      year: 2025,
      region: '某某市',
      out: join(dir, '市汇总.xlsx'),
      now,
    });
    expect(city.units.map((u) => u.unitName)).toEqual(counties);
    expect(city.counts.included).toBe(3);
    expectEveryCell(await tablesOf(join(dir, '市汇总.xlsx')), sumValues(units));
    expectEveryCell(await printedTables(join(dir, '市汇总.xlsx')), sumValues(units));
  });
});
