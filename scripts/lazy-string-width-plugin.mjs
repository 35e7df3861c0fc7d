/**
 * An esbuild plugin for bundles of the command line (dist/bin by `npm run build`, and the single-file executable's):
 * string-width, which yargs and cliui use to lay out `--help`, builds an `Intl.Segmenter` and a `\p{RGI_Emoji}`
 * regular expression when its module loads. Bundled, every module loads when the command starts, and those two cost
 * every command about 50 ms (measured in a fresh Node 20 process: the first segmenter 18–20 ms, the RGI_Emoji pattern
 * 32–35 ms) although only help text ever measures a string.
 *
 * In each string-width/index.js, `const x = new Intl.Segmenter();` and `const x = /…\p{RGI_Emoji}…/v;` become
 * `const x = __nianbaoLazy(() => …);`: an object that makes the real one on first use and forwards to it (method
 * calls, `String.prototype.search`). The build stops when a string-width file has none of these any more (a new
 * version: look again rather than silently keep the cost).
 */
import { readFile } from 'node:fs/promises';

const expensive = /^(\s*const\s+\w+\s*=\s*)(new Intl\.Segmenter\(\)|\/[^\n]*\\p\{RGI_Emoji\}[^\n]*\/v);/gm;

const helper = `
function __nianbaoLazy(make) {
  var value;
  var real = function () { return value === undefined ? (value = make()) : value; };
  return new Proxy({}, {
    get: function (_target, key) {
      var v = real()[key];
      return typeof v === 'function' ? v.bind(real()) : v;
    },
  });
}
`;

/** The text of a string-width module with its expensive constants made lazy; throws when it has none. */
export function lazyStringWidth(text, file) {
  let count = 0;
  const out = text.replace(expensive, (_m, head, made) => {
    count += 1;
    return `${head}__nianbaoLazy(() => ${made});`;
  });
  if (count === 0) throw new Error(`${file}: no Intl.Segmenter or RGI_Emoji constant found (lazy-string-width-plugin.mjs needs a look)`);
  return out + '\n' + helper;
}

export const lazyStringWidthPlugin = {
  name: 'nianbao-lazy-string-width',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/](?:.*[\\/])?string-width[\\/]index\.js$/, namespace: 'file' }, async (args) => ({
      contents: lazyStringWidth(await readFile(args.path, 'utf8'), args.path),
      loader: 'js',
    }));
  },
};
