/**
 * Rosters and last year's summary go through the grid reader every submission goes through: a roster saved by
 * LibreOffice (.xlsx and .ods, the latter converted by the reader's own LibreOffice path) and a summary re-saved by
 * LibreOffice read the same as the originals; last year's summary is read once.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { consolidate } from '../../src/app/consolidate.js';
import { readPreviousSummary, type PreviousSummary } from '../../src/consolidate/previous.js';
import { readRoster as readConsolidationRoster } from '../../src/consolidate/roster.js';
import { readSourceGrid } from '../../src/io/readReport.js';
import { creditCodeCheckDigit, readRoster, RosterError } from '../../src/template/roster.js';
import { convertWithLibreOffice } from '../helpers/libreoffice.js';
import { random, randomUnit, unitCode, writeUnit, type UnitValues } from '../consolidate/fixtures.js';

const digitsOnly = '91350100123456789';
const codes = [unitCode(1), digitsOnly + creditCodeCheckDigit(digitsOnly)];
const names = ['某县一局', '某县二局', '某县三局'];

let dir: string;
let resaved: Record<'rosterXlsx' | 'rosterOds' | 'badOds' | 'summary', string>;
let summary: string;
let last: UnitValues[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nianbao-contract-lo-'));
  const made = join(dir, 'made');
  await mkdir(made);
  // the roster as a clerk keeps it: codes as text (one of them all digits), a title row above the header
  const roster = join(made, '名单.xlsx');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('报送单位');
  ws.addRows([['2025年度报送名单'], ['序号', '单位名称', '统一社会信用代码', '所属地区'], [1, '某县教育局', codes[0], '某县'], [2, '某县卫健委', codes[1], null]]);
  ws.getColumn(3).numFmt = '@';
  await wb.xlsx.writeFile(roster);
  const bad = join(made, '坏名单.xlsx');
  const wbBad = new ExcelJS.Workbook();
  wbBad.addWorksheet('报送单位').addRows([['单位名称', '统一社会信用代码'], ['甲局', codes[0]], ['', codes[1]]]);
  await wbBad.xlsx.writeFile(bad);
  // last year's summary of three units
  const rand = random(2024);
  last = names.map(() => randomUnit(rand));
  for (const [i, name] of names.entries()) await writeUnit(join(dir, '2024'), `${name}.xlsx`, { name, code: unitCode(i), filledDate: '2025-01-10' }, last[i]!, 2024);
  summary = join(made, '2024汇总.xlsx');
  await consolidate({ inputs: [join(dir, '2024')], year: 2024, region: '某县', out: summary, now: new Date(2025, 1, 1) });
  const xlsxDir = join(dir, 'lo-xlsx');
  const odsDir = join(dir, 'lo-ods');
  await mkdir(xlsxDir);
  await mkdir(odsDir);
  await convertWithLibreOffice([roster, summary], 'xlsx', xlsxDir);
  await convertWithLibreOffice([roster, bad], 'ods', odsDir);
  resaved = {
    rosterXlsx: join(xlsxDir, '名单.xlsx'),
    rosterOds: join(odsDir, '名单.ods'),
    badOds: join(odsDir, '坏名单.ods'),
    summary: join(xlsxDir, '2024汇总.xlsx'),
  };
}, 300_000);

describe('a roster saved by LibreOffice', () => {
  const expected = [
    { row: 3, name: '某县教育局', code: codes[0], region: '某县' },
    { row: 4, name: '某县卫健委', code: codes[1] },
  ];

  it('as .xlsx reads to the same units, rows and codes (an all-digit code stays text)', async () => {
    expect(await readRoster(resaved.rosterXlsx)).toEqual(expected);
    expect(await readConsolidationRoster(resaved.rosterXlsx)).toEqual(expected.map(({ name, code }) => ({ name, code })));
  });

  it('as .ods (converted by the reader’s LibreOffice path) reads the same', async () => {
    expect(await readRoster(resaved.rosterOds)).toEqual(expected);
  });

  it('as .ods with a bad row is refused naming the file, the sheet and the row', async () => {
    const err = await readRoster(resaved.badOds).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RosterError);
    expect((err as Error).message).toMatch(/^名单“坏名单\.ods”（工作表“报送单位”）有误/);
    expect((err as Error).message).toContain('第3行：单位名称为空');
    await expect(readConsolidationRoster(resaved.badOds)).rejects.toThrow(/报送名单“坏名单\.ods”（工作表“报送单位”）有误，未进行汇总：\n  第3行：单位名称为空/);
  });

  it('that is not a workbook at all is refused in Chinese, naming the file', async () => {
    const fake = join(dir, '假名单.ods');
    await import('node:fs/promises').then((fs) => fs.writeFile(fake, '单位名称\n甲局\n'));
    await expect(readRoster(fake)).rejects.toThrow(/名单“假名单\.ods”有误.*\n.*假名单\.ods/);
  });
});

describe('last year’s summary', () => {
  const unitValues = (s: PreviousSummary, i: number) => {
    const report = s.byCode.get(unitCode(i))!;
    expect(report, `unit ${i} found by code`).toBeDefined();
    return Object.fromEntries(Object.entries(report.values).map(([k, v]) => [k, v.scaled]));
  };

  it('re-saved by LibreOffice reads to the same region totals and the same per-unit figures', async () => {
    const original = await readPreviousSummary(summary);
    const again = await readPreviousSummary(resaved.summary);
    for (const [i] of names.entries()) {
      expect(unitValues(original, i)).toEqual(last[i]);
      expect(unitValues(again, i)).toEqual(last[i]);
    }
    expect([...again.byName.keys()].sort()).toEqual([...original.byName.keys()].sort());
    const scaled = (s: PreviousSummary) => Object.fromEntries(Object.entries(s.region.values).map(([k, v]) => [k, v.scaled]));
    expect(scaled(again)).toEqual(scaled(original));
    expect(again.region.source.isSummary).toBe(true);
  });

  it('is read once: after the first read the file is gone, and the region and every unit are still there', async () => {
    const copy = join(dir, 'once', '2024汇总.xlsx');
    await mkdir(join(dir, 'once'), { recursive: true });
    await copyFile(summary, copy);
    let reads = 0;
    const s = await readPreviousSummary(copy, {
      readGrid: async (file) => {
        const grid = await readSourceGrid(file);
        reads += 1;
        await rm(file);
        return grid;
      },
    });
    expect(reads).toBe(1);
    expect(s.region.source.isSummary).toBe(true);
    for (const [i] of names.entries()) expect(unitValues(s, i)).toEqual(last[i]);
  });
});
