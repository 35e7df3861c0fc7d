/**
 * `nianbao check --previous`: last year's workbook of the same unit, or last year's county summary, makes the
 * carry-over rule run for real (an error when it breaks, nothing when it holds); without it the rule is not assessed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFiles } from '../../src/app/check.js';
import { consolidate } from '../../src/app/consolidate.js';
import { random, randomUnit, unitCode, writeUnit, type UnitValues } from '../consolidate/fixtures.js';

const columns = ['natural', 'commercial', 'research', 'publicInterest', 'legalServices', 'otherOrgs'];
const carriedFrom = (last: UnitValues) => Object.fromEntries(columns.map((c) => [c, last[`applications.carryForward.${c}`]!]));

describe('check --previous', () => {
  let dir: string;
  let lastYear: string;
  let lastSummary: string;
  let agrees: string;
  let breaks: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nianbao-previous-'));
    const rand = random(11);
    const unit = { name: '某某县教育局', code: unitCode(1) };
    const last = randomUnit(rand);
    lastYear = await writeUnit(join(dir, '2024'), '教育局2024.xlsx', unit, last, 2024);
    const other = await writeUnit(join(dir, '2024'), '公安局2024.xlsx', { name: '某某县公安局', code: unitCode(2) }, randomUnit(rand), 2024);
    lastSummary = join(dir, '某某县2024年汇总.xlsx');
    await consolidate({ inputs: [lastYear, other], year: 2024, region: '某某县', out: lastSummary, now: new Date('2025-02-01') });
    // this year: carried over exactly what was carried forward, or one more in 科研机构
    agrees = await writeUnit(join(dir, '2025'), '教育局2025.xlsx', unit, randomUnit(rand, { carriedOver: carriedFrom(last) }));
    breaks = await writeUnit(join(dir, '2025b'), '教育局2025.xlsx', unit, randomUnit(rand, { carriedOver: { ...carriedFrom(last), research: carriedFrom(last).research! + 1 } }));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const codes = async (file: string, previous?: string) => {
    const { files } = await checkFiles([file], previous ? { previous } : {});
    return files[0]!.findings.map((f) => `${f.code} ${f.cells[0] ?? ''}`);
  };

  it('without last year the carry-over is reported as not assessed, never passed', async () => {
    expect(await codes(agrees)).toContain('CROSS_YEAR_NOT_ASSESSABLE 三、依申请公开!D5');
  });

  it('with last year’s workbook of the unit: holds → no finding; broken → CARRY_OVER at the 科研机构 cell', async () => {
    const ok = await codes(agrees, lastYear);
    expect(ok.filter((c) => c.startsWith('CARRY_OVER') || c.startsWith('CROSS_YEAR'))).toEqual([]);
    const bad = await codes(breaks, lastYear);
    expect(bad.filter((c) => c.startsWith('CARRY_OVER'))).toEqual(['CARRY_OVER 三、依申请公开!F5']);
  });

  it('with last year’s county summary: the unit is found in it by its code, and the same holds', async () => {
    expect((await codes(agrees, lastSummary)).filter((c) => c.startsWith('CARRY_OVER') || c.startsWith('CROSS_YEAR'))).toEqual([]);
    expect((await codes(breaks, lastSummary)).filter((c) => c.startsWith('CARRY_OVER'))).toEqual(['CARRY_OVER 三、依申请公开!F5']);
  });
});
