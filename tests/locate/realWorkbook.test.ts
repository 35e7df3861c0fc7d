/**
 * The real artefact: a filled template written to disk by the template writer, read back by the workbook reader,
 * located and extracted here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cellSpecs, formats } from '../../src/formats/index.js';
import { readWorkbookGrid } from '../../src/grid/readWorkbook.js';
import { reportFromNumbers } from '../../src/report/build.js';
import { reportFromGrid } from '../../src/report/fromGrid.js';
import { reportSchema } from '../../src/report/report.js';
import { writeTemplate } from '../../src/template/workbook.js';

const dir = mkdtempSync(join(tmpdir(), 'nianbao-locate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
  ['2021', 2025],
  ['2019', 2020],
] as const)('a filled %s template written to disk and read back', (id, year) => {
  it('reads every input back from its cell, through the metadata', async () => {
    const format = formats[id];
    const inputs = cellSpecs(format).filter((s) => !s.isTotal);
    const numbers = Object.fromEntries(inputs.map((s, i) => [s.key, s.domain === 'money' ? i + 0.1234 : i + 1]));
    const unit = { name: '某某县文化广电和旅游局', code: '11410000MB1234567X', filler: '李四', phone: '13800000000', filledDate: '2026-01-15' };
    const file = join(dir, `${id}.xlsx`);
    await writeTemplate({ format, reportYear: year, unit, report: reportFromNumbers({ format, reportYear: year, numbers, unit }) }, file);
    const read = await readWorkbookGrid(file);
    if (!read.ok) throw new Error(read.message);
    const report = reportFromGrid(read.grid);
    expect(() => reportSchema.parse(report)).not.toThrow();
    expect(report.format).toBe(id);
    expect(report.reportYear).toBe(year);
    expect(report.source.kind).toBe('template');
    expect(report.unit).toMatchObject({ name: unit.name, code: unit.code, filler: unit.filler, filledDate: unit.filledDate });
    const wrong = inputs.filter((s) => report.values[s.key]!.number !== numbers[s.key]);
    expect(wrong.map((s) => `${s.key}=${report.values[s.key]!.raw}`)).toEqual([]);
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(report.findings.map((f) => f.code)).not.toContain('TEMPLATE_LAYOUT_CHANGED');
  });
});
