/**
 * An esbuild plugin for bundles that go into a single-file executable (Node SEA): node-sqlite3-wasm's Emscripten
 * loader reads `node-sqlite3-wasm.wasm` from beside its script, which an executable does not have. Its first line
 * declares `var Module = typeof Module != "undefined" ? Module : {}` — a local that never sees a global — so the
 * bundle's copy is made to start from `globalThis.__nianbaoSqliteModule`, which src/portal/sqlite.ts fills with the
 * WASM bytes from the executable's asset `node-sqlite3-wasm.wasm` (add that asset to the SEA config:
 * `sqliteWasmAsset` below). Outside the executable the global is unset and the loader reads its file as usual.
 * A package version whose first line differs fails the build here rather than at a clerk's first upload.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const original = 'var Module=typeof Module!="undefined"?Module:{};';
const patched = 'var Module=globalThis.__nianbaoSqliteModule||{};';

export const sqliteWasmPlugin = {
  name: 'nianbao-sqlite-wasm',
  setup(b) {
    b.onLoad({ filter: /node-sqlite3-wasm[\\/]dist[\\/]node-sqlite3-wasm\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.startsWith(original)) throw new Error(`node-sqlite3-wasm: ${args.path} does not start with the expected Module line; update scripts/sqlite-wasm-plugin.mjs`);
      return { contents: patched + text.slice(original.length), loader: 'js' };
    });
  },
};

/** [asset name, path] of the WASM binary, for the SEA config's `assets`. */
export function sqliteWasmAsset(root) {
  const pkg = createRequire(join(root, 'package.json')).resolve('node-sqlite3-wasm');
  return ['node-sqlite3-wasm.wasm', join(dirname(pkg), 'node-sqlite3-wasm.wasm')];
}
