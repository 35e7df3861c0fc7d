/**
 * The entry of `dist/bin/cli.cjs` (built by scripts/bundle-cli.mjs): the whole command line as one CommonJS bundle,
 * which main.ts runs through V8's code cache (codeCache.ts) for every command but `--version` and `--help`. Its own
 * copy of the program: main.ts has at most started the reader threads of a batch, which this copy's pool takes over
 * (workerThreads.ts keeps them on `globalThis`).
 */
export { runCli } from './run.js';
