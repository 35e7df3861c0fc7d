/**
 * Inside the single-file executable (Node's SEA) the page and the batch worker are embedded assets, not files;
 * everywhere else they are files next to the code. `node:sea` is reached through `process.getBuiltinModule` so
 * that the ordinary build never needs it.
 */
interface SeaModule {
  isSea(): boolean;
  getAsset(key: string, encoding: string): string;
  getAsset(key: string): ArrayBuffer;
}

let cached: SeaModule | null | undefined;

function seaModule(): SeaModule | null {
  if (cached === undefined) {
    try {
      const sea = process.getBuiltinModule?.('node:sea') as SeaModule | undefined;
      cached = sea && sea.isSea() ? sea : null;
    } catch {
      cached = null;
    }
  }
  return cached;
}

/** true inside the single-file executable */
export function isSingleExecutable(): boolean {
  return seaModule() !== null;
}

/** An embedded text asset, or undefined outside the executable. */
export function embeddedText(name: string): string | undefined {
  const sea = seaModule();
  return sea ? sea.getAsset(name, 'utf8') : undefined;
}

/** the asset key of the bundled batch worker */
export const workerAsset = 'worker.cjs';
