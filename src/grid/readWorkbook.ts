/**
 * One file in, one grid or one clear failure out. This is the entry point every command uses to read a workbook:
 * it never throws for a bad file, so a batch of thousands goes on past the broken ones, and every failure carries a
 * stable code and a Chinese message naming the file.
 *
 * The route: size cap (stat) → sniff the bytes → refuse what cannot be read (empty, encrypted, not a workbook) →
 * convert legacy formats with LibreOffice when allowed → open the zip with bomb checks → the lean reader, falling
 * back to exceljs when the lean reader meets something it does not handle.
 */
import { evaluateFormulas } from './formulaEval.js';
import { promises as fs } from 'node:fs';
import type { GridWorkbook } from './grid.js';
import { defaultSheetLimits, type SheetLimits } from './cellText.js';
import { convertToXlsx, findSoffice, mayBeLegacyWorkbook, type Conversion, type ConversionOutcome, type ConvertOptions, type ConvertibleKind } from './convert.js';
import { LeanReaderUnsupported, omittedSheets, readXlsxLean, type OmitSheets } from './leanXlsxReader.js';
import { WorkbookReadError, failureMessage, type ReadFailureCode } from './readFailure.js';
import { defaultMaxBytes, readFileCapped, sniffBytes, type FileKind, type FileSeen } from './sniff.js';
import { ZipArchive, defaultZipLimits, type ZipLimits } from './zipArchive.js';

export type ReaderChoice = 'lean' | 'exceljs' | 'auto';

export interface ReadWorkbookOptions {
  /** refuse files larger than this before reading them (default 20 MiB) */
  maxBytes?: number;
  /** convert .xls/.et/.ods/.xlsb with LibreOffice when it is installed (default true) */
  allowConvert?: boolean;
  /** 'auto' (default): lean reader, exceljs for what it does not handle */
  reader?: ReaderChoice;
  zipLimits?: Partial<ZipLimits>;
  sheetLimits?: Partial<SheetLimits>;
  convert?: ConvertOptions;
  /** sheets to leave out of the grid when the workbook has a given sheet (default: every sheet is read) */
  omitSheets?: OmitSheets | readonly OmitSheets[];
  /** what a batch conversion already made of this file (`convertLegacyFiles`), so it is not converted again */
  converted?: ConversionOutcome;
  /** receives the file's modification time from the stat that checks its size (see `readFileCapped`) */
  seen?: FileSeen;
}

export type ReadWorkbookResult =
  | { ok: true; grid: GridWorkbook; via: 'lean' | 'exceljs' }
  | { ok: false; code: ReadFailureCode; message: string; file: string };

const convertible: Partial<Record<FileKind, ConvertibleKind>> = { xls: 'xls', ods: 'ods', xlsb: 'xlsb' };

export async function readWorkbookGrid(file: string, options: ReadWorkbookOptions = {}): Promise<ReadWorkbookResult> {
  return readOne(file, options, options.converted ? new Map([[file, options.converted]]) : undefined);
}


/**
 * Converts every legacy workbook among `files` (.xls, WPS .et, .ods, .xlsb, recognised by their bytes) with one
 * LibreOffice run per kind, in chunks of at most 200 (see convert.ts), instead of one run per file: starting
 * LibreOffice costs 1.6–2 s, a file in a running one 0.1–0.2 s. Undefined when there is nothing to convert or no
 * LibreOffice (each file then reports that as it is read). The caller removes the copies with `cleanup()`.
 */
export async function convertLegacyFiles(
  files: readonly string[],
  options: Pick<ReadWorkbookOptions, 'allowConvert' | 'maxBytes' | 'convert'> = {},
): Promise<Conversion | undefined> {
  if (!(options.allowConvert ?? true)) return undefined;
  const candidates = files.filter(mayBeLegacyWorkbook);
  if (candidates.length === 0) return undefined;
  const soffice = options.convert?.soffice ?? findSoffice();
  if (!soffice) return undefined;
  const legacy: { file: string; kind: ConvertibleKind }[] = [];
  for (const file of candidates) {
    const kind = await sniffFile(file, options.maxBytes).catch(() => undefined);
    const target = kind && convertible[kind];
    if (target) legacy.push({ file, kind: target });
  }
  if (legacy.length === 0) return undefined;
  return convertToXlsx(legacy, { ...options.convert, soffice });
}

/**
 * Reads many files in input order, converting every legacy file in one LibreOffice run first (one process start
 * instead of one per file). Yields as it goes, so a province's worth of grids need not be held at once.
 */
export async function* readWorkbookGridsIter(
  files: string[],
  options: ReadWorkbookOptions = {},
): AsyncGenerator<ReadWorkbookResult> {
  let conversion: Conversion | undefined;
  try {
    conversion = await convertLegacyFiles(files, options);
    for (const file of files) yield await readOne(file, options, conversion?.outcomes);
  } finally {
    await conversion?.cleanup();
  }
}

export async function readWorkbookGrids(files: string[], options: ReadWorkbookOptions = {}): Promise<ReadWorkbookResult[]> {
  const results: ReadWorkbookResult[] = [];
  for await (const result of readWorkbookGridsIter(files, options)) results.push(result);
  return results;
}

async function sniffFile(file: string, maxBytes = defaultMaxBytes): Promise<FileKind> {
  return sniffBytes(await readFileCapped(file, maxBytes));
}

const failure = (file: string, code: ReadFailureCode, detail?: string): ReadWorkbookResult => ({
  ok: false,
  code,
  message: failureMessage(file, code, detail),
  file,
});

