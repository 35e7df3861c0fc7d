/**
 * The whole loop with the units, on the sample county's roster: templates from the roster → units fill them (one
 * negative number, one word for a number, one blank cell, one 现行有效件数 that does not follow last year's) with
 * their own software (xlsx-populate, a second writer) → `check --feedback` → the marked copies, opened with
 * LibreOffice headless and with exceljs, carry notes and fills at exactly the finding cells → the units correct their
 * marked copies (second writer again), one of them explaining its warning in 情况说明 → `consolidate` of first and
 * corrected files: no error, the explanation in 校验结果 and the JSON, the history in 报送情况.
 */
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import XlsxPopulate from 'xlsx-populate';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFiles } from '../../src/app/check.js';
import { consolidate } from '../../src/app/consolidate.js';
import { makeTemplates } from '../../src/app/template.js';
import type { ConsolidationResult } from '../../src/consolidate/result.js';
import { explainTables } from '../../src/explain/items.js';
import { formatForYear, type CellKey } from '../../src/formats/index.js';
import type { Finding } from '../../src/findings/finding.js';
import { address, tableLayout } from '../../src/layout/tableLayout.js';
import { reportFromNumbers } from '../../src/report/build.js';
import { basicInfoValueCell } from '../../src/workbook/contract.js';
import { writeTemplate } from '../../src/template/workbook.js';
import { readRoster } from '../../src/template/roster.js';
import { fodsSheets } from '../helpers/fods.js';
import { convertWithLibreOffice } from '../helpers/libreoffice.js';
import { repoRoot } from '../helpers/paths.js';

const roster = join(repoRoot, 'samples', '2025-示例县', '名单.csv');
const format = formatForYear(2025);
const reason = '本年有 1 件规章因上位法废止而自然失效，未履行废止程序，故现行有效件数比按上年推算少 1 件。';

/** `sheet!A1` of a data point in our template */
function cellOf(key: CellKey): { sheet: string; cell: string } {
  const table = format.tables.find((t) => key.startsWith(`${t.id}.`))!;
  const at = tableLayout(table).valueCells.get(key)!;
  return { sheet: table.sheetName, cell: address(at.row, at.col) };
}

type Edit = { key?: CellKey; basic?: 'filler' | 'phone' | 'filledDate'; value: unknown };
/** What a unit does to its workbook in its own software. */
async function edit(from: string, to: string, edits: readonly Edit[], explanation?: [string, string, string]): Promise<void> {
  const wb = await XlsxPopulate.fromDataAsync(await readFile(from));
  for (const e of edits) {
    if (e.key) {
      const { sheet, cell } = cellOf(e.key);
      wb.sheet(sheet)!.cell(cell).value(e.value);
    } else wb.sheet('基本信息')!.cell(basicInfoValueCell(e.basic!)).value(e.value);
  }
  if (explanation) wb.sheet('情况说明')!.cell('B4').value([explanation]);
  await writeFile(to, (await wb.outputAsync()) as Buffer);
}

const units = {
  negative: '示例县发展和改革委员会',
  word: '示例县教育局',
  blank: '示例县公安局',
  inForce: '示例县财政局',
};
const firstEdits: Record<string, Edit[]> = {
  [units.negative]: [{ key: 'active.penalty.decisions', value: -2 }],
  [units.word]: [{ key: 'active.licensing.decisions', value: '十二' }],
  [units.blank]: [{ key: 'reviews.cases.reviewPending', value: undefined }],
  [units.inForce]: [
    { key: 'active.regulations.issued', value: 2 },
    { key: 'active.regulations.inForce', value: 11 },
  ],
};
const corrections: Record<string, Edit[]> = {
  [units.negative]: [{ key: 'active.penalty.decisions', value: 2 }],
  [units.word]: [{ key: 'active.licensing.decisions', value: 12 }],
  [units.blank]: [{ key: 'reviews.cases.reviewPending', value: 0 }],
  [units.inForce]: [],
};

