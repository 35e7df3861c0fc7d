/**
 * The checks every request to a local server passes before any handler sees it. A page on another site (or one
 * reached through DNS rebinding) can make the browser send requests to 127.0.0.1; these refuse them:
 * - `Host` must be 127.0.0.1 or localhost with our port (a rebinding page sends its own host name);
 * - `Origin`, when the browser sends one, must be our own origin;
 * - the per-start random token must be present: in the `X-Nianbao-Token` header, or for a GET (the page itself and
 *   downloads, which a link cannot give a header) in the `token` query parameter. A state-changing request always
 *   needs the header, which a foreign page cannot set without a CORS preflight we never grant.
 */
import type { IncomingMessage } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** HTTP refusal codes (answers to a request, not findings about a file) */
export type RefusalCode = 'BAD_HOST' | 'BAD_ORIGIN' | 'BAD_TOKEN' | 'CROSS_SITE';

export interface Refusal {
  status: number;
  /** stable English code */
  code: RefusalCode;
  /** Chinese message shown to whoever sent it */
  message: string;
}

export const tokenHeader = 'x-nianbao-token';

/** A fresh random token (URL-safe, 32 characters). */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function allowedOrigins(port: number): string[] {
  return allowedHosts(port).map((h) => `http://${h}`);
}

function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

const refusal = (status: number, code: RefusalCode, message: string): Refusal => ({ status, code, message });

/** null when the request may go on; otherwise why it is refused. */
export function refusalOf(req: IncomingMessage, o: { token: string; port: number }): Refusal | null {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!allowedHosts(o.port).includes(host)) {
    return refusal(421, 'BAD_HOST', `拒绝访问：请求的主机名“${host}”不是本机地址 127.0.0.1。`);
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins(o.port).includes(origin.toLowerCase())) {
    return refusal(403, 'BAD_ORIGIN', `拒绝访问：来自其他网站（${origin}）的请求不被接受。`);
  }
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') {
    return refusal(403, 'CROSS_SITE', '拒绝访问：来自其他网站的请求不被接受。');
  }
  const header = req.headers[tokenHeader];
  const fromHeader = typeof header === 'string' ? header : undefined;
  const method = (req.method ?? 'GET').toUpperCase();
  let fromQuery: string | undefined;
  if (method === 'GET' || method === 'HEAD') {
    fromQuery = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('token') ?? undefined;
  }
  if (!sameToken(fromHeader, o.token) && !sameToken(fromQuery, o.token)) {
    return refusal(403, 'BAD_TOKEN', '拒绝访问：缺少或错误的访问令牌。请使用程序启动时给出的完整地址（含 ?token=…）。');
  }
  return null;
}
