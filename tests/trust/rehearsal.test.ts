/**
 * Issue 9, done means: the year-end loop rehearsed on the bundled samples, as a county clerk runs it.
 * roster → templates → filled by a second writer (LibreOffice, and a script that leaves formulas uncomputed) → check →
 * consolidate → consolidate again into the same folder → a city-level run over two county summaries. Totals exact
 * and unchanged between runs; no input or earlier output changed (hashes).
 */
import { copyFileSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFiles } from '../../src/app/check.js';
import { consolidate } from '../../src/app/consolidate.js';
import { cellSpecs, formatForYear } from '../../src/formats/index.js';
import { generateTemplates } from '../../src/template/generate.js';
import { readRoster } from '../../src/template/roster.js';
import { detailColumns, identityColumns } from '../../src/consolidate/detailColumns.js';
import { feeKey, random, randomUnit, sumValues, type UnitValues } from '../consolidate/fixtures.js';
import { convertWithLibreOffice } from '../helpers/libreoffice.js';
import { repoRoot } from '../helpers/paths.js';
import { hashTree, sha256, stripFormulaResults, templateCell, tempDir } from './helpers.js';

const sampleCounty = join(repoRoot, 'samples', '2025-示例县');
const roster = join(sampleCounty, '名单.csv');
const format = formatForYear(2025);
const specs = cellSpecs(format);
const now = new Date('2026-02-10T09:00:00+08:00');

/** A unit fills its template: every input cell typed, totals left to their formulas (no stale result kept). */
async function fill(template: string, to: string, values: UnitValues): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(template);
  for (const spec of specs) {
    const at = templateCell(spec.key);
    const cell = wb.getWorksheet(at.sheet)!.getCell(at.address);
    if (spec.isTotal) cell.value = { formula: (cell.value as ExcelJS.CellFormulaValue).formula } as ExcelJS.CellFormulaValue;
    else cell.value = spec.key === feeKey ? values[spec.key]! / 10_000 : values[spec.key]!;
  }
  const info = wb.getWorksheet('基本信息')!;
  info.eachRow((row) => {
    if (row.getCell(1).text === '填报日期') row.getCell(2).value = '2026-01-20';
    if (row.getCell(1).text === '填报人') row.getCell(2).value = '张三';
    if (row.getCell(1).text === '联系电话') row.getCell(2).value = '0379-12345678';
  });
  await wb.xlsx.writeFile(to);
}

