/**
 * What a file really is, judged by its bytes and never by its name: clerks rename `.xls` to `.xlsx`, save web pages
 * as `.xls`, and send password-protected workbooks, all under a name that looks right.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { WorkbookReadError, megabytes } from './readFailure.js';

export type FileKind =
  /** an Office Open XML workbook (zip with xl/workbook.xml) */
  | 'xlsx'
  /** an Excel binary workbook (zip with xl/workbook.bin) */
  | 'xlsb'
  /** an OpenDocument spreadsheet */
  | 'ods'
  /** an OLE compound file holding a legacy workbook (.xls, WPS .et) */
  | 'xls'
  /** an OLE compound file of another kind (converted if a converter can, refused otherwise) */
  | 'ole'
  /** a Word 97–2003 document (.doc): a compound file with a `WordDocument` stream */
  | 'doc'
  /** an OLE compound file wrapping an encrypted OOXML package (a workbook with an opening password) */
  | 'encrypted'
  /** a zip that is not a spreadsheet, or whose directory cannot be read */
  | 'zip'
  | 'html'
  | 'text'
  | 'empty'
  | 'other';

export const defaultMaxBytes = 20 * 1024 * 1024;

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ODS_MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';

/** What reading a file learnt of it on the way: its modification time, from the stat that checked its size. */
export interface FileSeen {
  mtimeMs?: number;
}

/**
 * Reads a file after checking its size with stat, so a huge file is refused without being loaded. Synchronous on
 * purpose: for the small files this reads, the promise API's thread-pool round trips cost more than the read itself
 * (about 0.3 ms a file, measured), and reading is CPU-bound anyway. `seen` receives the modification time, so a
 * caller that needs it does not stat the file again.
 */
export async function readFileCapped(file: string, maxBytes = defaultMaxBytes, seen?: FileSeen): Promise<Buffer> {
  // one open, fstat and read instead of a stat by path and then readFileSync's own open, fstat and read; non-blocking
  // so that opening a FIFO returns (fstat then refuses it as before)
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    // whatever kept it from opening, the path-based route below names it exactly as it always has
    return readFileCappedByPath(file, maxBytes, seen);
  }
  try {
    const stat = fstatSync(fd);
    if (seen) seen.mtimeMs = stat.mtimeMs;
    if (!stat.isFile()) throw new WorkbookReadError('FILE_NOT_FOUND', '不是普通文件');
    const size = stat.size;
    if (size > maxBytes) throw new WorkbookReadError('FILE_TOO_LARGE', `${megabytes(size)}，上限 ${megabytes(maxBytes)}`);
    if (size === 0) return Buffer.alloc(0);
    const bytes = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, null);
      if (n === 0) break;
      read += n;
    }
    return read === size ? bytes : bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

function readFileCappedByPath(file: string, maxBytes: number, seen: FileSeen | undefined): Buffer {
  let size: number;
  try {
    const stat = statSync(file);
    if (seen) seen.mtimeMs = stat.mtimeMs;
    if (!stat.isFile()) throw new WorkbookReadError('FILE_NOT_FOUND', '不是普通文件');
    size = stat.size;
  } catch (error) {
    if (error instanceof WorkbookReadError) throw error;
    // the reason in words, not the system's code (ENOENT)
    const code = (error as NodeJS.ErrnoException).code;
    throw new WorkbookReadError('FILE_NOT_FOUND', code === 'ENOENT' ? '找不到该文件' : code === 'EACCES' || code === 'EPERM' ? '没有读取权限' : '无法打开');
  }
  if (size > maxBytes) throw new WorkbookReadError('FILE_TOO_LARGE', `${megabytes(size)}，上限 ${megabytes(maxBytes)}`);
  if (size === 0) return Buffer.alloc(0);
  return readFileSync(file);
}

