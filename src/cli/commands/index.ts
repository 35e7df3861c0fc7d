/** The registered sub-commands, in the order `--help` lists them. */
import type { CommandModule } from 'yargs';
import { templateCommand } from './template.js';
import { checkCommand } from './check.js';
import { consolidateCommand } from './consolidate.js';
import { parseCommand } from './parse.js';
import { renderCommand } from './render.js';
import { rulesCommand } from './rules.js';
import { uiCommand } from './ui.js';
import { serveCommand } from './serve.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [templateCommand, checkCommand, consolidateCommand, parseCommand, renderCommand, rulesCommand, uiCommand, serveCommand];
