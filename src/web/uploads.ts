/**
 * Multipart uploads (busboy) saved into a folder, with caps on each file, the number of files and the whole request,
 * so a page (or anything else that got the token) cannot fill the disk. A file's name may carry its folder path
 * (a dropped folder keeps its structure); every part is cleaned so nothing is written outside the folder.
 */
import type { IncomingMessage } from 'node:http';
import { createWriteStream, mkdirSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, relative, isAbsolute } from 'node:path';
import busboy from 'busboy';

export interface UploadLimits {
  /** bytes per file (default 50 MB) */
  maxFileBytes?: number;
  /** files per request (default 5000) */
  maxFiles?: number;
  /** bytes per request, all files together (default 1 GB) */
  maxTotalBytes?: number;
  /** text fields per request (default 50), each at most 1 MB */
  maxFields?: number;
}

export const defaultUploadLimits: Required<UploadLimits> = {
  maxFileBytes: 50 * 1024 * 1024,
  maxFiles: 5000,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxFields: 50,
};

export interface UploadedFile {
  /** the form field it came in */
  field: string;
  /** its name as given (cleaned), with its folder path when a folder was sent: `报送/某局.xlsx` */
  name: string;
  /** where it was saved */
  path: string;
  bytes: number;
}

export interface Upload {
  files: UploadedFile[];
  fields: Record<string, string>;
}

/** HTTP refusal codes of an upload (answers to a request, not findings about a file) */
export type UploadErrorCode = 'UPLOAD_TOO_LARGE' | 'TOO_MANY_FILES' | 'BAD_UPLOAD';

export class UploadError extends Error {
  constructor(
    readonly status: number,
    readonly code: UploadErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** One path part made safe on Windows and Linux: no separators, no `..`, no reserved characters. */
function cleanPart(part: string): string {
  const cleaned = part
    .normalize('NFC')
    .replace(/[\x00-\x1f<>:"|?*]/g, '_')
    .replace(/[. ]+$/, '')
    .slice(0, 120);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? '_' : cleaned;
}

/** `a/b\\c.xlsx` → `a/b/c.xlsx`, without empty, `.` or `..` parts. */
export function cleanRelativeName(name: string): string {
  const parts = name.split(/[\\/]+/).filter((p) => p !== '' && p !== '.' && p !== '..');
  return parts.length === 0 ? '_' : parts.map(cleanPart).join('/');
}

/** Save every file of a multipart request under `dir`; refuses (and removes what was saved) when a cap is passed. */
export async function receiveUploads(req: IncomingMessage, dir: string, limits: UploadLimits = {}): Promise<Upload> {
  const l = { ...defaultUploadLimits, ...limits };
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > l.maxTotalBytes) {
    req.resume();
    throw new UploadError(413, 'UPLOAD_TOO_LARGE', `上传的文件共 ${mb(declared)}，超过上限 ${mb(l.maxTotalBytes)}。`);
  }
  const contentType = req.headers['content-type'] ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    throw new UploadError(400, 'BAD_UPLOAD', '请求不是文件上传（multipart/form-data）。');
  }
  await mkdir(dir, { recursive: true });
  const files: UploadedFile[] = [];
  const fields: Record<string, string> = {};
  const used = new Set<string>();
  let total = 0;
  const writes: Promise<void>[] = [];

  const unique = (name: string): string => {
    let candidate = name;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) {
      const dot = name.lastIndexOf('.');
      candidate = dot > name.lastIndexOf('/') ? `${name.slice(0, dot)}（${n}）${name.slice(dot)}` : `${name}（${n}）`;
    }
    used.add(candidate.toLowerCase());
    return candidate;
  };

  try {
    await new Promise<void>((resolve, reject) => {
      let bb: busboy.Busboy;
      try {
        bb = busboy({
          headers: req.headers,
          defParamCharset: 'utf8',
          preservePath: true,
          limits: { fileSize: l.maxFileBytes, files: l.maxFiles, fields: l.maxFields, fieldSize: 1024 * 1024 },
        });
      } catch (err) {
        reject(new UploadError(400, 'BAD_UPLOAD', `无法解析上传内容：${err instanceof Error ? err.message : String(err)}`));
        return;
      }
      let failed = false;
      const fail = (err: UploadError) => {
        if (failed) return;
        failed = true;
        req.unpipe(bb);
        req.resume();
        reject(err);
      };
      bb.on('field', (name, value) => {
        fields[name] = value;
      });
      bb.on('file', (field, stream, info) => {
        if (failed) {
          stream.resume();
          return;
        }
        const name = unique(cleanRelativeName(info.filename ?? 'file'));
        const path = join(dir, ...name.split('/'));
        const rel = relative(dir, path);
        if (rel.startsWith('..') || isAbsolute(rel)) {
          stream.resume();
          fail(new UploadError(400, 'BAD_UPLOAD', `文件名“${info.filename}”不可用。`));
          return;
        }
        const entry: UploadedFile = { field, name, path, bytes: 0 };
        files.push(entry);
        // listeners attached before any data flows, so no chunk and no 'limit' is missed
        stream.on('limit', () => fail(new UploadError(413, 'UPLOAD_TOO_LARGE', `文件“${name}”超过单个文件的上限 ${mb(l.maxFileBytes)}。`)));
        stream.on('data', (chunk: Buffer) => {
          entry.bytes += chunk.length;
          total += chunk.length;
          if (total > l.maxTotalBytes) fail(new UploadError(413, 'UPLOAD_TOO_LARGE', `上传的文件合计超过上限 ${mb(l.maxTotalBytes)}。`));
        });
        mkdirSync(dirname(path), { recursive: true });
        const out = createWriteStream(path);
        writes.push(
          new Promise<void>((done, broke) => {
            stream.pipe(out).on('finish', done).on('error', broke);
          }),
        );
      });
      bb.on('filesLimit', () => fail(new UploadError(413, 'TOO_MANY_FILES', `一次最多上传 ${l.maxFiles} 个文件。`)));
      bb.on('fieldsLimit', () => fail(new UploadError(413, 'BAD_UPLOAD', '表单字段过多。')));
      bb.on('error', (err) => fail(new UploadError(400, 'BAD_UPLOAD', `上传中断或格式错误：${err instanceof Error ? err.message : String(err)}`)));
      bb.on('close', () => {
        if (!failed) resolve();
      });
      req.on('aborted', () => fail(new UploadError(400, 'BAD_UPLOAD', '上传被中断。')));
      req.pipe(bb);
    });
    await Promise.all(writes);
  } catch (err) {
    await Promise.allSettled(writes);
    await Promise.all(files.map((f) => rm(f.path, { force: true })));
    throw err;
  }
  return { files, fields };
}
