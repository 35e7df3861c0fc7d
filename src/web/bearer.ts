/**
 * The pieces a server reached over the office's intranet needs besides the shared ones (respond.ts, uploads.ts):
 * per-user `Authorization: Bearer` tokens, the same-origin rule judged against the Host the request was sent to (the
 * portal's address is the office's choice, unlike the loopback-only guard.ts), capped raw bodies, and one uploaded
 * file read through the shared multipart receiver. A client's file name comes back as display text only.
 */
import type { IncomingMessage } from 'node:http';
import { readFile, rm } from 'node:fs/promises';
import { receiveUploads, UploadError } from './uploads.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The token of `Authorization: Bearer …`, or undefined. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  const m = h ? /^Bearer\s+([A-Za-z0-9_-]{16,256})\s*$/.exec(h) : null;
  return m ? m[1] : undefined;
}

/**
 * A request whose `Origin` (browsers send it on cross-site requests) names another site than the one it was sent
 * to is refused: a page elsewhere cannot drive the portal. Scripts send no Origin.
 */
export function foreignOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== (req.headers.host ?? '').toLowerCase();
  } catch {
    return true;
  }
}

const tooLarge = (max: number): HttpError =>
  new HttpError(413, 'UPLOAD_TOO_LARGE', `上传的文件超过 ${Math.round(max / 1024 / 1024)} MB 的上限，不像一份统计表，未接收。`);

/** The whole body, refused (413) as soon as it passes `max` bytes. */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? NaN) > max) {
      req.resume();
      reject(tooLarge(max));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > max) {
        failed = true;
        reject(tooLarge(max));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (!failed) reject(e);
    });
  });
}

export interface SingleUpload {
  bytes: Buffer;
  /** the client's name for the file, for display only */
  fileName: string;
  fields: Record<string, string>;
}

/**
 * One uploaded file: the multipart field `file` (what the pages send; received by the shared uploads.ts into
 * `scratch`, a folder the caller owns and removes), or the raw body (scripts), named by `X-File-Name` (URI-encoded).
 */
export async function readUpload(req: IncomingMessage, max: number, scratch: string): Promise<SingleUpload> {
  const type = req.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('multipart/form-data')) {
    const bytes = await readBody(req, max);
    let fileName = '';
    try {
      fileName = decodeURIComponent(String(req.headers['x-file-name'] ?? ''));
    } catch {
      fileName = '';
    }
    return { bytes, fileName, fields: {} };
  }
  try {
    const upload = await receiveUploads(req, scratch, { maxFileBytes: max, maxFiles: 1, maxTotalBytes: max, maxFields: 10 });
    const file = upload.files.find((f) => f.field === 'file');
    if (!file) throw new HttpError(400, 'NO_FILE', '请求中没有名为 file 的文件。');
    const bytes = await readFile(file.path);
    await rm(file.path, { force: true });
    return { bytes, fileName: file.name, fields: upload.fields };
  } catch (err) {
    if (err instanceof UploadError) throw err.status === 413 ? tooLarge(max) : new HttpError(err.status, err.code, err.message);
    throw err;
  }
}
