/**
 * Opens the portal's SQLite database through node-sqlite3-wasm: SQLite compiled to WebAssembly with a VFS over
 * node:fs, so the database is a real file with a rollback journal and fsync. Chosen over better-sqlite3 because the
 * portal must also run inside the single-file executables (Node SEA, linux-x64 and win-x64): a native addon needs a
 * prebuilt binary per platform (Windows ones come from GitHub, unreachable here) and cannot be loaded from a SEA
 * blob, while the WASM build is the same bytes everywhere. Node 20 has no node:sqlite.
 *
 * The Emscripten loader reads `node-sqlite3-wasm.wasm` beside its script. Inside a SEA the bytes come from the
 * executable's asset of that name (`sea.getAsset`), handed to the loader through `globalThis.__nianbaoSqliteModule`,
 * which the executable's bundle makes it read (scripts/sqlite-wasm-plugin.mjs).
 */
import type { Database as DatabaseType } from 'node-sqlite3-wasm';

export type Database = DatabaseType;

/** The name under which the single-file build embeds the WASM binary as a SEA asset. */
export const wasmAssetName = 'node-sqlite3-wasm.wasm';

let loaded: typeof import('node-sqlite3-wasm') | undefined;

async function seaWasm(): Promise<ArrayBuffer | undefined> {
  try {
    // node:sea exists from Node 20.12; outside an executable isSea() is false
    const sea = (await import('node:sea' as string)) as { isSea(): boolean; getAsset(name: string): ArrayBuffer };
    return sea.isSea() ? sea.getAsset(wasmAssetName) : undefined;
  } catch {
    return undefined;
  }
}

export async function openDatabase(file: string): Promise<Database> {
  if (!loaded) {
    const wasmBinary = await seaWasm();
    const g = globalThis as { __nianbaoSqliteModule?: unknown };
    if (wasmBinary) g.__nianbaoSqliteModule = { wasmBinary: new Uint8Array(wasmBinary) };
    try {
      const mod = (await import('node-sqlite3-wasm')) as unknown as { default?: typeof import('node-sqlite3-wasm') } & typeof import('node-sqlite3-wasm');
      loaded = mod.default ?? mod;
    } finally {
      if (wasmBinary) delete g.__nianbaoSqliteModule;
    }
  }
  return new loaded.Database(file);
}
