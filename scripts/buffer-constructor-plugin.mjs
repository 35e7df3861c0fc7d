/**
 * An esbuild plugin for bundles of the command line (dist/bin by `npm run build`, and the single-file executable's):
 * packages the bundle takes in (archiver-utils, buffers, fstream, … under exceljs) still call `new Buffer(...)`. Node
 * stays silent about that only when the calling file lies inside node_modules; once bundled the caller is
 * dist/bin/chunk-….js, and every clerk's `nianbao consolidate` printed
 * `(node:…) [DEP0005] DeprecationWarning: Buffer() is deprecated…` on stderr.
 *
 * For a file under node_modules whose text has `new Buffer(`, each such call becomes `__nianbaoNewBuffer(Buffer)(`,
 * a helper appended to that file (a hoisted function: line numbers, "use strict" and a #! line stay where they
 * were). When `Buffer` there is Node's own, the helper does what Node's `Buffer()` does, without the warning: a
 * number → `Buffer.alloc(n)` (zero-filled; a number with a string encoding throws, as Node does), anything else →
 * `Buffer.from(a, b, c)`. A file that binds `Buffer` to something else (a polyfill) still constructs that. No
 * warning is silenced: any other deprecation still prints.
 */
import { readFile } from 'node:fs/promises';

const call = /\bnew\s+Buffer\s*\(/g;

const helper = `
function __nianbaoNewBuffer(B) {
  if (B !== globalThis.Buffer) return function () { return new (Function.prototype.bind.apply(B, [null].concat(Array.prototype.slice.call(arguments))))(); };
  return function (arg, encodingOrOffset, length) {
    if (typeof arg === 'number') {
      if (typeof encodingOrOffset === 'string') {
        var e = new TypeError('The "string" argument must be of type string. Received type number (' + arg + ')');
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      return B.alloc(arg);
    }
    return B.from(arg, encodingOrOffset, length);
  };
}
`;

/** The text of a module with its `new Buffer(` calls rewritten, or undefined when it has none. */
export function rewriteBufferConstructor(text) {
  if (text.search(call) < 0) return undefined;
  return text.replace(call, '__nianbaoNewBuffer(Buffer)(') + '\n' + helper;
}

export const bufferConstructorPlugin = {
  name: 'nianbao-buffer-constructor',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/].*\.[cm]?js$/, namespace: 'file' }, async (args) => {
      const contents = rewriteBufferConstructor(await readFile(args.path, 'utf8'));
      return contents === undefined ? undefined : { contents, loader: 'js' };
    });
  },
};
