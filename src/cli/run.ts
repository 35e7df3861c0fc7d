/**
 * The `nianbao` command line: the yargs parser over the sub-commands in `commands/`, and the one error handler every
 * command shares. A command handler parses its arguments, calls a use case of the application layer (`src/app`),
 * prints and sets the exit code; anything it throws ends here as one Chinese line on stderr and exit code 2
 * (`InputError`: the request as asked cannot be done; anything else: a bug or a system error, its stack shown with
 * NIANBAO_DEBUG=1). Exit codes: 0 fine, 1 errors found in the data, 2 wrong arguments or nothing could be read.
 *
 * Nothing heavy is imported here or in the command modules: each handler loads what it needs when it runs, so
 * `nianbao --version` and `--help` start as fast as yargs allows.
 */
import yargs from 'yargs';
import { InputError } from '../io/inputError.js';
import { version } from '../version.js';
import { commands } from './commands/index.js';
import { describeSystemError } from './options.js';

/** Prints what went wrong as one line a clerk can act on; sets exit code 2. */
export function reportError(err: unknown, verbose = false): void {
  if (err instanceof InputError) {
    process.stderr.write(`错误 [${err.code}]：${err.message}\n`);
  } else {
    // raw system codes (ENOENT) only with --verbose: a clerk gets the Chinese sentence
    const message = describeSystemError(err, verbose) ?? (err instanceof Error ? err.message : String(err));
    process.stderr.write(`错误：${message}\n`);
    if ((verbose || process.env.NIANBAO_DEBUG) && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  }
  process.exitCode = 2;
}

/**
 * Runs one command line (the arguments after `nianbao`) in this process and resolves with its exit code (also left
 * in `process.exitCode`). Never exits the process, so tests and other programs can call it.
 */
export async function runCli(args: readonly string[]): Promise<number> {
  let parser = yargs([...args])
    .scriptName('nianbao')
    .usage('nianbao <命令> [选项]\n\n政府信息公开工作年度报告统计表：生成模板、导入、校验、汇总、导出。')
    .locale('zh_CN')
    // yargs's zh_CN leaves these half in English (`缺少 non-option 参数`)
    .updateStrings({
      'Not enough non-option arguments: got %s, need at least %s': {
        one: '缺少要处理的文件或文件夹：给了 %s 个，至少需要 %s 个',
        other: '缺少要处理的文件或文件夹：给了 %s 个，至少需要 %s 个',
      },
      'Too many non-option arguments: got %s, maximum of %s': {
        one: '多余的参数：给了 %s 个，最多 %s 个',
        other: '多余的参数：给了 %s 个，最多 %s 个',
      },
      'Positionals:': '参数：',
      // y18n takes singular/plural pairs here, which yargs's typings do not declare
    } as unknown as Record<string, string>)
    .option('verbose', { type: 'boolean', global: true, describe: '出错时显示系统错误代码和调用栈（供技术人员排查）' })
    .version(version)
    .alias('h', 'help')
    .alias('v', 'version')
    .strict()
    .exitProcess(false)
    .demandCommand(1, '请指定一个命令，例如：nianbao template --year 2025 --out 模板')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      throw new UsageMessage(msg);
    });
  for (const c of commands) parser = parser.command(c);
  skipHelpCaching(parser);
  try {
    await parser.parseAsync();
  } catch (err) {
    if (err instanceof UsageMessage) {
      process.stderr.write(`参数错误：${err.message}\n运行 nianbao --help 查看用法。\n`);
      process.exitCode = 2;
    } else reportError(err, args.includes('--verbose'));
  }
  return Number(process.exitCode ?? 0);
}

/** yargs's own complaint about the arguments (unknown option, missing value). */
class UsageMessage extends Error {}

/**
 * yargs renders the whole help text right after starting a command's handler, kept for the case where the command
 * fails and yargs shows help then. Ours never shows it (`.fail` above throws), and rendering it cost about 0.1 s of
 * the main thread on every command. It is skipped through yargs's internal usage object; should a later yargs move
 * that, help is simply rendered as before. `--help` itself renders it when asked.
 */
function skipHelpCaching(parser: object): void {
  type Internal = { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } };
  const usage = (parser as Internal).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}
