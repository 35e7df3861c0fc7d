/**
 * Where outputs may go, decided before anything is read or written (issue 9):
 * - an output folder that cannot be created is a clear Chinese error at once. Node's recursive `mkdir` spins forever on
 *   some paths (under /proc), so folders are never created recursively by Node here: the first existing ancestor is
 *   found and judged (a directory, writable, not a virtual file system), then the missing levels are made one by one;
 * - an existing output file is refused unless the user says `--force`, naming every such file.
 */
import { constants } from 'node:fs';
import { access, mkdir, stat, statfs } from 'node:fs/promises';
import { dirname, parse, resolve } from 'node:path';
import { InputError } from './inputError.js';

/** Argument errors (exit status 2), not findings. */
export type OutputPathCode = 'OUTPUT_FOLDER_UNUSABLE' | 'OUTPUT_EXISTS';

/** A path an output cannot be written to, or an output that already exists: the CLI's exit status 2. */
export class OutputPathError extends InputError {
  declare readonly code: OutputPathCode;
  constructor(code: OutputPathCode, message: string) {
    super(code, message);
    this.name = 'OutputPathError';
  }
}

// file systems that hold no user files: writing there means a wrong path (statfs magic numbers, linux/magic.h)
const virtualFileSystems = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x73636673, 'securityfs'],
]);

async function existing(path: string): Promise<import('node:fs').Stats | undefined> {
  try {
    return await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') throw new OutputPathError('OUTPUT_FOLDER_UNUSABLE', `无法在“${path}”建立输出文件夹：路径中有一段是文件，不是文件夹。`);
    throw err;
  }
}

/**
 * Check that `folder` exists or can be created, without creating it: throws OutputPathError with a Chinese reason.
 * Returns the missing levels (outermost first) that `makeFolder` would create.
 */
export async function checkOutputFolder(folder: string): Promise<string[]> {
  const target = resolve(folder);
  const missing: string[] = [];
  let at = target;
  for (;;) {
    const s = await existing(at);
    if (s) {
      if (!s.isDirectory()) {
        throw new OutputPathError('OUTPUT_FOLDER_UNUSABLE', `无法在“${folder}”建立输出文件夹：“${at}”是一个文件，不是文件夹。`);
      }
      break;
    }
    const up = dirname(at);
    if (up === at) {
      const root = parse(target).root;
      throw new OutputPathError('OUTPUT_FOLDER_UNUSABLE', `无法在“${folder}”建立输出文件夹：“${root}”不存在（盘符或网络路径不可用）。`);
    }
    missing.unshift(at);
    at = up;
  }
  try {
    const fs = await statfs(at);
    const kind = virtualFileSystems.get(fs.type);
    if (kind) throw new OutputPathError('OUTPUT_FOLDER_UNUSABLE', `无法在“${folder}”建立输出文件夹：“${at}”是系统的虚拟文件夹（${kind}），不能存放文件；请换一个输出位置。`);
  } catch (err) {
    if (err instanceof OutputPathError) throw err;
    // statfs unavailable (some platforms): the access check and the step-by-step creation still decide
  }
  try {
    await access(at, constants.W_OK);
  } catch {
    throw new OutputPathError('OUTPUT_FOLDER_UNUSABLE', `无法在“${folder}”建立输出文件夹：没有写入“${at}”的权限。`);
  }
  return missing;
}

/** Create `folder` level by level (never Node's recursive mkdir), after `checkOutputFolder`. */
export async function makeFolder(folder: string): Promise<void> {
  for (const level of await checkOutputFolder(folder)) {
    try {
      await mkdir(level);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && (await existing(level))?.isDirectory()) continue;
      throw new OutputPathError('OUTPUT_FOLDER_UNUSABLE', `无法建立输出文件夹“${level}”（${reasonOf(code)}）。`);
    }
  }
}

const reasonOf = (code: string | undefined): string =>
  code === 'EACCES' || code === 'EPERM' ? '没有权限' : code === 'ENOENT' ? '上级路径不可写入' : code === 'ENOSPC' ? '磁盘空间不足' : code === 'EROFS' ? '只读的磁盘' : '无法创建';

/** Check the folders of output files (`checkOutputFolder` on each file's folder). */
export async function checkOutputFiles(files: readonly string[]): Promise<void> {
  for (const f of files) await checkOutputFolder(dirname(resolve(f)));
}

/** Refuse outputs that already exist, naming them all, unless `force`. */
export async function refuseExistingOutputs(files: readonly string[], force: boolean | undefined, what = '输出文件'): Promise<void> {
  if (force) return;
  const present: string[] = [];
  for (const f of files) if (await existing(f).catch(() => undefined)) present.push(f);
  if (present.length === 0) return;
  throw new OutputPathError(
    'OUTPUT_EXISTS',
    `${what}已存在：${present.join('、')}。为免覆盖，未写入任何文件；确需覆盖请加 --force，或换一个输出位置。`,
  );
}
