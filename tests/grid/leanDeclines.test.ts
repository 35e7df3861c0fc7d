/**
 * What the lean reader declines rather than guess at (the workbook is then read by exceljs, or refused): XML it does
 * not interpret, wherever in a part it stands.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeanReaderUnsupported, readXlsxLean } from '../../src/grid/leanXlsxReader.js';
import { ZipArchive } from '../../src/grid/zipArchive.js';
import { patchXlsx, richWorkbook, tempDir, writeWorkbook } from './workbooks.js';

const dir = tempDir();
let good = '';
beforeAll(async () => {
  good = await writeWorkbook(richWorkbook(), path.join(dir, 'good.xlsx'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lean = (file: string) => readXlsxLean(new ZipArchive(readFileSync(file)), file);
let n = 0;
const patched = (patch: (name: string, xml: string) => string): string => patchXlsx(good, path.join(dir, `patched-${n++}.xlsx`), patch);
const inSheet = (patch: (xml: string) => string) => (name: string, xml: string) => (name === 'xl/worksheets/sheet1.xml' ? patch(xml) : xml);

describe('the lean reader declines', () => {
  it('comments and CDATA in a sheet or the shared strings, also after many `!` (error values, sheet references)', () => {
    // many `!` before the comment: the search for `<!` looks at each `!`, then searches plainly
    const bangs = (xml: string): string => xml.replace('<v>#REF!</v>', `<v>#REF!${'!'.repeat(20)}</v>`);
    const manyBangs = patched(inSheet(bangs));
    expect(lean(manyBangs).sheets.length).toBeGreaterThan(0);
    const declined = [
      patched(inSheet((xml) => xml.replace('<sheetData>', '<sheetData><!-- a comment -->'))),
      patched(inSheet((xml) => xml.replace('</worksheet>', '<!-- at the end --></worksheet>'))),
      patched(inSheet((xml) => bangs(xml).replace('</worksheet>', '<!-- at the end --></worksheet>'))),
      patched((name, xml) => (name === 'xl/sharedStrings.xml' ? xml.replace(/<t>([^<]*)<\/t>/, '<t><![CDATA[$1]]></t>') : xml)),
    ];
    for (const file of declined) expect(() => lean(file), file).toThrow(/CDATA, comments or a DTD/);
  });

  it('a malformed tag in sheet data', () => {
    expect(lean(good).sheets.length).toBeGreaterThan(0);
    for (const broken of ['<c r="A1" s=1>', '<c r="A1"s="1">', '<c r="A1" t="s" s="1" / >']) {
      const file = patched(inSheet((xml) => xml.replace(/<c r="A1"[^>]*?\/?>/, broken)));
      expect(() => lean(file), broken).toThrow(LeanReaderUnsupported);
    }
  });
});
