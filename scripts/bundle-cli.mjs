#!/usr/bin/env node
/**
 * Part of `npm run build`: the `nianbao` command as a few bundled files, dist/bin/nianbao.js (the command line) and
 * dist/bin/worker.js (the batch worker), sharing chunks. What only some commands need stays in chunks of its own and
 * loads when a command asks for it, as in the unbundled build; but Node loads a few large files much faster than a
 * few hundred small modules: measured on this project's 2-core machine, `--help` 171–199 → 136–155 ms and consolidate
 * of 1000 units 1.27–1.50 → 1.17–1.31 s (alternating runs). The library (`dist/index.js`) stays tsc's output.
 *
 * pdfjs-dist and node-sqlite3-wasm stay outside (each loads files of its own package at run time); exceljs, yargs and
 * the rest are bundled (yargs' translations through yargs-locales-plugin.mjs).
 *
 *   node scripts/bundle-cli.mjs [OUTDIR]   (default dist/bin)
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bufferConstructorPlugin } from './buffer-constructor-plugin.mjs';
import { lazyStringWidthPlugin } from './lazy-string-width-plugin.mjs';
import { yargsLocalesPlugin } from './yargs-locales-plugin.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Writes the bundle into `outdir`: `nianbao.js`, `worker.js` and their chunks, all in that one folder. */
export async function bundleCli(outdir = join(root, 'dist', 'bin')) {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    // the worker is found beside the code that starts it (src/batch/workerThreads.ts: `./worker.js`), so every
    // chunk and both entries share one folder
    entryPoints: { nianbao: join(root, 'src/cli/main.ts'), worker: join(root, 'src/batch/worker.ts') },
    outdir,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // the bundled CommonJS packages (exceljs, …) require Node's own modules
    banner: { js: "import { createRequire as __nianbaoCreateRequire } from 'node:module'; const require = __nianbaoCreateRequire(import.meta.url);" },
    external: ['pdfjs-dist', 'node-sqlite3-wasm'],
    plugins: [yargsLocalesPlugin(root), lazyStringWidthPlugin, bufferConstructorPlugin],
    legalComments: 'none',
    logLevel: 'warning',
  });
  await bundleCommandLine(outdir);
  warmCodeCache(outdir);
}

/**
 * dist/bin/cli.cjs: the whole command line as one CommonJS bundle, which every command but `--version` and `--help`
 * runs through V8's code cache (src/cli/main.ts, src/cli/codeCache.ts). Its text is kept ASCII (esbuild leaves
 * CJK characters in regular expressions; they are written as \u escapes, which mean the same there) so that it can be
 * read as Latin-1, three times faster than decoding UTF-8; its `import()` calls go through the loader.
 */
async function bundleCommandLine(outdir) {
  const file = join(outdir, 'cli.cjs');
  await build({
    entryPoints: [join(root, 'src/cli/bundleEntry.ts')],
    outfile: file,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    charset: 'ascii',
    // import.meta.url is where the bundle is: the worker (./worker.js) and the page are found beside it, as from the chunks
    define: { 'import.meta.url': '__nianbaoMetaUrl' },
    banner: { js: 'var __nianbaoMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    external: ['pdfjs-dist', 'node-sqlite3-wasm'],
    plugins: [yargsLocalesPlugin(root), lazyStringWidthPlugin, bufferConstructorPlugin],
    legalComments: 'none',
    logLevel: 'warning',
  });
  const text = readFileSync(file, 'utf8');
  // a \u escape means the same character in a regular expression, an identifier or a string, but in the text of a
  // String.raw template it would stay six characters: such a template with CJK in it must be written otherwise
  const raw = [...text.matchAll(/String\.raw`(?:[^`\\]|\\.)*`/g)].find((m) => /[^\x00-\x7f]/.test(m[0]));
  if (raw) throw new Error(`cli.cjs: a String.raw template holds non-ASCII text, which the bundle cannot escape: ${raw[0].slice(0, 80)}`);
  // the packages left outside as ES modules (pdfjs-dist) are imported through the loader: an `import()` in a script
  // compiled from a code cache finds no import callback on Node 20 (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING)
  const imported = text.replace(/(?<![\w$.])import\("/g, '__nianbaoImport("');
  const ascii = imported.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  writeFileSync(file, ascii, 'latin1');
}

/**
 * The code cache of cli.cjs, made the way it is used: the sample county consolidated by the built command with its
 * roster, JSON and CSV (the workbooks read in this thread: the readers and checks are in the cache too, for `check` of
 * a file), with NIANBAO_WRITE_CODE_CACHE set, which writes everything the run compiled to cli.cjs.cache when it ends.
 */
function warmCodeCache(outdir) {
  const county = join(root, 'samples', '2025-示例县');
  const work = mkdtempSync(join(tmpdir(), 'nianbao-code-cache-'));
  try {
    // the .xlsx workbooks (the .xls one would need LibreOffice, which a build must not)
    const units = join(work, 'units');
    mkdirSync(units);
    for (const f of readdirSync(county).filter((f) => f.endsWith('.xlsx'))) copyFileSync(join(county, f), join(units, f));
    const run = spawnSync(
      process.execPath,
      [join(outdir, 'nianbao.js'), 'consolidate', units, '--year', '2025', '--region', '示例县', '--roster', join(county, '名单.csv'),
        '--out', join(work, '汇总.xlsx'), '--json', join(work, '汇总.json'), '--csv', join(work, '明细.csv')],
      { env: { ...process.env, NIANBAO_WRITE_CODE_CACHE: '1', NIANBAO_NO_CODE_CACHE: '' }, encoding: 'utf8' },
    );
    const cache = join(outdir, 'cli.cjs.cache');
    if ((run.status !== 0 && run.status !== 1) || !existsSync(cache)) {
      throw new Error(`the code cache's warm-up run failed (exit ${run.status}): ${run.stderr.slice(-2000)}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) await bundleCli(process.argv[2] ? resolve(process.argv[2]) : undefined);
