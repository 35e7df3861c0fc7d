/** The worker pool: both cores, results in input order, a stuck file reported as TIMEOUT without stopping the batch. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { unzipSync, zipSync } from 'fflate';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAndCheckMany } from '../../src/batch/pool.js';
import { runCli } from '../../src/cli/run.js';
import { random, randomUnit, writeUnit } from './fixtures.js';

describe('batch reading', () => {
  it('reads with two workers, keeps input order, and goes on past a broken file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-batch-'));
    const rand = random(11);
    const files = [
      await writeUnit(dir, 'a.xlsx', { name: '甲' }, randomUnit(rand)),
      join(dir, 'empty.xlsx'),
      await writeUnit(dir, 'b.xlsx', { name: '乙' }, randomUnit(rand)),
    ];
    await writeFile(files[1]!, '');
    const seen: number[] = [];
    const results = await readAndCheckMany(files, { workers: 2, inProcessBelow: 0, onResult: (_, i) => seen.push(i) });
    expect(results.map((r) => [r.file, r.ok, r.report?.unit.name])).toEqual([
      [files[0], true, '甲'],
      [files[1], false, undefined],
      [files[2], true, '乙'],
    ]);
    expect(results[1]!.error!.message).toContain('empty.xlsx');
    expect(seen.sort()).toEqual([0, 1, 2]);
    // read on worker threads, not by the in-process fallback
    expect(results.every((r) => (r.threadId ?? 0) > 0)).toBe(true);
  });

  it('reports a file over the time limit as TIMEOUT, replaces the worker and finishes the batch', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-timeout-'));
    const rand = random(12);
    const files = [await writeUnit(dir, 'a.xlsx', { name: '甲' }, randomUnit(rand)), await writeUnit(dir, 'b.xlsx', { name: '乙' }, randomUnit(rand)), await writeUnit(dir, 'c.xlsx', { name: '丙' }, randomUnit(rand))];
    const results = await readAndCheckMany(files, { workers: 2, inProcessBelow: 0, timeoutMs: 1 });
    expect(results.map((r) => r.error?.code)).toEqual(['TIMEOUT', 'TIMEOUT', 'TIMEOUT']);
    expect(results[0]!.error!.message).toContain('a.xlsx');
  });

  it('pins a worker that runs out of memory on its file (WORKER_CRASHED) and reads the files sent after it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-oom-'));
    const rand = random(14);
    const names = ['甲', '乙', '丙', '丁', '戊'];
    const units = [];
    for (const name of names) units.push(await writeUnit(dir, `${name}.xlsx`, { name }, randomUnit(rand)));
    // 120,000 long text cells in one sheet: more than a 32 MB worker heap holds (the reader would refuse the sheet
    // as too large only after counting them)
    const parts = unzipSync(await readFile(units[0]!));
    // the template's largest sheet (表三), one every reading scans
    const sheet = Object.keys(parts)
      .filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p))
      .sort((a, b) => parts[b]!.length - parts[a]!.length)[0]!;
    const rows: string[] = [];
    for (let r = 200; r < 60_200; r++) {
      rows.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>${'单位'.repeat(40)}${r}</t></is></c><c r="B${r}" t="inlineStr"><is><t>${'说明'.repeat(40)}${r}</t></is></c></row>`);
    }
    parts[sheet] = Buffer.from(Buffer.from(parts[sheet]!).toString('utf8').replace('</sheetData>', `${rows.join('')}</sheetData>`));
    const big = join(dir, '巨大.xlsx');
    await writeFile(big, zipSync(parts, { level: 6 }));
    const files = [units[0]!, units[1]!, big, units[2]!, units[3]!, units[4]!];
    const results = await readAndCheckMany(files, { workers: 2, inProcessBelow: 0, workerHeapMb: 32 });
    expect(results.map((r) => (r.ok ? r.report?.unit.name : r.error?.code))).toEqual(['甲', '乙', 'WORKER_CRASHED', '丙', '丁', '戊']);
    expect(results[2]!.error!.message).toContain('巨大.xlsx');
    expect(results.every((r) => (r.threadId ?? 1) > 0)).toBe(true);
  });
});

describe('nianbao consolidate (command)', () => {
  const run = async (args: string[]) => {
    process.exitCode = undefined;
    const code = await runCli(args);
    process.exitCode = undefined;
    return code;
  };

  it('exits 0 for clean units, 2 when nothing could be read, 2 for a missing folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-cli-'));
    const rand = random(13);
    const unit = (name: string) => ({ name, filler: '张三', phone: '1', filledDate: '2026-01-10' });
    await writeUnit(join(dir, 'good'), 'a.xlsx', unit('甲'), randomUnit(rand));
    await writeFile(join(dir, 'bad.xlsx'), 'not a workbook');
    expect(await run(['consolidate', join(dir, 'good'), '--year', '2025', '--region', '某县', '--out', join(dir, 'o1.xlsx')])).toBe(0);
    expect(await run(['consolidate', join(dir, 'bad.xlsx'), '--year', '2025', '--region', '某县', '--out', join(dir, 'o2.xlsx')])).toBe(2);
    expect(await run(['consolidate', join(dir, 'nothing'), '--year', '2025', '--region', '某县', '--out', join(dir, 'o3.xlsx')])).toBe(2);
    expect(await run(['consolidate', join(dir, 'good'), join(dir, 'bad.xlsx'), '--year', '2025', '--region', '某县', '--out', join(dir, 'o4.xlsx')])).toBe(1);
  });
});
