/**
 * The hostile corpus, generated (never committed as binaries): good units written by the template writer with known
 * values, and files that are broken, huge or made to hurt, each started from a real template and damaged where that
 * makes sense. `makeHostileCorpus(dir)` writes them all into `dir` and says what each one is.
 *
 * Run on its own to look at the files: `npx tsx tests/hostile/corpus.ts <folder>`.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import type ExcelJS from 'exceljs';
import { unzipSync, zipSync } from 'fflate';
import { cellSpecs, formatForYear } from '../../src/formats/index.js';
import { address, tableLayout } from '../../src/layout/tableLayout.js';
import { reportFromNumbers } from '../../src/report/build.js';
import { buildTemplateWorkbook, workbookBuffer } from '../../src/template/workbook.js';
import { feeKey, random, randomUnit, unitCode, type UnitValues } from '../consolidate/fixtures.js';
import { oleWith, zerosDeflated, zipOf, type ZipItem } from '../helpers/craftedFiles.js';
import { convertWithLibreOfficeSync } from '../helpers/libreoffice.js';

export const reportYear = 2025;
const format = formatForYear(reportYear);

export interface GoodFile {
  file: string;
  name: string;
  values: UnitValues;
}

export interface HostileFile {
  file: string;
  /** what was done to it */
  what: string;
  /** cell references (`sheet!A1`) a finding must name, when the damage is in cells */
  cells?: string[];
  /** readable, with data that must not enter the totals under --exclude-invalid */
  readable?: boolean;
  /** the values of a file whose data is sound (odd only in its name or container): they belong in the totals */
  values?: UnitValues;
}

export interface HostileCorpus {
  good: GoodFile[];
  hostile: HostileFile[];
}

/** Every data point's sheet and value cell, from the layout (no address typed here). */
export const valueCells = format.tables.flatMap((table) =>
  [...tableLayout(table).valueCells].map(([key, cell]) => ({ key, sheet: table.sheetName, cell: address(cell.row, cell.col) })),
);
const specs = new Map(cellSpecs(format).map((s) => [s.key, s]));
const isInput = (key: string): boolean => !specs.get(key)?.isTotal;
const inputCells = valueCells.filter((c) => isInput(c.key) && c.key !== feeKey);

const unitDefaults = { filler: '张三', phone: '0379-12345678', filledDate: '2026-01-15' };

function filledWorkbook(unit: { name: string; code?: string }, values: UnitValues): ExcelJS.Workbook {
  const numbers: Record<string, number> = {};
  for (const [k, n] of Object.entries(values)) numbers[k] = k === feeKey ? n / 10_000 : n;
  const u = { ...unitDefaults, ...unit };
  const report = reportFromNumbers({ format, reportYear, numbers, unit: u });
  return buildTemplateWorkbook({ format, reportYear, report, unit: u });
}

async function save(wb: ExcelJS.Workbook, file: string): Promise<string> {
  writeFileSync(file, await workbookBuffer(wb));
  return file;
}

/** The parts of an xlsx, rewritten by `patch` (which sees each part's XML text and the workbook's sheet files). */
function patchParts(bytes: Uint8Array, patch: (name: string, xml: string) => string): Uint8Array {
  const out: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(unzipSync(bytes))) {
    out[name] = /\.(xml|rels)$/.test(name) ? Buffer.from(patch(name, Buffer.from(data).toString('utf8'))) : data;
  }
  return zipSync(out);
}

/** The part name of a sheet, from workbook.xml and its relationships. */
function sheetPart(bytes: Uint8Array, sheetName: string): string {
  const parts = unzipSync(bytes);
  const wb = Buffer.from(parts['xl/workbook.xml']!).toString('utf8');
  const rels = Buffer.from(parts['xl/_rels/workbook.xml.rels']!).toString('utf8');
  const rid = new RegExp(`<sheet [^>]*name="${sheetName}"[^>]*r:id="([^"]+)"`).exec(wb)?.[1];
  const target = rid && new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels);
  const t = target && (target[1] ?? target[2]);
  if (!t) throw new Error(`no part for ${sheetName}`);
  return t.startsWith('/') ? t.slice(1) : `xl/${t}`;
}


function sofficeToXls(file: string, outDir: string): string {
  convertWithLibreOfficeSync(file, 'xls', outDir);
  return path.join(outDir, `${path.parse(file).name}.xls`);
}

const ref = (sheet: string, cell: string): string => `${sheet}!${cell}`;

