/** Responses of a local server: JSON, HTML and downloads, each with headers that keep the page to itself. */
import type { ServerResponse } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

/** No caching, no framing by another site, no referrer sent anywhere, no MIME sniffing. */
export function baseHeaders(): Record<string, string> {
  return {
    'Cache-Control': 'no-store',
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...baseHeaders(), 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** A Chinese error message as JSON `{ error: { code, message } }`. */
export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status, { error: { code, message } });
}

/** An HTML page with a content security policy: nothing but this server, inline code only with the nonce. */
export function sendPage(res: ServerResponse, html: string, nonce: string): void {
  res.writeHead(200, {
    ...baseHeaders(),
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      // style attributes (the official tables' inline styles) need 'unsafe-inline', which a nonce would switch off
      "style-src 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "connect-src 'self'",
      "form-action 'none'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'Content-Length': Buffer.byteLength(html),
  });
  res.end(html);
}

/** `Content-Disposition` for a Chinese file name (RFC 6266: an ASCII fallback and the UTF-8 name). */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function sendBytes(res: ServerResponse, bytes: Uint8Array, name: string, type: string): void {
  res.writeHead(200, { ...baseHeaders(), 'Content-Type': type, 'Content-Length': bytes.byteLength, 'Content-Disposition': attachment(name) });
  res.end(bytes);
}

export async function sendFile(res: ServerResponse, path: string, name: string, type: string): Promise<void> {
  const { size } = await stat(path);
  res.writeHead(200, { ...baseHeaders(), 'Content-Type': type, 'Content-Length': size, 'Content-Disposition': attachment(name) });
  await new Promise<void>((resolve, reject) => {
    createReadStream(path).on('error', reject).pipe(res).on('finish', resolve).on('error', reject);
  });
}

export const contentTypes: Record<string, string> = {
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.zip': 'application/zip',
  '.html': 'text/html; charset=utf-8',
};
