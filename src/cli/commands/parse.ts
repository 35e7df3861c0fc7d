/**
 * `nianbao parse <report.txt|report.html..> [--out 单位.xlsx] [--json] [--year Y]`: read published reports (or any
 * source) into the Report, show what was found and what is missing, and optionally write it into our template so a
 * published report can join a consolidation.
 */
import { stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { checkReport } from '../../check/checkReport.js';
import { formatFindingsText } from '../../check/present.js';
import type { Finding } from '../../findings/finding.js';
import { formatForYear, formats } from '../../formats/index.js';
import { OutputIsInputError, refuseOutputAmongInputs, writeAtomically } from '../../io/atomicWrite.js';
import { readReport } from '../../io/readReport.js';
import type { Report } from '../../report/report.js';
import { templateFileName } from '../../template/fileNames.js';
import { writeTemplate } from '../../template/workbook.js';
import { parseReportYear } from '../options.js';

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
      .option('out', { describe: '写入模板工作簿：一个输入时为 .xlsx 文件路径（或已有的文件夹），多个输入时为文件夹', type: 'string' })
      .option('json', { describe: '以 JSON 输出识别结果（含每个数值的来源行）', type: 'boolean', default: false })
      .option('year', { describe: '报告中未写明年度时，用此年度', type: 'string', coerce: parseReportYear })
      .example('nianbao parse 年报.txt --out 单位.xlsx', '把已发布的年报转成统计表工作簿') as unknown as Argv<ParseArgs>,
  handler: async (argv: ArgumentsCamelCase<ParseArgs>) => {
    const refuse = (message: string) => {
      process.stderr.write(`错误：${message}\n`);
      process.exitCode = 2;
    };
    // the same years `template` accepts, refused with the same reason
    if (argv.year !== undefined) {
      try {
        formatForYear(argv.year);
      } catch (err) {
        return refuse(err instanceof Error ? err.message : String(err));
      }
    }
    const outIsFolder =
      argv.out !== undefined &&
      (argv.inputs.length > 1 || /[\\/]$/.test(argv.out) || (await stat(argv.out).then((s) => s.isDirectory(), () => false)));
    // refused before anything is read, so a mistyped command never touches what the user handed in
    if (argv.out !== undefined && !outIsFolder) {
      try {
        refuseOutputAmongInputs(argv.out, argv.inputs);
      } catch (err) {
        if (!(err instanceof OutputIsInputError)) throw err;
        return refuse(err.message);
      }
      if (extname(argv.out).toLowerCase() !== '.xlsx') return refuse(`输出文件“${argv.out}”应为 Excel 工作簿（.xlsx），例如 --out 单位.xlsx。`);
    }

    const results: { file: string; report?: Report; findings?: Finding[]; error?: string; code?: string }[] = [];
    let errors = 0;
    for (const file of argv.inputs) {
      const read = await readReport(file);
      if (!read.ok) {
        results.push({ file, error: read.message, code: read.code });
        errors += 1;
        continue;
      }
      const report = read.report;
      if (report.reportYear === null && argv.year !== undefined) report.reportYear = argv.year;
      const findings = checkReport(report);
      if (findings.some((f) => f.severity === 'error')) errors += 1;
      results.push({ file, report, findings });
    }
    for (const r of results) if (r.error !== undefined) process.stderr.write(`错误：${r.error}\n`);
    if (argv.json) {
      const doc = results.map((r) =>
        r.report ? { file: r.file, report: r.report, findings: r.findings } : { file: r.file, error: { code: r.code, message: r.error } },
      );
      process.stdout.write(`${JSON.stringify(argv.inputs.length === 1 ? doc[0] : doc, null, 2)}\n`);
    } else {
      for (const r of results) {
        if (!r.report) continue;
        process.stdout.write(`${r.file}\n  ${describe(r.report)}\n`);
        process.stdout.write(formatFindingsText([{ file: r.file, findings: r.findings! }], { color: process.stdout.isTTY === true }));
      }
    }
    const readable = results.filter((r): r is typeof r & { report: Report } => r.report !== undefined);
    if (argv.out !== undefined && readable.length > 0) {
      // every target is settled before the first is written: no half-done folder when one input cannot be written
      const undated = readable.filter((r) => r.report.reportYear === null);
      if (undated.length > 0) {
        return refuse(`${undated.map((r) => r.file).join('、')} 中没有写明报告年度，无法写入模板；请用 --year 指定年度（例如 --year 2020），未写入任何文件。`);
      }
      const targets = readable.map((r) => ({
        r,
        target: outIsFolder ? join(argv.out!, templateFileName(r.report.reportYear!, r.report.unit.name ?? undefined)) : argv.out!,
      }));
      const seen = new Map<string, string>();
      for (const { r, target } of targets) {
        try {
          refuseOutputAmongInputs(target, argv.inputs);
        } catch (err) {
          if (!(err instanceof OutputIsInputError)) throw err;
          return refuse(err.message);
        }
        const other = seen.get(target);
        if (other !== undefined) return refuse(`${other} 和 ${r.file} 都会写入 ${target}（同一单位、同一年度），为避免相互覆盖，未写入任何文件。`);
        seen.set(target, r.file);
      }
      // with --json, stdout holds only the document
      const say = argv.json ? process.stderr : process.stdout;
      for (const { r, target } of targets) {
        const report = r.report;
        try {
          await writeAtomically(target, (tmp) =>
            writeTemplate({ format: formats[report.format], reportYear: report.reportYear!, unit: report.unit, report }, tmp),
          );
        } catch (err) {
          const reason = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
          return refuse(`无法写入“${target}”（${reason}）：请确认文件夹存在、可写，且该文件未被其他程序打开。`);
        }
        say.write(`已写入：${target}（由 ${basename(r.file)} 转换）\n`);
      }
    }
    process.exitCode = readable.length === 0 ? 2 : errors > 0 ? 1 : 0;
  },
};
