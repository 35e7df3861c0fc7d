/**
 * The single-file executable's entry (bundled by scripts/build-exe.mjs). Started with no arguments (a double-click)
 * it opens the page, `nianbao ui`; with arguments it is the ordinary command line.
 */
import { runCli } from '../cli/run.js';

const args = process.argv.slice(2);
void runCli(args.length === 0 ? ['ui'] : args);
