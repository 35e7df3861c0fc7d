/**
 * The entry of `dist/bin/batch.cjs` (built by scripts/bundle-cli.mjs): the whole command line as one CommonJS bundle,
 * which main.ts runs through V8's code cache (codeCache.ts) when the command is a batch (`consolidate` or `check` of
 * a folder of many files). Its own copy of the program: main.ts has only started the reader threads, which this
 * copy's pool takes over (workerThreads.ts keeps them on `globalThis`).
 */
export { runCli } from './run.js';
