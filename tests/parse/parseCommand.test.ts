/**
 * `nianbao parse` and `nianbao check` on the seed and broken copies of it, on files written to disk: once through the
 * built CLI in a child process (what a user runs), otherwise through the same command line run in this process. The numbers expected are the seed's, typed from the text.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { checkOutputSchema } from '../../src/check/jsonOutput.js';
import { readReport } from '../../src/io/readReport.js';
import { cliPath, seedFile as seedPath } from '../helpers/paths.js';

const repo = path.join(import.meta.dirname, '../..');
const seedFile = seedPath;
const unitName = '嵩县科技和工业信息化局';

function nianbao(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same command in this process (for the error paths, where a child process would only cost time). */
async function nianbaoHere(...args: string[]): Promise<{ code: number | string | null | undefined; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  process.exitCode = undefined;
  try {
    const code = await runCli(args);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  }
}
afterEach(() => {
  process.exitCode = undefined;
});

/** The seed's published numbers: only 其他对外管理服务事项 has any (本年增/减 5, 处理决定数量 5). */
const nonZero: Record<string, number> = { 'active.otherServices.change': 5, 'active.otherServices.decisions': 5 };

let dir: string;
let seed: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'nianbao-parse-'));
  seed = path.join(dir, '年报.txt');
  copyFileSync(seedFile, seed);
});

