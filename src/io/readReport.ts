/**
 * Any file a user hands in → a Report, by the one path of the design: source → grid → reportFromGrid. Published text
 * (.txt, .md) and web pages (.html, .htm) are read here; workbooks go through the workbook reader; a Report saved
 * as JSON is schema-checked. Failures come back as a code and a Chinese sentence naming the file, never as a throw.
 */
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import type { GridWorkbook } from '../grid/grid.js';
import { HtmlGridError, htmlToGrid, maxHtmlLength } from '../grid/htmlGrid.js';
import { decodeText, textToGrid } from '../grid/textGrid.js';
import { reportSchema, type Report } from '../report/report.js';
import { reportFromGrid } from '../report/fromGrid.js';
import { readWorkbookGrid, type ReadWorkbookOptions } from '../grid/readWorkbook.js';
import type { ConversionOutcome } from '../grid/convert.js';
import { documentExtensions, readDocumentGrid } from '../grid/readDocument.js';
import { instructionsSheetName } from '../template/infoSheets.js';
import { metadataSheetName } from '../template/metadata.js';
import { feedbackMarkerSheetName, feedbackSheetName } from '../feedback/opinion.js';
import { markerFields, ownFileCode, ownFileKind, ownFileMessage } from '../feedback/ownFiles.js';

export type ReadReportResult = { ok: true; report: Report } | { ok: false; message: string; code: string };

type GridResult = { ok: true; grid: GridWorkbook } | { ok: false; code: string; message: string };

const textExtensions = new Set(['.txt', '.md', '.markdown', '.text']);
const htmlExtensions = new Set(['.html', '.htm', '.xhtml']);
const workbookExtensions = new Set(['.xlsx', '.xlsm', '.xls', '.et', '.ods', '.xlsb']);

/**
 * In a workbook made from our template (it has the metadata sheet) the instructions sheet is our own text: no value,
 * label or unit field is read from it, so it is not read at all. Likewise the 审核意见 sheet of a marked-up copy
 * (it has our feedback marker sheet): our own words about the unit's cells are never data. A sheet of that name in
 * a workbook without the marker is the unit's and is read like any other.
 */
const workbookOptions: ReadWorkbookOptions = {
  omitSheets: [
    { names: [instructionsSheetName], when: metadataSheetName },
    { names: [feedbackSheetName], when: feedbackMarkerSheetName },
  ],
};

const fail = (code: string, message: string): ReadReportResult => ({ ok: false, code, message });

async function readSource(file: string, converted?: ConversionOutcome): Promise<GridResult> {
  const name = path.basename(file);
  const ext = path.extname(file).toLowerCase();
  if (workbookExtensions.has(ext)) {
    return readWorkbookGrid(file, converted ? { ...workbookOptions, converted } : workbookOptions);
  }
  if (documentExtensions.has(ext)) return readDocumentGrid(file);
  if (!textExtensions.has(ext) && !htmlExtensions.has(ext)) {
    return {
      ok: false,
      code: 'UNSUPPORTED_FILE_TYPE',
      message: `文件“${name}”的类型（${ext || '无扩展名'}）无法读取：请提供 Excel 工作簿（.xlsx）、网页（.html）、文本（.txt/.md）、Word 文档（.docx/.doc/.wps）、PDF 或报告数据（.json）。`,
    };
  }
  let bytes: Buffer;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return { ok: false, code: 'FILE_NOT_FOUND', message: `文件“${name}”不存在或不是普通文件。` };
    // a UTF-8 page can take up to 3 bytes per character of the cap
    if (stat.size > maxHtmlLength * 3) {
      return { ok: false, code: 'FILE_TOO_LARGE', message: `文件“${name}”过大（${Math.round(stat.size / 1024 / 1024)} MB），不像一份年度报告，未读取。` };
    }
    bytes = await fs.readFile(file);
  } catch {
    return { ok: false, code: 'FILE_NOT_FOUND', message: `文件“${name}”不存在或无法打开。` };
  }
  if (bytes.length === 0) return { ok: false, code: 'FILE_EMPTY', message: `文件“${name}”是空文件（0 字节），没有任何内容。` };
  const { text } = decodeText(bytes);
  try {
    return { ok: true, grid: htmlExtensions.has(ext) ? htmlToGrid(text, file) : textToGrid(text, file) };
  } catch (error) {
    if (error instanceof HtmlGridError) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

async function readReportJson(file: string): Promise<ReadReportResult> {
  const name = path.basename(file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeText(await fs.readFile(file)).text);
  } catch (error) {
    const missing = (error as { code?: string }).code === 'ENOENT';
    return missing
      ? fail('FILE_NOT_FOUND', `文件“${name}”不存在或无法打开。`)
      : fail('NOT_A_REPORT', `文件“${name}”不是有效的 JSON，无法作为报告数据读取。`);
  }
  const result = reportSchema.safeParse(parsed);
  if (!result.success) {
    const first = result.error.issues[0];
    return fail('NOT_A_REPORT', `文件“${name}”不是 nianbao 导出的报告数据（${first ? `${first.path.join('.')}：${first.message}` : '结构不符'}）。`);
  }
  return { ok: true, report: result.data };
}

export interface ReadReportOptions {
  /** read a nianbao feedback copy even while it is untouched (by default it is skipped as our own output) */
  acceptOwnCopies?: boolean;
  /** this legacy workbook as a batch conversion already made it (`convertLegacyFiles`) */
  converted?: ConversionOutcome;
}

export async function readReport(file: string, o: ReadReportOptions = {}): Promise<ReadReportResult> {
  if (path.extname(file).toLowerCase() === '.json') return readReportJson(file);
  const source = await readSource(file, o.converted);
  if (!source.ok) return source;
  const marker = markerFields(source.grid.sheets);
  if (marker) {
    // our marker sheet is never data; our own untouched copies and summaries are not submissions
    const own = ownFileKind(marker, () => readFileSync(file));
    if (own && !(o.acceptOwnCopies && own === 'untouchedCopy')) return fail(ownFileCode, ownFileMessage(path.basename(file), own));
    source.grid.sheets = source.grid.sheets.filter((s) => s.name !== feedbackMarkerSheetName);
  }
  return { ok: true, report: reportFromGrid(source.grid) };
}
