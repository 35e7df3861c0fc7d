/**
 * The single-file executables as a clerk gets them (`npm run test:exe`, after `npm run build:exe`):
 * the Linux one copied alone into a temporary folder and run with a PATH that has no `node` (and no node_modules
 * anywhere near): --version, template, check (with LibreOffice converting the .xls, and with worker threads on a
 * batch large enough to use them), consolidate on the samples, and `ui` (also started with no arguments) answering
 * its page. The Windows one is checked as a file: a PE executable holding the same application blob, fuse set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startedUrl } from '../helpers/startedUrl.js';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { consolidate } from '../../src/app/consolidate.js';
import { checkFiles } from '../../src/app/check.js';
import { readReport } from '../../src/io/readReport.js';
import { describeParsedReport, parseFiles } from '../../src/app/parse.js';
import { version } from '../../src/version.js';
import { repoRoot } from '../helpers/paths.js';

const built = join(repoRoot, 'dist-exe', 'nianbao-linux-x64');
const builtWin = join(repoRoot, 'dist-exe', 'nianbao-win-x64.exe');
if (!existsSync(built) || !existsSync(builtWin)) throw new Error('找不到 dist-exe/ 中的可执行文件：请先运行 npm run build:exe（npm run test:exe 会先构建）。');
const county = join(repoRoot, 'samples', '2025-示例县');
const fuse = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

let dir: string;
let exe: string;
let env: NodeJS.ProcessEnv;

/** a PATH of every tool in /usr/bin (LibreOffice's start script needs some) except Node's own */
function pathWithoutNode(into: string): string {
  mkdirSync(into);
  for (const name of readdirSync('/usr/bin')) {
    if (/^(node|nodejs|npm|npx|corepack)$/.test(name)) continue;
    symlinkSync(join('/usr/bin', name), join(into, name));
  }
  return into;
}

