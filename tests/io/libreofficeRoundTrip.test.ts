/**
 * A unit fills our template and saves it again in another program: the Report read back must be the same. LibreOffice
 * is that other program here (xlsx → xlsx, and xlsx → xls → xlsx as a WPS/Excel 97 user would), and reading goes
 * through the same `readReport` a clerk's `nianbao check` uses.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatForYear } from '../../src/formats/index.js';
import { readReport } from '../../src/io/readReport.js';
import type { Report } from '../../src/report/report.js';
import { reportFromNumbers } from '../../src/report/build.js';
import { writeTemplate } from '../../src/template/workbook.js';
import { feeKey, random, randomUnit } from '../consolidate/fixtures.js';
import { convertWithLibreOffice } from '../helpers/libreoffice.js';

/** What a clerk depends on: every data point's kind and exact value, the unit, the year, the format. */
function essence(r: Report) {
  return {
    format: r.format,
    reportYear: r.reportYear,
    unit: r.unit,
    values: Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, { kind: v.kind, scaled: v.scaled }])),
    errors: r.findings.filter((f) => f.severity === 'error').map((f) => f.code),
  };
}

describe('a filled template saved again by LibreOffice', () => {
  let dir: string;
  let original: string;
  let expected: ReturnType<typeof essence>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nianbao-lo-'));
    const values = randomUnit(random(7));
    const numbers = Object.fromEntries(Object.entries(values).map(([k, n]) => [k, k === feeKey ? n / 10_000 : n]));
    const unit = { name: '某某县测试局', code: '91410300MA0000000X', filler: '王五', phone: '0379-1234567', filledDate: '2026-01-20' };
    const format = formatForYear(2025);
    original = join(dir, 'unit.xlsx');
    await writeTemplate({ format, reportYear: 2025, unit, report: reportFromNumbers({ format, reportYear: 2025, numbers, unit }) }, original);
    const read = await readReport(original);
    if (!read.ok) throw new Error(read.message);
    expected = essence(read.report);
    // the fee has 4 decimals: a round trip that went through floating point would show here
    expect(read.report.values[feeKey]!.scaled).toBe(values[feeKey]);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('xlsx → xlsx reads back to the same Report', async () => {
    const out = join(dir, 'xlsx');
    const [copy] = await convertWithLibreOffice(original, 'xlsx:Calc MS Excel 2007 XML', out);
    const read = await readReport(copy!);
    expect(read.ok && essence(read.report)).toEqual(expected);
  });

  it('xlsx → xls → xlsx reads back to the same Report', async () => {
    const [xls] = await convertWithLibreOffice(original, 'xls:MS Excel 97', join(dir, 'xls'));
    const [copy] = await convertWithLibreOffice(xls!, 'xlsx:Calc MS Excel 2007 XML', join(dir, 'xls-xlsx'));
    const read = await readReport(copy!);
    expect(read.ok && essence(read.report)).toEqual(expected);
  });

  it('the .xls itself is read through conversion, to the same Report, with the user’s path as its source', async () => {
    const [xls] = await convertWithLibreOffice(original, 'xls:MS Excel 97', join(dir, 'xls2'));
    const read = await readReport(xls!);
    expect(read.ok && essence(read.report)).toEqual(expected);
    expect(read.ok && read.report.source.file).toBe(xls);
  });
});
