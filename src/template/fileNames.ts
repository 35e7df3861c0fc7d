/**
 * File names built from unit names: safe on Windows (the clerks' machines), never a path, and unique within one
 * output folder even when two names clean to the same string.
 */
import { resolve, sep } from 'node:path';

const reservedNames = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
/** bytes of a name's unit part: file systems cap a name at 255 bytes (UTF-8) or 255 UTF-16 units */
const maxPartBytes = 150;
/**
 * characters of a name's unit part: Excel opens no file whose full path passes 218 characters. Under a folder path of
 * 80 characters, a name may have 218 − 80 − 1 = 137; the template name around the unit part takes 28, a
 * distinguishing tag up to 13 (`（代码后6位XXXXXX）`) and a last-resort `-NN` 3, which leaves 93.
 */
export const maxPartChars = 93;

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
    if (bytes > maxBytes || cut.length + ch.length > maxPartChars) break;
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

/** What tells apart two units whose names clean to one file name: the code's last 6 characters, else the roster row. */
export function distinguishingTag(code: string | undefined, row: number | undefined): string | undefined {
  if (code) return `代码后6位${code.slice(-6)}`;
  if (row !== undefined) return `名单第${row}行`;
  return undefined;
}

/**
 * Make file names unique, case-insensitively as Windows compares them. Every name that collides (the first too)
 * gets its unit's tag (`（…代码后6位0011A）`), so the file says whose it is; `-2`, `-3` only when no tag is known.
 */
export function uniqueFileNames(names: readonly string[], tags: readonly (string | undefined)[] = []): string[] {
  const count = new Map<string, number>();
  for (const n of names) count.set(n.toLowerCase(), (count.get(n.toLowerCase()) ?? 0) + 1);
  const used = new Set<string>();
  return names.map((name, i) => {
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const ext = dot > 0 ? name.slice(dot) : '';
    const tag = tags[i];
    let candidate = (count.get(name.toLowerCase()) ?? 0) > 1 && tag ? `${stem}（${tag}）${ext}` : name;
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
