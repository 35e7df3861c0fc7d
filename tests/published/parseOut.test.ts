/**
 * `parse --out` writes only what the source shows: a published report cut off before some rows, with a total it left
 * blank and a total that disagrees with its items, written into our template and read back, shows every number of the
 * source as it was, and no number the source did not show (no formula inventing a sum).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cellSpecs, formats } from '../../src/formats/index.js';
import { textToGrid } from '../../src/grid/textGrid.js';
import { readReport } from '../../src/io/readReport.js';
import { reportFromGrid } from '../../src/report/fromGrid.js';
import type { Report } from '../../src/report/report.js';
import { writeTemplate } from '../../src/template/workbook.js';
import { generateCase } from './corpus.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nianbao-parse-out-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('a cut-off report with a blank and a wrong total: every number as the source shows it, nothing invented', async () => {
  const c = generateCase(formats['2021'], 'pipeRows', 4242);
  const lines = c.text.split(/\r?\n/);
  // cut off after table 三's 二 row, and blank one total, and make another disagree with its items
  const cut = lines.findIndex((l) => l.includes('（三）不予公开') || l.includes('(三)不予公开') || l.includes('（三） 不予公开'));
  const kept = lines.slice(0, cut).map((l) =>
    /^\|\s*一、本年新收/.test(l) ? l.replace(/\|\s*[^|]*\|\s*$/, '|  |') : /^\|\s*二、上年结转/.test(l) ? l.replace(/\|\s*[^|]*\|\s*$/, '| 999999 |') : l,
  );
  const source: Report = reportFromGrid(textToGrid(kept.join('\n'), '年报.txt'));
  expect(source.values['applications.newReceived.total']!.kind).toBe('blank');
  expect(source.values['applications.resultsTotal.natural']!.kind).toBe('missing');
  const out = join(dir, '单位.xlsx');
  await writeTemplate({ format: formats['2021'], reportYear: source.reportYear!, unit: source.unit, report: source }, out);
  const back = await readReport(out);
  if (!back.ok) throw new Error(back.message);
  for (const spec of cellSpecs(formats['2021'])) {
    const was = source.values[spec.key]!;
    const now = back.report.values[spec.key]!;
    if (was.kind === 'number' || was.kind === 'zero') expect(now.scaled, spec.key).toBe(was.scaled);
    else expect(now.kind === 'number' || now.kind === 'zero', `${spec.key}: source ${was.kind}, written ${now.kind} ${now.raw}`).toBe(false);
  }
  expect(back.report.values['applications.carriedOver.total']!.scaled).toBe(999999);
});

it('parse and check report per file what was read, what is missing and why', async () => {
  const { parseFiles } = await import('../../src/app/parse.js');
  const { checkFiles } = await import('../../src/app/check.js');
  const { writeFile } = await import('node:fs/promises');
  const c = generateCase(formats['2019'], 'spaced', 515);
  const lines = c.text.split(/\r?\n/);
  const file = join(dir, '截断的年报.txt');
  await writeFile(file, lines.slice(0, Math.floor(lines.length * 0.6)).join('\n'));
  for (const result of [await parseFiles([file]), await checkFiles([file])]) {
    const reading = result.files[0]!.reading!;
    expect(reading.values).toBe(cellSpecs(formats['2019']).length);
    expect(reading.read + reading.missing).toBe(reading.values);
    expect(reading.missing).toBeGreaterThan(0);
    expect(reading.missingBecause.reduce((s, m) => s + m.count, 0)).toBe(reading.missing);
    expect(reading.missingBecause.map((m) => m.code)).toContain('TABLE_NOT_FOUND');
  }
});