async function readOne(
  file: string,
  options: ReadWorkbookOptions,
  converted: ReadonlyMap<string, ConversionOutcome> | undefined,
): Promise<ReadWorkbookResult> {
  try {
    const bytes = await readFileCapped(file, options.maxBytes ?? defaultMaxBytes, options.seen);
    const kind = sniffBytes(bytes);
    switch (kind) {
      case 'empty':
        return failure(file, 'FILE_EMPTY');
      case 'encrypted':
        return failure(file, 'ENCRYPTED');
      case 'html':
        return failure(file, 'NOT_A_WORKBOOK', '它是网页 (HTML) 文件，只是扩展名像 Excel');
      case 'text':
        return failure(file, 'NOT_A_WORKBOOK', '它是纯文本文件');
      case 'other':
        return failure(file, 'NOT_A_WORKBOOK', '无法识别的文件内容');
      case 'xlsx':
      case 'zip':
        return await readXlsxBytes(bytes, file, kind, options);
      case 'doc':
        return failure(file, 'NOT_A_WORKBOOK', '它是 Word 文档（Word 97-2003 .doc），不是 Excel 工作簿；请提交统计表工作簿');
      case 'ole':
        return failure(file, 'NOT_A_WORKBOOK', '它是 Office 97-2003 文件，但其中没有工作簿');
      case 'xls':
      case 'ods':
      case 'xlsb':
        return await readByConversion(file, kind, options, converted);
    }
  } catch (error) {
    return failureOf(file, error);
  }
}

function failureOf(file: string, error: unknown): ReadWorkbookResult {
  if (error instanceof WorkbookReadError) return failure(file, error.code, error.detail);
  return failure(file, 'READ_FAILED', error instanceof Error ? error.message : String(error));
}

async function readByConversion(
  file: string,
  kind: ConvertibleKind,
  options: ReadWorkbookOptions,
  converted: ReadonlyMap<string, ConversionOutcome> | undefined,
): Promise<ReadWorkbookResult> {
  const allowed = options.allowConvert ?? true;
  const soffice = allowed ? findSoffice() : undefined;
  if (!soffice) {
    const detail = allowed ? '本机未安装 LibreOffice，无法自动转换' : '未启用自动转换';
    if (kind === 'ods') return failure(file, 'ODS_NO_CONVERTER', detail);
    if (kind === 'xls') return failure(file, 'LEGACY_XLS_NO_CONVERTER', detail);
    return failure(file, 'NOT_A_WORKBOOK', `它是 Excel 二进制工作簿 (.xlsb)，${detail}`);
  }
  let outcome = converted?.get(file);
  let own: Conversion | undefined;
  try {
    if (!outcome) {
      own = await convertToXlsx([{ file, kind }], { ...options.convert, soffice });
      outcome = own.outcomes.get(file)!;
    }
    if (!outcome.ok) return failure(file, 'CONVERT_FAILED', outcome.detail);
    const bytes = await fs.readFile(outcome.xlsx);
    const result = await readXlsxBytes(bytes, file, 'xlsx', options);
    if (result.ok) result.grid.source.convertedFrom = kind;
    return result;
  } finally {
    await own?.cleanup();
  }
}

async function readXlsxBytes(
  bytes: Uint8Array,
  file: string,
  kind: 'xlsx' | 'zip',
  options: ReadWorkbookOptions,
): Promise<ReadWorkbookResult> {
  const zip = new ZipArchive(bytes, { ...defaultZipLimits, ...options.zipLimits });
  if (!zip.has('xl/workbook.xml') && zip.has('word/document.xml')) {
    return failure(file, 'NOT_A_WORKBOOK', '它是 Word 文档（.docx），只是扩展名像 Excel；请提交统计表工作簿');
  }
  if (!zip.has('xl/workbook.xml')) {
    return failure(file, 'NOT_A_WORKBOOK', kind === 'zip' ? '它是一个普通压缩包，不含 Excel 工作簿' : '压缩包内缺少工作簿');
  }
  const limits = { ...defaultSheetLimits, ...options.sheetLimits };
  const reader = options.reader ?? 'auto';
  let grid: GridWorkbook | undefined;
  let via: 'lean' | 'exceljs' = 'lean';
  if (reader !== 'exceljs') {
    try {
      grid = readXlsxLean(zip, file, { limits, omitSheets: options.omitSheets });
    } catch (error) {
      // a problem with the file itself stands; anything else is the lean reader's limit, which exceljs may pass
      if (error instanceof WorkbookReadError) throw error;
      if (reader === 'lean') {
        const why = error instanceof LeanReaderUnsupported ? error.message : String(error);
        return failure(file, 'READ_FAILED', `快速读取器不支持：${why}`);
      }
    }
  }
  if (!grid) {
    // exceljs inflates without limits: make sure no entry inflates past its declared size first
    zip.verifyAll();
    via = 'exceljs';
    try {
      // loaded on first need: exceljs takes ~0.5 s to load, which every batch worker would otherwise pay at start
      const { readXlsxWithExceljs } = await import('./exceljsReader.js');
      grid = await readXlsxWithExceljs(bytes, file, { limits });
      const omit = omittedSheets(grid.sheets, options.omitSheets);
      if (omit) grid.sheets = grid.sheets.filter((s) => !omit.has(s.name));
    } catch (error) {
      if (error instanceof WorkbookReadError) throw error;
      return failure(file, 'READ_FAILED', error instanceof Error ? error.message : String(error));
    }
  }
  if (grid.sheets.length === 0) return failure(file, 'NO_WORKSHEETS');
  evaluateFormulas(grid);
  return { ok: true, grid, via };
}
