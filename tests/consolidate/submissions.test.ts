/**
 * 报送情况 through real files: duplicates, late, unreadable, other-format, not-in-roster and missing units, text in a
 * number cell, --exclude-invalid, the output refused when it is an input, and --previous per unit and for the region.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { formats, formatForYear, cellSpecs } from '../../src/formats/index.js';
import { tableLayout, address } from '../../src/layout/tableLayout.js';
import { writeTemplate } from '../../src/template/workbook.js';
import { consolidate } from '../../src/app/consolidate.js';
import { readReport } from '../../src/io/readReport.js';
import { OutputIsInputError } from '../../src/io/atomicWrite.js';
import type { ConsolidationResult } from '../../src/consolidate/result.js';
import { random, randomUnit, sumValues, unitCode, writeUnit, type UnitValues } from './fixtures.js';

const now = new Date(2026, 1, 20, 8, 0);
const format = formatForYear(2025);

async function summaryValues(file: string): Promise<UnitValues> {
  const read = await readReport(file);
  if (!read.ok) throw new Error(read.message);
  return Object.fromEntries(Object.entries(read.report.values).map(([k, v]) => [k, v.scaled!]));
}

const byFile = (r: ConsolidationResult, name: string) => r.submissions.find((s) => s.file?.endsWith(name));

describe('a county with every kind of submission problem', () => {
  let dir: string;
  let v: Record<string, UnitValues>;
  let result: ConsolidationResult;
  let excluded: ConsolidationResult;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nianbao-subm-'));
    const rand = random(7);
    v = { a: randomUnit(rand), b1: randomUnit(rand), b2: randomUnit(rand), c: randomUnit(rand), f: randomUnit(rand), h: randomUnit(rand) };
    const inDir = join(dir, 'in');
    await writeUnit(inDir, '甲.xlsx', { name: '某县甲局', code: unitCode(1), filledDate: '2026-01-10' }, v.a!);
    // two files of one unit: the later 填报日期 is used, whatever the file names say
    await writeUnit(inDir, '乙-修改版.xlsx', { name: '某县乙局', code: unitCode(2), filledDate: '2026-01-05' }, v.b1!);
    await writeUnit(inDir, '乙.xlsx', { name: '某县乙局', code: unitCode(2), filledDate: '2026-01-20' }, v.b2!);
    await writeUnit(inDir, '丙.xlsx', { name: '某县丙局', filledDate: '2026-02-15' }, v.c!); // late, matched by name
    await writeFile(join(inDir, '某县丁局年报.xlsx'), Buffer.from('PK\u0003\u0004 not really a zip at all'));
    // 2019 tables handed in for 2025
    await writeTemplate({ format: formats['2019'], reportYear: 2025, unit: { name: '某县戊局', code: unitCode(5), filledDate: '2026-01-12' } }, join(inDir, '戊.xlsx'));
    await writeUnit(inDir, '外.xlsx', { name: '外县某局', filledDate: '2026-01-12' }, v.f!);
    // words where a number belongs
    const h = await writeUnit(inDir, '庚.xlsx', { name: '某县庚局', code: unitCode(7), filledDate: '2026-01-12' }, v.h!);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(h);
    const table = format.tables.find((t) => t.id === 'applications')!;
    const at = tableLayout(table).valueCells.get('applications.granted.natural')!;
    wb.getWorksheet(table.sheetName)!.getCell(address(at.row, at.col)).value = '见附件';
    await wb.xlsx.writeFile(h);
    const roster = ['单位名称,统一社会信用代码', `某县甲局,${unitCode(1)}`, `某县乙局,${unitCode(2)}`, '某县丙局,', '某县丁局,', `某县戊局,${unitCode(5)}`, '某县己局,', `某县庚局,${unitCode(7)}`];
    await writeFile(join(dir, '名单.csv'), roster.join('\r\n'));
    const common = { inputs: [inDir], year: 2025, region: '某县', roster: join(dir, '名单.csv'), now };
    result = await consolidate({ ...common, out: join(dir, '汇总.xlsx') });
    excluded = await consolidate({ ...common, out: join(dir, '剔除.xlsx'), excludeInvalid: true });
  });

  it('gives every input file a status and lists the roster unit that sent nothing', () => {
    const rows = result.submissions.map((s) => [s.file?.split('/').pop() ?? null, s.status, s.included, s.late, s.matchedBy]);
    expect(rows).toEqual([
      ['丙.xlsx', 'submitted', true, true, 'name'],
      ['乙-修改版.xlsx', 'duplicate', false, false, 'code'],
      ['乙.xlsx', 'duplicate', true, false, 'code'],
      ['外.xlsx', 'notInRoster', true, false, 'none'],
      ['庚.xlsx', 'submitted', true, false, 'code'],
      ['戊.xlsx', 'otherFormat', false, false, 'code'],
      ['某县丁局年报.xlsx', 'unreadable', false, false, 'fileName'],
      ['甲.xlsx', 'submitted', true, false, 'code'],
      [null, 'missing', false, false, 'none'],
    ]);
    expect(result.submissions.at(-1)!.unitName).toBe('某县己局');
    expect(byFile(result, '乙.xlsx')!.note).toContain('填报日期（2026-01-20）最晚');
    const codes = result.findings.map((f) => f.code);
    for (const c of ['DUPLICATE_SUBMISSION', 'SUBMITTED_LATE', 'FORMAT_MISMATCH_IN_SUMMARY', 'UNIT_NOT_IN_ROSTER', 'SUBMISSION_MISSING', 'SUM_INCOMPLETE']) {
      expect(codes, c).toContain(c);
    }
    expect(result.findings.find((f) => f.code === 'FORMAT_MISMATCH_IN_SUMMARY')!.severity).toBe('error');
    const unreadable = result.findings.find((f) => f.file.endsWith('某县丁局年报.xlsx'))!;
    expect(unreadable.severity).toBe('error');
    expect(unreadable.message).toContain('某县丁局年报.xlsx');
    expect(result.counts).toMatchObject({ expected: 7, received: 8, read: 7, unreadable: 1, included: 5, duplicates: 2, otherFormat: 1, notInRoster: 1, late: 1, missing: 1 });
    expect(result.hasErrors).toBe(true);
  });

  it('sums each unit once, leaves the other format out, and leaves text out of the sum (not as 0 silently)', async () => {
    const expected = sumValues([v.a!, v.b2!, v.c!, v.f!, v.h!]);
    const words = v.h!['applications.granted.natural']!;
    // spec: （七）总计 sums the result rows of its column; 总计 sums the applicant columns of its row
    for (const k of ['applications.granted.natural', 'applications.resultsTotal.natural', 'applications.granted.total', 'applications.resultsTotal.total']) {
      expected[k]! -= words;
    }
    const actual = await summaryValues(join(dir, '汇总.xlsx'));
    for (const s of cellSpecs(format)) expect(actual[s.key], s.key).toBe(expected[s.key]);
    const incomplete = result.findings.find((f) => f.code === 'SUM_INCOMPLETE')!;
    expect(incomplete.message).toContain('某县庚局');
    expect(result.tallies.get('applications.resultsTotal.natural')!.notSummable).toEqual(['某县庚局']);
  });

  it('with --exclude-invalid leaves units with errors out and says so at the top', async () => {
    expect(byFile(excluded, '庚.xlsx')).toMatchObject({ status: 'excluded', included: false });
    const expected = sumValues([v.a!, v.b2!, v.c!, v.f!]);
    const actual = await summaryValues(join(dir, '剔除.xlsx'));
    for (const s of cellSpecs(format)) expect(actual[s.key], s.key).toBe(expected[s.key]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, '剔除.xlsx'));
    expect(wb.getWorksheet('汇总说明')!.getCell('A2').text).toContain('已剔除校验有错误的单位');
  });

  it('refuses to write the summary over one of the inputs, and leaves inputs untouched', async () => {
    const inDir = join(dir, 'in');
    const files = (await readdir(inDir)).sort();
    const hash = async () => Promise.all(files.map(async (f) => createHash('sha256').update(await readFile(join(inDir, f))).digest('hex')));
    const before = await hash();
    await expect(consolidate({ inputs: [join(inDir, '甲.xlsx'), join(inDir, '乙.xlsx')], year: 2025, region: '某县', out: join(inDir, '乙.xlsx'), now })).rejects.toBeInstanceOf(
      OutputIsInputError,
    );
    // the same when the input is the folder the file was found in: it exists (refused without --force), and even
    // with --force a unit's workbook is never replaced (only one of nianbao's own summaries may be)
    await expect(consolidate({ inputs: [inDir], year: 2025, region: '某县', out: join(inDir, '甲.xlsx'), now })).rejects.toMatchObject({ code: 'OUTPUT_EXISTS' });
    await expect(consolidate({ inputs: [inDir], year: 2025, region: '某县', out: join(inDir, '甲.xlsx'), force: true, now })).rejects.toBeInstanceOf(OutputIsInputError);
    // and when the summary would land on last year's summary or on the roster
    const summary = join(dir, '剔除.xlsx');
    const summaryBefore = await readFile(summary);
    await expect(
      consolidate({ inputs: [join(inDir, '甲.xlsx')], year: 2025, region: '某县', out: summary, previous: summary, now }),
    ).rejects.toBeInstanceOf(OutputIsInputError);
    await expect(
      consolidate({ inputs: [join(inDir, '甲.xlsx')], year: 2025, region: '某县', out: join(dir, '名单.csv'), roster: join(dir, '名单.csv'), now }),
    ).rejects.toBeInstanceOf(OutputIsInputError);
    // a summary is a workbook: another extension is refused rather than an xlsx written under a misleading name
    await expect(consolidate({ inputs: [join(inDir, '甲.xlsx')], year: 2025, region: '某县', out: join(dir, '汇总.txt'), now })).rejects.toMatchObject({
      code: 'OUTPUT_NOT_XLSX',
    });
    expect((await readFile(summary)).equals(summaryBefore)).toBe(true);
    expect(await hash()).toEqual(before);
    // no temporary files are left behind by the runs above
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('--previous: carry-over per unit and for the region', () => {
  it('finds the one unit whose 上年结转 differs from last year, and the region total that inherits it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-prev-'));
    const rand = random(2024);
    const names = ['某县一局', '某县二局', '某县三局'];
    const last = names.map(() => randomUnit(rand));
    for (const [i, name] of names.entries()) await writeUnit(join(dir, '2024'), `${name}.xlsx`, { name, code: unitCode(i), filledDate: '2025-01-10' }, last[i]!, 2024);
    await consolidate({ inputs: [join(dir, '2024')], year: 2024, region: '某县', out: join(dir, '2024汇总.xlsx'), now: new Date(2025, 1, 1) });
    const columns = ['natural', 'commercial', 'research', 'publicInterest', 'legalServices', 'otherOrgs'];
    for (const [i, name] of names.entries()) {
      const carriedOver = Object.fromEntries(columns.map((c) => [c, last[i]![`applications.carryForward.${c}`]! + (i === 2 && c === 'natural' ? 1 : 0)]));
      // the third unit is matched by name only (no code this year)
      const unit = i === 2 ? { name, filledDate: '2026-01-10' } : { name, code: unitCode(i), filledDate: '2026-01-10' };
      await writeUnit(join(dir, '2025'), `${name}.xlsx`, unit, randomUnit(rand, { carriedOver }));
    }
    const r = await consolidate({ inputs: [join(dir, '2025')], year: 2025, region: '某县', out: join(dir, '2025汇总.xlsx'), previous: join(dir, '2024汇总.xlsx'), now });
    const carry = r.findings.filter((f) => f.code === 'CARRY_OVER');
    expect(carry.map((f) => f.unit).sort()).toEqual(['某县', '某县三局']);
    expect(carry.every((f) => f.keys?.includes('applications.carriedOver.natural'))).toBe(true);
    // the others were compared, not merely "not assessable"
    const notAssessable = r.findings.filter((f) => f.code === 'CROSS_YEAR_NOT_ASSESSABLE' && f.relation === 'carry-over');
    expect(notAssessable).toEqual([]);
  });
});
