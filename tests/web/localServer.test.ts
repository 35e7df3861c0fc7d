/**
 * The local server's guard and uploads, over real HTTP: a request with a foreign Host (DNS rebinding), a foreign
 * Origin, no token or a wrong token is refused before any handler runs; uploads land in the session folder with
 * their folder path kept and nothing outside it, caps refuse too-large files and requests, and closing removes the
 * folder.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { receiveUploads, sendJson, startLocalServer, cleanRelativeName, type LocalServer } from '../../src/web/index.js';

interface Reply {
  status: number;
  body: string;
}

function send(server: LocalServer, o: { path?: string; method?: string; headers?: Record<string, string>; body?: Buffer }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path: o.path ?? '/', method: o.method ?? 'GET', headers: { host: `127.0.0.1:${server.port}`, ...o.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

function multipart(parts: { field: string; filename?: string; content: string | Buffer }[]): { body: Buffer; type: string } {
  const boundary = '----nianbaoTestBoundary';
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = p.filename !== undefined ? `form-data; name="${p.field}"; filename="${p.filename}"` : `form-data; name="${p.field}"`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`));
    chunks.push(Buffer.isBuffer(p.content) ? p.content : Buffer.from(p.content));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const echo = async (limits = {}) => {
  let handled = 0;
  server = await startLocalServer({
    handler: async (req, res, ctx) => {
      handled += 1;
      if (req.method === 'POST') {
        const up = await receiveUploads(req, join(ctx.folder, 'up'), limits);
        return sendJson(res, 200, { files: up.files.map((f) => ({ name: f.name, bytes: f.bytes, path: f.path })), fields: up.fields });
      }
      sendJson(res, 200, { ok: true });
    },
  });
  return { server, handled: () => handled };
};

describe('local server guard', () => {
  it('listens on 127.0.0.1 and answers with the token, in the query or the header', async () => {
    const { server: s } = await echo();
    expect(s.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
    expect((await send(s, { path: `/?token=${s.token}` })).status).toBe(200);
    expect((await send(s, { headers: { 'x-nianbao-token': s.token } })).status).toBe(200);
    expect((await send(s, { path: `/?token=${s.token}`, headers: { host: `localhost:${s.port}` } })).status).toBe(200);
  });

  it('refuses a missing or wrong token, a foreign Host and a foreign Origin before the handler runs', async () => {
    const { server: s, handled } = await echo();
    const noToken = await send(s, {});
    expect(noToken.status).toBe(403);
    expect(JSON.parse(noToken.body).error.code).toBe('BAD_TOKEN');
    expect((await send(s, { path: `/?token=${s.token}x` })).status).toBe(403);
    const rebinding = await send(s, { path: `/?token=${s.token}`, headers: { host: `evil.example:${s.port}` } });
    expect(JSON.parse(rebinding.body).error.code).toBe('BAD_HOST');
    const otherPort = await send(s, { path: `/?token=${s.token}`, headers: { host: `127.0.0.1:${s.port + 1}` } });
    expect(otherPort.status).toBe(421);
    const foreign = await send(s, { path: `/?token=${s.token}`, headers: { origin: 'https://evil.example' } });
    expect(JSON.parse(foreign.body).error.code).toBe('BAD_ORIGIN');
    const crossSite = await send(s, { path: `/?token=${s.token}`, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    expect((await send(s, { path: `/?token=${s.token}`, headers: { origin: `http://127.0.0.1:${s.port}` } })).status).toBe(200);
    expect(handled()).toBe(1);
  });

  it('a POST needs the token in the header: one in the query (a form on another page) is refused', async () => {
    const { server: s, handled } = await echo();
    const m = multipart([{ field: 'f', filename: 'a.txt', content: 'x' }]);
    const viaQuery = await send(s, { method: 'POST', path: `/?token=${s.token}`, headers: { 'content-type': m.type }, body: m.body });
    expect(viaQuery.status).toBe(403);
    expect(handled()).toBe(0);
  });
});

describe('uploads', () => {
  it('keeps the folder path of a dropped folder, never writes outside the session folder, and closing removes it', async () => {
    const { server: s } = await echo();
    const m = multipart([
      { field: 'year', content: '2025' },
      { field: 'files', filename: '报送/某局.xlsx', content: 'one' },
      { field: 'files', filename: '../../escape.txt', content: 'two' },
      { field: 'files', filename: '报送/某局.xlsx', content: 'three' },
    ]);
    const r = await send(s, { method: 'POST', headers: { 'x-nianbao-token': s.token, 'content-type': m.type }, body: m.body });
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body) as { files: { name: string; path: string; bytes: number }[]; fields: Record<string, string> };
    expect(body.fields).toEqual({ year: '2025' });
    expect(body.files.map((f) => f.name)).toEqual(['报送/某局.xlsx', 'escape.txt', '报送/某局（2）.xlsx']);
    for (const f of body.files) expect(f.path.startsWith(join(s.folder, 'up'))).toBe(true);
    expect(readFileSync(body.files[2]!.path, 'utf8')).toBe('three');
    const folder = s.folder;
    expect(existsSync(folder)).toBe(true);
    await s.close();
    server = undefined;
    expect(existsSync(folder)).toBe(false);
  });

  it('refuses a file over the per-file cap and a request over the total cap, keeping none of it', async () => {
    const { server: s } = await echo({ maxFileBytes: 1000, maxTotalBytes: 5000 });
    const big = multipart([{ field: 'files', filename: 'big.xlsx', content: Buffer.alloc(2000, 1) }]);
    const r = await send(s, { method: 'POST', headers: { 'x-nianbao-token': s.token, 'content-type': big.type }, body: big.body });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error.message).toContain('big.xlsx');
    expect(existsSync(join(s.folder, 'up', 'big.xlsx'))).toBe(false);
    const many = multipart(Array.from({ length: 8 }, (_, i) => ({ field: 'files', filename: `f${i}.xlsx`, content: Buffer.alloc(900, 1) })));
    const r2 = await send(s, { method: 'POST', headers: { 'x-nianbao-token': s.token, 'content-type': many.type }, body: many.body });
    expect(r2.status).toBe(413);
    expect(existsSync(join(s.folder, 'up', 'f0.xlsx'))).toBe(false);
  });

  it('cleans names: separators, reserved characters, dots', () => {
    expect(cleanRelativeName('a\\b/../c:d?.xlsx')).toBe('a/b/c_d_.xlsx');
    expect(cleanRelativeName('..')).toBe('_');
    expect(cleanRelativeName('/etc/passwd')).toBe('etc/passwd');
  });
});
