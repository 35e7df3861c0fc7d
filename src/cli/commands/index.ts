/** The registered sub-commands, in the order `--help` lists them. */
import type { CommandModule } from 'yargs';
import { templateCommand } from './template.js';
import { rulesCommand } from './rules.js';
import { renderCommand } from './render.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [templateCommand, rulesCommand, renderCommand];
