/**
 * Option parsers shared by the sub-commands. yargs turns `--year abc` into NaN without a word, so numbers are taken
 * as text and checked here; a throw becomes the Chinese `错误：…` line and exit code 2 in main.ts.
 */

import { chinaDate } from '../report/chinaTime.js';

/** `--year`: the report year as typed; the format module judges whether the year is supported. */
export function parseReportYear(raw: unknown): number {
  const text = String(raw).trim();
  if (!/^\d{4}$/.test(text)) throw new Error(`报告年度“${text}”不是四位整数年份，例如 --year 2025。`);
  // a report is made for a year that has begun; next year's templates may be prepared in advance, no further
  const latest = Number(chinaDate(new Date()).slice(0, 4)) + 1;
  if (Number(text) > latest) throw new Error(`报告年度 ${text} 年尚未开始（最晚可用 ${latest} 年），请检查 --year 是否输错。`);
  return Number(text);
}

/** `--max-warnings`: a count, so a whole number of at least 0. */
export function parseMaxWarnings(raw: unknown): number {
  const text = String(raw).trim();
  if (!/^\d+$/.test(text)) throw new Error(`--max-warnings 的值“${text}”应为 0 或正整数。`);
  return Number(text);
}

const systemErrorWords: Record<string, string> = {
  ENOENT: '不存在',
  EEXIST: '已存在且不是文件夹',
  ENOTDIR: '路径中有一段不是文件夹',
  EISDIR: '是文件夹，不是文件',
  EACCES: '没有访问权限',
  EPERM: '不允许此操作',
  EBUSY: '正被其他程序占用（例如在 Excel 中打开着）',
  ENOSPC: '磁盘空间不足',
};

/**
 * A Chinese sentence for a file-system error that escaped the library (Node's own message is English), naming the
 * path; undefined for anything else.
 */
export function describeSystemError(err: unknown, verbose = false): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const { code, path } = err as NodeJS.ErrnoException;
  if (code === undefined || path === undefined) return undefined;
  const words = systemErrorWords[code];
  return words ? `“${path}”${words}${verbose ? `（${code}）` : ''}。` : undefined;
}
