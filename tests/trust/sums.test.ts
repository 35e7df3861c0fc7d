/**
 * Issue 9, "never a silent wrong total": a summary among the submissions is not a unit (1), 分单位明细 adds up (2),
 * money past 4 decimals is counted (3), formulas without cached results are evaluated (4).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { consolidate } from '../../src/app/consolidate.js';
import { checkReport } from '../../src/check/checkReport.js';
import { readReport } from '../../src/io/readReport.js';
import { evaluateFormulas } from '../../src/grid/formulaEval.js';
import type { GridCell, GridSheet, GridWorkbook } from '../../src/grid/grid.js';
import { gridIndex } from '../../src/grid/grid.js';
import { detailColumns, identityColumns } from '../../src/consolidate/detailColumns.js';
import { exportTables } from '../../src/export/table.js';
import { formatForYear } from '../../src/formats/index.js';
import { repoRoot } from '../helpers/paths.js';
import { feeKey, random, randomUnit, sumValues, unitCode, writeUnit, type UnitValues } from '../consolidate/fixtures.js';
import { setCells, stripFormulaResults, templateCell, tempDir } from './helpers.js';

const county = join(repoRoot, 'samples', '2025-示例县');
const now = new Date('2026-02-10T09:00:00+08:00');

async function units(dir: string, n: number, seed: number): Promise<{ files: string[]; values: UnitValues[] }> {
  const rand = random(seed);
  const files: string[] = [];
  const values: UnitValues[] = [];
  for (let i = 0; i < n; i++) {
    const v = randomUnit(rand);
    values.push(v);
    files.push(await writeUnit(dir, `单位${i + 1}.xlsx`, { name: `测试单位${i + 1}`, code: unitCode(i + 1) }, v));
  }
  return { files, values };
}

describe('1. a summary among the submissions is not a unit', () => {
  it('an earlier run’s summary in the folder is excluded with SUMMARY_AMONG_UNITS; the totals do not double', async () => {
    const dir = tempDir();
    const folder = join(dir, '报送');
    const { values } = await units(folder, 3, 9);
    const expected = sumValues(values);
    const first = await consolidate({ inputs: [folder], year: 2025, region: '测试县', out: join(folder, '测试县汇总.xlsx'), now });
    expect(first.counts.included).toBe(3);
    // the clerk reruns with a new output name, the first summary still lying in the submissions folder
    const second = await consolidate({ inputs: [folder], year: 2025, region: '测试县', out: join(dir, '第二次汇总.xlsx'), now });
    expect(second.counts.included).toBe(3);
    for (const [k, n] of Object.entries(expected)) expect(second.summary.values[k]!.scaled, k).toBe(n);
    const flagged = second.findings.filter((f) => f.code === 'SUMMARY_AMONG_UNITS');
    expect(flagged).toHaveLength(1);
    expect(flagged[0]!.severity).toBe('error');
    expect(flagged[0]!.message).toContain('测试县汇总.xlsx');
    const listed = second.submissions.find((s) => s.file?.endsWith('测试县汇总.xlsx'))!;
    expect(listed.status).toBe('summaryAmongUnits');
    expect(listed.included).toBe(false);
    expect(second.units.map((u) => u.file)).not.toContain(join(folder, '测试县汇总.xlsx'));
    expect(second.hasErrors).toBe(true);
  });

  it('a run over summaries only (the city over its counties) sums them as today', async () => {
    const dir = tempDir();
    const a = await units(join(dir, 'A'), 2, 1);
    const b = await units(join(dir, 'B'), 2, 2);
    mkdirSync(join(dir, '市'));
    await consolidate({ inputs: [join(dir, 'A')], year: 2025, region: 'A县', out: join(dir, '市', 'A县汇总.xlsx'), now });
    await consolidate({ inputs: [join(dir, 'B')], year: 2025, region: 'B县', out: join(dir, '市', 'B县汇总.xlsx'), now });
    const city = await consolidate({ inputs: [join(dir, '市')], year: 2025, region: '某市', now });
    expect(city.counts.included).toBe(2);
    expect(city.findings.filter((f) => f.code === 'SUMMARY_AMONG_UNITS')).toEqual([]);
    const expected = sumValues([...a.values, ...b.values]);
    for (const [k, n] of Object.entries(expected)) expect(city.summary.values[k]!.scaled, k).toBe(n);
  });

  it('a workbook carrying the summary’s sheets is a summary even without the metadata sheet', async () => {
    const dir = tempDir();
    const folder = join(dir, '报送');
    await units(folder, 2, 3);
    const out = join(dir, '汇总.xlsx');
    await consolidate({ inputs: [folder], year: 2025, region: '测试县', out, now });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    wb.removeWorksheet(wb.getWorksheet('_nianbao')!.id);
    await wb.xlsx.writeFile(join(folder, '汇总副本.xlsx'));
    const read = await readReport(join(folder, '汇总副本.xlsx'));
    expect(read.ok && read.report.source.isSummary).toBe(true);
  });
});

describe('2. 分单位明细 adds up', () => {
  let sheet: ExcelJS.Worksheet;
  beforeAll(async () => {
    const out = join(tempDir(), '汇总.xlsx');
    await consolidate({ inputs: [county], year: 2025, region: '示例县', roster: join(county, '名单.csv'), out, now });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    sheet = wb.getWorksheet('分单位明细')!;
  });

  it('every data column of the included unit rows sums to the 合计 row', () => {
    const first = identityColumns.length;
    const columns = detailColumns(formatForYear(2025));
    const includedCol = identityColumns.findIndex((c) => c.key === '#included') + 1;
    let totalRow: ExcelJS.Row | undefined;
    const rows: ExcelJS.Row[] = [];
    sheet.eachRow((row, n) => {
      if (n <= 3) return;
      if (row.getCell(1).value === null) totalRow = row;
      else if (row.getCell(includedCol).value === '是') rows.push(row);
    });
    expect(rows.length).toBe(13);
    columns.forEach((c, i) => {
      const col = first + i + 1;
      // money in exact ten-thousandths
      const scale = c.spec.domain === 'money' ? 10_000 : 1;
      const sum = rows.reduce((acc, r) => {
        const v = r.getCell(col).value;
        return acc + (typeof v === 'number' ? Math.round(v * scale) : 0);
      }, 0);
      expect(sum, c.spec.key).toBe(Math.round((totalRow!.getCell(col).value as number) * scale));
    });
  });

  it('a unit’s stated total that differed is highlighted, its note gives the stated value', () => {
    // 住房和城乡建设局 stated J6 two more than its items (samples/README.md)
    const col = identityColumns.length + detailColumns(formatForYear(2025)).findIndex((c) => c.spec.key === 'applications.granted.total') + 1;
    let found: ExcelJS.Cell | undefined;
    sheet.eachRow((row) => {
      if (String(row.getCell(2).value).includes('住房和城乡建设局')) found = row.getCell(col);
    });
    expect(found).toBeDefined();
    expect(JSON.stringify(found!.note ?? '')).toContain('单位自报合计为');
    expect((found!.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
  });
});

describe('2b. an item that cannot be summed', () => {
  it('counts 0 in its unit’s recomputed totals, so 分单位明细 still adds up to the 合计 row, and shows what the unit wrote', async () => {
    const dir = tempDir();
    const { files } = await units(dir, 3, 8);
    await setCells(files[0]!, { 'applications.granted.natural': '见附件' });
    const result = await consolidate({ inputs: files, year: 2025, region: '测试县', now });
    const rows = [...exportTables(result).find((t) => t.name === 'detail')!.rows()];
    const totals = rows.pop()!;
    const first = identityColumns.length;
    const columns = detailColumns(result.format);
    const natural = columns.findIndex((c) => c.spec.key === 'applications.granted.natural');
    const unit = rows.find((r) => r[1] === '测试单位1')!;
    expect(unit[first + natural]).toBe('见附件');
    columns.forEach((c, i) => {
      const scale = c.spec.domain === 'money' ? 10_000 : 1;
      const sum = rows.reduce((acc, r) => acc + (typeof r[first + i] === 'number' ? Math.round((r[first + i] as number) * scale) : 0), 0);
      expect(sum, c.spec.key).toBe(Math.round((totals[first + i] as number) * scale));
    });
  });
});

describe('2c. an item left blank', () => {
  it('counts 0 toward its unit’s totals: a stated total that still includes it is a disagreement, not skipped', async () => {
    const dir = tempDir();
    const { files, values } = await units(dir, 2, 9);
    const key = (['natural', 'commercial', 'research', 'publicInterest', 'legalServices', 'otherOrgs'] as const)
      .map((c) => `applications.granted.${c}`)
      .find((k) => values[0]![k]! > 0)!;
    // the item emptied, the total cell keeping the sum it had (a unit clearing a cell of a saved workbook)
    await setCells(files[0]!, { [key]: null });
    const result = await consolidate({ inputs: files, year: 2025, region: '测试县', now });
    expect(result.disagreements).toContainEqual(
      expect.objectContaining({ unit: '测试单位1', key: 'applications.granted.total', stated: values[0]!['applications.granted.total'], computed: values[0]!['applications.granted.total']! - values[0]![key]! }),
    );
  });
});

describe('3. money past 4 decimals is counted, not dropped', () => {
  it('is rounded half-up, counted, flagged at its cell with both values, and noted in the summary', async () => {
    const dir = tempDir();
    const { files, values } = await units(dir, 2, 5);
    await setCells(files[0]!, { [feeKey]: 1.23456 });
    const read = await readReport(files[0]!);
    if (!read.ok) throw new Error(read.message);
    const findings = checkReport(read.report);
    const flagged = findings.filter((f) => f.code === 'MONEY_ROUNDED');
    expect(flagged).toHaveLength(1);
    expect(flagged[0]!.severity).toBe('warning');
    const at = templateCell(feeKey);
    expect(flagged[0]!.cells[0]).toContain(at.address);
    expect(flagged[0]!.message).toContain('1.23456');
    expect(flagged[0]!.message).toContain('1.2346');
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);

    const out = join(dir, '汇总.xlsx');
    const result = await consolidate({ inputs: files, year: 2025, region: '测试县', out, now });
    expect(result.summary.values[feeKey]!.scaled).toBe(12346 + values[1]![feeKey]!);
    expect(result.findings.filter((f) => f.code === 'SUM_INCOMPLETE')).toEqual([]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sheet = wb.getWorksheet('分单位明细')!;
    const col = identityColumns.length + detailColumns(formatForYear(2025)).findIndex((c) => c.spec.key === feeKey) + 1;
    const notes: string[] = [];
    sheet.eachRow((row) => {
      const n = row.getCell(col).note;
      if (n) notes.push(typeof n === 'string' ? n : JSON.stringify(n));
    });
    expect(notes.some((n) => n.includes('1.23456') && n.includes('1.2346'))).toBe(true);
    expect(notes.some((n) => n.includes('四舍五入计入'))).toBe(true);
  });

  it('SUM_INCOMPLETE names the real cause per unit', async () => {
    const dir = tempDir();
    const { files } = await units(dir, 2, 6);
    await setCells(files[0]!, { 'applications.granted.natural': '见附件' });
    const result = await consolidate({ inputs: files, year: 2025, region: '测试县', now });
    const f = result.findings.find((x) => x.code === 'SUM_INCOMPLETE')!;
    expect(f.message).toContain('测试单位1（文字“见附件”）');
  });
});

describe('4. formulas without cached results are evaluated', () => {
  const cell = (row: number, col: number, value: GridCell['value'], formula?: string): GridCell =>
    formula === undefined ? { row, col, value, text: String(value ?? '') } : { row, col, value: null, text: '', formula, formulaWithoutResult: true };
  const sheetOf = (name: string, cells: GridCell[]): GridSheet => ({
    name,
    cells: new Map(cells.map((c) => [gridIndex(c.row, c.col), c])),
    merges: [],
    rowCount: 10,
    colCount: 10,
  });

  it('references, SUM over ranges and lists, + and −, on the same or another sheet, exactly', () => {
    const a = sheetOf('表 一', [cell(0, 0, 0.1), cell(1, 0, 0.2), cell(2, 0, '文字'), cell(3, 0, null, 'SUM(A1:A3)')]);
    const b = sheetOf('Sheet2', [
      cell(0, 0, 5),
      cell(0, 1, null, "'表 一'!A4+A1-2"), // 0.3 + 5 - 2
      cell(0, 2, null, 'SUM(A1,B1,$A$1)'), // 5 + 3.3 + 5
      cell(0, 3, null, "-('表 一'!A1)+SUM('表 一'!A1:A2)"), // -0.1 + 0.3
      cell(0, 4, null, 'VLOOKUP(A1,A1:B2,2)'),
      cell(0, 5, null, 'F1+1'), // circular
    ]);
    const grid: GridWorkbook = { source: { file: 'x.xlsx', kind: 'xlsx' }, sheets: [a, b] };
    expect(evaluateFormulas(grid)).toEqual({ evaluated: 4, failed: 2 });
    expect(a.cells.get(gridIndex(3, 0))!.value).toBe(0.3);
    expect(b.cells.get(gridIndex(0, 1))!.value).toBe(3.3);
    expect(b.cells.get(gridIndex(0, 2))!.value).toBe(13.3);
    expect(b.cells.get(gridIndex(0, 3))!.value).toBe(0.2);
    expect(b.cells.get(gridIndex(0, 4))!.formulaWithoutResult).toBe(true);
  });

  it('a consistent workbook whose formulas have no results reads and checks clean, with the right totals', async () => {
    const dir = tempDir();
    const { files } = await units(dir, 1, 7);
    const stripped = stripFormulaResults(files[0]!, join(dir, 'stripped.xlsx'));
    const [orig, bare] = await Promise.all([readReport(files[0]!), readReport(stripped)]);
    if (!orig.ok || !bare.ok) throw new Error('unreadable');
    for (const [k, v] of Object.entries(orig.report.values)) expect(bare.report.values[k]!.scaled, k).toBe(v.scaled);
    expect(checkReport(bare.report).filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('a real balance break in such a workbook is reported as BALANCE, not only as not assessable', async () => {
    const dir = tempDir();
    const { files, values } = await units(dir, 1, 8);
    // one more carried over in the 自然人 column: the totals follow (formulas), the balance breaks
    await setCells(files[0]!, { 'applications.carriedOver.natural': values[0]!['applications.carriedOver.natural']! + 1 });
    const stripped = stripFormulaResults(files[0]!, join(dir, 'stripped.xlsx'));
    const read = await readReport(stripped);
    if (!read.ok) throw new Error(read.message);
    const codes = checkReport(read.report).filter((f) => f.severity === 'error').map((f) => f.code);
    expect(codes).toEqual(['BALANCE']);
  });

  it('consolidate --exclude-invalid keeps consistent units whose formulas have no results', async () => {
    const dir = tempDir();
    const { files, values } = await units(join(dir, 'src'), 5, 10);
    mkdirSync(join(dir, 'bare'));
    const bare = files.map((f, i) => stripFormulaResults(f, join(dir, 'bare', `单位${i + 1}.xlsx`)));
    const result = await consolidate({ inputs: bare, year: 2025, region: '测试县', excludeInvalid: true, now });
    expect(result.counts.included).toBe(5);
    for (const [k, n] of Object.entries(sumValues(values))) expect(result.summary.values[k]!.scaled, k).toBe(n);
  });

  it('a formula that cannot be evaluated: one finding per file, no advice to type over it, balances still checked', async () => {
    const dir = tempDir();
    const { files } = await units(dir, 1, 11);
    const totals = ['applications.resultsTotal.natural', 'applications.resultsTotal.commercial', 'applications.granted.total'];
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(files[0]!);
    for (const k of totals) {
      const at = templateCell(k);
      wb.getWorksheet(at.sheet)!.getCell(at.address).value = { formula: `IF(1,${at.address === 'A1' ? 'B1' : 'A1'},0)` } as ExcelJS.CellFormulaValue;
    }
    await wb.xlsx.writeFile(files[0]!);
    const stripped = stripFormulaResults(files[0]!, join(dir, 'stripped.xlsx'));
    const read = await readReport(stripped);
    if (!read.ok) throw new Error(read.message);
    const findings = checkReport(read.report);
    const f = findings.filter((x) => x.code === 'FORMULA_NOT_EVALUATED');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('warning');
    // the three, and the grand total that depends on one of them
    expect(f[0]!.cells).toHaveLength(4);
    expect(f[0]!.message).not.toMatch(/直接填写|填写数字/);
    expect(findings.filter((x) => x.code === 'NOT_A_NUMBER' || x.code === 'NOT_ASSESSABLE')).toEqual([]);
    expect(findings.filter((x) => x.severity === 'error')).toEqual([]);
  });
});
