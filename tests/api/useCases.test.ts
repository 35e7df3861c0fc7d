/**
 * The application layer the CLI, the local page and the portal share (`src/app`, exported from `src/index.ts`): each
 * use case returns its result and exit status, prints nothing, and refuses a wrong request with an InputError.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as nianbao from '../../src/index.js';
import { repoRoot, seedFile } from '../helpers/paths.js';

const county = join(repoRoot, 'samples', '2025-示例县');
const clean = join(county, '示例县公安局.xlsx');
const unbalanced = join(county, '示例县人力资源和社会保障局.xlsx');

let printed = '';
beforeEach(() => {
  printed = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((printed += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((printed += String(s)), true));
  process.exitCode = undefined;
});
afterEach(() => {
  vi.restoreAllMocks();
  // a use case never sets the process's exit code: the front-end decides
  expect(process.exitCode).toBeUndefined();
  expect(printed).toBe('');
});

describe('the use cases, as a program calls them', () => {
  it('checkFiles: one result per file, the exit status a front-end shows', async () => {
    const result = await nianbao.checkFiles([clean, unbalanced]);
    expect(result.files.map((f) => [f.unit, nianbao.exitCodeFor(f.findings)])).toEqual([
      ['示例县公安局', 0],
      ['示例县人力资源和社会保障局', 1],
    ]);
    expect(result.exitCode).toBe(1);
    expect(nianbao.checkOutputSchema.parse(nianbao.findingsJson(result.files)).totals.files).toBe(2);
  });

  it('parseFiles: the seed read into a Report, in the same per-file shape as check', async () => {
    const result = await nianbao.parseFiles([seedFile]);
    expect(result.exitCode).toBe(0);
    expect(result.files[0]).toMatchObject({ unit: '嵩县科技和工业信息化局', format: '2019', reportYear: 2020, readable: true });
    expect(result.files[0]!.report!.values['active.otherServices.decisions']!.scaled).toBe(5);
    expect(nianbao.describeParsedReport(result.files[0]!.report!)).toContain('识别出 198 个数据项');
  });

  it('makeTemplates and consolidate: files written, counts and exit status returned', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-app-'));
    const made = await nianbao.makeTemplates({ reportYear: 2025, outDir: join(dir, '模板'), unit: { name: '某局' } });
    expect(made.written.map((w) => w.path)).toEqual([join(dir, '模板', readdirSync(join(dir, '模板'))[0]!)]);
    const summary = await nianbao.consolidate({ inputs: [county], year: 2025, region: '示例县', roster: join(county, '名单.csv'), out: join(dir, '汇总.xlsx') });
    expect(summary.exitCode).toBe(1);
    expect(summary.written).toEqual([join(dir, '汇总.xlsx')]);
    expect(summary.files.map((f) => f.file)).toEqual(expect.arrayContaining([clean, unbalanced]));
  });

  it('a request that cannot be carried out is an InputError with a code and a Chinese message, not an exit', async () => {
    await expect(nianbao.checkFiles([join(repoRoot, '没有这个文件夹')])).rejects.toMatchObject({ name: 'InputError', code: 'INPUT_NOT_FOUND' });
    await expect(nianbao.parseFiles([seedFile], { year: 2018 })).rejects.toBeInstanceOf(nianbao.InputError);
    await expect(nianbao.parseFiles([seedFile], { out: seedFile })).rejects.toMatchObject({ code: 'OUTPUT_IS_INPUT' });
    await expect(nianbao.makeTemplates({ reportYear: 2018, outDir: tmpdir() })).rejects.toMatchObject({ code: 'UNSUPPORTED_YEAR' });
    await expect(nianbao.consolidate({ inputs: [county], year: 2025, region: ' ' })).rejects.toMatchObject({ code: 'REGION_MISSING' });
  });
});
