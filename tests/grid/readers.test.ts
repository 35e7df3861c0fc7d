/**
 * The lean reader and the exceljs reader must produce identical grids on every workbook a unit may send back:
 * exceljs-written files (shared or inline strings), files with constructs only other software writes, and
 * LibreOffice-saved copies (xlsx → xlsx, xlsx → xls → xlsx). Checks read the grid, so any drift here would make a
 * finding depend on which reader happened to run.
 */
import { evaluateFormulas } from '../../src/grid/formulaEval.js';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridCell, type GridSheet, type GridWorkbook } from '../../src/grid/grid.js';
import { readXlsxWithExceljs } from '../../src/grid/exceljsReader.js';
import { LeanReaderUnsupported, readXlsxLean } from '../../src/grid/leanXlsxReader.js';
import { readWorkbookGrid } from '../../src/grid/readWorkbook.js';
import { ZipArchive } from '../../src/grid/zipArchive.js';
import { inlineAllStrings, patchXlsx, richWorkbook, sha256, sofficeConvert, tempDir, writeWorkbook } from './workbooks.js';

/** A grid as plain data, cells in address order, so `toEqual` shows a readable difference. */
function plain(grid: GridWorkbook): unknown {
  return grid.sheets.map((s) => ({
    ...s,
    cells: [...s.cells.values()].sort((a, b) => a.row - b.row || a.col - b.col),
  }));
}

async function bothReaders(file: string): Promise<{ lean: GridWorkbook; exceljs: GridWorkbook }> {
  const bytes = readFileSync(file);
  return { lean: readXlsxLean(new ZipArchive(bytes), file), exceljs: await readXlsxWithExceljs(bytes, file) };
}

const sheet = (grid: GridWorkbook, name: string): GridSheet => {
  const s = grid.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s;
};
const at = (s: GridSheet, ref: string) => {
  const col = ref.charCodeAt(0) - 65;
  const row = Number(ref.slice(1)) - 1;
  return gridCell(s, row, col);
};

const dir = tempDir();
const files: Record<string, string> = {};

