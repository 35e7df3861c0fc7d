#!/usr/bin/env node
/**
 * The `nianbao` command: a thin shell over the library. Each sub-command lives in `commands/` and only parses
 * arguments, calls the library, prints and sets the exit code. Exit codes: 0 fine, 1 errors found in the data,
 * 2 wrong arguments or nothing could be read.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { commands } from './commands/index.js';
import { version } from '../version.js';
import { describeSystemError } from './options.js';

export async function main(argv: string[]): Promise<void> {
  let parser = yargs(argv)
    .scriptName('nianbao')
    .usage('nianbao <命令> [选项]\n\n政府信息公开工作年度报告统计表：生成模板、导入、校验、汇总、导出。')
    .locale('zh_CN')
    .version(version)
    .alias('h', 'help')
    .alias('v', 'version')
    .strict()
    .demandCommand(1, '请指定一个命令，例如：nianbao template --year 2025 --out 模板')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`参数错误：${msg}\n运行 nianbao --help 查看用法。\n`);
      process.exit(2);
    });
  for (const c of commands) parser = parser.command(c);
  await parser.parseAsync();
}

main(hideBin(process.argv)).catch((err: unknown) => {
  const message = describeSystemError(err) ?? (err instanceof Error ? err.message : String(err));
  process.stderr.write(`错误：${message}\n`);
  if (process.env.NIANBAO_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 2;
});
