/** Where things are, relative to this checkout (CI runs from a fresh clone in another folder). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');

/** The published 2020 report our first user gave us (a verbatim copy of shared/seed, bundled with the samples). */
export const seedFile = join(repoRoot, 'samples', '2020-嵩县科技和工业信息化局', '嵩县科技和工业信息化局2020年政府信息公开工作年度报告.txt');

/** The built command. `npm test` builds first, so CLI tests run the real `nianbao` a user runs. */
export const cliPath = join(repoRoot, 'dist', 'bin', 'nianbao.js');
if (!existsSync(cliPath)) throw new Error(`找不到 ${cliPath}：请先运行 npm run build（npm test 会自动编译）。`);
