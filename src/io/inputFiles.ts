/**
 * The files a user points a command at: named files as given, folders scanned recursively for the kinds nianbao
 * reads, lock and scratch files and a Mac's metadata skipped, outputs never taken for inputs.
 */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { canonical, refuseOutputAmongInputs } from './atomicWrite.js';
import { InputError } from './inputError.js';
import { archiveExtensions } from './archives.js';

export { InputError };

/**
 * What a folder scan takes: the workbooks, documents, texts and web pages the readers read, and archives, which are
 * not read but said to be archives (a unit that mailed its table zipped has submitted, and the clerk must see it).
 * Not CSV (a roster kept beside the submissions) nor JSON (nianbao's own output); either is read when named.
 */
export const inputExtensions = new Set(['.xlsx', '.xlsm', '.xls', '.et', '.ods', '.xlsb', '.txt', '.html', '.htm', '.docx', '.doc', '.wps', '.pdf', ...archiveExtensions]);

/**
 * Lock files of Excel/WPS (`~$x.xlsx`), LibreOffice (`.~lock.x#`) and our own temporary files; and the `._x.xlsx`
 * beside each file a Mac writes to a USB stick (FAT, exFAT) or puts in a zip (AppleDouble: the file's Finder
 * metadata, not a workbook), which a clerk who collects files on a stick or unpacks a unit's zip finds among them.
 */
const isScratchFile = (name: string): boolean =>
  name.startsWith('~$') || name.startsWith('.~lock') || name.startsWith('._') || /^\..*\.tmp$/.test(name);

/** The folder a Mac's zip keeps those `._` files in, when it is unpacked elsewhere. */
const isMetadataFolder = (name: string): boolean => name === '__MACOSX';

async function scanFolder(folder: string, out: string[]): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(folder, e.name);
    if (e.isDirectory()) {
      if (!isMetadataFolder(e.name)) await scanFolder(path, out);
    } else if (e.isFile() && !isScratchFile(e.name) && inputExtensions.has(extname(e.name).toLowerCase())) out.push(path);
  }
}

/**
 * The input files: named files as given (any extension: the reader says what it cannot read), folders scanned.
 * An output named as an input is refused. An output path inside a folder being read is not an input (an earlier
 * run's summary written there is this run's output, not a submission); its path is put in `skipped`, so the caller
 * can refuse to overwrite it (it exists) or make sure it is one of nianbao's own files before `--force` replaces it.
 */
export async function collectInputs(inputs: readonly string[], outputs: readonly string[], skipped: string[] = []): Promise<string[]> {
  const named: string[] = [];
  const scanned: string[] = [];
  for (const input of inputs) {
    let s;
    try {
      s = await stat(input);
    } catch {
      throw new InputError('INPUT_NOT_FOUND', `找不到输入文件或文件夹：${input}`);
    }
    if (s.isDirectory()) {
      await scanFolder(input, scanned);
    } else named.push(input);
  }
  for (const o of outputs) refuseOutputAmongInputs(o, named);
  // only an output that exists can be among the files found (a re-run with --force): without one, no file found needs
  // its path resolved (a province's folder would otherwise cost a realpath per file)
  const outs = new Set(outputs.filter((o) => existsSync(o)).map(canonical));
  const files = [...named];
  for (const f of scanned) {
    if (outs.size > 0 && outs.has(canonical(f))) skipped.push(f);
    else files.push(f);
  }
  // one file named twice (or found twice by overlapping folders) is one submission
  const seen = new Set<string>();
  return files.filter((f) => (seen.has(resolve(f)) ? false : (seen.add(resolve(f)), true)));
}

