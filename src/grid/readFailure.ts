/**
 * Why a file could not be turned into a grid: a stable English code for programs and a Chinese sentence for the clerk
 * who has to fix the file. Every message names the file, because in a batch of thousands the name is all they have.
 */
import path from 'node:path';

export type ReadFailureCode =
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
  | 'READ_FAILED';

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

const saveAsXlsx = '请用 Excel 或 WPS 打开后“另存为”Excel 工作簿 (*.xlsx) 再提交';

/** The Chinese sentence for a failure, naming the file by its base name (what the clerk sees in their folder). */
export function failureMessage(file: string, code: ReadFailureCode, detail?: string): string {
  const name = `文件“${path.basename(file)}”`;
  const extra = detail ? `（${detail}）` : '';
  switch (code) {
    case 'FILE_NOT_FOUND':
      return `${name}不存在或无法打开${extra}。`;
    case 'FILE_EMPTY':
      return `${name}是空文件（0 字节），没有任何内容，请重新导出或重新提交。`;
    case 'FILE_TOO_LARGE':
      return `${name}过大${extra}，不像一份年度报告统计表；请检查是否提交错了文件。`;
    case 'NOT_A_WORKBOOK':
      return `${name}不是 Excel 工作簿${extra}；${saveAsXlsx}。`;
    case 'ZIP_CORRUPT':
      return `${name}已损坏，无法解压${extra}；可能是下载或拷贝不完整，请重新导出或重新提交。`;
    case 'ZIP_BOMB':
      return `${name}解压后的内容异常巨大${extra}，为安全起见拒绝读取；请检查是否提交错了文件。`;
    case 'ENCRYPTED':
      return `${name}设置了打开密码（已加密），无法读取；请取消密码后另存为 Excel 工作簿 (*.xlsx) 再提交。`;
    case 'LEGACY_XLS_NO_CONVERTER':
      return `${name}是旧版 Excel 97-2003 格式（.xls/.et），无法直接读取${extra}；${saveAsXlsx}。`;
    case 'ODS_NO_CONVERTER':
      return `${name}是 OpenDocument 表格（.ods），无法直接读取${extra}；${saveAsXlsx}。`;
    case 'CONVERT_FAILED':
      return `${name}无法转换为 Excel 工作簿${extra}；${saveAsXlsx}。`;
    case 'NO_WORKSHEETS':
      return `${name}中没有任何工作表，请检查是否提交错了文件。`;
    case 'SHEET_TOO_LARGE':
      return `${name}中的工作表过大${extra}，不像一份年度报告统计表；请删除多余的行和单元格后再提交。`;
    case 'READ_FAILED':
      return `${name}无法读取${extra}；${saveAsXlsx}。`;
  }
}

export { megabytes };