describe('year-end rehearsal on the bundled samples', () => {
  const dir = tempDir('nianbao-rehearsal-');
  const templates = join(dir, '模板');
  const submissions = join(dir, '报送');
  const city = join(dir, '市');
  const expected: UnitValues[] = [];
  let units = 0;

  beforeAll(async () => {
    mkdirSync(submissions);
    mkdirSync(city);
    const entries = await readRoster(roster);
    const written = await generateTemplates({ reportYear: 2025, outDir: templates, roster: entries, region: '示例县' });
    expect(written).toHaveLength(entries.length);
    // six units answer: three through LibreOffice, three through a script that leaves every formula without a result
    const rand = random(2025);
    const viaLibreOffice = join(dir, 'lo');
    mkdirSync(viaLibreOffice);
    const toConvert: string[] = [];
    for (const [i, w] of written.slice(0, 6).entries()) {
      const values = randomUnit(rand);
      expected.push(values);
      if (i < 3) {
        const filled = join(viaLibreOffice, basename(w.path));
        await fill(w.path, filled, values);
        toConvert.push(filled);
      } else {
        await fill(w.path, join(dir, 'tmp.xlsx'), values);
        stripFormulaResults(join(dir, 'tmp.xlsx'), join(submissions, basename(w.path)));
      }
    }
    const saved = join(dir, 'lo-out');
    mkdirSync(saved);
    for (const f of await convertWithLibreOffice(toConvert, 'xlsx', saved)) copyFileSync(f, join(submissions, basename(f)));
    units = readdirSync(submissions).length;
  }, 300_000);

  it('runs the loop with exact totals, unchanged between runs, touching no input or earlier output', async () => {
    expect(units).toBe(6);
    const submitted = hashTree(submissions);
    const samplesBefore = hashTree(sampleCounty);

    // check: every return reads clean (formulas evaluated, LibreOffice's re-save read back)
    const checked = await checkFiles([submissions]);
    for (const f of checked.files) expect(f.findings.filter((x) => x.severity !== 'info').map((x) => x.code), f.file).toEqual([]);

    const total = sumValues(expected);
    const first = join(submissions, '示例县汇总.xlsx');
    const one = await consolidate({ inputs: [submissions], year: 2025, region: '示例县', roster, out: first, now });
    expect(one.counts.included).toBe(6);
    expect(one.counts.missing).toBe(10);
    for (const spec of specs) expect(one.summary.values[spec.key]!.scaled, spec.key).toBe(total[spec.key]);
    expect(one.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const firstHash = sha256(first);

    // the same output again: refused, nothing touched
    await expect(consolidate({ inputs: [submissions], year: 2025, region: '示例县', roster, out: first, now })).rejects.toMatchObject({ code: 'OUTPUT_EXISTS' });
    // again into the same folder under a new name: the first summary lies among the returns and is not a unit
    const second = join(submissions, '示例县汇总（第二次）.xlsx');
    const two = await consolidate({ inputs: [submissions], year: 2025, region: '示例县', roster, out: second, now });
    expect(two.counts.included).toBe(6);
    for (const spec of specs) expect(two.summary.values[spec.key]!.scaled, spec.key).toBe(total[spec.key]);
    expect(two.findings.filter((f) => f.code === 'SUMMARY_AMONG_UNITS').map((f) => f.file)).toEqual([first]);
    expect(two.submissions.find((s) => s.file === first)!.status).toBe('summaryAmongUnits');
    expect(sha256(first)).toBe(firstHash);
    for (const [file, hash] of submitted) expect(sha256(file), file).toBe(hash);

    // 分单位明细 of the first summary: the included rows add up to its 合计 row
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(first);
    const detail = wb.getWorksheet('分单位明细')!;
    const rows: ExcelJS.Row[] = [];
    let totalsRow: ExcelJS.Row | undefined;
    detail.eachRow((row, n) => {
      if (n <= 3) return;
      if (row.getCell(1).value === null) totalsRow = row;
      else rows.push(row);
    });
    detailColumns(format).forEach((c, i) => {
      const col = identityColumns.length + i + 1;
      const scale = c.spec.domain === 'money' ? 10_000 : 1;
      const sum = rows.reduce((a, r) => a + Math.round((r.getCell(col).value as number) * scale), 0);
      expect(sum, c.spec.key).toBe(Math.round((totalsRow!.getCell(col).value as number) * scale));
    });

    // the city: this county's summary and the bundled sample county's, handed up
    renameSync(first, join(city, '示例县汇总.xlsx'));
    const sample = join(city, '样例县汇总.xlsx');
    const b = await consolidate({ inputs: [sampleCounty], year: 2025, region: '样例县', roster, out: sample, now });
    const counties = hashTree(city);
    const cityRun = async (out: string) => consolidate({ inputs: [city], year: 2025, region: '示例市', out, now });
    const c1 = await cityRun(join(dir, '示例市汇总.xlsx'));
    const c2 = await cityRun(join(dir, '示例市汇总（重算）.xlsx'));
    expect(c1.counts.included).toBe(2);
    expect(c1.counts.late).toBe(0); // county summaries are not judged against the units' 1月31日
    expect(c1.findings.filter((f) => f.code === 'SUMMARY_AMONG_UNITS')).toEqual([]);
    for (const spec of specs) {
      const want = total[spec.key]! + b.summary.values[spec.key]!.scaled!;
      expect(c1.summary.values[spec.key]!.scaled, spec.key).toBe(want);
      expect(c2.summary.values[spec.key]!.scaled, spec.key).toBe(want);
    }
    for (const [file, hash] of counties) expect(sha256(file), file).toBe(hash);
    for (const [file, hash] of samplesBefore) expect(sha256(file), file).toBe(hash);
    for (const [file, hash] of submitted) expect(sha256(file), file).toBe(hash);
  }, 300_000);
});
