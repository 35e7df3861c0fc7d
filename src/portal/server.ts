/**
 * The portal's HTTP layer: the unit page, the office page and the JSON API (`/api/v1/…`) both pages use. Every API
 * call carries a token as `Authorization: Bearer …`; a unit token reaches only that unit's data, the admin token
 * only the office's calls. Handlers parse, call the Portal (service.ts) and answer; no rule lives here.
 */
import { readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { bearerToken, foreignOrigin, HttpError, readBody, readUpload } from '../web/bearer.js';
import { attachment, baseHeaders, sendError, sendJson } from '../web/respond.js';
import { pageAssets } from './pages.js';
import { statusLabel, type Portal, type UnitState } from './service.js';
import type { Submission, Unit } from './store.js';

export interface ServeOptions {
  host?: string;
  port?: number;
  tlsCert?: string;
  tlsKey?: string;
}

/** The pages load their script and style from this server only; nothing inline runs. */
const pageCsp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function submissionJson(s: Submission): Record<string, unknown> {
  return {
    version: s.version,
    status: s.status,
    statusLabel: statusLabel[s.status],
    receivedAt: s.receivedAt,
    sha256: s.sha256,
    size: s.size,
    fileName: s.fileName,
    errors: s.errors,
    warnings: s.warnings,
    ...(s.explanation ? { explanation: s.explanation } : {}),
    ...(s.returnedNote ? { returnedNote: s.returnedNote, returnedAt: s.returnedAt } : {}),
  };
}

function unitJson(u: Unit): Record<string, unknown> {
  return { id: u.id, name: u.name, ...(u.code ? { code: u.code } : {}) };
}

function stateJson(s: UnitState): Record<string, unknown> {
  return {
    unit: unitJson(s.unit),
    status: s.status,
    statusLabel: s.statusLabel,
    late: s.late,
    versions: s.versions,
    ...(s.latest ? { latest: submissionJson(s.latest) } : {}),
    ...(s.accepted ? { accepted: submissionJson(s.accepted) } : {}),
  };
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await readBody(req, 64 * 1024)).toString('utf8');
  try {
    const v: unknown = JSON.parse(text || '{}');
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    throw new HttpError(400, 'BAD_JSON', '请求内容不是有效的 JSON。');
  }
}

const notFound = (): HttpError => new HttpError(404, 'NOT_FOUND', '没有这个地址或这个版本。');

