#!/usr/bin/env node
/**
 * The `nianbao` executable: runs the command line (see run.ts) and leaves its exit code to the process. `--version`
 * alone is answered before yargs loads (a third of the start-up), with the same output yargs gives.
 */
import { version } from '../version.js';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${version}\n`);
} else {
  const { runCli } = await import('./run.js');
  await runCli(args);
}
