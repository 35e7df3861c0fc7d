/**
 * An esbuild plugin for bundles of the command line (the single-file executable's, and the CLI bundle of
 * `npm run build`): yargs reads its translations (“命令：”, “选项：”) from files next to its package, which a bundle has
 * not beside it; its file shim (y18n's) answers for yargs' zh_CN and en locales from the bundle instead.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `root`: the repository, whose node_modules holds yargs. */
export function yargsLocalesPlugin(root) {
  return {
    name: 'embedded-yargs-locales',
    setup(b) {
      b.onLoad({ filter: /y18n[\\/]build[\\/]lib[\\/]platform-shims[\\/]node\.js$/ }, () => {
        const localesDir = join(root, 'node_modules', 'yargs', 'locales');
        const locales = Object.fromEntries(['zh_CN.json', 'en.json'].map((f) => [f, readFileSync(join(localesDir, f), 'utf8')]));
        return {
          loader: 'js',
          contents: `
import { readFileSync, statSync, writeFile } from 'fs';
import { format } from 'util';
import { resolve, basename } from 'path';
const embedded = ${JSON.stringify(locales)};
const known = (file) => /[\\\\/]locales[\\\\/][^\\\\/]+\\.json$/.test(file) && Object.prototype.hasOwnProperty.call(embedded, basename(file));
export default {
  fs: { readFileSync: (file, enc) => (known(file) ? embedded[basename(file)] : readFileSync(file, enc)), writeFile },
  format,
  resolve,
  exists: (file) => { if (known(file)) return true; try { return statSync(file).isFile(); } catch { return false; } },
};`,
        };
      });
    },
  };
}