export function portalHandler(portal: Portal): (req: IncomingMessage, res: ServerResponse) => void {
  const assets = pageAssets();

  const unitOf = (req: IncomingMessage): Unit => {
    const token = bearerToken(req);
    const unit = token ? portal.store.unitByToken(token) : undefined;
    if (!unit) throw new HttpError(401, 'BAD_TOKEN', '链接无效或已失效：请使用汇总单位发给本单位的专用链接。');
    return unit;
  };
  const requireAdmin = (req: IncomingMessage): void => {
    const token = bearerToken(req);
    if (!token || !portal.store.isAdminToken(token)) throw new HttpError(401, 'BAD_TOKEN', '需要管理员链接。');
  };
  const versionOf = (unit: Unit, v: string): Submission => {
    const s = portal.store.submissionOf(unit.id, Number(v));
    if (!s) throw notFound();
    return s;
  };
  const sendFile = (res: ServerResponse, s: Submission, unit: Unit): void => {
    const bytes = portal.store.readFile(s.sha256);
    const ext = s.kind === 'xls' ? '.xls' : s.kind === 'ods' ? '.ods' : '.xlsx';
    res.writeHead(200, { ...baseHeaders(), 'Content-Type': 'application/octet-stream', 'Content-Disposition': attachment(`${unit.name}-第${s.version}版${ext}`), 'Content-Length': bytes.length });
    res.end(bytes);
  };

  const sendFeedback = async (res: ServerResponse, unit: Unit, s: Submission): Promise<void> => {
    const copy = await portal.feedbackCopy(unit, s);
    res.writeHead(200, { ...baseHeaders(), 'Content-Type': xlsxType, 'Content-Disposition': attachment(copy.name), 'Content-Length': copy.bytes.length });
    res.end(copy.bytes);
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://portal.invalid');
    const p = url.pathname;
    const m = req.method ?? 'GET';
    let match: RegExpExecArray | null;

    const asset = assets.get(p === '/' ? '/index.html' : p === '/u' ? '/unit.html' : p === '/admin' ? '/admin.html' : p);
    if (m === 'GET' && asset) {
      res.writeHead(200, { ...baseHeaders(), 'Content-Security-Policy': pageCsp, 'Content-Type': asset.type, 'Content-Length': Buffer.byteLength(asset.body) });
      res.end(asset.body);
      return;
    }
    if (!p.startsWith('/api/v1/')) throw notFound();

    // ——— a unit's calls ———
    if (m === 'POST' && p === '/api/v1/submissions') {
      const unit = unitOf(req);
      const scratch = portal.store.tempDir();
      let upload;
      try {
        upload = await readUpload(req, portal.maxUploadBytes, scratch);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
      const r = await portal.submit(unit, upload.bytes, upload.fileName, upload.fields.explanation);
      sendJson(res, 201, { status: r.status, statusLabel: r.statusLabel, version: r.version, findings: r.findings, submission: submissionJson(r.submission) });
      return;
    }
    if (m === 'GET' && p === '/api/v1/me') {
      const unit = unitOf(req);
      const state = portal.unitState(unit);
      const history = portal.store.history(unit.id);
      sendJson(res, 200, {
        year: portal.o.year,
        region: portal.o.region,
        ...(portal.o.deadline ? { deadline: portal.o.deadline } : {}),
        ...stateJson(state),
        history: history.map(submissionJson),
        ...(history[0] ? { latestFindings: portal.store.findings(history[0].id) } : {}),
      });
      return;
    }
    if (m === 'GET' && p === '/api/v1/me/template') {
      const unit = unitOf(req);
      const bytes = await portal.unitTemplate(unit);
      res.writeHead(200, { ...baseHeaders(), 'Content-Type': xlsxType, 'Content-Disposition': attachment(`${portal.o.year}年度政府信息公开工作年度报告统计表（${unit.name}）.xlsx`), 'Content-Length': bytes.length });
      res.end(bytes);
      return;
    }
    if ((match = /^\/api\/v1\/me\/versions\/(\d+)$/.exec(p)) && m === 'GET') {
      const unit = unitOf(req);
      const s = versionOf(unit, match[1]!);
      sendJson(res, 200, { ...submissionJson(s), findings: portal.store.findings(s.id) });
      return;
    }
    if ((match = /^\/api\/v1\/me\/versions\/(\d+)\/file$/.exec(p)) && m === 'GET') {
      const unit = unitOf(req);
      sendFile(res, versionOf(unit, match[1]!), unit);
      return;
    }
    if ((match = /^\/api\/v1\/me\/versions\/(\d+)\/feedback$/.exec(p)) && m === 'GET') {
      const unit = unitOf(req);
      await sendFeedback(res, unit, versionOf(unit, match[1]!));
      return;
    }
    if ((match = /^\/api\/v1\/me\/versions\/(\d+)\/explanation$/.exec(p)) && m === 'POST') {
      const unit = unitOf(req);
      const body = await jsonBody(req);
      const s = portal.explain(unit, Number(match[1]), typeof body.explanation === 'string' ? body.explanation : '');
      if (!s) throw new HttpError(409, 'NOT_EXPLAINABLE', '只有“待说明”（仅有警告）的版本可以填写说明，且说明不能为空。');
      sendJson(res, 200, submissionJson(s));
      return;
    }

    // ——— the office's calls ———
    if (m === 'GET' && p === '/api/v1/status') {
      requireAdmin(req);
      sendJson(res, 200, {
        year: portal.o.year,
        region: portal.o.region,
        ...(portal.o.deadline ? { deadline: portal.o.deadline } : {}),
        counts: portal.counts(),
        units: portal.statusTable().map(stateJson),
      });
      return;
    }
    if ((match = /^\/api\/v1\/units\/(\d+)$/.exec(p)) && m === 'GET') {
      requireAdmin(req);
      const unit = portal.store.unit(Number(match[1]));
      if (!unit) throw notFound();
      sendJson(res, 200, { ...stateJson(portal.unitState(unit)), history: portal.store.history(unit.id).map(submissionJson) });
      return;
    }
    if ((match = /^\/api\/v1\/units\/(\d+)\/versions\/(\d+)(\/file|\/feedback|\/return)?$/.exec(p))) {
      requireAdmin(req);
      const unit = portal.store.unit(Number(match[1]));
      if (!unit) throw notFound();
      const s = versionOf(unit, match[2]!);
      if (m === 'GET' && !match[3]) {
        sendJson(res, 200, { unit: unitJson(unit), ...submissionJson(s), findings: portal.store.findings(s.id) });
        return;
      }
      if (m === 'GET' && match[3] === '/file') {
        sendFile(res, s, unit);
        return;
      }
      if (m === 'GET' && match[3] === '/feedback') {
        await sendFeedback(res, unit, s);
        return;
      }
      if (m === 'POST' && match[3] === '/return') {
        const body = await jsonBody(req);
        const note = typeof body.note === 'string' ? body.note.trim() : '';
        if (!note) throw new HttpError(400, 'NOTE_MISSING', '退回时请写明原因，单位会在页面上看到。');
        sendJson(res, 200, submissionJson(portal.returnSubmission(s.id, note)!));
        return;
      }
    }
    if (m === 'GET' && p === '/api/v1/accepted.zip') {
      requireAdmin(req);
      const zip = portal.acceptedZip();
      res.writeHead(200, { ...baseHeaders(), 'Content-Type': 'application/zip', 'Content-Disposition': attachment(`${portal.o.region}${portal.o.year}年度已报送统计表.zip`), 'Content-Length': zip.length });
      res.end(zip);
      return;
    }
    if (p === '/api/v1/consolidate' && (m === 'GET' || m === 'POST')) {
      requireAdmin(req);
      const job = m === 'POST' ? portal.startConsolidation() : portal.consolidationJob();
      sendJson(res, m === 'POST' ? 202 : 200, { ...job, outputs: job.outputs.map((o) => path.basename(o)) });
      return;
    }
    if ((match = /^\/api\/v1\/consolidate\/files\/([^/]+)$/.exec(p)) && m === 'GET') {
      requireAdmin(req);
      const name = decodeURIComponent(match[1]!);
      const file = portal.outputPath(name);
      if (!file) throw notFound();
      const bytes = readFileSync(file);
      res.writeHead(200, { ...baseHeaders(), 'Content-Type': 'application/octet-stream', 'Content-Disposition': attachment(name), 'Content-Length': bytes.length });
      res.end(bytes);
      return;
    }
    throw notFound();
  }

  return (req, res) => {
    if (foreignOrigin(req)) {
      req.resume();
      sendError(res, 403, 'BAD_ORIGIN', `拒绝访问：来自其他网站（${req.headers.origin}）的请求不被接受。`);
      return;
    }
    route(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError) {
        // an upload refused before it was read: stop reading and close, so the client is not left sending
        if (err.status === 413) res.setHeader('Connection', 'close');
        sendError(res, err.status, err.code, err.message);
        return;
      }
      process.stderr.write(`门户内部错误：${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      sendError(res, 500, 'INTERNAL', '服务器内部错误，已记录；请稍后重试或联系汇总单位。');
    });
  };
}

/** Starts listening (127.0.0.1 unless a host is given); resolves with the server and its base URL. */
export async function listen(portal: Portal, o: ServeOptions = {}): Promise<{ server: Server; url: string }> {
  const handler = portalHandler(portal);
  const tls = o.tlsCert && o.tlsKey;
  const server = tls
    ? createHttpsServer({ cert: readFileSync(o.tlsCert!), key: readFileSync(o.tlsKey!) }, handler)
    : createHttpServer(handler);
  // an upload of a few MB over a slow intranet still fits; a stalled client does not hold a socket forever
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 8765, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { server, url: `${tls ? 'https' : 'http'}://${shownHost}:${port}` };
}
