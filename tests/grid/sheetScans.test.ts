/**
 * A sheet stored exactly as one read before is not scanned again (leanXlsxReader.ts, `SheetScans`): in a batch made
 * from one template most sheets are stored alike. What a unit gets must still be its own workbook: its own shared
 * strings and number formats, its own limits, and cells of its own that later stages may fill in.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridCell, type GridWorkbook } from '../../src/grid/grid.js';
import { readXlsxLean } from '../../src/grid/leanXlsxReader.js';
import { readWorkbookGrid } from '../../src/grid/readWorkbook.js';
import { WorkbookReadError } from '../../src/grid/readFailure.js';
import { ZipArchive } from '../../src/grid/zipArchive.js';
import { unzipSync, zipSync } from 'fflate';
import { patchXlsx, richWorkbook, tempDir, writeWorkbook } from './workbooks.js';

const dir = tempDir();
const files: Record<string, string> = {};
beforeAll(async () => {
  files.base = await writeWorkbook(richWorkbook(), path.join(dir, 'base.xlsx'));
  // the same sheets byte for byte (patchXlsx compresses alike), other shared strings and number formats
  files.otherStrings = patchXlsx(files.base, path.join(dir, 'other-strings.xlsx'), (name, xml) =>
    name === 'xl/sharedStrings.xml' ? xml.replace(/<t>([^<]*)<\/t>/g, '<t>乙$1</t>') : xml,
  );
  files.otherFormats = patchXlsx(files.base, path.join(dir, 'other-formats.xlsx'), (name, xml) =>
    name === 'xl/styles.xml' ? xml.replace('<xf numFmtId="10"', '<xf numFmtId="165"') : xml,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lean = (file: string, limits?: { maxCells: number; maxRows: number }): GridWorkbook =>
  readXlsxLean(new ZipArchive(readFileSync(file)), file, limits ? { limits } : {});
const texts = (grid: GridWorkbook): string[] => grid.sheets.flatMap((s) => [...s.cells.values()].map((c) => `${s.name}!${c.row},${c.col}=${c.text}`));

describe('a sheet stored as one read before', () => {
  it('is read with the shared strings and number formats of its own workbook', () => {
    const first = texts(lean(files.base!));
    // read the base several times so its sheets are kept, then the workbooks that store the same sheets
    for (let i = 0; i < 3; i++) expect(texts(lean(files.base!))).toEqual(first);
    const strings = texts(lean(files.otherStrings!));
    expect(strings).not.toEqual(first);
    expect(strings.filter((t) => t.includes('=乙')).length).toBeGreaterThan(3);
    const formats = lean(files.otherFormats!);
    const base = lean(files.base!);
    // the style that shows 0.125 as 12.50% in the base shows it with format 0.0000 in the other workbook
    const sheet = base.sheets.find((s) => [...s.cells.values()].some((c) => c.value === 0.125))!;
    const cell = [...sheet.cells.values()].find((c) => c.value === 0.125)!;
    expect(cell).toMatchObject({ text: '12.5%', numberFormat: '0.00%' });
    expect(gridCell(formats.sheets.find((s) => s.name === sheet.name)!, cell.row, cell.col)).toMatchObject({ text: '0.125', numberFormat: '0.0000' });
  });

  it('gives each workbook cells of its own (later stages fill in formula results)', () => {
    for (let i = 0; i < 3; i++) lean(files.base!);
    const a = lean(files.base!);
    const before = texts(lean(files.base!));
    for (const s of a.sheets) for (const c of s.cells.values()) Object.assign(c, { value: 'changed', text: 'changed' });
    a.sheets[0]!.merges.splice(0);
    a.sheets[0]!.merges.push({ top: 0, left: 0, bottom: 99, right: 99 });
    const b = lean(files.base!);
    expect(texts(b)).toEqual(before);
    expect(b.sheets[0]!.merges).not.toContainEqual({ top: 0, left: 0, bottom: 99, right: 99 });
  });

  it('is still refused under lower limits', async () => {
    for (let i = 0; i < 3; i++) lean(files.base!);
    expect(() => lean(files.base!, { maxCells: 5, maxRows: 1_048_576 })).toThrow(WorkbookReadError);
    expect(() => lean(files.base!, { maxCells: 100_000, maxRows: 3 })).toThrow(WorkbookReadError);
    const result = await readWorkbookGrid(files.base!, { sheetLimits: { maxCells: 5 } });
    expect(result).toMatchObject({ ok: false, code: 'SHEET_TOO_LARGE' });
  });

  it('is told apart from another sheet when the bytes it was first read from are reused for that sheet', () => {
    // every part stored uncompressed (method 0), so sheets are read straight from the caller's bytes; the second
    // workbook is the first with one number changed (same length, so the same layout)
    const parts = unzipSync(readFileSync(files.base!));
    const first = Buffer.from(zipSync(parts, { level: 0 }));
    const sheet = Object.keys(parts).find((name) => Buffer.from(parts[name]!).toString('latin1').includes('<v>12</v>'))!;
    const changed = Buffer.from(zipSync({ ...parts, [sheet]: Buffer.from(Buffer.from(parts[sheet]!).toString('latin1').replace('<v>12</v>', '<v>13</v>'), 'latin1') }, { level: 0 }));
    expect(changed.length).toBe(first.length);
    const values = (bytes: Buffer): unknown[] => readXlsxLean(new ZipArchive(bytes), 'stored.xlsx').sheets.flatMap((s) => [...s.cells.values()].map((c) => c.value));
    // expected values from compressed copies, so that nothing is kept of the uncompressed ones before the loop
    const expectedFirst = values(Buffer.from(zipSync(parts)));
    const expectedChanged = values(Buffer.from(zipSync(unzipSync(changed))));
    expect(expectedChanged).not.toEqual(expectedFirst);
    // the first workbook read (and its sheets kept) from a buffer the caller then fills with the second workbook
    for (let i = 0; i < 3; i++) {
      const buffer = Buffer.from(first);
      expect(values(buffer)).toEqual(expectedFirst);
      buffer.set(changed);
    }
    expect(values(Buffer.from(changed))).toEqual(expectedChanged);
    expect(values(Buffer.from(first))).toEqual(expectedFirst);
  });
});
