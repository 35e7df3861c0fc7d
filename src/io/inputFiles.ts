/**
 * The files a user points a command at: named files as given, folders scanned recursively for the kinds nianbao
 * reads, lock and scratch files skipped, outputs never taken for inputs.
 */
import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { refuseOutputAmongInputs } from './atomicWrite.js';
import { InputError } from './inputError.js';

export { InputError };

export const inputExtensions = new Set(['.xlsx', '.xls', '.et', '.ods', '.txt', '.html', '.htm']);

/** Lock files of Excel/WPS (`~$x.xlsx`), LibreOffice (`.~lock.x#`) and our own temporary files. */
const isScratchFile = (name: string): boolean => name.startsWith('~$') || name.startsWith('.~lock') || /^\..*\.tmp$/.test(name);

async function scanFolder(folder: string, out: string[]): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(folder, e.name);
    if (e.isDirectory()) await scanFolder(path, out);
    else if (e.isFile() && !isScratchFile(e.name) && inputExtensions.has(extname(e.name).toLowerCase())) out.push(path);
  }
}

/**
 * The input files: named files as given (any extension: the reader says what it cannot read), folders scanned.
 * An output that is one of them is refused, whether named or found in a folder: skipping it would silently drop a
 * submission and then overwrite it (a summary is a valid input too, for the level above).
 */
export async function collectInputs(inputs: readonly string[], outputs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    let s;
    try {
      s = await stat(input);
    } catch {
      throw new InputError('INPUT_NOT_FOUND', `找不到输入文件或文件夹：${input}`);
    }
    if (s.isDirectory()) {
      await scanFolder(input, files);
    } else files.push(input);
  }
  for (const o of outputs) refuseOutputAmongInputs(o, files);
  // one file named twice (or found twice by overlapping folders) is one submission
  const seen = new Set<string>();
  return files.filter((f) => (seen.has(resolve(f)) ? false : (seen.add(resolve(f)), true)));
}

