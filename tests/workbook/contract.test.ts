/**
 * The workbook contract holds the names our files carry. Files already sent out (the committed templates, last year's
 * summaries, feedback copies in a unit's folder) keep the names they were written with, so the names are spelled out
 * here as those files carry them: renaming one in the contract must break writing (new files would differ) and
 * recognising (old files would no longer be known as ours).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consolidate } from '../../src/app/consolidate.js';
import { feedbackSummaryWorkbook } from '../../src/feedback/summary.js';
import { markerSheetXml } from '../../src/feedback/sheetXml.js';
import { ownFileKind } from '../../src/feedback/ownFiles.js';
import { formatForYear } from '../../src/formats/index.js';
import { readWorkbookGrid } from '../../src/grid/readWorkbook.js';
import type { GridWorkbook } from '../../src/grid/grid.js';
import { readReport } from '../../src/io/readReport.js';
import { reportFromGrid } from '../../src/report/fromGrid.js';
import { writeTemplate } from '../../src/template/workbook.js';
import { feedbackMarker, isSummaryWorkbook, readGridMetadata } from '../../src/workbook/contract.js';
import { metadataSheet, sheetFromRows, templateTableSheet, workbook } from '../locate/grids.js';
import { random, randomUnit, writeUnit } from '../consolidate/fixtures.js';

/** What the template of 2025 (templateVersion 1) wrote into its metadata sheet, in order. */
const templateKeys = ['format', 'templateVersion', 'reportYear', 'unitName', 'unitCode', 'region', 'generatorVersion'];

async function gridOf(file: string): Promise<GridWorkbook> {
  const read = await readWorkbookGrid(file);
  if (!read.ok) throw new Error(read.message);
  return read.grid;
}

const metadataRows = (grid: GridWorkbook) => {
  const sheet = grid.sheets.find((s) => s.name === '_nianbao')!;
  expect(sheet, 'the metadata sheet _nianbao').toBeDefined();
  expect(sheet.state).toBe('veryHidden');
  return [...readGridMetadata(grid)!.keys()];
};

describe('writing: new files carry the names files already sent out carry', () => {
  it('a template: 填表说明, 基本信息, the tables, 情况说明 and _nianbao with the template keys', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-contract-'));
    const file = join(dir, 't.xlsx');
    await writeTemplate({ format: formatForYear(2025), reportYear: 2025, unit: { name: '某局' } }, file);
    const grid = await gridOf(file);
    expect(grid.sheets.map((s) => s.name)).toEqual(['填表说明', '基本信息', ...formatForYear(2025).tables.map((t) => t.sheetName), '情况说明', '_nianbao']);
    expect(metadataRows(grid)).toEqual(templateKeys);
    expect(readGridMetadata(grid)!.get('unitName')).toBe('某局');
    const info = grid.sheets.find((s) => s.name === '基本信息')!;
    const labels = [...info.cells.values()].filter((c) => c.col === 0 && c.row > 0).map((c) => c.text);
    expect(labels).toEqual(['单位名称', '统一社会信用代码', '所属地区', '报告年度', '填报人', '联系电话', '填报日期']);
  });

  it('a summary: its own sheets, the hidden key row of 分单位明细, and isSummary = true', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-contract-'));
    await writeUnit(join(dir, 'in'), '甲.xlsx', { name: '甲局' }, randomUnit(random(5)));
    const out = join(dir, '汇总.xlsx');
    await consolidate({ inputs: [join(dir, 'in')], year: 2025, region: '某县', out, now: new Date(2026, 1, 1) });
    const grid = await gridOf(out);
    for (const name of ['汇总说明', '分单位明细', '校验结果', '报送情况', '基本信息']) expect(grid.sheets.map((s) => s.name)).toContain(name);
    expect(metadataRows(grid)).toEqual([...templateKeys, 'isSummary']);
    expect(readGridMetadata(grid)!.get('isSummary')).toBe('true');
    const detail = grid.sheets.find((s) => s.name === '分单位明细')!;
    const keyRow = [...detail.cells.values()].filter((c) => c.row === 2 && c.col < 6).map((c) => c.text);
    expect(keyRow).toEqual(['#index', '#unitName', '#unitCode', '#status', '#included', '#file']);
  });

  it('feedback: the marker of a copy and of 审核情况 has kind, digest and the kinds as written before', async () => {
    const xml = markerSheetXml({ sourceFile: 'a.xlsx', checkedAt: new Date(0), result: 'passed', digest: 'abc' });
    for (const text of ['kind', 'feedback', 'generatorVersion', 'sourceFile', 'checkedAt', 'result', 'digest']) expect(xml).toContain(`>${text}<`);
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-contract-'));
    const file = join(dir, '审核情况.xlsx');
    await writeFile(file, await feedbackSummaryWorkbook([], { checkedAt: new Date(0) }));
    const grid = await gridOf(file);
    expect(grid.sheets.map((s) => s.name)).toEqual(['审核情况', '_nianbao_feedback']);
    expect(feedbackMarker(grid.sheets)!.get('kind')).toBe('feedback-summary');
  });
});

describe('recognising: files written before are known as ours', () => {
  it('the committed blank template is read through its metadata, as a template of format 2021, version 1', async () => {
    const read = await readReport(resolve('templates/2021/2025年度政府信息公开工作年度报告统计表（模板）.xlsx'));
    if (!read.ok) throw new Error(read.message);
    expect(read.report.source.kind).toBe('template');
    expect(read.report.source.templateVersion).toBe('1');
    expect(read.report.format).toBe('2021');
  });

  it('last year’s summary whose metadata says isSummary is a summary, even with its summary sheets renamed', () => {
    const format = formatForYear(2025);
    const grid = workbook([...format.tables.map((t) => templateTableSheet(t)), metadataSheet({ format: '2021', templateVersion: '1', reportYear: 2024, isSummary: 'true' })]);
    expect(isSummaryWorkbook(grid)).toBe(true);
    const report = reportFromGrid(grid);
    expect(report.source.isSummary).toBe(true);
    expect(report.source.templateVersion).toBe('1');
    expect(report.reportYear).toBe(2024);
    // and a unit's workbook is not
    const unit = workbook([...format.tables.map((t) => templateTableSheet(t)), metadataSheet({ format: '2021', templateVersion: '1', reportYear: 2024 })]);
    expect(isSummaryWorkbook(unit)).toBe(false);
  });

  it('a summary re-saved without its metadata sheet is known by 分单位明细 and 报送情况', () => {
    const grid = workbook([sheetFromRows('分单位明细', [['序号']]), sheetFromRows('报送情况', [['文件']])]);
    expect(isSummaryWorkbook(grid)).toBe(true);
  });

  it('our 审核情况 is known by its marker and not read as a submission', () => {
    const marker = { ...sheetFromRows('_nianbao_feedback', [['kind', 'feedback-summary'], ['generatorVersion', '0.1.0']]), state: 'veryHidden' as const };
    const found = feedbackMarker([sheetFromRows('审核情况', [['序号']]), marker]);
    expect(found && ownFileKind(found, () => new Uint8Array())).toBe('summary');
  });
});