function run(args: string[], cwd = dir, extraEnv: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(exe, args, { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-exe-'));
  exe = join(dir, 'nianbao-linux-x64');
  copyFileSync(built, exe);
  chmodSync(exe, 0o755);
  env = { PATH: pathWithoutNode(join(dir, 'bin')), HOME: dir, LANG: 'C.UTF-8' };
  cpSync(county, join(dir, '报送'), { recursive: true });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the Linux executable, alone in a folder, without Node', () => {
  it('has no node on its PATH and no node_modules around it', () => {
    expect(spawnSync('sh', ['-c', 'command -v node'], { env }).status).not.toBe(0);
    expect(existsSync(join(dir, 'node_modules'))).toBe(false);
    expect(spawnSync('sh', ['-c', 'command -v soffice'], { env }).status).toBe(0);
  });

  it('--version', () => {
    const r = run(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it('template: a blank one and one per roster unit, readable as that year', async () => {
    const r = run(['template', '--year', '2025', '--out', '模板', '--roster', join('报送', '名单.csv'), '--region', '示例县']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const made = readdirSync(join(dir, '模板'));
    expect(made).toHaveLength(16);
    const read = await readReport(join(dir, '模板', made[0]!));
    expect(read.ok && read.report.reportYear).toBe(2025);
  });

  it('check the samples: the same findings as the library (the .xls converted by LibreOffice)', async () => {
    const r = run(['check', '报送', '--json']);
    expect(r.status).toBe(1);
    const fromExe = JSON.parse(r.stdout) as { files: { file: string; findings: { code: string; severity: string }[] }[] };
    const library = await checkFiles([county]);
    const codes = (files: { file: string; findings: { code: string }[] }[]) =>
      Object.fromEntries(files.map((f) => [f.file.split('/').pop(), f.findings.map((x) => x.code).sort()]));
    expect(codes(fromExe.files)).toEqual(codes(library.files));
    expect(codes(fromExe.files)['示例县文化广电和旅游局.xls']).not.toContain('LEGACY_XLS_NO_CONVERTER');
  });

  it('check a batch large enough for worker threads: every file read, as in-process', () => {
    const many = join(dir, '多');
    for (let i = 0; i < 4; i++) cpSync(county, join(many, `批${i}`), { recursive: true });
    const r = run(['check', '多', '--json'], dir, { NIANBAO_DEBUG: '1' });
    // the batch was read by worker threads started from the embedded worker, not by the in-process fallback
    expect(r.stderr).toMatch(/worker thread \d+ online/);
    expect(r.stderr).not.toContain('did not start');
    const doc = JSON.parse(r.stdout) as { files: { file: string; findings: { code: string }[] }[] };
    expect(doc.files).toHaveLength(56);
    // one unreadable file per copy (the broken sample), no worker failures
    const unreadable = doc.files.filter((f) => f.findings.some((x) => /ZIP_CORRUPT|WORKER|TIMEOUT|READ_FAILED/.test(x.code)));
    expect(unreadable.map((f) => f.file.split('/').pop())).toEqual(Array(4).fill('示例县民政局.xlsx'));
  });

  it('consolidate the samples with the roster: the workbook holds the library totals', async () => {
    const r = run(['consolidate', '报送', '--year', '2025', '--region', '示例县', '--roster', join('报送', '名单.csv'), '--out', '汇总.xlsx', '--json', '汇总.json']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('已写入');
    const fromExe = await readReport(join(dir, '汇总.xlsx'));
    const library = await consolidate({ inputs: [county], year: 2025, region: '示例县', roster: join(county, '名单.csv') });
    expect(fromExe.ok).toBe(true);
    if (!fromExe.ok) return;
    const scaled = (values: Record<string, { scaled: number | null }>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.scaled]));
    expect(scaled(fromExe.report.values)).toEqual(scaled(library.summary.values));
    expect(fromExe.report.values['applications.newReceived.total']!.scaled).toBe(4812);
    expect(statSync(join(dir, '汇总.json')).size).toBeGreaterThan(1000);
  });

  it('parse a PDF (pdf.js from the bundle) and a text report: what the library reads', async () => {
    const text = join(repoRoot, 'samples', '2020-嵩县科技和工业信息化局', '嵩县科技和工业信息化局2020年政府信息公开工作年度报告.txt');
    const pdfDir = join(dir, 'pdf');
    mkdirSync(pdfDir);
    copyFileSync(text, join(pdfDir, '年报.txt'));
    spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--convert-to', 'pdf', '--outdir', pdfDir, join(pdfDir, '年报.txt')], { env, timeout: 120_000 });
    for (const file of [join(pdfDir, '年报.pdf'), join(pdfDir, '年报.txt')]) {
      const r = run(['parse', file]);
      const library = await parseFiles([file]);
      expect(r.stdout, r.stderr).toContain(describeParsedReport(library.files[0]!.report!));
    }
  });

  for (const [args, how] of [
    [['ui', '--no-open'], 'page'],
    [[], 'page'],
    [['ui', '--no-open'], 'ctrl-c'],
  ] as const) {
    it(`${args.length ? args.join(' ') : 'no arguments (a double-click)'}: the page answers on 127.0.0.1, refuses without the token, ${how === 'page' ? 'closes from the page' : 'stops on Ctrl-C'}, its temporary folder gone`, async () => {
      const tmp = mkdtempSync(join(dir, 'tmp-'));
      const child = spawn(exe, args, { cwd: dir, env: { ...env, DISPLAY: '', TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      try {
        const address = await new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no address printed: ${out}`)), 30_000);
          child.stdout.on('data', () => {
            const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(out);
            if (m) {
              clearTimeout(timer);
              resolve(m[0]);
            }
          });
        });
        const url = new URL(address);
        const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
          new Promise<{ status: number; body: string }>((resolve, reject) => {
            request({ host: '127.0.0.1', port: url.port, path, method, headers }, (res) => {
              let body = '';
              res.on('data', (c: Buffer) => (body += c.toString()));
              res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
            })
              .on('error', reject)
              .end();
          });
        const page = await get(`/${url.search}`);
        expect(page.status).toBe(200);
        expect(page.body).toContain('政府信息公开工作年度报告统计表');
        expect(page.body).toContain('年报文本');
        expect((await get('/')).status).toBe(403);
        expect(readdirSync(tmp).filter((n) => n.startsWith('nianbao-ui-'))).toHaveLength(1);
        if (how === 'page') {
          const closed = await get('/api/shutdown', { 'x-nianbao-token': url.searchParams.get('token')! }, 'POST');
          expect(closed.status).toBe(200);
        } else child.kill('SIGINT');
        expect(await exited).toBe(0);
        expect(out).toContain('临时文件已删除');
        expect(readdirSync(tmp)).toEqual([]);
      } finally {
        child.kill();
      }
    });
  }
});

describe('the Linux executable serves the portal', () => {
  it('serve: SQLite from the embedded WASM, links written, a unit uploads and gets its findings, Ctrl-C stops it', async () => {
    const child = spawn(exe, ['serve', '--year', '2025', '--region', '示例县', '--roster', join('报送', '名单.csv'), '--data', '门户', '--port', '0'], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await startedUrl(child);
      const links = readFileSync(join(dir, '门户', '链接.csv'), 'utf8').split(/\r?\n/).slice(1).filter(Boolean);
      const row = links.find((l) => l.startsWith('示例县教育局,'))!;
      const token = row.split('#')[1]!;
      const form = new FormData();
      form.append('file', new Blob([readFileSync(join(dir, '报送', '示例县教育局.xlsx'))]), '示例县教育局.xlsx');
      const r = await fetch(`${url}/api/v1/submissions`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
      expect(r.status).toBe(201);
      const body = (await r.json()) as { version: number; status: string; findings: { code: string }[] };
      expect(body.version).toBe(1);
      const library = (await checkFiles([join(county, '示例县教育局.xlsx')])).files[0]!.findings.map((f) => f.code).sort();
      expect(body.findings.map((f) => f.code).sort()).toEqual(library);
      expect(existsSync(join(dir, '门户', 'portal.db'))).toBe(true);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
    expect(existsSync(join(dir, '门户', 'serve.pid'))).toBe(false);
  }, 120_000);
});

describe('the Windows executable, checked as a file (it was not run here)', () => {
  it('is a PE executable holding the same application blob, with the SEA fuse set', () => {
    const exeBytes = readFileSync(builtWin);
    expect(exeBytes.subarray(0, 2).toString('latin1')).toBe('MZ');
    const pe = exeBytes.readUInt32LE(0x3c);
    expect(exeBytes.subarray(pe, pe + 4).toString('latin1')).toBe('PE\0\0');
    expect(exeBytes.readUInt16LE(pe + 4)).toBe(0x8664); // x64
    // postject flips the fuse from ...:0 to ...:1
    expect(exeBytes.includes(Buffer.from(`${fuse}:1`))).toBe(true);
    expect(exeBytes.includes(Buffer.from(`${fuse}:0`))).toBe(false);
    // the blob the Linux executable carries, byte for byte (the page and the worker among its assets)
    const blob = readFileSync(join(repoRoot, 'dist-exe', '.build', 'sea-prep.blob'));
    expect(exeBytes.includes(blob)).toBe(true);
    expect(readFileSync(built).includes(blob)).toBe(true);
    expect(blob.includes(Buffer.from('年报文本'))).toBe(true);
    // the portal's SQLite WASM travels inside the blob too
    const wasm = readFileSync(join(repoRoot, 'node_modules', 'node-sqlite3-wasm', 'dist', 'node-sqlite3-wasm.wasm'));
    expect(blob.includes(wasm)).toBe(true);
    // the section postject adds is named in the PE resource table as NODE_SEA_BLOB (UTF-16)
    expect(exeBytes.includes(Buffer.from('NODE_SEA_BLOB', 'utf16le'))).toBe(true);
    const mb = (statSync(builtWin).size / 1e6).toFixed(1);
    process.stdout.write(`nianbao-win-x64.exe: ${mb} MB; nianbao-linux-x64: ${(statSync(built).size / 1e6).toFixed(1)} MB\n`);
  });
});
