/**
 * `nianbao render` on real files written to disk: the seed as published, a web page rendered by us, a Report as JSON.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { formats } from '../../src/formats/index.js';
import { readReport } from '../../src/io/readReport.js';
import { reportFromNumbers } from '../../src/report/build.js';
import { seedFile as seed } from '../helpers/paths.js';

const seedPath = seed;

let dir: string;
let stderr: string;
let stdout: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'nianbao-render-'));
  stderr = '';
  stdout = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  process.exitCode = undefined;
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const run = (...args: string[]) => runCli(['render', ...args]);

describe('nianbao render', () => {
  it('writes a Report saved as JSON as an HTML page, atomically, leaving no temporary file', async () => {
    const report = reportFromNumbers({ format: formats['2021'], reportYear: 2022, unit: { name: '某局' }, numbers: { 'active.fees.feeAmount': 3.5 } });
    const input = path.join(dir, '某局.json');
    writeFileSync(input, JSON.stringify(report));
    const out = path.join(dir, '某局.html');
    await run(input, '--out', out);
    expect(process.exitCode ?? 0).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('某局2022年政府信息公开工作年度报告');
    expect(html).toContain('>3.5</td>');
    expect(readdirSync(dir).sort()).toEqual(['某局.html', '某局.json']);
  });

  it('prints to the screen without --out, in the format asked for', async () => {
    const report = reportFromNumbers({ format: formats['2019'], reportYear: 2020, unit: { name: '某局' } });
    const input = path.join(dir, 'r.json');
    writeFileSync(input, JSON.stringify(report));
    await run(input, '--format', 'txt');
    expect(stdout.split('\n')).toContain('信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量');
  });

  it('refuses to write over the file it reads, and leaves it untouched', async () => {
    const report = reportFromNumbers({ format: formats['2019'], reportYear: 2020 });
    const input = path.join(dir, 'r.json');
    const original = JSON.stringify(report);
    writeFileSync(input, original);
    await run(input, '--format', 'txt', '--out', path.join(dir, '.', 'r.json'));
    expect(process.exitCode).toBe(2);
    expect(stderr).toContain('OUTPUT_IS_INPUT');
    expect(stderr).toContain('已拒绝写入');
    expect(readFileSync(input, 'utf8')).toBe(original);
  });

  it('names the file in a Chinese message when it cannot be read', async () => {
    await run(path.join(dir, '不存在.txt'), '--format', 'html');
    expect(process.exitCode).toBe(2);
    expect(stderr).toContain('FILE_NOT_FOUND');
    expect(stderr).toContain('不存在.txt');
    await run(path.join(dir, '报告.pptx'), '--format', 'html'); // a slide deck: not a kind nianbao reads
    expect(stderr).toContain('UNSUPPORTED_FILE_TYPE');
    expect(stderr).toContain('报告.pptx');
  });

  it('asks for a format when neither --format nor the --out extension gives one', async () => {
    await run(seedPath);
    expect(process.exitCode).toBe(2);
    expect(stderr).toContain('--format');
  });

  it('renders the published seed as HTML that reads back into the seed’s numbers', async () => {
    const out = path.join(dir, '嵩县.html');
    await run(seedPath, '--out', out);
    expect(process.exitCode ?? 0).toBe(0);
    const back = await readReport(out);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.report.format).toBe('2019');
    expect(back.report.reportYear).toBe(2020);
    expect(back.report.unit.name).toBe('嵩县科技和工业信息化局');
    expect(back.report.values['active.otherServices.change']?.scaled).toBe(5);
    expect(back.report.values['active.otherServices.decisions']?.scaled).toBe(5);
    expect(back.report.values['active.regulations.newlyMade']?.scaled).toBe(0);
    expect(back.report.values['applications.carryForward.total']?.scaled).toBe(0);
    expect(back.report.values['reviews.cases.afterReviewTotal']?.scaled).toBe(0);
    expect(back.report.values['active.centralProcurement.procurementAmount']).toMatchObject({ kind: 'zero', scaled: 0 });
    expect(back.report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('readReport', () => {
  it('reads a GB18030 text file through textToGrid', async () => {
    const result = await readReport(path.join(import.meta.dirname, '../textgrid/fixtures/seed-gb18030.txt'));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.report.values['active.otherServices.change']?.scaled).toBe(5);
  });

  it('refuses a JSON file that is not a Report, naming it', async () => {
    const file = path.join(dir, '别的.json');
    writeFileSync(file, JSON.stringify({ hello: 1 }));
    const result = await readReport(file);
    expect(result).toMatchObject({ ok: false, code: 'NOT_A_REPORT' });
    if (!result.ok) expect(result.message).toContain('别的.json');
  });
});