export async function makeHostileCorpus(dir: string, o: { soffice?: boolean } = {}): Promise<HostileCorpus> {
  mkdirSync(dir, { recursive: true });
  const rand = random(20250606);
  const good: GoodFile[] = [];
  for (let i = 1; i <= 3; i++) {
    const name = `良好单位${i}`;
    const values = randomUnit(rand);
    const file = await save(filledWorkbook({ name, code: unitCode(i) }, values), path.join(dir, `${name}.xlsx`));
    good.push({ file, name, values });
  }
  const hostile: HostileFile[] = [];
  const add = (name: string, bytes: Uint8Array | string, what: string, extra: Omit<HostileFile, 'file' | 'what'> = {}): string => {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    hostile.push({ file, what, ...extra });
    return file;
  };
  let lastValues: UnitValues = {};
  const base = (n: number, name = `受损单位${n}`) => filledWorkbook({ name, code: unitCode(100 + n) }, (lastValues = randomUnit(rand)));
  const baseBytes = await workbookBuffer(base(0));

  add('空文件.xlsx', new Uint8Array(), 'zero bytes');
  add('随机字节.xlsx', Uint8Array.from({ length: 8192 }, () => rand(255)), 'random bytes');
  add('下载不完整.xlsx', baseBytes.subarray(0, Math.floor(baseBytes.length * 0.6)), 'a truncated zip');
  add('加密.xlsx', oleWith(['EncryptionInfo', 'EncryptedPackage', '\u0006DataSpaces']), 'an encrypted workbook');

  // a zip bomb: the real template's parts with one table sheet replaced by 2 GiB of zeros (about 2 MB on disk)
  const part = sheetPart(baseBytes, format.tables[1]!.sheetName);
  const items = Object.entries(unzipSync(baseBytes)).map(([name, data]): ZipItem =>
    name === part ? { name, deflated: zerosDeflated(2048), declaredSize: 2 ** 31 } : { name, deflated: deflateRawSync(data), declaredSize: data.length },
  );
  add('压缩炸弹.xlsx', zipOf(items), 'a zip bomb');

  // whole columns: a data validation over A:XFD and defined names over $A:$A, plus one negative count to find
  const [negA, negB, negC, negD] = inputCells.filter((c) => c.sheet === format.tables[0]!.sheetName);
  {
    const wb = base(1, '整列数据验证单位');
    wb.getWorksheet(negA!.sheet)!.getCell(negA!.cell).value = -5;
    const wholeColumns = '<dataValidations count="1"><dataValidation type="whole" operator="greaterThanOrEqual" allowBlank="1" showErrorMessage="1" sqref="A:XFD"><formula1>0</formula1></dataValidation></dataValidations>';
    const bytes = patchParts(await workbookBuffer(wb), (name, xml) =>
      name === sheetPart(baseBytes, negA!.sheet)
        ? xml.includes('<dataValidations')
          ? xml.replace(/<dataValidations[\s\S]*?<\/dataValidations>/, wholeColumns)
          : xml.replace('<pageMargins', `${wholeColumns}<pageMargins`)
        : xml,
    );
    add('整列数据验证.xlsx', bytes, 'a data validation over every column', { cells: [ref(negA!.sheet, negA!.cell)], readable: true });
  }
  {
    const wb = base(2, '整列名称单位');
    wb.getWorksheet(negB!.sheet)!.getCell(negB!.cell).value = -6;
    const names = [...Array(50).keys()].map((i) => `<definedName name="整列${i}">'${format.tables[i % 3]!.sheetName}'!$A:$${i % 2 ? 'XFD' : 'A'}</definedName>`).join('');
    const bytes = patchParts(await workbookBuffer(wb), (name, xml) =>
      name === 'xl/workbook.xml'
        ? xml.includes('<definedNames>')
          ? xml.replace('<definedNames>', `<definedNames>${names}`)
          : xml.replace('</sheets>', `</sheets><definedNames>${names}</definedNames>`)
        : xml,
    );
    add('整列名称.xlsx', bytes, 'defined names over whole columns', { cells: [ref(negB!.sheet, negB!.cell)], readable: true });
  }
  {
    // 5,000 merged ranges below the tables, and one negative count
    const wb = base(3, '五千合并单位');
    const ws = wb.getWorksheet(negC!.sheet)!;
    ws.getCell(negC!.cell).value = -7;
    const merges = [...Array(5000).keys()].map((i) => `<mergeCell ref="${address(200 + i, 1)}:${address(200 + i, 3)}"/>`).join('');
    const bytes = patchParts(await workbookBuffer(wb), (name, xml) =>
      name === sheetPart(baseBytes, negC!.sheet)
        ? xml.includes('<mergeCells')
          ? xml.replace(/<mergeCells count="(\d+)">/, (_, n: string) => `<mergeCells count="${Number(n) + 5000}">${merges}`)
          : xml.replace('</sheetData>', `</sheetData><mergeCells count="5000">${merges}</mergeCells>`)
        : xml,
    );
    add('五千合并.xlsx', bytes, '5,000 merged ranges', { cells: [ref(negC!.sheet, negC!.cell)], readable: true });
  }
  {
    // a sheet reaching row 1,048,576: 120,000 rows of cells (more than any reader keeps) and the sheet's very last
    // row, written straight into the XML (exceljs never builds it); every row to the end would only cost CI time
    const wb = base(4, '百万行单位');
    const bytes = await workbookBuffer(wb);
    const sheet = sheetPart(bytes, negD!.sheet);
    const parts = unzipSync(bytes);
    const xml = Buffer.from(parts[sheet]!).toString('utf8');
    const lastRow = Number([...xml.matchAll(/<row r="(\d+)"/g)].pop()![1]);
    const rows: string[] = [];
    for (let r = lastRow + 1; r <= lastRow + 120_000; r++) rows.push(`<row r="${r}"><c r="A${r}"><v>1</v></c></row>`);
    rows.push('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>');
    parts[sheet] = Buffer.from(xml.replace('</sheetData>', `${rows.join('')}</sheetData>`));
    add('百万行.xlsx', zipSync(parts, { level: 9 }), 'a sheet with 120,000 rows reaching row 1,048,576');
  }
  {
    const wb = base(5, '引用错误单位');
    for (const c of valueCells) wb.getWorksheet(c.sheet)!.getCell(c.cell).value = { error: '#REF!' };
    add('全是引用错误.xlsx', await workbookBuffer(wb), 'every cell #REF!', { cells: valueCells.filter((c) => isInput(c.key)).map((c) => ref(c.sheet, c.cell)), readable: true });
  }
  {
    const wb = base(6, '文字单位');
    for (const c of valueCells) wb.getWorksheet(c.sheet)!.getCell(c.cell).value = '十二';
    add('全是文字.xlsx', await workbookBuffer(wb), 'text in every number cell', { cells: valueCells.filter((c) => isInput(c.key)).map((c) => ref(c.sheet, c.cell)), readable: true });
  }
  {
    // 1e309 and NaN cannot be written by exceljs: sentinel numbers are replaced in the XML
    const wb = base(7, '异常数字单位');
    const [inf, nan, neg, frac] = inputCells.slice(4, 8);
    const sentinels: [typeof inf, number, string][] = [
      [inf, 987654301, '1e309'],
      [nan, 987654302, 'NaN'],
    ];
    for (const [c, n] of sentinels) wb.getWorksheet(c!.sheet)!.getCell(c!.cell).value = n;
    wb.getWorksheet(neg!.sheet)!.getCell(neg!.cell).value = -3;
    wb.getWorksheet(frac!.sheet)!.getCell(frac!.cell).value = 2.5;
    const bytes = patchParts(await workbookBuffer(wb), (_, xml) => sentinels.reduce((x, [, n, v]) => x.replace(`<v>${n}</v>`, `<v>${v}</v>`), xml));
    add('异常数字.xlsx', bytes, '1e309, NaN, negative and fractional counts', {
      cells: [inf, nan, neg, frac].map((c) => ref(c!.sheet, c!.cell)),
      readable: true,
    });
  }
  add('超长单位名.xlsx', await workbookBuffer(base(8, '局'.repeat(10_000))), 'a unit name 10,000 characters long', { readable: true, values: lastValues });
  add('路径单位名.xlsx', await workbookBuffer(base(9, '../../x')), 'a unit name that is a path', { readable: true, values: lastValues });
  add('公式单位名.xlsx', await workbookBuffer(base(10, '=HYPERLINK("http://x","y")')), 'a unit name that is a formula', { readable: true, values: lastValues });

  if (o.soffice ?? true) {
    // a real .xls (LibreOffice's own export of a template) renamed .xlsx
    const work = mkdtempSync(path.join(os.tmpdir(), 'nianbao-hostile-xls-'));
    try {
      const source = await save(base(11, '旧版单位'), path.join(work, '旧版.xlsx'));
      const file = path.join(dir, '旧版改名.xlsx');
      copyFileSync(sofficeToXls(source, work), file);
      hostile.push({ file, what: 'a real .xls renamed .xlsx', values: lastValues });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return { good, hostile };
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const out = process.argv[2] ?? mkdtempSync(path.join(os.tmpdir(), 'nianbao-hostile-'));
  void makeHostileCorpus(out).then((c) => {
    for (const f of [...c.good.map((g) => ({ file: g.file, what: 'good' })), ...c.hostile]) process.stdout.write(`${f.file}\t${f.what}\n`);
  });
}