beforeAll(async () => {
  files.shared = await writeWorkbook(richWorkbook(), path.join(dir, 'shared-strings.xlsx'));
  files.inline = inlineAllStrings(files.shared, path.join(dir, 'inline-strings.xlsx'));
  // constructs exceljs never writes but Excel and WPS do: inline rich strings with _x000D_ escapes, a cell without
  // `r`, a self-closing styled empty cell
  files.foreign = patchXlsx(files.inline, path.join(dir, 'foreign-constructs.xlsx'), (name, xml) => {
    if (name !== 'xl/worksheets/sheet2.xml') return xml;
    return xml
      .replace(
        /<c r="B2"([^>]*)t="inlineStr"><is>.*?<\/is><\/c>/,
        '<c r="B2"$1t="inlineStr"><is><r><t>规</t></r><r><t>章_x000D_</t></r></is></c>',
      )
      .replace(/<row r="3"([^>]*)>/, '<row r="3"$1><c r="A3" s="0"/>')
      .replace(/<c r="D3"/, '<c');
  });
  // LibreOffice is installed where the tests run (CI installs it): its copies are always made
  const lo = path.join(dir, 'lo');
  const xls = path.join(dir, 'xls');
  const back = path.join(dir, 'xls-back');
  for (const d of [lo, xls, back]) mkdirSync(d);
  const [loShared, loInline] = sofficeConvert([files.shared, files.inline], 'xlsx', lo);
  const [xlsFile] = sofficeConvert([files.shared], 'xls', xls);
  const [xlsRoundTrip] = sofficeConvert([xlsFile!], 'xlsx', back);
  Object.assign(files, { loShared, loInline, xlsRoundTrip });
}, 240_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lean reader and exceljs reader agree', () => {
  it('on workbooks written by exceljs, with shared and with inline strings', async () => {
    for (const key of ['shared', 'inline']) {
      const { lean, exceljs } = await bothReaders(files[key]!);
      expect(plain(lean)).toEqual(plain(exceljs));
    }
  });

  it('on constructs only other software writes (inline rich strings, escapes, cells without addresses)', async () => {
    const { lean, exceljs } = await bothReaders(files.foreign!);
    expect(plain(lean)).toEqual(plain(exceljs));
    const s = sheet(lean, '二、主动公开');
    expect(at(s, 'B2')?.value).toBe('规章\r');
    expect(at(s, 'D3')?.value).toBe(1e-7); // the cell without `r` follows C3
  });

  it('on workbooks read one after another whose shared strings differ at the same places (items are remembered across workbooks by their stored bytes)', async () => {
    const items = (xml: string): string[] => xml.match(/<si>[\s\S]*?<\/si>/g) ?? [];
    const withItems = (name: string, order: (list: string[]) => string[]): string =>
      patchXlsx(files.shared!, path.join(dir, name), (part, xml) => {
        if (part !== 'xl/sharedStrings.xml') return xml;
        const list = items(xml);
        const reordered = order(list);
        let i = 0;
        return xml.replace(/<si>[\s\S]*?<\/si>/g, () => reordered[i++]!);
      });
    const reversed = withItems('strings-reversed.xlsx', (list) => [...list].reverse());
    const edited = withItems('strings-edited.xlsx', (list) => list.map((item) => item.replace(/<\/t>/, '乙&amp;</t>')));
    for (const file of [files.shared!, reversed, edited, files.shared!, reversed]) {
      const { lean, exceljs } = await bothReaders(file);
      expect(plain(lean), file).toEqual(plain(exceljs));
    }
  });

  it('the lean reader reads a phonetic guide in an inline string, on which exceljs silently loses the sheet', async () => {
    const phonetic = patchXlsx(files.foreign!, path.join(dir, 'phonetic.xlsx'), (name, xml) =>
      name === 'xl/worksheets/sheet2.xml' ? xml.replace('</r></is>', '</r><rPh sb="0" eb="1"><t>ぎ</t></rPh></is>') : xml,
    );
    const { lean, exceljs } = await bothReaders(phonetic);
    expect(at(sheet(lean, '二、主动公开'), 'B2')?.value).toBe('规章\r'); // the guide is not part of the text
    expect(plain(lean)).toEqual(plain((await bothReaders(files.foreign!)).lean));
    expect(sheet(exceljs, '二、主动公开').cells.size).toBe(0); // why the lean reader must not fall back lightly
  });

  it('the lean reader also reads rows without `r` (exceljs rejects them)', async () => {
    const rowless = patchXlsx(files.foreign!, path.join(dir, 'rows-without-r.xlsx'), (name, xml) =>
      name === 'xl/worksheets/sheet2.xml' ? xml.replace('<row r="3"', '<row') : xml,
    );
    const { lean } = await bothReaders(files.foreign!);
    evaluateFormulas(lean); // as readWorkbookGrid does
    const result = await readWorkbookGrid(rowless);
    if (!result.ok) throw new Error(result.message);
    expect(result.via).toBe('lean');
    expect(plain(result.grid)).toEqual(plain({ ...lean, source: result.grid.source }));
  });

  it('on LibreOffice-saved copies (xlsx → xlsx, and xlsx → xls → xlsx)', async () => {
    for (const key of ['loShared', 'loInline', 'xlsRoundTrip']) {
      const { lean, exceljs } = await bothReaders(files[key]!);
      expect(plain(lean), key).toEqual(plain(exceljs));
    }
  });

  it('on the project templates, when they exist', async () => {
    const found = ['templates/2019', 'templates/2021']
      .filter((d) => existsSync(d))
      .flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.xlsx')).map((f) => path.join(d, f)));
    for (const file of found) {
      const { lean, exceljs } = await bothReaders(file);
      expect(plain(lean), file).toEqual(plain(exceljs));
    }
  });
});

