/**
 * Running a CommonJS bundle with V8's code cache. The main thread of a consolidation compiles most of the program at
 * first use: the command line, the pool, the checks, the writers and exceljs (0.1 s of compiling while the files are
 * read, and every function the summary's writing calls compiled as it is first called). A code cache made when the
 * package is built (`npm run build`, scripts/bundle-cli.mjs: a consolidation run with NIANBAO_WRITE_CODE_CACHE set)
 * holds all of that compiled; Node 20 has no compile cache for ES modules, so the command line (main.ts) runs the
 * program from a CommonJS bundle compiled with `vm.Script` and `cachedData`. Measured on this project's 2-core
 * machine, alternating runs: 1000 units consolidated, median 1583 → 1487 ms; `check` of one file 219–259 → 198–235 ms.
 *
 * V8 checks that a cache was made by the same V8 with the same flags, but not that its bytes are whole: a damaged
 * cache crashes the process. So the cache file carries its own check: `NBC1`, the CRC-32 of the bundle it was made
 * from, the CRC-32 of V8's data, then the data. A cache that fails either check, or that V8 refuses, is ignored and
 * the bundle compiled as usual; so is a missing one.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import * as zlib from 'node:zlib';

const magic = Buffer.from('NBC1');
const headerLength = 12;
// node:zlib's crc32 is Node ≥ 20.15; without it no cache is trusted (and none is written)
const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/** V8's data from a cache file made from `bundle`, or why there is none. */
function cachedDataFor(cacheFile: string, bundle: Buffer): { data?: Buffer; state: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(cacheFile);
  } catch {
    return { state: 'none' };
  }
  if (!crc32 || bytes.length < headerLength || !bytes.subarray(0, 4).equals(magic)) return { state: 'unusable' };
  if (bytes.readUInt32LE(4) !== crc32(bundle) >>> 0) return { state: 'stale' };
  const data = bytes.subarray(headerLength);
  if (bytes.readUInt32LE(8) !== crc32(data) >>> 0) return { state: 'damaged' };
  return { data, state: 'used' };
}

/**
 * The bundle's exports, or undefined when there is no such bundle (the sources run under tsx, or the library build)
 * or it does not compile.
 */
export function runCodeCachedBundle(file: string): Record<string, unknown> | undefined {
  let bundle: Buffer;
  try {
    bundle = readFileSync(file);
  } catch {
    return undefined;
  }
  const cacheFile = `${file}.cache`;
  const cached = cachedDataFor(cacheFile, bundle);
  // the CommonJS module wrapper, as Node's own loader wraps a file, and `__nianbaoImport` for the ES-module packages
  // the bundle leaves outside (pdfjs-dist): Node 20 gives a script compiled from a code cache no `import()` of its own.
  // The build keeps the bundle ASCII (scripts/bundle-cli.mjs): read as Latin-1, three times faster than UTF-8.
  let script: Script;
  try {
    script = new Script(`(function (exports, require, module, __filename, __dirname, __nianbaoImport) {${bundle.toString('latin1')}\n})`, {
      filename: file,
      ...(cached.data ? { cachedData: cached.data } : {}),
    });
  } catch (err) {
    // a bundle that does not compile (a damaged install): the split bundle runs the command instead
    if (process.env.NIANBAO_DEBUG) process.stderr.write(`[nianbao] ${file} does not compile: ${err instanceof Error ? err.message : String(err)}\n`);
    return undefined;
  }
  if (process.env.NIANBAO_DEBUG) {
    process.stderr.write(`[nianbao] code cache ${cached.data && script.cachedDataRejected ? 'rejected' : cached.state}: ${cacheFile}\n`);
  }
  // the build's warm-up run: everything this process compiled, written when it ends
  if (process.env.NIANBAO_WRITE_CODE_CACHE && crc32) {
    process.once('exit', () => {
      const data = script.createCachedData();
      const header = Buffer.alloc(headerLength);
      magic.copy(header);
      header.writeUInt32LE(crc32(bundle) >>> 0, 4);
      header.writeUInt32LE(crc32(data) >>> 0, 8);
      writeFileSync(`${cacheFile}.tmp`, Buffer.concat([header, data]));
      renameSync(`${cacheFile}.tmp`, cacheFile);
    });
  }
  const module = { exports: {} as Record<string, unknown> };
  const importPackage = (specifier: string): Promise<unknown> => import(specifier);
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file), importPackage);
  return module.exports;
}
