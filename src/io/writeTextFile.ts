/**
 * Writing an output file so that a crash or a full disk never leaves half a file under the name the user asked for:
 * write a temporary file beside it, then rename (atomic on one file system). Refuses to write over an input.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

export class OutputRefusedError extends Error {
  readonly code = 'OUTPUT_IS_INPUT';
}

async function realOrResolved(p: string): Promise<string> {
  try {
    return await fs.realpath(p);
  } catch {
    return path.resolve(p);
  }
}

/** Writes `content` (UTF-8) to `out` atomically; throws OutputRefusedError when `out` is one of `inputs`. */
export async function writeTextFileAtomic(out: string, content: string, inputs: readonly string[] = []): Promise<void> {
  const target = await realOrResolved(out);
  for (const input of inputs) {
    if ((await realOrResolved(input)) === target) {
      throw new OutputRefusedError(`输出文件“${out}”就是输入文件，拒绝覆盖用户提交的文件；请换一个输出文件名。`);
    }
  }
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    await fs.writeFile(temp, content, 'utf8');
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
