/**
 * The summary's long sheets are written as SpreadsheetML text (summaryBody.ts) instead of cell by cell through
 * exceljs. Differential: the same consolidation written both ways must read back identically — every sheet's cells
 * (value, number format, font, fill, alignment, borders, protection, note), rows, columns, merges, views, print setup
 * and the workbook's defined names with exceljs, and every sheet's text as LibreOffice shows it.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { consolidate } from '../../src/app/consolidate.js';
import { cellSpecs, formatForYear } from '../../src/formats/index.js';
import type { ConsolidationResult } from '../../src/consolidate/result.js';
import { writeSummaryWorkbook } from '../../src/consolidate/writeSummary.js';
import { exportTables } from '../../src/export/table.js';
import { summarySheetNames } from '../../src/workbook/contract.js';
import { valueKinds } from '../../src/report/report.js';
import { convertWithLibreOffice } from '../helpers/libreoffice.js';
import { random, randomUnit, unitCode, writeUnit } from './fixtures.js';

const format = formatForYear(2025);
const specs = cellSpecs(format);
const kind = (k: (typeof valueKinds)[number]) => valueKinds.indexOf(k);

/** Everything exceljs reads back of a workbook, as plain data. */
async function readBack(file: string): Promise<unknown> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheets = wb.worksheets.map((s) => {
    const rows: unknown[] = [];
    for (let r = 1; r <= s.rowCount; r++) {
      const row = s.getRow(r);
      const cells: unknown[] = [];
      for (let c = 1; c <= s.columnCount; c++) {
        const cell = row.getCell(c);
        cells.push({
          value: cell.value,
          numFmt: cell.numFmt,
          font: cell.font,
          fill: cell.fill,
          alignment: cell.alignment,
          border: cell.border,
          protection: cell.protection,
          note: cell.note,
        });
      }
      rows.push({ height: row.height, hidden: row.hidden, cells });
    }
    return {
      name: s.name,
      state: s.state,
      views: s.views,
      pageSetup: s.pageSetup,
      headerFooter: s.headerFooter,
      autoFilter: s.autoFilter,
      columns: (s.columns ?? []).map((c) => ({ width: c.width, hidden: c.hidden })),
      merges: s.model.merges,
      rows,
    };
  });
  return { sheets, definedNames: wb.definedNames.model };
}

describe('the summary written with direct rows reads back as the one written through exceljs', () => {
  let dir: string;
  let result: ConsolidationResult;
  let direct: string;
  let reference: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nianbao-body-'));
    const rand = random(20260301);
    const names = ['甲局', '乙局 & <丙> "办"', "丁局's\u0001 \u000b科\n室", '戊局', '己局'];
    for (const [i, name] of names.entries()) {
      await writeUnit(join(dir, 'in'), `${i}-单位${i}.xlsx`, { name, code: unitCode(i) }, randomUnit(rand));
    }
    result = await consolidate({ inputs: [join(dir, 'in')], year: 2025, region: '某县 & <区>', now: new Date(2026, 1, 10) });
    // what real units also hand in, which the long sheets must carry: money counted rounded (a note and a fill), a
    // typed-over total (a note), words and marks where numbers belong, blanks, long text that wraps
    const money = specs.findIndex((s) => s.domain === 'money' && !s.isTotal);
    const total = specs.findIndex((s) => s.isTotal);
    const input = specs.findIndex((s) => !s.isTotal && s.domain === 'count');
    const later = specs.findIndex((s, i) => i > input + 3 && !s.isTotal && s.domain === 'count');
    const [u0, u1, u2, u3, u4] = result.units;
    // whole 万元: its number format is what shows 123.0000 rather than 123
    u4!.figures.kinds[money] = kind('number');
    u4!.figures.scaled[money] = 1_230_000;
    u0!.figures.rounded = { [money]: '12.345678' };
    u1!.figures.scaled[total] = u1!.figures.scaled[total]! + 2;
    u2!.figures.kinds[input] = kind('text');
    u2!.figures.scaled[input] = Number.NaN;
    u2!.figures.raw[input] = '约 10 件 & <更多>';
    u2!.figures.kinds[later] = kind('notApplicable');
    u2!.figures.scaled[later] = Number.NaN;
    u2!.figures.raw[later] = '—';
    u3!.figures.kinds[input] = kind('blank');
    u3!.figures.scaled[input] = Number.NaN;
    result.findings.push({ ...result.findings[0]!, message: `很长的说明\u0001\u001f ${'文字'.repeat(80)} 'quote' & <tag>`, explanation: '单位的说明\n第二行' });
    expect(result.units.length).toBe(names.length);
    direct = join(dir, 'direct.xlsx');
    reference = join(dir, 'reference.xlsx');
    await writeSummaryWorkbook(result, direct);
    await writeSummaryWorkbook(result, reference, { rows: 'exceljs' });
  });

  it('every sheet reads back identically with exceljs (cells, styles, notes, rows, columns, print setup, names)', async () => {
    const [a, b] = await Promise.all([readBack(direct), readBack(reference)]);
    expect(a).toEqual(b);
    // and the content is there: the detail has a row per unit and the totals row, the notes and the fill
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(direct);
    const detail = wb.getWorksheet(summarySheetNames.detail)!;
    expect(detail.rowCount).toBe(3 + result.units.length + 1);
    expect(detail.getRow(5).getCell(2).value).toBe('乙局 & <丙> "办"');
    expect(detail.getRow(6).getCell(2).value).toBe("丁局's 科\n室");
    const notes = detail.getRows(4, result.units.length)!.flatMap((row) => {
      const out: string[] = [];
      row.eachCell((c) => c.note && out.push(String(c.note)));
      return out;
    });
    expect(notes.some((n) => n.includes('12.345678'))).toBe(true);
    expect(notes.some((n) => n.includes('单位自报合计'))).toBe(true);
    // 校验结果 holds the findings table (each cross-year rule's note for all units on one row: tests/consolidate/consolidate.test.ts)
    const findingRows = [...exportTables(result).find((t) => t.name === 'findings')!.rows()];
    expect(findingRows.length).toBeGreaterThan(0);
    expect(wb.getWorksheet(summarySheetNames.findings)!.rowCount).toBe(1 + findingRows.length);
    expect(wb.getWorksheet(summarySheetNames.submissions)!.rowCount).toBe(1 + result.submissions.length);
  });

  it('every sheet reads back identically with LibreOffice (every cell as shown)', async () => {
    const out = join(dir, 'csv');
    // every sheet, cell contents as shown (number formats applied)
    const written = await convertWithLibreOffice([direct, reference], 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1', out);
    const bySheet = (stem: string) =>
      Object.fromEntries(written.filter((f) => basename(f).startsWith(`${stem}-`)).map((f) => [basename(f).slice(stem.length + 1), f]));
    const d = bySheet('direct');
    const r = bySheet('reference');
    expect(Object.keys(d).sort()).toEqual(Object.keys(r).sort());
    expect(Object.keys(d).length).toBeGreaterThanOrEqual(8);
    for (const name of Object.keys(d)) expect(await readFile(d[name]!, 'utf8'), name).toBe(await readFile(r[name]!, 'utf8'));
    const detailCsv = await readFile(d[`${summarySheetNames.detail}.csv`]!, 'utf8');
    expect(detailCsv).toContain('约 10 件 & <更多>');
  }, 120_000);
});
