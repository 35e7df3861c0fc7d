/**
 * The bundled samples hold the tool to samples/README.md: `check` reports exactly the errors and warnings listed
 * there, the clean files pass, and the sample county consolidates to the sums written there (which were added up
 * separately from the generator's numbers, not by this code).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkFiles } from '../../src/app/check.js';
import { consolidate } from '../../src/app/consolidate.js';
import type { ConsolidationResult } from '../../src/consolidate/result.js';
import { runCli } from '../../src/cli/run.js';
import { repoRoot } from '../helpers/paths.js';

const root = repoRoot;
const samples = join(root, 'samples');
const county = join(samples, '2025-示例县');
const severityLabel = { error: '错误', warning: '警告' } as const;

/** The rows of the first markdown table after `heading` in samples/README.md. */
async function readmeTable(heading: string): Promise<string[][]> {
  const text = await readFile(join(samples, 'README.md'), 'utf8');
  expect(text.includes(heading), heading).toBe(true);
  const body: string[][] = [];
  let inTable = false;
  for (const line of text.slice(text.indexOf(heading)).split('\n')) {
    if (line.startsWith('|')) inTable = true;
    else if (inTable) break;
    if (inTable) body.push(line.split('|').slice(1, -1).map((c) => c.trim()));
  }
  // without the header row and the |---| row
  return body.slice(2);
}

/** The command line run in this process (the built CLI in a child process is tested in tests/parse). */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    process.exitCode = undefined;
    const code = await runCli(args);
    return { code, stdout, stderr };
  } finally {
    process.exitCode = undefined;
    vi.restoreAllMocks();
  }
}

describe('samples/README.md: check', () => {
  it('reports exactly the documented errors and warnings, at the documented cells', async () => {
    const expected = (await readmeTable('### 应报出的错误和警告')).map(([file, severity, code, cell]) => `${file} | ${severity} | ${code} | ${cell}`);
    const { files } = await checkFiles([samples]);
    const actual = files.flatMap((f) =>
      f.findings
        .filter((x) => x.severity !== 'info')
        .map((x) => `${relative(samples, f.file)} | ${severityLabel[x.severity as 'error' | 'warning']} | ${x.code} | ${x.cells[0] ?? '—'}`),
    );
    expect(actual.sort()).toEqual(expected.sort());
    // the typed-over （七）总计 has 21 items: the message says stated, computed and difference, not a 21-term sum
    const typedOver = files.flatMap((f) => f.findings).find((x) => x.code === 'TYPED_OVER_TOTAL')!;
    expect(typedOver.message).toMatch(/手填数字 \d+，与按本列各项计算的 \d+（21 个分项之和/);
    expect(typedOver.message.length).toBeLessThan(200);
    // every sample file was read or named, none skipped
    expect(files.length).toBe(16);
  });

  it('exits 1 on the samples folder and 0 on its clean files alone', async () => {
    const all = await cli(['check', samples]);
    expect(all.code).toBe(1);
    const clean = ['发展和改革委员会', '教育局', '公安局', '财政局', '自然资源局', '应急管理局'].map((n) => join(county, `示例县${n}.xlsx`));
    const ok = await cli(['check', ...clean, join(county, '示例县文化广电和旅游局.xls'), join(samples, '2020-嵩县科技和工业信息化局')]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
  });

  it('refuses a --max-warnings that is not a count with exit code 2, instead of failing or passing every file', async () => {
    const clean = join(county, '示例县教育局.xlsx');
    for (const bad of ['-1', '两个']) {
      const r = await cli(['check', clean, '--max-warnings', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain(`--max-warnings 的值“${bad}”应为 0 或正整数`);
    }
  });
});

describe('samples/README.md: consolidation of 示例县', () => {
  let out: string;
  let result: ConsolidationResult;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'nianbao-samples-'));
    result = await consolidate({
      inputs: [county],
      year: 2025,
      region: '示例县',
      roster: join(county, '名单.csv'),
      out: join(out, '汇总.xlsx'),
      now: new Date('2026-02-10T09:00:00+08:00'),
    });
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  it('puts the documented sums into the official tables of the summary workbook', async () => {
    const rows = await readmeTable('下表的数是');
    expect(rows.length).toBe(11);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, '汇总.xlsx'));
    for (const [label, ref, total] of rows) {
      const [sheet, cell] = ref!.split('!');
      const c = wb.getWorksheet(sheet!)!.getCell(cell!);
      const v = c.value as ExcelJS.CellValue;
      const n = typeof v === 'object' && v !== null && 'formula' in v ? (c.result as number) ?? 0 : (v as number);
      expect(n, `${label} ${ref}`).toBe(Number(total));
    }
  });

  it('lists the roster units that did not submit, and every input file', () => {
    const missing = result.submissions.filter((s) => s.status === 'missing').map((s) => s.rosterUnit?.name);
    expect(missing.sort()).toEqual(['示例县审计局', '示例县统计局']);
    expect(result.counts).toMatchObject({ expected: 16, received: 14, read: 13, unreadable: 1, included: 13 });
  });
});
