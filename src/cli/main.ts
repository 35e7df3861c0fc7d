#!/usr/bin/env node
/**
 * The `nianbao` executable: runs the command line (see run.ts) and leaves its exit code to the process. `--version`
 * alone is answered before yargs loads (a third of the start-up), with the same output yargs gives; and `consolidate`
 * or `check` of a folder starts its reader threads before yargs loads, so that they load their modules meanwhile
 * (src/batch/workerThreads.ts: a folder of many files among the arguments; a wrong guess costs one core a moment).
 */
import { version } from '../version.js';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${version}\n`);
} else {
  if (args[0] === 'consolidate' || args[0] === 'check') (await import('../batch/workerThreads.js')).prestartForCommand(args);
  const { runCli } = await import('./run.js');
  await runCli(args);
}
