/**
 * An HTTP server on 127.0.0.1 only, behind the guard (Host, Origin, token), with a session folder for uploads.
 * `nianbao ui` and `nianbao serve` both start from this; they differ only in their handler.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { newToken, refusalOf } from './guard.js';
import { sendError, baseHeaders } from './respond.js';
import { createSessionFolder, type SessionFolder } from './sessionFolder.js';
import { UploadError } from './uploads.js';

export interface LocalServerContext {
  token: string;
  port: number;
  /** the session folder (removed on close and on exit) */
  folder: string;
  url: URL;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, ctx: LocalServerContext) => Promise<void> | void;

export interface LocalServerOptions {
  /** 0 or omitted: a free port */
  port?: number;
  /** a fixed token (tests); default: a fresh random one */
  token?: string;
  handler: Handler;
  /** prefix of the session folder's name */
  folderPrefix?: string;
}

export interface LocalServer extends LocalServerContext {
  /** the address to open, token included */
  address: string;
  server: Server;
  /** stop accepting, end open connections, remove the session folder */
  close(): Promise<void>;
  /** resolves once closed (by `close()` from anywhere) */
  closed: Promise<void>;
}

export const host = '127.0.0.1';

export async function startLocalServer(o: LocalServerOptions): Promise<LocalServer> {
  const token = o.token ?? newToken();
  const session: SessionFolder = createSessionFolder(o.folderPrefix ?? 'nianbao-');
  const sockets = new Set<Socket>();
  let ctx: LocalServerContext | undefined;
  const server = createServer((req, res) => {
    if (!ctx) return sendError(res, 503, 'STARTING', '服务正在启动。');
    const refusal = refusalOf(req, ctx);
    if (refusal) {
      req.resume();
      return sendError(res, refusal.status, refusal.code, refusal.message);
    }
    Promise.resolve(o.handler(req, res, ctx)).catch((err: unknown) => {
      if (err instanceof UploadError) return sendError(res, err.status, err.code, err.message);
      const message = err instanceof Error ? err.message : String(err);
      if (process.env.NIANBAO_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
      sendError(res, 500, 'INTERNAL', `处理请求时出错：${message}`);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // slow or idle clients cannot hold the server
  server.headersTimeout = 30_000;
  server.requestTimeout = 0; // a large upload may take long; the caps bound it
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      session.remove();
      reject(err.code === 'EADDRINUSE' ? new Error(`端口 ${o.port} 已被占用，请换一个端口（--port）或不指定端口。`) : err);
    });
    server.listen({ port: o.port ?? 0, host, exclusive: true }, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const url = new URL(`http://${host}:${port}/`);
  ctx = { token, port, folder: session.path, url };
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      server.close(() => {
        session.remove();
        resolveClosed();
        resolve();
      });
      server.closeIdleConnections();
      // give answers in flight (the shutdown reply itself) a moment, then cut the rest
      setTimeout(() => {
        for (const s of sockets) s.destroy();
      }, 200).unref();
    }));
  return { ...ctx, address: `${url.href}?token=${token}`, server, close, closed };
}

export { baseHeaders };
