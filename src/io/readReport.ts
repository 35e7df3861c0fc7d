/**
 * Any file a user hands in → a Report, by the one path of the design: source → grid → reportFromGrid. Published text
 * (.txt, .md) and web pages (.html, .htm) are read here; workbooks go through the workbook reader; a Report saved
 * as JSON is schema-checked. Failures come back as a code and a Chinese sentence naming the file, never as a throw.
 */
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FileFailureCode, ParamsOf } from '../findings/codes.js';
import { fileFailure, finding, type FileFailure } from '../findings/factory.js';
import { isoDateOfText } from '../extract/dateText.js';
import type { GridWorkbook } from '../grid/grid.js';
import { megabytes } from '../grid/readFailure.js';
import { HtmlGridError, htmlToGrid, maxHtmlLength } from '../grid/htmlGrid.js';
import { decodeText, textToGrid } from '../grid/textGrid.js';
import type { Report } from '../report/report.js';
import { reportFromGrid } from '../report/fromGrid.js';
import { formats } from '../formats/index.js';
import { readWorkbookGrid, type ReadWorkbookOptions } from '../grid/readWorkbook.js';
import type { ConversionOutcome } from '../grid/convert.js';
import { documentExtensions, readDocumentGrid } from '../grid/readDocument.js';
import type { FileSeen } from '../grid/sniff.js';
import { feedbackMarker, feedbackMarkerSheetName, ownTextSheets } from '../workbook/contract.js';
import { ownFileCode, ownFileKind } from '../feedback/ownFiles.js';
import { archiveExtensions } from './archives.js';

export type ReadReportResult = { ok: true; report: Report } | ({ ok: false } & FileFailure);

export type GridResult = { ok: true; grid: GridWorkbook } | ({ ok: false } & FileFailure);

const textExtensions = new Set(['.txt', '.md', '.markdown', '.text']);
const htmlExtensions = new Set(['.html', '.htm', '.xhtml']);
const workbookExtensions = new Set(['.xlsx', '.xlsm', '.xls', '.et', '.ods', '.xlsb']);

/** Our own text sheets (填表说明 of a template, 审核意见 of a marked-up copy) are never data, so never read. */
export const workbookOptions: ReadWorkbookOptions = { omitSheets: ownTextSheets };

const fail = <C extends FileFailureCode>(code: C, params: ParamsOf<C>): { ok: false } & FileFailure => ({ ok: false, ...fileFailure(code, params) });

/**
 * Any file but a JSON Report → its grid, or the failure naming it (the first half of `readReport`). `seen` receives
 * the modification time of a workbook, a text or a web page from the stat that checks its size before it is read.
 */
export async function readSourceGrid(file: string, converted?: ConversionOutcome, seen?: FileSeen): Promise<GridResult> {
  const name = path.basename(file);
  const ext = path.extname(file).toLowerCase();
  if (workbookExtensions.has(ext)) {
    return readWorkbookGrid(file, converted || seen ? { ...workbookOptions, converted, seen } : workbookOptions);
  }
  if (documentExtensions.has(ext)) return readDocumentGrid(file);
  if (archiveExtensions.includes(ext)) return fail('ARCHIVE_NOT_OPENED', { name });
  if (!textExtensions.has(ext) && !htmlExtensions.has(ext)) {
    return fail('UNSUPPORTED_FILE_TYPE', { name, extension: ext });
  }
  let bytes: Buffer;
  try {
    const stat = await fs.stat(file);
    if (seen) seen.mtimeMs = stat.mtimeMs;
    if (!stat.isFile()) return fail('FILE_NOT_FOUND', { name, detail: '不是普通文件' });
    // a UTF-8 page can take up to 3 bytes per character of the cap
    if (stat.size > maxHtmlLength * 3) {
      return fail('FILE_TOO_LARGE', { name, detail: `${megabytes(stat.size)}，上限 ${megabytes(maxHtmlLength * 3)}` });
    }
    bytes = await fs.readFile(file);
  } catch {
    return fail('FILE_NOT_FOUND', { name });
  }
  if (bytes.length === 0) return fail('FILE_EMPTY', { name });
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
    return missing ? fail('FILE_NOT_FOUND', { name }) : fail('NOT_A_REPORT', { name, detail: '不是有效的 JSON' });
  }
  // the schemas (zod) load only here: reading a workbook or checking one never needs them
  const [{ reportSchema }, { missingValueKeys, reportSchemaFor }] = await Promise.all([import('../report/report.js'), import('../report/reportSchemaFor.js')]);
  const result = reportSchema.safeParse(parsed);
  if (!result.success) {
    const first = result.error.issues[0];
    return fail('NOT_A_REPORT', { name, detail: first ? `${first.path.join('.')}：${first.message}` : '结构不符' });
  }
  // a Report carries every data point of its format (the per-format schema, generated from the cell specs)
  const missing = missingValueKeys(result.data);
  if (missing.length > 0 || !reportSchemaFor(formats[result.data.format]).safeParse(result.data).success) {
    return fail('NOT_A_REPORT', { name, detail: `缺少 ${missing.length} 个数据项（如 ${missing[0] ?? '—'}），不是完整的报告数据` });
  }
  const report = result.data;
  // a 填报日期 that is no date is said, as in a workbook, and not used (lateness is judged on dates only)
  const stated = report.unit.filledDate;
  if (stated !== undefined && stated.trim() !== '') {
    const iso = isoDateOfText(stated);
    if (iso) report.unit.filledDate = iso;
    else {
      delete report.unit.filledDate;
      const said = finding('DATE_UNREADABLE', { text: stated }, { file, cells: [], actual: stated });
      if (report.unit.name) said.unit = report.unit.name;
      report.findings.push(said);
    }
  }
  return { ok: true, report };
}

export interface ReadReportOptions {
  /** read a nianbao feedback copy even while it is untouched (by default it is skipped as our own output) */
  acceptOwnCopies?: boolean;
  /** this legacy workbook as a batch conversion already made it (`convertLegacyFiles`) */
  converted?: ConversionOutcome;
  /**
   * receives the file's modification time when reading stats it (workbooks, texts, web pages: before reading it), so
   * a caller that records it need not stat the file again; left unset otherwise (a JSON Report, a file that cannot
   * be opened)
   */
  seen?: FileSeen;
}

export async function readReport(file: string, o: ReadReportOptions = {}): Promise<ReadReportResult> {
  if (isReportJson(file)) return readReportJson(file);
  const source = await readSourceGrid(file, o.converted, o.seen);
  if (!source.ok) return source;
  return reportOfGrid(source.grid, o);
}

export const isReportJson = (file: string): boolean => path.extname(file).toLowerCase() === '.json';
export { readReportJson };

/** A grid read from a file → its Report (the second half of `readReport`): our own feedback files are refused. */
export function reportOfGrid(grid: GridWorkbook, o: Pick<ReadReportOptions, 'acceptOwnCopies'> = {}): ReadReportResult {
  const file = grid.source.file;
  const marker = feedbackMarker(grid.sheets);
  if (marker) {
    // our marker sheet is never data; our own untouched copies and summaries are not submissions
    const own = ownFileKind(marker, () => readFileSync(file));
    if (own && !(o.acceptOwnCopies && own === 'untouchedCopy')) return fail(ownFileCode, { name: path.basename(file), kind: own });
    grid.sheets = grid.sheets.filter((s) => s.name !== feedbackMarkerSheetName);
  }
  return { ok: true, report: reportFromGrid(grid) };
}
