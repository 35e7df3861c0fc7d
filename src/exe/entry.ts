/**
 * The single-file executable's entry (bundled by scripts/build-exe.mjs). Started with no arguments (a double-click)
 * it opens the page, `nianbao ui`; with arguments it is the ordinary command line.
 */
import { runCli } from '../cli/run.js';
import { prestartForCommand } from '../batch/workerThreads.js';

const args = process.argv.slice(2);
// consolidate/check of a folder: the reader threads start while the command line is parsed
prestartForCommand(args);
void runCli(args.length === 0 ? ['ui'] : args);