let dir: string;
let previous: string;
let submitted: string;
let corrected: string;
let firstCheck: Awaited<ReturnType<typeof checkFiles>>;
let result: ConsolidationResult;
const findingsOfUnit = (unit: string): Finding[] => firstCheck.files.find((f) => f.unit === unit)!.findings;
const errorAndWarningCells = (fs: readonly Finding[]) => [...new Set(fs.filter((f) => f.severity !== 'info').flatMap((f) => f.cells))].sort();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nianbao-loop-'));
  // last year's county summary: the 财政局 had 10 regulations in force
  const units2024 = await readRoster(roster);
  const lastYear = join(dir, '2024');
  const format2024 = formatForYear(2024);
  await mkdir(lastYear);
  for (const u of units2024) {
    const numbers = u.name === units.inForce ? { 'active.regulations.inForce': 10 } : {};
    const unit = { name: u.name, ...(u.code ? { code: u.code } : {}), filler: '李四', phone: '0379-1', filledDate: '2025-01-20' };
    await writeTemplate({ format: format2024, reportYear: 2024, unit, report: reportFromNumbers({ format: format2024, reportYear: 2024, numbers, unit }) }, join(lastYear, `${u.name}.xlsx`));
  }
  previous = join(dir, '示例县2024年汇总.xlsx');
  await consolidate({ inputs: [lastYear], year: 2024, region: '示例县', out: previous, roster });

  // roster → templates → units fill them (all but the 统计局) and send them in
  const templates = join(dir, '模板');
  const made = await makeTemplates({ reportYear: 2025, outDir: templates, roster, region: '示例县' });
  submitted = join(dir, '报送');
  corrected = join(dir, '改正后报送');
  await mkdir(submitted);
  await mkdir(corrected);
  for (const t of made.written) {
    const name = t.unit!.name!;
    if (name === '示例县统计局') continue;
    await edit(t.path, join(submitted, basename(t.path)), [
      { basic: 'filler', value: '张三' },
      { basic: 'phone', value: '0379-12345678' },
      { basic: 'filledDate', value: '2026-01-15' },
      ...(firstEdits[name] ?? []),
    ]);
  }
  firstCheck = await checkFiles([submitted], { previous, feedback: { dir: join(dir, '审核意见') } });
}, 240_000);

