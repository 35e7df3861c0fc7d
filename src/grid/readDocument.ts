/**
 * Word, WPS and PDF reports → a grid, or one clear failure naming the file. `.docx` is read directly; `.doc` and
 * `.wps` are converted to .docx by LibreOffice Writer first (a clear error when it is not installed); a PDF is read
 * through its text layer.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { convertToDocx, findSoffice, type WriterKind } from './convert.js';
import { docxToGrid } from './docxGrid.js';
import type { GridWorkbook } from './grid.js';
import { PdfReadError, pdfToGrid } from './pdfGrid.js';
import { WorkbookReadError, failureMessage } from './readFailure.js';
import type { FileFailureCode, ParamsOf } from '../findings/codes.js';
import { fileFailure, type FileFailure } from '../findings/factory.js';
import { defaultMaxBytes, readFileCapped } from './sniff.js';

export type DocumentResult = { ok: true; grid: GridWorkbook } | ({ ok: false } & FileFailure);

const fail = <C extends FileFailureCode>(code: C, params: ParamsOf<C>): { ok: false } & FileFailure => ({ ok: false, ...fileFailure(code, params) });

export const documentExtensions = new Set(['.docx', '.doc', '.wps', '.pdf']);

export async function readDocumentGrid(file: string): Promise<DocumentResult> {
  const name = path.basename(file);
  const ext = path.extname(file).toLowerCase();
  try {
    const bytes = await readFileCapped(file, defaultMaxBytes);
    if (bytes.length === 0) return fail('FILE_EMPTY', { name });
    const isPdf = bytes.subarray(0, 1024).toString('latin1').includes('%PDF-');
    const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
    if (isPdf) return { ok: true, grid: await pdfToGrid(bytes, file) };
    if (ext === '.pdf') return fail('PDF_UNREADABLE', { name, detail: '扩展名是 .pdf，内容却不是 PDF，无法读取' });
    if (isZip) return { ok: true, grid: docxToGrid(bytes, file) };
    // .doc / .wps (or a .docx that is really one of them): Writer converts it
    const kind: WriterKind = ext === '.wps' ? 'wps' : 'doc';
    if (!findSoffice()) {
      return fail('DOC_NO_CONVERTER', { name });
    }
    const { outcome, cleanup } = await convertToDocx(file, kind);
    try {
      if (!outcome.ok) {
        return fail('CONVERT_FAILED', { name, detail: outcome.detail, document: true });
      }
      const grid = docxToGrid(await fs.readFile(outcome.docx), file);
      grid.source.convertedFrom = kind;
      return { ok: true, grid };
    } finally {
      await cleanup();
    }
  } catch (error) {
    if (error instanceof PdfReadError) return fail(error.code, { name, detail: error.message });
    if (error instanceof WorkbookReadError) {
      if (error.code === 'NOT_A_WORKBOOK') return fail('NOT_A_DOCUMENT', { name, ...(error.detail ? { detail: error.detail } : {}) });
      return { ok: false, code: error.code, message: failureMessage(file, error.code, error.detail) };
    }
    throw error;
  }
}
