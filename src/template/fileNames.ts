/**
 * File names built from unit names: safe on Windows (the clerks' machines), never a path, and unique within one
 * output folder even when two names clean to the same string.
 */
import { resolve, sep } from 'node:path';

const reservedNames = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
/** bytes of a name's unit part: file systems cap a name at 255 bytes (UTF-8) or 255 UTF-16 units */
const maxPartBytes = 150;

/** Clean text for use inside a file name; empty when nothing usable is left. */
export function safeFileNamePart(text: string, maxBytes = maxPartBytes): string {
  let s = text
    .normalize('NFC')
    // forbidden on Windows, control characters, and the bidirectional overrides that disguise extensions
    .replace(/[<>:"/\\|?*\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    // a leading dot hides the file on Unix and `..` reads as a parent folder
    .replace(/^[.\s]+/, '');
  let bytes = 0;
  let cut = '';
  for (const ch of s) {
    bytes += Buffer.byteLength(ch, 'utf8');
    if (bytes > maxBytes) break;
    cut += ch;
  }
  s = cut.replace(/[.\s]+$/, '');
  const stem = s.split('.')[0] ?? '';
  if (reservedNames.test(stem.trim())) s = `_${s}`;
  return s;
}

/** `2025年度政府信息公开工作年度报告统计表（某某局）.xlsx`; `（模板）` when there is no unit. */
export function templateFileName(reportYear: number, unitName?: string): string {
  const part = unitName === undefined ? '' : safeFileNamePart(unitName);
  const label = unitName === undefined ? '模板' : part || '未命名单位';
  return `${reportYear}年度政府信息公开工作年度报告统计表（${label}）.xlsx`;
}

/**
 * Make file names unique, case-insensitively as Windows compares them: the second `x.xlsx` becomes `x-2.xlsx`,
 * the third `x-3.xlsx`, and so on.
 */
export function uniqueFileNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const ext = dot > 0 ? name.slice(dot) : '';
    let candidate = name;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${stem}-${n}${ext}`;
    used.add(candidate.toLowerCase());
    return candidate;
  });
}

/** The full path of `fileName` inside `dir`, refusing anything that would land elsewhere. */
export function pathInside(dir: string, fileName: string): string {
  const root = resolve(dir);
  const full = resolve(root, fileName);
  if (!full.startsWith(root + sep) || full.slice(root.length + 1).includes(sep)) {
    throw new Error(`文件名“${fileName}”会写到输出目录之外，已拒绝。`);
  }
  return full;
}
