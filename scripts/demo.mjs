// `npm run demo`: consolidate the bundled sample county with the built CLI and say where the summary is.
// The samples contain deliberate errors, so the CLI's exit status 1 ("errors found") is the expected outcome here.
// The demo refreshes its own outputs under out/ on every run, so it passes --force (consolidate refuses to overwrite
// an existing summary without it).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'bin', 'nianbao.js');
if (!existsSync(cli)) {
  console.error('找不到 dist/bin/nianbao.js：请先运行 npm ci（或 npm run build）。');
  process.exit(2);
}
const county = join('samples', '2025-示例县');
const out = join('out', '示例县2025年汇总.xlsx');
const args = [cli, 'consolidate', county, '--year', '2025', '--region', '示例县', '--roster', join(county, '名单.csv'),
  '--out', out, '--force', '--json', join('out', '示例县2025年汇总.json'), '--csv', join('out', '示例县2025年明细.csv')];
console.log(`$ nianbao ${args.slice(1).join(' ')}`);
const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
if (run.status !== 0 && run.status !== 1) process.exit(run.status ?? 2);
console.log(`\n汇总表：${join(root, out)}（样例中有故意制造的错误，见 samples/README.md）`);