export function sniffBytes(bytes: Uint8Array): FileKind {
  if (bytes.length === 0) return 'empty';
  if (startsWith(bytes, OLE_MAGIC)) return sniffOle(bytes);
  // PK\3\4 (a local file header) or PK\5\6 (an empty archive)
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5)) return sniffZip(bytes);
  return sniffText(bytes);
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function sniffZip(bytes: Uint8Array): FileKind {
  // ODF puts an uncompressed `mimetype` entry first, so its content is readable straight from the local header
  const nameLength = bytes[26]! | (bytes[27]! << 8);
  const extraLength = bytes[28]! | (bytes[29]! << 8);
  const name = latin1(bytes, 30, 30 + nameLength);
  if (name === 'mimetype') {
    const start = 30 + nameLength + extraLength;
    if (latin1(bytes, start, start + ODS_MIMETYPE.length) === ODS_MIMETYPE) return 'ods';
  }
  // otherwise look for the workbook part's name in the central directory (the tail of the file), searched in the bytes
  // from the end, where the directory is (ASCII names: the same answer as a search of the text read one byte per
  // character, without making that text and searching the whole file)
  const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tail = Math.max(0, bytes.length - 256 * 1024);
  const inTail = (name: string): boolean => all.lastIndexOf(name) >= tail;
  if (inTail('xl/workbook.xml')) return 'xlsx';
  if (inTail('xl/workbook.bin')) return 'xlsb';
  if (inTail('mimetype') && inTail('content.xml') && all.subarray(0, 4096).includes(ODS_MIMETYPE)) return 'ods';
  return 'zip';
}

/**
 * OLE directory entries are 128 bytes, aligned to 128 in the file, starting with the UTF-16LE name and carrying its
 * byte length at offset 64. Scanning aligned slots finds stream names without walking the FAT chains.
 */
export function oleStreamNames(bytes: Uint8Array): Set<string> {
  const names = new Set<string>();
  for (let at = 512; at + 128 <= bytes.length; at += 128) {
    const byteLength = bytes[at + 64]! | (bytes[at + 65]! << 8);
    const type = bytes[at + 66];
    if (byteLength < 4 || byteLength > 64 || byteLength % 2 !== 0 || (type !== 1 && type !== 2 && type !== 5)) continue;
    // the name ends with a UTF-16 NUL that the length counts
    if (bytes[at + byteLength - 2] !== 0 || bytes[at + byteLength - 1] !== 0) continue;
    let name = '';
    let plausible = true;
    for (let i = 0; i < byteLength - 2; i += 2) {
      const code = bytes[at + i]! | (bytes[at + i + 1]! << 8);
      if (code < 0x20 && code !== 1 && code !== 5 && code !== 6) {
        plausible = false;
        break;
      }
      name += String.fromCharCode(code);
    }
    if (plausible) names.add(name);
  }
  return names;
}

function sniffOle(bytes: Uint8Array): FileKind {
  // directory names compare case-insensitively in a compound file
  const names = new Set([...oleStreamNames(bytes)].map((n) => n.toLowerCase()));
  if (names.has('encryptedpackage') || names.has('encryptioninfo')) return 'encrypted';
  // BIFF8 (Excel 97–2003, WPS .et) keeps its cells in `Workbook`, BIFF5 (Excel 5/95) in `Book`
  if (names.has('workbook') || names.has('book')) return 'xls';
  if (names.has('worddocument')) return 'doc';
  return 'ole';
}

function sniffText(bytes: Uint8Array): FileKind {
  const head = bytes.subarray(0, 8192);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head.length < bytes.length ? trimPartialUtf8(head) : head);
  } catch {
    // not UTF-8: Chinese text files are often GB18030; accept them as text when they hold no control bytes
    if (head.some((b) => b < 0x09 || (b > 0x0d && b < 0x20))) return 'other';
    text = new TextDecoder('gb18030').decode(head);
  }
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) return 'other';
  const lower = text.replace(/^\uFEFF/, '').trimStart().slice(0, 1024).toLowerCase();
  if (/^(<!doctype html|<html|<table|<meta|<head|<body)/.test(lower) || /<html[\s>]/.test(lower)) return 'html';
  return 'text';
}

/** Drops a UTF-8 sequence cut at the end of a sample so the strict decoder does not reject good text. */
function trimPartialUtf8(head: Uint8Array): Uint8Array {
  let end = head.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = head[end - back]!;
    if ((b & 0xc0) === 0x80) continue;
    if (b >= 0xc0) end -= back;
    break;
  }
  return head.subarray(0, end);
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  if (start >= bytes.length) return '';
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.max(0, Math.min(end, bytes.length) - start)).toString(
    'latin1',
  );
}
