/**
 * A Report handed in as JSON is held to the per-format schema generated from the cell specs: one that lacks its data
 * points (`values: {}`) is refused with NOT_A_REPORT, never passed as a report with nothing wrong; its 填报日期 is
 * read as a workbook's is.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFiles } from '../../src/app/check.js';
import { readReport } from '../../src/io/readReport.js';
import { cleanReport } from './reports.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nianbao-report-json-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a Report as JSON', () => {
  it('with every data point is read and checked', async () => {
    const file = join(dir, '完整.json');
    await writeFile(file, JSON.stringify(cleanReport('2021', { file: '完整.json' })));
    const read = await readReport(file);
    expect(read.ok).toBe(true);
  });

  it('with values: {} is refused, and check exits 2 (nothing could be read) instead of passing', async () => {
    const file = join(dir, '空.json');
    await writeFile(file, JSON.stringify({ ...cleanReport('2021', { file: '空.json' }), values: {} }));
    const read = await readReport(file);
    expect(read).toMatchObject({ ok: false, code: 'NOT_A_REPORT' });
    expect(!read.ok && read.message).toContain('缺少 200 个数据项');
    const result = await checkFiles([file]);
    expect(result.exitCode).not.toBe(0);
    expect(result.files[0]!.findings.map((f) => `${f.code} ${f.severity}`)).toEqual(['NOT_A_REPORT error']);
  });

  it('missing one data point is refused too', async () => {
    const report = cleanReport('2019', { file: '缺一项.json' });
    const values = { ...report.values };
    delete values['applications.granted.natural'];
    const file = join(dir, '缺一项.json');
    await writeFile(file, JSON.stringify({ ...report, values }));
    const read = await readReport(file);
    expect(read).toMatchObject({ ok: false, code: 'NOT_A_REPORT' });
    expect(!read.ok && read.message).toContain('applications.granted.natural');
  });

  it('with a 填报日期 that is no date says so (DATE_UNREADABLE, as in a workbook) and does not use it', async () => {
    const file = join(dir, '日期.json');
    const report = cleanReport('2021', { file: '日期.json' });
    await writeFile(file, JSON.stringify({ ...report, unit: { ...report.unit, filledDate: '2026-13-45' } }));
    const result = await checkFiles([file]);
    const said = result.files[0]!.findings.filter((f) => f.code === 'DATE_UNREADABLE');
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ severity: 'warning', file, actual: '2026-13-45', unit: report.unit.name });
    expect(said[0]!.message).toContain('2026-13-45');
    const read = await readReport(file);
    expect(read.ok && read.report.unit.filledDate).toBeUndefined();
  });

  it('with a 填报日期 written as a clerk writes it reads it as the ISO date', async () => {
    const file = join(dir, '中文日期.json');
    const report = cleanReport('2021', { file: '中文日期.json' });
    await writeFile(file, JSON.stringify({ ...report, unit: { ...report.unit, filledDate: '2026年1月20日' } }));
    const read = await readReport(file);
    expect(read.ok && read.report.unit.filledDate).toBe('2026-01-20');
    expect(read.ok && read.report.findings.filter((f) => f.code === 'DATE_UNREADABLE')).toEqual([]);
  });
});
