/** CSV that Excel on Chinese Windows opens safely, from a real consolidation of two template workbooks. */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { formatForYear } from '../../src/formats/index.js';
import { tableLayout, address } from '../../src/layout/tableLayout.js';
import { consolidate } from '../../src/app/consolidate.js';
import { findingsDocumentSchema } from '../../src/check/jsonOutput.js';
import { csvField } from '../../src/export/csv.js';
import { random, randomUnit, writeUnit } from './fixtures.js';

describe('CSV export', () => {
  it('quotes per RFC 4180 and neutralises text that a spreadsheet would run as a formula', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+86 379')).toBe("'+86 379");
    expect(csvField('-x')).toBe("'-x");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-3)).toBe('-3');
    expect(csvField(12.3456)).toBe('12.3456');
    expect(csvField(null)).toBe('');
  });

  it('writes BOM, CRLF, a formula-like unit name neutralised and a negative count kept numeric', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-csv-'));
    const rand = random(3);
    const evil = '=HYPERLINK("http://x.example","点我")';
    await writeUnit(join(dir, 'in'), 'a.xlsx', { name: evil }, randomUnit(rand));
    const b = await writeUnit(join(dir, 'in'), 'b.xlsx', { name: '某县乙局' }, randomUnit(rand));
    const format = formatForYear(2025);
    const table = format.tables.find((t) => t.id === 'reviews')!;
    const at = tableLayout(table).valueCells.get('reviews.cases.reviewUpheld')!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(b);
    wb.getWorksheet(table.sheetName)!.getCell(address(at.row, at.col)).value = -3;
    await wb.xlsx.writeFile(b);
    await consolidate({ inputs: [join(dir, 'in')], year: 2025, region: '某县', csv: join(dir, '明细.csv'), json: join(dir, '汇总.json'), now: new Date(2026, 1, 1) });
    const csv = await readFile(join(dir, '明细.csv'), 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = csv.slice(1).split('\r\n');
    const header = lines[0]!.split(',');
    const col = header.findIndex((h) => h.includes('表四') && h.includes('行政复议 / 结果维持'));
    expect(col).toBeGreaterThan(0);
    const evilRow = lines.find((l) => l.includes('HYPERLINK'))!;
    expect(evilRow).toContain(`"'=HYPERLINK(""http://x.example"",""点我"")"`);
    const bRow = lines.find((l) => l.includes('某县乙局'))!;
    expect(bRow.split(',')[col]).toBe('-3');
    // the JSON holds the same rows
    const json = JSON.parse(await readFile(join(dir, '汇总.json'), 'utf8'));
    expect(json.detail.rows.map((r: { unitName: string }) => r.unitName)).toContain(evil);
    expect(json.detail.rows.find((r: { unitName: string }) => r.unitName === '某县乙局')['reviews.cases.reviewUpheld']).toBe(-3);
    // the CSV lists every finding of the JSON, but each cross-year rule's note for the two units (no last year's
    // summary given) on one row
    const findingsCsv = await readFile(join(dir, '明细.校验结果.csv'), 'utf8');
    const files = findingsDocumentSchema.parse(json.findings).files;
    const all = files.flatMap((f) => f.findings);
    const unitNotes = files.filter((f) => f.unit !== '某县').flatMap((f) => f.findings.filter((x) => x.code === 'CROSS_YEAR_NOT_ASSESSABLE'));
    expect(unitNotes).toHaveLength(2 * format.crossYear.length);
    const rows = findingsCsv.split('\r\n').slice(1, -1);
    const noteRows = rows.filter((l) => l.startsWith('2 个单位,'));
    expect(noteRows).toHaveLength(format.crossYear.length);
    expect(rows).toHaveLength(all.length - unitNotes.length + noteRows.length);
  });
});