describe('the loop with the units', () => {
  it('check finds exactly the planted problems, and writes a marked copy per unit and 审核情况.xlsx', async () => {
    const codes = (unit: string) => findingsOfUnit(unit).filter((f) => f.severity !== 'info').map((f) => `${f.severity}:${f.code}`);
    expect(codes(units.negative)).toEqual(['error:DOMAIN_NEGATIVE']);
    expect(codes(units.word)).toEqual(['error:NOT_A_NUMBER']);
    expect(codes(units.blank)).toEqual(['warning:BLANK_INPUT']);
    expect(codes(units.inForce)).toEqual(['warning:IN_FORCE']);
    const others = firstCheck.files.filter((f) => !Object.values(units).includes(f.unit!));
    expect(others).toHaveLength(11);
    for (const f of others) expect(f.findings.filter((x) => x.severity !== 'info'), f.unit).toEqual([]);
    expect(firstCheck.feedback!.copies).toHaveLength(15);
    expect((await readdir(join(dir, '审核意见'))).sort()).toContain('审核情况.xlsx');
  });

  it('the marked copies: LibreOffice and exceljs see notes and fills at exactly the finding cells', async () => {
    const copyOf = (unit: string) => firstCheck.feedback!.copies.find((c) => basename(c.copy).startsWith(unit))!.copy;
    const marked = Object.values(units).map(copyOf);
    const out = await mkdtemp(join(tmpdir(), 'nianbao-loop-lo-'));
    const converted = await convertWithLibreOffice(marked, 'fods', out);
    for (const unit of Object.values(units)) {
      const expected = errorAndWarningCells(findingsOfUnit(unit));
      expect(expected.length, unit).toBeGreaterThan(0);
      // LibreOffice headless
      const fods = converted.find((p) => basename(p).startsWith(unit))!;
      const { names, cells } = fodsSheets(await readFile(fods, 'utf8'));
      expect(names[0]).toBe('审核意见');
      const lo: string[] = [];
      for (const [sheet, sheetCells] of cells) {
        if (sheet === '审核意见') continue;
        for (const [a, c] of sheetCells) {
          if (c.note !== undefined) lo.push(`${sheet}!${a}`);
          else expect(['#ffc7ce', '#ffd59a'], `${sheet}!${a}`).not.toContain(c.background);
        }
      }
      expect(lo.sort(), unit).toEqual(expected);
      // exceljs
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await readFile(copyOf(unit))) as unknown as ArrayBuffer);
      const ej: string[] = [];
      for (const ws of wb.worksheets) {
        if (ws.name === '审核意见') continue;
        ws.eachRow({ includeEmpty: true }, (row) =>
          row.eachCell({ includeEmpty: true }, (c) => {
            if (c.note) {
              ej.push(`${ws.name}!${c.address}`);
              const severity = findingsOfUnit(unit).find((f) => f.cells.includes(`${ws.name}!${c.address}`))!.severity;
              expect((c.fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe(severity === 'error' ? 'FFFFC7CE' : 'FFFFD59A');
            }
          }),
        );
      }
      expect(ej.sort(), unit).toEqual(expected);
    }
  }, 120_000);

  it('after the units correct their marked copies (one explains), consolidate has no error, shows the explanation and the history', async () => {
    for (const unit of Object.values(units)) {
      const copy = firstCheck.feedback!.copies.find((c) => basename(c.copy).startsWith(unit))!.copy;
      const table = explainTables(format).find((t) => t.id === 'active')!.label;
      await edit(
        copy,
        join(corrected, `${unit}（改正）.xlsx`),
        [...corrections[unit]!, { basic: 'filledDate', value: '2026-01-25' }],
        unit === units.inForce ? [table, '规章', reason] : undefined,
      );
    }
    const json = join(dir, '汇总.json');
    result = await consolidate({ inputs: [submitted, corrected], year: 2025, region: '示例县', roster, previous, out: join(dir, '示例县2025年汇总.xlsx'), json });
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.counts).toMatchObject({ included: 15, missing: 1, explainedWarnings: 1 });
    // the explanation: a finding, in the JSON and in 校验结果
    const explained = result.findings.filter((f) => f.code === 'EXPLAINED');
    expect(explained).toHaveLength(1);
    expect(explained[0]).toMatchObject({ unit: units.inForce, explains: 'IN_FORCE', explanation: reason });
    expect(await readFile(json, 'utf8')).toContain(reason);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, '示例县2025年汇总.xlsx'));
    const rows = (name: string) => {
      const out: string[][] = [];
      wb.getWorksheet(name)!.eachRow((r) => out.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
      return out;
    };
    expect(rows('校验结果').some((r) => r.includes('EXPLAINED') && r.includes(reason))).toBe(true);
    expect(rows('汇总说明').find((r) => r[0] === '已说明的警告')?.[1]).toBe('1');
    // the history per unit in 报送情况
    const submissions = rows('报送情况');
    const history = (file: string) => submissions.find((r) => r[0]!.endsWith(file))!.at(-1)!;
    expect(history(`${units.negative}（改正）.xlsx`)).toMatch(/^第 1 次重新报送（填报日期 2026-01-25，最新，计入汇总）；上一份（.*）的 1 个问题中已改正 1 个：DOMAIN_NEGATIVE（二、主动公开!B10）；没有未解决的错误或警告。$/);
    expect(history(`${units.inForce}（改正）.xlsx`)).toMatch(/已改正 0 个；已在情况说明中说明 1 个：IN_FORCE/);
    expect(submissions.filter((r) => /^首次报送（填报日期 2026-01-15），已被第 2 份文件取代，未计入汇总$/.test(r.at(-1)!))).toHaveLength(4);
  }, 120_000);

  it('--feedback on the corrected files shows what is still open: nothing, the explained warning listed as 已说明', async () => {
    const again = await checkFiles([corrected], { previous, feedback: { dir: join(dir, '审核意见2') } });
    expect(again.files.flatMap((f) => f.findings).filter((f) => f.severity !== 'info')).toEqual([]);
    expect(again.feedback!.copies.map((c) => c.result)).toEqual(['passed', 'passed', 'passed', 'passed']);
    const copy = again.feedback!.copies.find((c) => basename(c.copy).startsWith(units.inForce))!;
    expect(copy.markedCells).toEqual([]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(copy.copy)) as unknown as ArrayBuffer);
    const texts: string[] = [];
    wb.worksheets[0]!.eachRow((r) => r.eachCell((c) => texts.push(String(c.value))));
    expect(texts).toContain('通过');
    expect(texts).toContain('已说明');
    expect(texts.join('\n')).toContain(reason);
  }, 120_000);
});
