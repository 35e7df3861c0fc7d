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
import { defaultMaxBytes, readFileCapped } from './sniff.js';

export type DocumentResult = { ok: true; grid: GridWorkbook } | { ok: false; code: string; message: string };

export const documentExtensions = new Set(['.docx', '.doc', '.wps', '.pdf']);

export async function readDocumentGrid(file: string): Promise<DocumentResult> {
  const name = path.basename(file);
  const ext = path.extname(file).toLowerCase();
  try {
    const bytes = await readFileCapped(file, defaultMaxBytes);
    if (bytes.length === 0) return { ok: false, code: 'FILE_EMPTY', message: failureMessage(file, 'FILE_EMPTY') };
    const isPdf = bytes.subarray(0, 1024).toString('latin1').includes('%PDF-');
    const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
    if (isPdf) return { ok: true, grid: await pdfToGrid(bytes, file) };
    if (ext === '.pdf') return { ok: false, code: 'PDF_UNREADABLE', message: `文件“${name}”扩展名是 .pdf，内容却不是 PDF，无法读取。` };
    if (isZip) return { ok: true, grid: docxToGrid(bytes, file) };
    // .doc / .wps (or a .docx that is really one of them): Writer converts it
    const kind: WriterKind = ext === '.wps' ? 'wps' : 'doc';
    if (!findSoffice()) {
      return {
        ok: false,
        code: 'DOC_NO_CONVERTER',
        message: `文件“${name}”是旧版 Word（.doc）或 WPS 文字（.wps）文档，本机没有安装 LibreOffice Writer，无法转换：请另存为 .docx 后提交，或安装 libreoffice-writer-nogui。`,
      };
    }
    const { outcome, cleanup } = await convertToDocx(file, kind);
    try {
      if (!outcome.ok) {
        return { ok: false, code: 'CONVERT_FAILED', message: `文件“${name}”无法用 LibreOffice Writer 转换（${outcome.detail}）：请用 Word 或 WPS 打开后另存为 .docx 再提交。` };
      }
      const grid = docxToGrid(await fs.readFile(outcome.docx), file);
      grid.source.convertedFrom = kind;
      return { ok: true, grid };
    } finally {
      await cleanup();
    }
  } catch (error) {
    if (error instanceof PdfReadError) return { ok: false, code: error.code, message: `文件“${name}”：${error.message}。` };
    if (error instanceof WorkbookReadError) {
      if (error.code === 'NOT_A_WORKBOOK') return { ok: false, code: 'NOT_A_DOCUMENT', message: `文件“${name}”不是 Word 文档（${error.detail ?? '无法识别'}），无法读取。` };
      return { ok: false, code: error.code, message: failureMessage(file, error.code, error.detail) };
    }
    throw error;
  }
}
