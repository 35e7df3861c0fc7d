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
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bufferConstructorPlugin } from './buffer-constructor-plugin.mjs';
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
    plugins: [yargsLocalesPlugin(root), bufferConstructorPlugin],
    legalComments: 'none',
    logLevel: 'warning',
  });
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) await bundleCli(process.argv[2] ? resolve(process.argv[2]) : undefined);
