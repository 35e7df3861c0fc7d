/**
 * Outputs are written to a temporary file in the target folder and renamed into place, so a crash never leaves half
 * a summary where the user expects a whole one; and an output path that is one of the inputs is refused before
 * anything is read, so nothing a user handed in is overwritten.
 */
import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { makeFolder } from './outputPaths.js';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from './inputError.js';

export class OutputIsInputError extends InputError {
  constructor(message: string) {
    super('OUTPUT_IS_INPUT', message);
    this.name = 'OutputIsInputError';
  }
}

/** The canonical form of a path for comparison (symlinks resolved where the file exists). */
export function canonical(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    try {
      return join(realpathSync(dirname(abs)), basename(abs));
    } catch {
      return abs;
    }
  }
}

/** Throws OutputIsInputError when `output` is one of `inputs`. */
export function refuseOutputAmongInputs(output: string, inputs: readonly string[]): void {
  const out = canonical(output);
  const hit = inputs.find((i) => canonical(i) === out);
  if (hit) throw new OutputIsInputError(`输出文件 ${output} 是输入文件之一（${hit}），为避免覆盖报送材料，已拒绝写入；请换一个输出路径。`);
}

/** Run `write(tmp)` on a temporary path next to `path`, then rename it into place; the temporary file is removed on failure. */
export async function writeAtomically(path: string, write: (tmpPath: string) => Promise<void>): Promise<void> {
  const folder = dirname(resolve(path));
  const tmp = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  // created level by level with a Chinese error: Node's recursive mkdir spins on some paths (under /proc)
  await makeFolder(folder);
  try {
    await write(tmp);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Write UTF-8 text to `path` atomically, refusing when `path` is one of `inputs`. */
export async function writeTextFileAtomic(path: string, content: string, inputs: readonly string[] = []): Promise<void> {
  refuseOutputAmongInputs(path, inputs);
  await writeAtomically(path, (tmp) => writeFile(tmp, content, 'utf8'));
}