describe('what the grid holds for a filled-in workbook', () => {
  it('keeps values, display text, formulas, errors and numbers stored as text apart', async () => {
    const result = await readWorkbookGrid(files.shared!);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.via).toBe('lean');
    const s = sheet(result.grid, '三、依申请公开');
    expect(at(s, 'D4')).toMatchObject({ value: 12, text: '12' });
    expect(at(s, 'F4')).toMatchObject({ value: '3', text: '3' }); // text, not the number 3
    expect(at(s, 'H4')).toMatchObject({ value: 12, formula: 'D4+E4' });
    expect(at(s, 'H4')?.formulaWithoutResult).toBeUndefined();
    // no stored result: evaluated from the cells (issue 9), the text '3' in F4 skipped as SUM skips text
    expect(at(s, 'I4')).toMatchObject({ value: 14.5, text: '14.5', formula: 'SUM(D4:G4)', evaluated: true });
    expect(at(s, 'I4')?.formulaWithoutResult).toBeUndefined();
    expect(at(s, 'D5')).toMatchObject({ value: null, error: '#REF!', text: '#REF!' });
    expect(at(s, 'E5')).toMatchObject({ formula: 'D4/0', error: '#DIV/0!' });
    expect(at(s, 'F5')).toMatchObject({ value: true, text: 'TRUE' });
    expect(at(s, 'G5')?.value).toBe('A & B < C > "D" \'E\'');
    expect(at(s, 'D2')?.value).toBe('自然人（个人）'); // rich text runs joined
    // a shared formula: every cell of the range is a formula with its own (moved) text and its own cached result
    expect(at(s, 'D8')).toMatchObject({ value: 4, formula: 'C8*2' });
    expect(at(s, 'D9')).toMatchObject({ value: 6, formula: 'C9*2' });
    expect(at(s, 'E7')).toMatchObject({ value: 46022, text: '2025-12-31', numberFormat: 'yyyy-mm-dd' });
    expect(at(s, 'F7')).toMatchObject({ value: 0.125, text: '12.5%' });
    expect(at(s, 'G7')).toMatchObject({ value: 1234.5678, numberFormat: '0.0000' });
    expect(at(s, 'H7')?.text).toBe('0.3');
    expect(at(s, 'I7')?.value).toBe('政府网站'); // a hyperlink's text
    expect(at(s, 'A10')).toBeUndefined(); // nothing there
    expect(s.merges).toContainEqual({ top: 0, left: 0, bottom: 0, right: 8 });
    expect(s.merges).toContainEqual({ top: 1, left: 0, bottom: 3 - 1, right: 2 });
    expect(s.merges).toHaveLength(2 + 20);
    expect(s.rowCount).toBe(40);
    expect(s.colCount).toBe(10);
  });

  it('keeps sheet order and hidden / very hidden state', async () => {
    for (const reader of ['lean', 'exceljs'] as const) {
      const result = await readWorkbookGrid(files.shared!, { reader });
      if (!result.ok) throw new Error(result.message);
      expect(result.via).toBe(reader);
      expect(result.grid.sheets.map((s) => [s.name, s.state])).toEqual([
        ['三、依申请公开', 'visible'],
        ['二、主动公开', 'visible'],
        ['hidden-sheet', 'hidden'],
        ['_meta', 'veryHidden'],
        ['空表', 'visible'],
      ]);
      expect(result.grid.source).toEqual({ file: files.shared, kind: 'xlsx' });
    }
  });

  it('a LibreOffice xls round trip keeps the texts, numbers, merges and sheet order', async () => {
    const original = await readWorkbookGrid(files.shared!);
    const copy = await readWorkbookGrid(files.xlsRoundTrip!);
    if (!original.ok || !copy.ok) throw new Error('unreadable');
    expect(copy.grid.sheets.map((s) => s.name)).toEqual(original.grid.sheets.map((s) => s.name));
    const a = sheet(original.grid, '三、依申请公开');
    const b = sheet(copy.grid, '三、依申请公开');
    for (const ref of ['A1', 'D2', 'D4', 'F4', 'G5', 'I5', 'E7', 'G7']) expect(at(b, ref)?.value, ref).toEqual(at(a, ref)?.value);
    expect(at(b, 'D8')).toMatchObject({ value: 4 });
    expect(at(b, 'D8')?.formula).toBeDefined();
    expect(new Set(b.merges.map((m) => JSON.stringify(m)))).toEqual(new Set(a.merges.map((m) => JSON.stringify(m))));
  });
});

describe('falling back to exceljs', () => {
  it('reads a workbook the lean reader does not handle with exceljs, to the same grid', async () => {
    // a namespace prefix on the SpreadsheetML elements is legal XML the lean scanner declines
    const prefixed = patchXlsx(files.shared!, path.join(dir, 'prefixed.xlsx'), (name, xml) =>
      name === 'xl/workbook.xml'
        ? xml.replace('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"', '<workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"')
        : xml,
    );
    const before = sha256(prefixed);
    expect(() => readXlsxLean(new ZipArchive(readFileSync(prefixed)), prefixed)).toThrow(LeanReaderUnsupported);

    const auto = await readWorkbookGrid(prefixed);
    if (!auto.ok) throw new Error(auto.message);
    expect(auto.via).toBe('exceljs');
    const reference = await readWorkbookGrid(files.shared!, { reader: 'lean' });
    if (!reference.ok) throw new Error(reference.message);
    expect(plain({ ...auto.grid })).toEqual(plain(reference.grid));

    const leanOnly = await readWorkbookGrid(prefixed, { reader: 'lean' });
    expect(leanOnly).toMatchObject({ ok: false, code: 'READ_FAILED' });
    expect(sha256(prefixed)).toBe(before);
  });

  it('falls back on a cell type the lean reader does not know (t="d")', async () => {
    const dated = patchXlsx(files.shared!, path.join(dir, 'iso-date-cell.xlsx'), (name, xml) =>
      name === 'xl/worksheets/sheet2.xml' ? xml.replace(/<c r="E3"([^>]*)>/, '<c r="E3"$1 t="d">').replace(/ t="d" t="n"/, ' t="d"') : xml,
    );
    const result = await readWorkbookGrid(dated);
    expect(result.ok && result.via).toBe('exceljs');
  });
});
