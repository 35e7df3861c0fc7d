/**
 * Legacy and foreign workbooks (.xls, WPS .et, .ods, .xlsb) converted to .xlsx by LibreOffice, so one reader serves
 * them all. The user's file is never opened for writing: each input is copied into a fresh temporary folder under a
 * neutral name (no clash between two `单位.xls` from different folders), converted there with a private LibreOffice
 * profile (concurrent runs would otherwise collide), and the folder is removed by `cleanup()`.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Extensions a legacy workbook arrives under; other files are not opened before a batch reads them. */
const legacyExtensions = new Set(['.xls', '.et', '.ods', '.xlsb', '.ett', '.ots', '.xlt']);

/** Whether `file` may be a legacy workbook a batch converts first (its bytes decide: see convertLegacyFiles). */
export function mayBeLegacyWorkbook(file: string): boolean {
  return legacyExtensions.has(path.extname(file).toLowerCase());
}

export type ConvertibleKind = 'xls' | 'ods' | 'xlsb';

export type ConversionOutcome = { ok: true; xlsx: string } | { ok: false; detail: string };

export interface Conversion {
  /** keyed by the input path as given */
  outcomes: Map<string, ConversionOutcome>;
  /** removes the temporary folder with the converted copies */
  cleanup(): Promise<void>;
}

export interface ConvertOptions {
  /** soffice stops reading arguments past about 253 and still exits 0, so files go in chunks */
  chunkSize?: number;
  /** per soffice process: a base plus an allowance per file */
  timeoutMs?: number;
  perFileTimeoutMs?: number;
  soffice?: string;
}

/** The soffice executable on PATH (on Windows also in LibreOffice's default folders), or undefined when LibreOffice is not installed. */
export function findSoffice(): string | undefined {
  const names = process.platform === 'win32' ? ['soffice.exe', 'soffice.com'] : ['soffice'];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, fsConstants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  // LibreOffice's Windows installer does not put itself on PATH: look where it installs by default
  if (process.platform === 'win32') {
    for (const base of [process.env.ProgramFiles, process.env['ProgramFiles(x86)']]) {
      if (!base) continue;
      const candidate = path.join(base, 'LibreOffice', 'program', 'soffice.exe');
      try {
        accessSync(candidate, fsConstants.F_OK);
        return candidate;
      } catch {
        // not installed there
      }
    }
  }
  return undefined;
}

/**
 * The environment soffice runs in. On Linux, glibc's allocator is told to back LibreOffice's heap with transparent huge
 * pages and to grow it in large steps: starting, LibreOffice touches over a gigabyte of fresh heap pages, and each
 * page's fault costs the kernel time. Measured on the 2-core machine (`npx tsx bench/libreoffice.ts`): one conversion
 * 2.6 → 1.5 s of CPU, 334,000 → 8,000 page faults. A glibc without these tunables ignores them; a GLIBC_TUNABLES the
 * user set comes after ours, so theirs wins.
 */
export function sofficeEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (process.platform !== 'linux') return env;
  return { ...env, GLIBC_TUNABLES: env.GLIBC_TUNABLES ? `${sofficeMallocTunables}:${env.GLIBC_TUNABLES}` : sofficeMallocTunables };
}

export const sofficeMallocTunables = 'glibc.malloc.hugetlb=1:glibc.malloc.top_pad=268435456';

const extensionOf: Record<ConvertibleKind, string> = { xls: '.xls', ods: '.ods', xlsb: '.xlsb' };

/**
 * The import filter is named, not detected: left to itself LibreOffice imports an unreadable file as text and
 * "succeeds" with a sheet of garbage. Named filters make such a file fail, as it should.
 */
const importFilterOf: Record<ConvertibleKind, string> = {
  xls: 'MS Excel 97',
  ods: 'calc8',
  xlsb: 'Calc MS Excel 2007 Binary',
};

