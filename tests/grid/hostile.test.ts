/**
 * Files that cannot be read end as one clear Chinese failure naming the file, with a stable code; none crashes,
 * hangs or balloons memory; legacy formats are converted when LibreOffice is there; and no input is ever modified.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridCell } from '../../src/grid/grid.js';
import { readWorkbookGrid, readWorkbookGrids, type ReadWorkbookResult } from '../../src/grid/readWorkbook.js';
import { sniffBytes } from '../../src/grid/sniff.js';
import { patchXlsx, richWorkbook, sha256, sofficeConvert, tempDir, writeWorkbook } from './workbooks.js';
import { oleWith, zerosDeflated, zipOf, type ZipItem } from '../helpers/craftedFiles.js';

const dir = tempDir('nianbao-hostile-');
const inputs: string[] = [];
const hashes = new Map<string, string>();
const put = (name: string, bytes: Uint8Array | string): string => {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  inputs.push(file);
  return file;
};

const files: Record<string, string> = {};

beforeAll(async () => {
  const good = await writeWorkbook(richWorkbook(), path.join(dir, '某局.xlsx'));
  files.good = good;
  inputs.push(good);
  const goodBytes = readFileSync(good);
  files.empty = put('空文件.xlsx', new Uint8Array());
  files.random = put('随机字节.xlsx', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251));
  files.truncated = put('下载不完整.xlsx', goodBytes.subarray(0, Math.floor(goodBytes.length * 0.6)));
  files.encrypted = put('加密.xlsx', oleWith(['EncryptionInfo', 'EncryptedPackage', '\u0006DataSpaces']));
  files.text = put('说明.xlsx', '这不是表格，只是一段文字。\n第二行\n');
  files.html = put('网页导出.xls', '<html><head><meta charset="utf-8"></head><body><table><tr><td>1</td></tr></table></body></html>');
  files.plainZip = put('压缩包.xlsx', zipOf([{ name: 'readme.txt', deflated: deflateRawSync(Buffer.from('hi')), declaredSize: 2 }]));

  // zip bombs: the real workbook's parts with sheet1 replaced by 2 GiB of zeros, declared honestly or as 100 KB
  const parts = unzipSync(goodBytes);
  const items = (sheet: ZipItem): ZipItem[] =>
    Object.entries(parts).map(([name, data]) =>
      name === 'xl/worksheets/sheet1.xml' ? sheet : { name, deflated: deflateRawSync(data), declaredSize: data.length },
    );
  const bomb = zerosDeflated(2048);
  files.bomb = put('压缩炸弹.xlsx', zipOf(items({ name: 'xl/worksheets/sheet1.xml', deflated: bomb, declaredSize: 2 ** 31 })));
  files.lyingBomb = put('谎报大小.xlsx', zipOf(items({ name: 'xl/worksheets/sheet1.xml', deflated: bomb, declaredSize: 100_000 })));

  const noSheets = new ExcelJS.Workbook();
  files.noSheets = await writeWorkbook(noSheets, path.join(dir, '没有工作表.xlsx'));
  inputs.push(files.noSheets);
  files.hugeRow = patchXlsx(good, path.join(dir, '超出行数.xlsx'), (name, xml) =>
    name === 'xl/worksheets/sheet2.xml' ? xml.replace(/r="E3"/, 'r="E1048577"').replace(/<row r="3"/, '<row r="1048577"') : xml,
  );
  inputs.push(files.hugeRow);
  files.garbageXls = put('损坏的旧版.xls', oleWith(['Workbook']));
  files.otherOle = put('其实是文档.xls', oleWith(['WordDocument']));

  // LibreOffice is installed where the tests run (CI installs it): its copies are always made
  const lo = path.join(dir, 'lo');
  mkdirSync(lo);
  const [xls] = sofficeConvert([good], 'xls', lo);
  const [ods] = sofficeConvert([good], 'ods', lo);
  files.xlsAsXlsx = path.join(dir, '某局（旧版改名）.xlsx');
  copyFileSync(xls!, files.xlsAsXlsx);
  files.ods = path.join(dir, '某局.ods');
  copyFileSync(ods!, files.ods);
  inputs.push(files.xlsAsXlsx, files.ods);
  for (const file of inputs) hashes.set(file, sha256(file));
}, 240_000);

afterAll(() => {
  // nothing a user handed in is modified, whatever happened to it
  for (const [file, hash] of hashes) expect(sha256(file), file).toBe(hash);
  rmSync(dir, { recursive: true, force: true });
});

function expectFailure(result: ReadWorkbookResult, file: string, code: string): string {
  expect(result).toMatchObject({ ok: false, code, file });
  if (result.ok) throw new Error('read');
  expect(result.message).toContain(`“${path.basename(file)}”`);
  expect(result.message).toMatch(/[\u4e00-\u9fff]/);
  return result.message;
}

describe('files that are not readable workbooks', () => {
  it.each([
    ['empty', 'FILE_EMPTY'],
    ['random', 'NOT_A_WORKBOOK'],
    ['truncated', 'ZIP_CORRUPT'],
    ['encrypted', 'ENCRYPTED'],
    ['text', 'NOT_A_WORKBOOK'],
    ['html', 'NOT_A_WORKBOOK'],
    ['plainZip', 'NOT_A_WORKBOOK'],
    ['otherOle', 'NOT_A_WORKBOOK'],
    ['noSheets', 'NO_WORKSHEETS'],
    ['hugeRow', 'SHEET_TOO_LARGE'],
  ])('%s → %s', async (key, code) => {
    for (const reader of ['auto', 'exceljs'] as const) {
      expectFailure(await readWorkbookGrid(files[key]!, { reader }), files[key]!, code);
    }
  });

  it('says what to do: an encrypted workbook needs its password removed; a web page needs saving as xlsx', async () => {
    expect(expectFailure(await readWorkbookGrid(files.encrypted!), files.encrypted!, 'ENCRYPTED')).toContain('密码');
    expect(expectFailure(await readWorkbookGrid(files.html!), files.html!, 'NOT_A_WORKBOOK')).toContain('网页');
  });

  it('refuses a zip bomb from its directory, quickly and without inflating it', async () => {
    expect(sniffBytes(readFileSync(files.bomb!))).toBe('xlsx');
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const message = expectFailure(await readWorkbookGrid(files.bomb!), files.bomb!, 'ZIP_BOMB');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
    expect(message).toContain('2048 MB');
  });

  it('stops inflating a zip bomb whose directory lies about its size', async () => {
    for (const reader of ['auto', 'lean', 'exceljs'] as const) {
      const started = performance.now();
      const message = expectFailure(await readWorkbookGrid(files.lyingBomb!, { reader }), files.lyingBomb!, 'ZIP_BOMB');
      expect(performance.now() - started).toBeLessThan(2000);
      expect(message).toContain('超过其声明');
    }
  });

  it('refuses a file over the size cap before reading it', async () => {
    expectFailure(await readWorkbookGrid(files.good!, { maxBytes: 1000 }), files.good!, 'FILE_TOO_LARGE');
  });

  it('refuses a sheet with more cells than any annual report, in both readers', async () => {
    for (const reader of ['lean', 'exceljs'] as const) {
      const message = expectFailure(
        await readWorkbookGrid(files.good!, { reader, sheetLimits: { maxCells: 20 } }),
        files.good!,
        'SHEET_TOO_LARGE',
      );
      expect(message).toContain('三、依申请公开');
    }
  });

  it('names a file that does not exist', async () => {
    const missing = path.join(dir, '不存在.xlsx');
    expectFailure(await readWorkbookGrid(missing), missing, 'FILE_NOT_FOUND');
  });
});

describe('legacy formats', () => {
  it('without conversion, an .xls renamed .xlsx is named as old Excel and the user told to save as xlsx', async () => {
    const message = expectFailure(
      await readWorkbookGrid(files.xlsAsXlsx!, { allowConvert: false }),
      files.xlsAsXlsx!,
      'LEGACY_XLS_NO_CONVERTER',
    );
    expect(message).toContain('Excel 97-2003');
    expect(message).toContain('另存为”Excel 工作簿 (*.xlsx)');
    expectFailure(await readWorkbookGrid(files.ods!, { allowConvert: false }), files.ods!, 'ODS_NO_CONVERTER');
  });

  it('with LibreOffice, reads them through a converted copy, keeping the user’s path', async () => {
    const results = await readWorkbookGrids([files.good!, files.xlsAsXlsx!, files.ods!, files.garbageXls!, files.empty!]);
    const [good, xls, ods, garbage, empty] = results;
    expect(good).toMatchObject({ ok: true, via: 'lean' });
    for (const [result, file, from] of [
      [xls, files.xlsAsXlsx, 'xls'],
      [ods, files.ods, 'ods'],
    ] as const) {
      if (!result?.ok) throw new Error(JSON.stringify(result));
      expect(result.grid.source).toEqual({ file, kind: 'xlsx', convertedFrom: from });
      const sheet = result.grid.sheets.find((s) => s.name === '三、依申请公开')!;
      expect(gridCell(sheet, 3, 3)?.value).toBe(12);
      expect(gridCell(sheet, 3, 5)?.value).toBe('3');
      expect(result.grid.sheets.map((s) => s.state)).toEqual(['visible', 'visible', 'hidden', 'hidden', 'visible']);
    }
    expectFailure(garbage!, files.garbageXls!, 'CONVERT_FAILED');
    expectFailure(empty!, files.empty!, 'FILE_EMPTY');
  });
});
