/**
 * A server's private temporary folder: everything uploaded or produced lives there, and it is removed when the
 * server closes or the process exits (Ctrl-C included), so nothing a user dropped stays behind on the machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SessionFolder {
  path: string;
  /** remove it now (idempotent) */
  remove(): void;
}

export function createSessionFolder(prefix = 'nianbao-'): SessionFolder {
  const path = mkdtempSync(join(tmpdir(), prefix));
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    process.off('exit', remove);
    rmSync(path, { recursive: true, force: true, maxRetries: 3 });
  };
  process.on('exit', remove);
  return { path, remove };
}
