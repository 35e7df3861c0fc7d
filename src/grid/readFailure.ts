/**
 * Why a file could not be turned into a grid: a stable English code for programs and a Chinese sentence for the clerk
 * who has to fix the file (the registry's template, src/findings/codes.ts). Every message names the file, because in
 * a batch of thousands the name is all they have.
 */
import path from 'node:path';
import { messageOf, type FileFailureCode } from '../findings/codes.js';

export type ReadFailureCode = Extract<
  FileFailureCode,
  | 'FILE_NOT_FOUND'
  | 'FILE_EMPTY'
  | 'FILE_TOO_LARGE'
  | 'NOT_A_WORKBOOK'
  | 'ZIP_CORRUPT'
  | 'ZIP_BOMB'
  | 'ENCRYPTED'
  | 'LEGACY_XLS_NO_CONVERTER'
  | 'ODS_NO_CONVERTER'
  | 'CONVERT_FAILED'
  | 'NO_WORKSHEETS'
  | 'SHEET_TOO_LARGE'
  | 'READ_FAILED'
>;

/** Thrown inside the grid readers; `readWorkbookGrid` turns it into a failure result and never lets it escape. */
export class WorkbookReadError extends Error {
  constructor(
    readonly code: ReadFailureCode,
    /** the detail that follows the file name, in Chinese */
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'WorkbookReadError';
  }
}

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;

/** The Chinese sentence for a failure, naming the file by its base name (what the clerk sees in their folder). */
export function failureMessage(file: string, code: ReadFailureCode, detail?: string): string {
  return messageOf(code, { name: path.basename(file), ...(detail ? { detail } : {}) });
}

export { megabytes };
