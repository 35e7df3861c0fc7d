/**
 * The worker pool's compact answers (what a province-sized consolidation asks for): the same figures, unit and
 * findings as reading the file in-process into a full Report, for files read on worker threads in batches.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAndCheckMany } from '../../src/batch/pool.js';
import { readAndCheck } from '../../src/batch/readAndCheck.js';
import { digestOf } from '../../src/batch/digest.js';
import { feeKey, random, randomUnit, writeUnit } from '../consolidate/fixtures.js';

describe('batch digests', () => {
  it('carry the figures, unit and findings of the full read, with no Report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-digest-'));
    const rand = random(61);
    const files: string[] = [];
    for (let i = 0; i < 5; i++) {
      const values = randomUnit(rand);
      if (i === 2) values['applications.newReceived.natural']! += 1; // a broken balance: an error finding
      values[feeKey] = 12_345; // 1.2345 万元
      files.push(await writeUnit(dir, `u${i}.xlsx`, { name: `单位${i}` }, values));
    }
    const results = await readAndCheckMany(files, { workers: 2, inProcessBelow: 0, digest: true });
    for (const [i, r] of results.entries()) {
      const full = await readAndCheck(files[i]!);
      expect(r.report).toBeUndefined();
      expect(r.threadId).toBeGreaterThan(0);
      expect(r.digest!.unit.name).toBe(`单位${i}`);
      expect(r.digest).toEqual(digestOf(full.report!));
      expect(r.findings).toEqual(full.findings);
    }
    expect(results[2]!.findings.some((f) => f.severity === 'error')).toBe(true);
  });
});