describe('nianbao parse <seed>', () => {
  it('--out writes our template holding the seed’s numbers, unit and year', async () => {
    const out = path.join(dir, '单位.xlsx');
    const r = nianbao('parse', seed, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(unitName);
    expect(r.stdout).toContain(`已写入：${out}`);

    const back = await readReport(out);
    if (!back.ok) throw new Error(back.message);
    expect(back.report.source.kind).toBe('template');
    expect(back.report.format).toBe('2019');
    expect(back.report.reportYear).toBe(2020);
    expect(back.report.unit.name).toBe(unitName);
    const keys = Object.keys(back.report.values);
    expect(keys).toHaveLength(198);
    for (const key of keys) expect([key, back.report.values[key]!.scaled]).toEqual([key, nonZero[key] ?? 0]);
    expect(back.report.findings.filter((f) => f.severity === 'error')).toEqual([]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const info = wb.getWorksheet('基本信息');
    expect(info).toBeDefined();
    const texts: string[] = [];
    info!.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
    expect(texts).toContain(unitName);
    expect(texts.some((t) => t === '2020' || t === '2020年度' || t.includes('2020'))).toBe(true);
  });

  it('--json prints the same document as check --json, each file with its Report (values with their lines) and findings', async () => {
    const r = await nianbaoHere('parse', seed, '--json');
    expect(r.code).toBe(0);
    const parsed = checkOutputSchema.parse(JSON.parse(r.stdout));
    expect(parsed.files).toHaveLength(1);
    expect(parsed.files[0]).toMatchObject({ file: seed, unit: unitName, format: '2019', reportYear: 2020, status: 'passed' });
    const doc = parsed.files[0] as unknown as {
      file: string;
      report: { format: string; reportYear: number; unit: { name: string }; values: Record<string, { scaled: number; provenance: { line: number } }> };
      findings: { severity: string }[];
    };
    expect(doc.file).toBe(seed);
    expect(doc.report.format).toBe('2019');
    expect(doc.report.reportYear).toBe(2020);
    expect(doc.report.unit.name).toBe(unitName);
    expect(doc.report.values['active.otherServices.decisions']).toMatchObject({ scaled: 5, provenance: { line: 34 } });
    expect(doc.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('a copy cut off in the middle of table 三 exits 1 and names every row that is missing', async () => {
    const lines = readFileSync(seedFile, 'utf8').split('\n');
    const cutAt = lines.findIndex((l) => l.includes('7.属于行政执法案卷'));
    expect(cutAt).toBeGreaterThan(0);
    // the last line kept is itself cut mid-row: two of its seven numbers
    const cut = path.join(dir, '截断.txt');
    writeFileSync(cut, [...lines.slice(0, cutAt), '\t\t7.属于行政执法案卷\t0\t0'].join('\n'));
    const r = await nianbaoHere('parse', cut, '--json');
    expect(r.code).toBe(1);
    const doc = checkOutputSchema.parse(JSON.parse(r.stdout)).files[0] as unknown as {
      report: { values: Record<string, { kind: string; scaled: number | null }> };
      findings: { code: string; severity: string; message: string }[];
    };
    const missingRows = [
      '7.属于行政执法案卷',
      '8.属于行政查询事项',
      '1.本机关不掌握相关政府信息',
      '2.没有现成信息需要另行制作',
      '3.补正后申请内容仍不明确',
      '1.信访举报投诉类申请',
      '2.重复申请',
      '3.要求提供公开出版物',
      '4.无正当理由大量反复申请',
      '5.要求行政机关确认或重新出具已获取信息',
      '（六）其他处理',
      '（七）总计',
      '四、结转下年度继续办理',
    ];
    const rowErrors = doc.findings.filter((f) => f.severity === 'error' && ['ROW_NOT_FOUND', 'VALUE_COUNT_MISMATCH'].includes(f.code));
    for (const row of missingRows) expect(rowErrors.filter((f) => f.message.includes(`“${row}”行`)), row).toHaveLength(1);
    expect(rowErrors).toHaveLength(missingRows.length);
    expect(doc.findings.find((f) => f.code === 'TABLE_NOT_FOUND')?.message).toContain('表四'); // gone entirely
    // the rows that are there were read; nothing after the cut was invented
    expect(doc.report.values['active.otherServices.change']).toMatchObject({ kind: 'number', scaled: 5 });
    expect(doc.report.values['applications.withheldProcessInfo.total']).toMatchObject({ kind: 'zero', scaled: 0 });
    for (const key of ['applications.withheldEnforcementFiles.natural', 'applications.carryForward.total', 'reviews.cases.reviewTotal']) {
      expect(doc.report.values[key], key).toMatchObject({ kind: 'missing', scaled: null });
    }
    // the text output names them too
    const text = await nianbaoHere('parse', cut);
    expect(text.code).toBe(1);
    for (const row of missingRows) expect(text.stdout).toContain(`“${row}”行`);
  });

  it('a file that does not exist exits 2 with a Chinese message naming it', async () => {
    const r = await nianbaoHere('parse', path.join(dir, '没有这个文件.txt'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/没有这个文件\.txt.*不存在/);
  });

  it('an empty file exits 2 with a Chinese message naming it, and --out writes nothing', async () => {
    const empty = path.join(dir, '空白.txt');
    writeFileSync(empty, '');
    const out = path.join(dir, '空白.xlsx');
    const r = await nianbaoHere('parse', empty, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/空白\.txt.*空文件/);
    expect(() => statSync(out)).toThrow();
  });

  it('an input that cannot be read as a file (a folder) exits 2 naming it', async () => {
    const folder = path.join(dir, '文件夹.txt');
    mkdirSync(folder);
    const r = await nianbaoHere('parse', folder);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('文件夹.txt');
  });

  it('--out equal to the input is refused before anything is read, and the input is unchanged', async () => {
    const before = readFileSync(seed);
    const r = await nianbaoHere('parse', seed, '--out', seed);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('输入文件之一');
    expect(r.stdout).toBe('');
    expect(readFileSync(seed).equals(before)).toBe(true);
  });

  it('a report that states no year cannot go into a template without --year (exit 2, nothing written)', async () => {
    const noYear = path.join(dir, '无年度.txt');
    writeFileSync(noYear, readFileSync(seedFile, 'utf8').replace(/20\d\d年/g, ''));
    const out = path.join(dir, '无年度.xlsx');
    const r = await nianbaoHere('parse', noYear, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/无年度\.txt.*没有写明报告年度.*--year/);
    expect(() => statSync(out)).toThrow();
    const withYear = await nianbaoHere('parse', noYear, '--out', out, '--year', '2020');
    expect(withYear.code).toBe(0);
    expect(statSync(out).size).toBeGreaterThan(0);
  });
});

describe('nianbao check <seed text>', () => {
  it('exits 0 with no error finding', async () => {
    const r = await nianbaoHere('check', seed);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(unitName);
    expect(r.stdout).toMatch(/错误 0 个/);
  });
});
