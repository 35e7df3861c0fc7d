/**
 * `nianbao check <files or folders..> [--previous 上年] [--json] [--max-warnings N]`: read and check, print the
 * findings grouped by file (or one JSON document), exit 0 (no errors), 1 (errors, or too many warnings) or 2 (wrong
 * arguments, or nothing could be read).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { parseMaxWarnings } from '../options.js';
import { basename } from 'node:path';

interface CheckArgs {
  inputs: string[];
  previous?: string;
  json?: boolean;
  'max-warnings'?: number;
  feedback?: string;
  force?: boolean;
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check <inputs..>',
  describe: '校验统计表：合计、勾稽关系、上年结转、取值范围，列出每个问题所在的文件、工作表和单元格',
  builder: (y: Argv<object>) =>
    y
      .positional('inputs', { describe: '要检查的文件或文件夹（.xlsx/.xls/.et/.ods/.txt/.html，文件夹递归查找）', type: 'string', array: true, demandOption: true })
      .option('previous', { describe: '上年的统计表、年报或汇总表，用于上年结转等跨年度校验', type: 'string' })
      .option('json', { describe: '以 JSON 输出（一个文档，打印到标准输出）', type: 'boolean', default: false })
      .option('feedback', { describe: '把每个文件的审核意见副本（标出问题单元格）和审核情况.xlsx 写到此文件夹', type: 'string' })
      .option('force', { describe: '覆盖 --feedback 文件夹中已有的同名文件', type: 'boolean', default: false })
      .option('max-warnings', { describe: '警告超过此数量时也视为不通过（退出码 1）', type: 'string', coerce: parseMaxWarnings })
      .example('nianbao check 报送/', '检查文件夹中的所有文件')
      .example('nianbao check 某局.xlsx --previous 某局2024.xlsx', '同时做上年结转校验')
      .example('nianbao check 报送/ --feedback 审核意见/', '同时为每个单位写一份标注了问题的审核意见副本') as unknown as Argv<CheckArgs>,
  handler: async (argv: ArgumentsCamelCase<CheckArgs>) => {
    const [{ checkFiles }, { findingsJson, formatFindingsText }] = await Promise.all([import('../../app/check.js'), import('../../check/present.js')]);
    const tty = process.stderr.isTTY === true && !argv.json;
    const result = await checkFiles(argv.inputs, {
      ...(argv.previous ? { previous: argv.previous } : {}),
      ...(argv['max-warnings'] !== undefined ? { maxWarnings: argv['max-warnings'] } : {}),
      ...(argv.feedback ? { feedback: { dir: argv.feedback, force: argv.force === true } } : {}),
      onResult: (_f, done, total) => {
        if (tty && total > 1) process.stderr.write(`\r已检查 ${done}/${total}${done === total ? '\n' : ''}`);
      },
    });
    for (const s of result.skipped) process.stderr.write(`已跳过：${s.message}\n`);
    if (result.feedback) process.stderr.write(`审核意见：${result.feedback.copies.length} 份副本和 ${basename(result.feedback.summary)} 已写入 ${result.feedback.dir}\n`);
    process.stdout.write(
      argv.json
        ? `${JSON.stringify(findingsJson(result.files, { generatedAt: new Date() }), null, 2)}\n`
        : formatFindingsText(result.files, { color: process.stdout.isTTY === true }),
    );
    const max = argv['max-warnings'];
    if (max !== undefined && result.exitCode === 1) {
      const all = result.files.flatMap((f) => f.findings);
      const warnings = all.filter((f) => f.severity === 'warning').length;
      // say why a run without errors failed
      if (warnings > max && !all.some((f) => f.severity === 'error')) {
        process.stderr.write(`不通过：没有错误，但有 ${warnings} 个警告，超过 --max-warnings ${max}。\n`);
      }
    }
    process.exitCode = result.exitCode;
  },
};
