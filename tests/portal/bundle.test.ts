/**
 * The portal's SQLite inside a bundle with no WASM file beside it (as in the single-file executable): the bundle made
 * with scripts/sqlite-wasm-plugin.mjs takes the WASM bytes from `globalThis.__nianbaoSqliteModule` (what
 * src/portal/sqlite.ts fills from the executable's asset) and opens a database file.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build helper without types
import { sqliteWasmAsset, sqliteWasmPlugin } from '../../scripts/sqlite-wasm-plugin.mjs';
import { repoRoot } from '../helpers/paths.js';
import { tempDir } from './helpers.js';

describe('SQLite WASM in a bundle', () => {
  it('loads the WASM bytes handed over in memory, none read from beside the bundle', async () => {
    const dir = tempDir('nianbao-bundle-');
    const entry = path.join(dir, 'entry.mjs');
    writeFileSync(
      entry,
      `import { readFileSync } from 'node:fs';
globalThis.__nianbaoSqliteModule = { wasmBinary: new Uint8Array(readFileSync(process.argv[2])) };
const { Database } = require('node-sqlite3-wasm');
const db = new Database(process.argv[3]);
db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (42);');
console.log(JSON.stringify(db.get('SELECT x FROM t')));
db.close();`,
    );
    const [, wasm] = sqliteWasmAsset(repoRoot) as [string, string];
    const wasmCopy = path.join(tempDir('nianbao-wasm-'), 'bytes.bin');
    writeFileSync(wasmCopy, readFileSync(wasm));
    const bundle = path.join(dir, 'bundle.cjs');
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'silent', plugins: [sqliteWasmPlugin], nodePaths: [path.join(repoRoot, 'node_modules')] });
    const out = execFileSync(process.execPath, [bundle, wasmCopy, path.join(dir, 'x.db')], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ x: 42 });
  });
});
