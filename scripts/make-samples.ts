/**
 * Writes the bundled samples under samples/ (run: `npm run samples`; needs LibreOffice for the `.xls` sample):
 * - the seed's unit (嵩县科技和工业信息化局, 2020, 2019 format): its published text and a filled workbook made from it;
 * - a fictional county (示例县, 2025) with a roster: clean units, units with one deliberate error each, an `.xls`
 *   file and a corrupt file. samples/README.md lists what each must produce; tests/samples holds the tool to it.
 *
 * Values come from a seeded generator, so a re-run writes the same numbers.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { formatForYear } from '../src/formats/index.js';
import { textToGrid } from '../src/grid/textGrid.js';
import { reportFromGrid } from '../src/report/fromGrid.js';
import { reportFromNumbers } from '../src/report/build.js';
import type { Report, ReportValue } from '../src/report/report.js';
import { creditCodeCheckDigit } from '../src/template/roster.js';
import { buildTemplateWorkbook, templateBuffer, workbookBuffer } from '../src/template/workbook.js';
import { random, randomUnit, feeKey } from '../tests/consolidate/fixtures.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const samples = join(root, 'samples');
const seedFile = join(root, '..', 'shared', 'seed', '2020-嵩县科技和工业信息化局-年报.txt');

const county = '示例县';
const year = 2025;
const format = formatForYear(year);

function creditCode(i: number): string {
  const first17 = `11410325MB${String(1000 + i).padStart(7, '0')}`;
  return first17 + creditCodeCheckDigit(first17);
}

interface SampleUnit {
  name: string;
  /** file name in samples/2025-示例县, or undefined for a unit that has not submitted */
  file?: string;
  /** what was done to it */
  damage?: (report: Report) => void;
  /** edits to the written workbook (things a Report cannot express: a typed-over formula, inserted rows) */
  edit?: (workbook: ExcelJS.Workbook) => void;
  /** what to do with the written bytes */
  bytes?: 'xls' | 'truncate';
}

const setValue = (report: Report, key: string, value: Partial<ReportValue>): void => {
  report.values[key] = { ...report.values[key]!, ...value };
};

const units: SampleUnit[] = [
  { name: '示例县发展和改革委员会', file: '示例县发展和改革委员会.xlsx' },
  { name: '示例县教育局', file: '示例县教育局.xlsx' },
  { name: '示例县公安局', file: '示例县公安局.xlsx' },
  { name: '示例县财政局', file: '示例县财政局.xlsx' },
  { name: '示例县自然资源局', file: '示例县自然资源局.xlsx' },
  {
    // 勾稽关系 broken in the 商业企业 column: one more carried over than the results account for
    name: '示例县人力资源和社会保障局',
    file: '示例县人力资源和社会保障局.xlsx',
    damage: (r) => bump(r, 'applications.carriedOver.commercial', 1),
  },
  {
    // a row total whose stored result disagrees with its items (saved by software that did not recalculate)
    name: '示例县住房和城乡建设局',
    file: '示例县住房和城乡建设局.xlsx',
    edit: (wb) => {
      const cell = wb.getWorksheet('三、依申请公开')!.getCell('J6');
      const v = cell.value as ExcelJS.CellFormulaValue;
      cell.value = { formula: v.formula, result: Number(v.result ?? 0) + 2 } as ExcelJS.CellFormulaValue;
    },
  },
  {
    // the unit typed a number over the formula of （七）总计 in the 自然人 column
    name: '示例县交通运输局',
    file: '示例县交通运输局.xlsx',
    edit: (wb) => {
      const cell = wb.getWorksheet('三、依申请公开')!.getCell('D27');
      const v = cell.value as ExcelJS.CellFormulaValue;
      cell.value = Number(v.result ?? 0) + 3;
    },
  },
  {
    name: '示例县农业农村局',
    file: '示例县农业农村局.xlsx',
    damage: (r) => setValue(r, 'reviews.cases.reviewPending', { kind: 'blank', scaled: null, number: null, raw: '' }),
  },
  {
    name: '示例县卫生健康委员会',
    file: '示例县卫生健康委员会.xlsx',
    damage: (r) => setValue(r, 'active.licensing.decisions', { kind: 'text', scaled: null, number: null, raw: '十二' }),
  },
  {
    name: '示例县市场监督管理局',
    file: '示例县市场监督管理局.xlsx',
    damage: (r) => setValue(r, 'active.penalty.decisions', { kind: 'number', scaled: -2, number: -2, raw: '-2' }),
  },
  {
    // the unit added a title above table 三 and a note row inside it: the reader must still find every cell
    name: '示例县应急管理局',
    file: '示例县应急管理局.xlsx',
    edit: (wb) => {
      const ws = wb.getWorksheet('三、依申请公开')!;
      insertRowKeepingLayout(ws, 6, '（本单位插入的说明行：以下为办理结果）');
      insertRowKeepingLayout(ws, 1, '示例县应急管理局2025年政府信息公开申请情况');
    },
  },
  { name: '示例县文化广电和旅游局', file: '示例县文化广电和旅游局.xls', bytes: 'xls' },
  { name: '示例县民政局', file: '示例县民政局.xlsx', bytes: 'truncate' },
  { name: '示例县审计局' },
  { name: '示例县统计局' },
];

