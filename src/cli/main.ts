#!/usr/bin/env node
/** The `nianbao` executable: runs the command line (see run.ts) and leaves its exit code to the process. */
import { runCli } from './run.js';

await runCli(process.argv.slice(2));
