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
 *
 * `--help` itself measures every word of its Chinese text, and made both anyway (30–50 ms of a 200–250 ms command).
 * So before a string is cut into graphemes, one made only of characters that are each a grapheme of known width is
 * measured directly (`__nianbaoPlainWidth`): printable ASCII (1), CJK ideographs, CJK brackets and full-width forms
 * (2), and the quotes, dashes and dots East Asian Width calls ambiguous (1, or 2 with `ambiguousIsNarrow: false`).
 * Anything else goes the package's way. Every help text of the command is of these characters.
 */
import { readFile } from 'node:fs/promises';

const expensive = /^(\s*const\s+\w+\s*=\s*)(new Intl\.Segmenter\(\)|\/[^\n]*\\p\{RGI_Emoji\}[^\n]*\/v);/gm;

/** where the package turns to its grapheme loop: the plain-text fast path goes just before */
const beforeSegments = /^(\s*)(const eastAsianWidthOptions = \{ambiguousAsWide: !ambiguousIsNarrow\};)$/m;

const helper = `
function __nianbaoPlainWidth(text, ambiguousIsNarrow) {
  var width = 0;
  for (var i = 0; i < text.length; i++) {
    var c = text.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) width += 1;
    else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3001 && c <= 0x3003) || (c >= 0x3008 && c <= 0x3011) || (c >= 0xff01 && c <= 0xff5e)) width += 2;
    else if (c === 0xb7 || c === 0x2014 || c === 0x2018 || c === 0x2019 || c === 0x201c || c === 0x201d || c === 0x2026) width += ambiguousIsNarrow ? 1 : 2;
    else return -1;
  }
  return width;
}
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
  if (!beforeSegments.test(out)) throw new Error(`${file}: no place for the plain-text fast path (lazy-string-width-plugin.mjs needs a look)`);
  const fast = out.replace(beforeSegments, (_m, indent, line) => `${indent}{ const plain = __nianbaoPlainWidth(string, ambiguousIsNarrow); if (plain >= 0) return plain; }\n${indent}${line}`);
  return fast + '\n' + helper;
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
