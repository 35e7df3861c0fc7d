/**
 * `nianbao consolidate <folder or files..> --year 2025 --region 某某县 --out 汇总.xlsx [--roster 名单.xlsx|.csv]
 * [--previous 上年汇总.xlsx] [--exclude-invalid] [--json 汇总.json] [--csv 明细.csv]`
 *
 * Parses arguments, calls `consolidate`, prints progress and the outcome, sets the exit code:
 * 0 no errors, 1 errors found in the data, 2 wrong arguments or nothing could be read.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { FileProgress } from '../../app/consolidate.js';
import { parseReportYear } from '../options.js';

interface ConsolidateArgs {
  inputs: string[];
  year: number;
  region: string;
  out: string;
  roster?: string;
  previous?: string;
  'exclude-invalid'?: boolean;
  force?: boolean;
  feedback?: string;
  deadline?: string;
  json?: string;
  csv?: string;
}

function progressPrinter(progressState: (f: FileProgress) => string): (file: FileProgress, done: number, total: number) => void {
  const tty = process.stderr.isTTY === true;
  return (f, done, total) => {
    if (tty) {
      const width = 30;
      const filled = Math.round((done / total) * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      if (done === total) process.stderr.write('\n');
      if (!f.ok) process.stderr.write(`\r\x1b[K无法读取：${f.message ?? f.file}\n`);
    } else {
      process.stderr.write(`[${done}/${total}] ${f.file}：${progressState(f)}\n`);
    }
  };
}

export const consolidateCommand: CommandModule<object, ConsolidateArgs> = {
  command: 'consolidate <inputs..>',
  describe: '汇总多个单位的统计表：生成汇总表、分单位明细、校验结果和报送情况',
  builder: (y: Argv<object>) =>
    y
      .positional('inputs', { describe: '单位报送的文件或文件夹（文件夹会递归查找）', type: 'string', array: true, demandOption: true })
      .option('year', { describe: '报告年度，例如 2025', type: 'string', coerce: parseReportYear, demandOption: true })
      .option('region', { describe: '汇总的地区名称，例如 某某县', type: 'string', demandOption: true })
      .option('out', { describe: '汇总表输出路径（.xlsx）', type: 'string', demandOption: true })
      .option('roster', { describe: '报送名单（.xlsx、.csv 或 .xls/.et/.ods，含“单位名称”列，可含“统一社会信用代码”列）', type: 'string' })
      .option('previous', { describe: '上年汇总表，用于逐单位和全地区的上年结转校验', type: 'string' })
      .option('exclude-invalid', { describe: '校验有错误的单位不计入合计（默认计入）', type: 'boolean', default: false })
      .option('deadline', { describe: '本级的报送截止日期 YYYY-MM-DD（北京时间）；默认：单位为次年 1 月 31 日，下级汇总表不判逾期', type: 'string' })
      .option('force', { describe: '输出文件已存在时覆盖（默认拒绝，以免覆盖上次的汇总）', type: 'boolean', default: false })
      .option('feedback', { describe: '把每个单位的审核意见副本（标出问题单元格）和审核情况.xlsx 写到此文件夹', type: 'string' })
      .option('json', { describe: '同时输出 JSON', type: 'string' })
      .option('csv', { describe: '同时输出 CSV（明细、校验结果、报送情况三个文件）', type: 'string' })
      .example('nianbao consolidate 报送/ --year 2025 --region 某某县 --out 汇总.xlsx --roster 名单.xlsx', '') as unknown as Argv<ConsolidateArgs>,
  handler: async (argv: ArgumentsCamelCase<ConsolidateArgs>) => {
    const [{ consolidate, progressState }, { overviewLines }] = await Promise.all([import('../../app/consolidate.js'), import('../../consolidate/overview.js')]);
    const result = await consolidate({
      inputs: argv.inputs,
      year: argv.year,
      region: argv.region,
      out: argv.out,
      ...(argv.roster ? { roster: argv.roster } : {}),
      ...(argv.previous ? { previous: argv.previous } : {}),
      excludeInvalid: argv['exclude-invalid'] === true,
      ...(argv.force ? { force: true } : {}),
      ...(argv.deadline !== undefined ? { deadline: argv.deadline } : {}),
      ...(argv.json ? { json: argv.json } : {}),
      ...(argv.csv ? { csv: argv.csv } : {}),
      ...(argv.feedback ? { feedback: { dir: argv.feedback, ...(argv.force ? { force: true } : {}) } } : {}),
      onFile: progressPrinter(progressState),
    });
    for (const line of overviewLines(result)) process.stdout.write(`${line}\n`);
    const errors = result.findings.filter((f) => f.severity === 'error').length;
    const warnings = result.findings.filter((f) => f.severity === 'warning').length;
    process.stdout.write(`发现错误 ${errors} 个，警告 ${warnings} 个（详见“校验结果”）。\n`);
    for (const file of result.written) process.stdout.write(`已写入：${file}\n`);
    process.exitCode = result.exitCode;
  },
};
