/**
 * Small HTTP safety pieces for nianbao's pages and servers: bearer tokens, the same-origin rule, security headers,
 * JSON answers, and upload bodies read under a size cap (multipart through busboy, or the raw body). A client's
 * file name comes back as text for display; nothing here turns it into a path.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import busboy from 'busboy';

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
 * A request whose `Origin` (sent by browsers on cross-site requests) names another site than the one it was sent
 * to is refused: a page elsewhere cannot use a token the browser happens to hold. Scripts send no Origin.
 */
export function foreignOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== (req.headers.host ?? '');
  } catch {
    return true;
  }
}

export function securityHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  // the personal token is in the link's #fragment; no Referer ever carries the page address elsewhere
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'");
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, err: HttpError): void {
  sendJson(res, err.status, { error: { code: err.code, message: err.message } });
}

/** `attachment; filename*=UTF-8''…` for a download under a (server-chosen) Chinese name. */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const tooLarge = (max: number): HttpError =>
  new HttpError(413, 'UPLOAD_TOO_LARGE', `上传的文件超过 ${Math.round(max / 1024 / 1024)} MB 的上限，不像一份统计表，未接收。`);

/** The whole body, refused (413) as soon as it passes `max` bytes. */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > max) {
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

export interface Upload {
  bytes: Buffer;
  /** the client's name for the file, for display only */
  fileName: string;
  /** other (text) form fields */
  fields: Record<string, string>;
}

/**
 * An uploaded file: multipart/form-data field `file` (what the pages send), or the raw body (scripts), whose name
 * may come in `X-File-Name` (URI-encoded).
 */
export async function readUpload(req: IncomingMessage, max: number): Promise<Upload> {
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
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: max, files: 1, fields: 10, fieldSize: 16 * 1024, parts: 12 }, defParamCharset: 'utf8' });
    } catch {
      reject(new HttpError(400, 'BAD_MULTIPART', '上传的表单格式不正确。'));
      return;
    }
    let file: { bytes: Buffer; fileName: string } | undefined;
    const fields: Record<string, string> = {};
    let error: HttpError | undefined;
    bb.on('file', (name, stream, info) => {
      if (name !== 'file') {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        error = tooLarge(max);
      });
      stream.on('close', () => {
        file = { bytes: Buffer.concat(chunks), fileName: info.filename ?? '' };
      });
    });
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('error', () => reject(new HttpError(400, 'BAD_MULTIPART', '上传的表单格式不正确。')));
    bb.on('close', () => {
      if (error) reject(error);
      else if (!file) reject(new HttpError(400, 'NO_FILE', '请求中没有名为 file 的文件。'));
      else resolve({ ...file, fields });
    });
    req.pipe(bb);
  });
}
