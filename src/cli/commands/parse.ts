/**
 * `nianbao parse <report.txt|report.html..> [--out 单位.xlsx] [--json] [--year Y]`: read published reports (or any
 * source) into the Report, show what was found and what is missing, and optionally write it into our template so a
 * published report can join a consolidation.
 */
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { checkReport } from '../../check/checkReport.js';
import { formatFindingsText } from '../../check/present.js';
import { formats } from '../../formats/index.js';
import { OutputIsInputError, refuseOutputAmongInputs, writeAtomically } from '../../io/atomicWrite.js';
import { readReport } from '../../io/readReport.js';
import type { Report } from '../../report/report.js';
import { templateFileName } from '../../template/fileNames.js';
import { writeTemplate } from '../../template/workbook.js';

interface ParseArgs {
  inputs: string[];
  out?: string;
  json?: boolean;
  year?: number;
}

function describe(report: Report): string {
  const values = Object.values(report.values);
  const missing = values.filter((v) => v.kind === 'missing').length;
  const unit = report.unit.name ?? '（未识别出单位名称）';
  const year = report.reportYear ?? '（未识别出年度）';
  return `${unit}，${year} 年度，${formats[report.format].issuedBy}格式：识别出 ${values.length - missing} 个数据项${missing > 0 ? `，缺少 ${missing} 个` : ''}。`;
}

export const parseCommand: CommandModule<object, ParseArgs> = {
  command: 'parse <inputs..>',
  describe: '读取已发布的年度报告（文本或网页），识别三张统计表，可写入模板以便参加汇总',
  builder: (y: Argv<object>) =>
    y
      .positional('inputs', { describe: '年度报告文件（.txt/.html，也可以是工作簿）', type: 'string', array: true, demandOption: true })
      .option('out', { describe: '写入模板工作簿：一个输入时为文件路径（.xlsx），多个输入时为文件夹', type: 'string' })
      .option('json', { describe: '以 JSON 输出识别结果（含每个数值的来源行）', type: 'boolean', default: false })
      .option('year', { describe: '报告中未写明年度时，用此年度', type: 'number' })
      .example('nianbao parse 年报.txt --out 单位.xlsx', '把已发布的年报转成统计表工作簿') as unknown as Argv<ParseArgs>,
  handler: async (argv: ArgumentsCamelCase<ParseArgs>) => {
    const outIsFolder = argv.out !== undefined && (argv.inputs.length > 1 || (await stat(argv.out).then((s) => s.isDirectory(), () => false)));
    const results: { file: string; report?: Report; error?: string }[] = [];
    let errors = 0;
    for (const file of argv.inputs) {
      const read = await readReport(file);
      if (!read.ok) {
        results.push({ file, error: read.message });
        errors += 1;
        continue;
      }
      const report = read.report;
      if (report.reportYear === null && argv.year !== undefined) report.reportYear = argv.year;
      results.push({ file, report });
    }
    if (argv.json) {
      const doc = results.map((r) => (r.report ? { file: r.file, report: r.report, findings: checkReport(r.report) } : { file: r.file, error: r.error }));
      process.stdout.write(`${JSON.stringify(argv.inputs.length === 1 ? doc[0] : doc, null, 2)}\n`);
    } else {
      for (const r of results) {
        if (!r.report) {
          process.stdout.write(`${r.file}\n  无法读取：${r.error}\n`);
          continue;
        }
        process.stdout.write(`${r.file}\n  ${describe(r.report)}\n`);
        const findings = checkReport(r.report);
        if (findings.some((f) => f.severity === 'error')) errors += 1;
        process.stdout.write(formatFindingsText([{ file: r.file, findings }], { color: process.stdout.isTTY === true }));
      }
    }
    if (argv.out !== undefined) {
      for (const r of results) {
        if (!r.report) continue;
        if (r.report.reportYear === null) {
          process.stderr.write(`错误：${r.file} 中没有写明报告年度，无法写入模板；请用 --year 指定。\n`);
          process.exitCode = 2;
          return;
        }
        const target = outIsFolder ? join(argv.out, templateFileName(r.report.reportYear, r.report.unit.name)) : argv.out;
        try {
          refuseOutputAmongInputs(target, argv.inputs);
        } catch (err) {
          if (!(err instanceof OutputIsInputError)) throw err;
          process.stderr.write(`错误：${err.message}\n`);
          process.exitCode = 2;
          return;
        }
        const report = r.report;
        await writeAtomically(target, (tmp) =>
          writeTemplate({ format: formats[report.format], reportYear: report.reportYear!, unit: report.unit, report }, tmp),
        );
        process.stdout.write(`已写入：${target}（由 ${basename(r.file)} 转换）\n`);
      }
    }
    process.exitCode = results.every((r) => !r.report) ? 2 : errors > 0 ? 1 : 0;
  },
};