export async function convertToXlsx(
  inputs: { file: string; kind: ConvertibleKind }[],
  options: ConvertOptions = {},
): Promise<Conversion> {
  const soffice = options.soffice ?? findSoffice();
  const chunkSize = Math.min(options.chunkSize ?? 200, 200);
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-convert-'));
  const outcomes = new Map<string, ConversionOutcome>();
  const cleanup = (): Promise<void> => fs.rm(workDir, { recursive: true, force: true });
  if (!soffice) {
    for (const { file } of inputs) outcomes.set(file, { ok: false, detail: '未找到 LibreOffice (soffice)' });
    return { outcomes, cleanup };
  }

  const chunks: { kind: ConvertibleKind; files: typeof inputs }[] = [];
  for (const kind of Object.keys(extensionOf) as ConvertibleKind[]) {
    const ofKind = inputs.filter((i) => i.kind === kind);
    for (let start = 0; start < ofKind.length; start += chunkSize) {
      chunks.push({ kind, files: ofKind.slice(start, start + chunkSize) });
    }
  }
  for (const [n, { kind, files: chunk }] of chunks.entries()) {
    const chunkDir = path.join(workDir, `chunk-${n}`);
    const inDir = path.join(chunkDir, 'in');
    const outDir = path.join(chunkDir, 'out');
    await fs.mkdir(inDir, { recursive: true });
    await fs.mkdir(outDir, { recursive: true });
    const copies = await Promise.all(
      chunk.map(async ({ file, kind }, i) => {
        const copy = path.join(inDir, `${String(i).padStart(4, '0')}${extensionOf[kind]}`);
        await fs.copyFile(file, copy);
        return copy;
      }),
    );
    const timeoutMs = (options.timeoutMs ?? 60_000) + (options.perFileTimeoutMs ?? 3_000) * chunk.length;
    const run = await runSoffice(soffice, path.join(chunkDir, 'profile'), outDir, importFilterOf[kind], 'xlsx:Calc MS Excel 2007 XML', copies, timeoutMs);
    for (const [i, { file }] of chunk.entries()) {
      const out = path.join(outDir, `${String(i).padStart(4, '0')}.xlsx`);
      const exists = await fs.stat(out).then((s) => s.size > 0, () => false);
      outcomes.set(file, exists ? { ok: true, xlsx: out } : { ok: false, detail: run.failure ?? 'LibreOffice 未能转换此文件' });
    }
  }
  return { outcomes, cleanup };
}

function runSoffice(
  soffice: string,
  profileDir: string,
  outDir: string,
  importFilter: string | undefined,
  target: string,
  files: string[],
  timeoutMs: number,
): Promise<{ failure?: string }> {
  const args = [
    `-env:UserInstallation=file://${profileDir.split(path.sep).join('/')}`,
    '--headless',
    '--norestore',
    '--nolockcheck',
    ...(importFilter ? [`--infilter=${importFilter}`] : []),
    '--convert-to',
    target,
    '--outdir',
    outDir,
    ...files,
  ];
  return new Promise((resolve) => {
    // its own process group, so a timeout can stop soffice and the helper processes it starts
    const child = spawn(soffice, args, { stdio: 'ignore', detached: process.platform !== 'win32', env: sofficeEnvironment() });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ failure: `无法启动 LibreOffice：${error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) resolve({ failure: `LibreOffice 转换超时（${Math.round(timeoutMs / 1000)} 秒）` });
      else if (code !== 0) resolve({ failure: `LibreOffice 退出码 ${code}` });
      else resolve({});
    });
  });
}

export type WriterKind = 'doc' | 'wps';

/**
 * A Word 97–2003 (.doc) or WPS (.wps) document → .docx by LibreOffice Writer, in a temporary folder as above. `.doc`
 * is imported with its filter named; `.wps` files are Word-compatible or Works files by origin, so Writer detects.
 */
export async function convertToDocx(
  file: string,
  kind: WriterKind,
  options: ConvertOptions = {},
): Promise<{ outcome: { ok: true; docx: string } | { ok: false; detail: string }; cleanup(): Promise<void> }> {
  const soffice = options.soffice ?? findSoffice();
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-convert-'));
  const cleanup = (): Promise<void> => fs.rm(workDir, { recursive: true, force: true });
  if (!soffice) return { outcome: { ok: false, detail: '未找到 LibreOffice (soffice)' }, cleanup };
  const inDir = path.join(workDir, 'in');
  const outDir = path.join(workDir, 'out');
  await fs.mkdir(inDir, { recursive: true });
  await fs.mkdir(outDir, { recursive: true });
  const copy = path.join(inDir, `0000.${kind}`);
  await fs.copyFile(file, copy);
  const timeoutMs = (options.timeoutMs ?? 60_000) + (options.perFileTimeoutMs ?? 3_000);
  const run = await runSoffice(soffice, path.join(workDir, 'profile'), outDir, kind === 'doc' ? 'MS Word 97' : undefined, 'docx:MS Word 2007 XML', [copy], timeoutMs);
  const out = path.join(outDir, '0000.docx');
  const exists = await fs.stat(out).then((s) => s.size > 0, () => false);
  return { outcome: exists ? { ok: true, docx: out } : { ok: false, detail: run.failure ?? 'LibreOffice 未能转换此文件' }, cleanup };
}
