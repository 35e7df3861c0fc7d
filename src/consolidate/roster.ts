/**
 * The roster (报送名单) for consolidation: which units are expected. Read by the template command's roster reader
 * (src/template/roster.ts), so both commands accept the same files and refuse the same bad rows; only the message
 * is reworded, since here no templates are being made.
 */
import { basename } from 'node:path';
import { problemLines, readRoster as readTemplateRoster, RosterError as TemplateRosterError } from '../template/roster.js';
import type { RosterUnit } from './submissions.js';

export class RosterError extends Error {
  readonly code = 'ROSTER_INVALID';
}

export async function readRoster(file: string): Promise<RosterUnit[]> {
  try {
    const entries = await readTemplateRoster(file);
    return entries.map((e) => (e.code ? { name: e.name, code: e.code } : { name: e.name }));
  } catch (err) {
    if (err instanceof TemplateRosterError) {
      const sheet = err.sheet === undefined ? '' : `（工作表“${err.sheet}”）`;
      throw new RosterError(`报送名单“${basename(file)}”${sheet}有误，未进行汇总：\n${problemLines(err.problems)}`);
    }
    throw new RosterError(`报送名单“${basename(file)}”无法读取：${err instanceof Error ? err.message : String(err)}`);
  }
}