function bump(report: Report, key: string, by: number): void {
  const v = report.values[key]!;
  const n = (v.scaled ?? 0) + by;
  setValue(report, key, { kind: n === 0 ? 'zero' : 'number', scaled: n, number: n, raw: String(n) });
}

/**
 * Insert a row the way a spreadsheet program does: everything at or below `at` (1-based) moves down one row, merges
 * and formula references with it. exceljs's own spliceRows moves neither.
 */
function insertRowKeepingLayout(ws: ExcelJS.Worksheet, at: number, text: string): void {
  const ranges = [...(ws.model as unknown as { merges: string[] }).merges];
  for (const r of ranges) ws.unMergeCells(r);
  const shift = (ref: string): string =>
    ref.replace(/(\$?[A-Z]{1,3})(\$?)(\d+)/g, (_all, col: string, dollar: string, row: string) => `${col}${dollar}${Number(row) >= at ? Number(row) + 1 : Number(row)}`);
  ws.spliceRows(at, 0, [text]);
  ws.eachRow((row) =>
    row.eachCell((cell) => {
      const v = cell.value as ExcelJS.CellFormulaValue | null;
      if (v && typeof v === 'object' && 'formula' in v) cell.value = { ...v, formula: shift(v.formula) };
    }),
  );
  for (const r of ranges) ws.mergeCells(shift(r));
  // spliceRows carries data validations and conditional formats nowhere: this sample tests reading, not validation
}

async function convertToXls(xlsx: Buffer, target: string): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'nianbao-samples-'));
  try {
    const input = join(work, 'unit.xlsx');
    await writeFile(input, xlsx);
    execFileSync('soffice', [`-env:UserInstallation=file://${work}/profile`, '--headless', '--convert-to', 'xls', '--outdir', work, input], { stdio: 'ignore', timeout: 120_000 });
    await copyFile(join(work, 'unit.xls'), target);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function seedSamples(): Promise<void> {
  const dir = join(samples, '2020-嵩县科技和工业信息化局');
  await mkdir(dir, { recursive: true });
  const text = await readFile(seedFile, 'utf8');
  await writeFile(join(dir, '嵩县科技和工业信息化局2020年政府信息公开工作年度报告.txt'), text);
  const report = reportFromGrid(textToGrid(text, seedFile));
  const unit = { ...report.unit, filler: '（示例）填报人', phone: '0379-00000000', filledDate: '2021-01-20' };
  const seedFormat = formatForYear(report.reportYear ?? 2020);
  await writeFile(join(dir, '嵩县科技和工业信息化局2020年度统计表.xlsx'), await templateBuffer({ format: seedFormat, reportYear: 2020, unit, report }));
}

async function countySamples(): Promise<void> {
  const dir = join(samples, `${year}-${county}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const rand = random(2025);
  const roster = ['单位名称,统一社会信用代码,所属地区'];
  for (const [i, u] of units.entries()) {
    const code = creditCode(i + 1);
    roster.push(`${u.name},${code},${county}`);
    const values = randomUnit(rand);
    if (!u.file) continue;
    const numbers: Record<string, number> = {};
    for (const [k, n] of Object.entries(values)) numbers[k] = k === feeKey ? n / 10_000 : n;
    const unit = { name: u.name, code, region: county, filler: '李四', phone: '0379-66001234', filledDate: `2026-01-${String(10 + (i % 15)).padStart(2, '0')}` };
    const report = reportFromNumbers({ format, reportYear: year, numbers, unit });
    u.damage?.(report);
    const workbook = buildTemplateWorkbook({ format, reportYear: year, unit, report });
    u.edit?.(workbook);
    let bytes = await workbookBuffer(workbook);
    const target = join(dir, u.file);
    if (u.bytes === 'xls') await convertToXls(bytes, target);
    else {
      if (u.bytes === 'truncate') bytes = bytes.subarray(0, Math.floor(bytes.length / 2));
      await writeFile(target, bytes);
    }
  }
  await writeFile(join(dir, '名单.csv'), '\uFEFF' + roster.join('\r\n') + '\r\n');
}

await seedSamples();
await countySamples();
console.log(`样例已写入 ${samples}`);
