/**
 * `nianbao parse <report.txt|report.html..> [--out 单位.xlsx] [--json] [--year Y]`: read published reports (or any
 * source) into the Report, show what was found and what is missing, and optionally write it into our template so a
 * published report can join a consolidation. The work is the parse use case (`app/parse.ts`).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { parseReportYear } from '../options.js';

interface ParseArgs {
  inputs: string[];
  out?: string;
  json?: boolean;
  year?: number;
  force?: boolean;
}

export const parseCommand: CommandModule<object, ParseArgs> = {
  command: 'parse <inputs..>',
  describe: '读取已发布的年度报告（文本或网页），识别三张统计表，可写入模板以便参加汇总',
  builder: (y: Argv<object>) =>
    y
      .positional('inputs', { describe: '年度报告文件（.txt/.html/.docx/.doc/.wps/.pdf，也可以是工作簿）', type: 'string', array: true, demandOption: true })
      .option('out', { describe: '写入模板工作簿：一个输入时为 .xlsx 文件路径（或已有的文件夹），多个输入时为文件夹', type: 'string' })
      .option('json', { describe: '以 JSON 输出识别结果（与 check --json 同一格式，另含每个数值的来源行）', type: 'boolean', default: false })
      .option('year', { describe: '报告中未写明年度时，用此年度', type: 'string', coerce: parseReportYear })
      .option('force', { describe: '--out 的文件已存在时覆盖（默认拒绝）', type: 'boolean', default: false })
      .example('nianbao parse 年报.txt --out 单位.xlsx', '把已发布的年报转成统计表工作簿') as unknown as Argv<ParseArgs>,
  handler: async (argv: ArgumentsCamelCase<ParseArgs>) => {
    const [{ parseFiles, describeParsedReport }, { findingsJson, formatFindingsText }] = await Promise.all([
      import('../../app/parse.js'),
      import('../../check/present.js'),
    ]);
    const result = await parseFiles(argv.inputs, {
      ...(argv.out !== undefined ? { out: argv.out } : {}),
      ...(argv.year !== undefined ? { year: argv.year } : {}),
      ...(argv.force ? { force: true } : {}),
    });
    for (const f of result.files) if (!f.readable) for (const x of f.findings) process.stderr.write(`错误 [${x.code}]：${x.message}\n`);
    if (argv.json) {
      process.stdout.write(`${JSON.stringify(findingsJson(result.files, { generatedAt: new Date() }), null, 2)}\n`);
    } else {
      for (const f of result.files) {
        if (!f.report) continue;
        process.stdout.write(`${f.file}\n  ${describeParsedReport(f.report)}\n`);
        process.stdout.write(formatFindingsText([f], { color: process.stdout.isTTY === true }));
      }
    }
    // with --json, stdout holds only the document
    const say = argv.json ? process.stderr : process.stdout;
    for (const w of result.written) say.write(`已写入：${w.path}（由 ${w.from} 转换）\n`);
    if (result.refused) throw result.refused;
    process.exitCode = result.exitCode;
  },
};
