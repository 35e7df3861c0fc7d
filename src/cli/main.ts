#!/usr/bin/env node
/**
 * The `nianbao` executable: runs the command line (see run.ts) and leaves its exit code to the process.
 * - `--version` alone is answered before yargs loads (a third of the start-up), with the same output yargs gives;
 * - `consolidate` or `check` of a folder starts its reader threads before anything else loads, so that they load their
 *   modules meanwhile (src/batch/workerThreads.ts: a folder of many files among the arguments; a wrong guess costs
 *   one core a moment);
 * - every command then runs from the code-cached bundle beside this file when there is one (codeCache.ts), but
 *   `--help` alone (and no command at all), which the split bundle answers faster, or with NIANBAO_NO_CODE_CACHE set.
 */
import { fileURLToPath } from 'node:url';
import { version } from '../version.js';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${version}\n`);
} else {
  if (args[0] === 'consolidate' || args[0] === 'check') (await import('../batch/workerThreads.js')).prestartForCommand(args);
  const helpOnly = args.length === 0 || (args.length === 1 && (args[0] === '--help' || args[0] === '-h'));
  const cached = !helpOnly && !process.env.NIANBAO_NO_CODE_CACHE ? await codeCachedCli() : undefined;
  await (cached ?? (await import('./run.js')).runCli)(args);
}

/** The command line of the code-cached bundle (dist/bin/cli.cjs), if this file has one beside it. */
async function codeCachedCli(): Promise<((args: readonly string[]) => Promise<number>) | undefined> {
  const bundle = new URL('./cli.cjs', import.meta.url);
  if (bundle.protocol !== 'file:') return undefined;
  const { runCodeCachedBundle } = await import('./codeCache.js');
  return runCodeCachedBundle(fileURLToPath(bundle))?.runCli as ((args: readonly string[]) => Promise<number>) | undefined;
}
