/**
 * Workers started early (workerThreads.ts): the batch reads on them, a small batch ends them, and one nobody takes
 * never keeps the program from exiting.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readAndCheckMany } from '../../src/batch/pool.js';
import { discardPrestarted, looksLikeBatch, prestartForCommand, prestartWorkers } from '../../src/batch/workerThreads.js';
import { random, randomUnit, unitCopies, writeUnit } from './fixtures.js';
import { cliPath } from '../helpers/paths.js';

describe('prestarted reader threads', () => {
  it('are the threads the batch reads on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-prestart-'));
    const rand = random(21);
    const files = [];
    for (const name of ['甲', '乙', '丙', '丁']) files.push(await writeUnit(dir, `${name}.xlsx`, { name }, randomUnit(rand)));
    const started = prestartWorkers(2);
    expect(started).toHaveLength(2);
    const results = await readAndCheckMany(files, { workers: 2, inProcessBelow: 0 });
    expect(results.map((r) => r.report?.unit.name)).toEqual(['甲', '乙', '丙', '丁']);
    const readers = new Set(results.map((r) => r.threadId));
    expect([...readers].every((id) => started.includes(id!))).toBe(true);
    // taken: a second prestart starts new ones
    expect(prestartWorkers(1).some((id) => started.includes(id))).toBe(false);
    // a small batch is read in-process and ends the prestarted worker
    const small = await readAndCheckMany(files.slice(0, 1));
    expect(small[0]!.threadId ?? 0).toBe(0);
    expect(prestartWorkers(0)).toEqual([]);
  });

  it('do not keep the program alive when no batch takes them', () => {
    const module = pathToFileURL(join(process.cwd(), 'src/batch/workerThreads.ts')).href;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `const m = await import(${JSON.stringify(module)}); console.log(m.prestartWorkers(2).length);`], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('2');
  });

  it('are started for a folder of many files, not for one file or a small folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-guess-'));
    await mkdir(join(dir, 'big'));
    await mkdir(join(dir, 'small'));
    for (let i = 0; i < 60; i++) await writeFile(join(dir, 'big', `${i}.xlsx`), '');
    for (let i = 0; i < 3; i++) await writeFile(join(dir, 'small', `${i}.xlsx`), '');
    expect(looksLikeBatch([join(dir, 'big')])).toBe(true);
    expect(looksLikeBatch([join(dir, 'small')])).toBe(false);
    expect(looksLikeBatch([join(dir, 'small', '0.xlsx')])).toBe(false);
    expect(looksLikeBatch([join(dir, 'missing')])).toBe(false);
  });

  it('are started from an unparsed command line only for consolidate or check of a big folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-cmdline-'));
    for (let i = 0; i < 60; i++) await writeFile(join(dir, `${i}.xlsx`), '');
    const started = () => prestartWorkers(0).length;
    prestartForCommand(['template', dir, '--year', '2025']);
    expect(started()).toBe(0);
    prestartForCommand(['check', join(dir, '1.xlsx')]);
    expect(started()).toBe(0);
    prestartForCommand(['consolidate', dir, '--year', '2025', '--region', '某县', '--out', join(dir, 'o.xlsx')]);
    expect(started()).toBeGreaterThan(0);
    discardPrestarted();
    expect(started()).toBe(0);
  });

  it('read a big folder for the built command (the bundle in dist/bin), started before its command line is parsed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-bin-'));
    const rand = random(22);
    // one unit written by the template writer, 59 more copied from it under their own names (see `unitCopies`)
    const first = await writeUnit(join(dir, 'in'), '单位0.xlsx', { name: '单位0' }, randomUnit(rand));
    await unitCopies(first, { name: '单位0' }, Array.from({ length: 59 }, (_, i) => ({ name: `单位${i + 1}`, file: join(dir, 'in', `单位${i + 1}.xlsx`) })));
    const out = join(dir, '汇总.xlsx');
    const run = spawnSync(process.execPath, [cliPath, 'consolidate', join(dir, 'in'), '--year', '2025', '--region', '某县', '--out', out], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, NIANBAO_DEBUG: '1' },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('计入合计的单位 60 个');
    // one line per worker thread the batch read on: the bundle found its worker beside it
    expect(run.stderr).toMatch(/\[nianbao\] worker thread \d+ online/);
    expect(existsSync(out)).toBe(true);
  });
});
