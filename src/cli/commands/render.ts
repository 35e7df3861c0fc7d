/** `nianbao render <文件> --format html|md|txt [--out 文件]`: any report as the official tables, ready to publish. */
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { InputError } from '../../io/inputError.js';
import { renderFormats, type RenderFormat } from '../../render/renderFormats.js';

interface RenderArgs {
  file: string;
  format?: RenderFormat;
  out?: string;
  title?: string;
  fragment?: boolean;
  force?: boolean;
  strict?: boolean;
}

const formatByExtension: Record<string, RenderFormat> = { '.html': 'html', '.htm': 'html', '.md': 'md', '.txt': 'txt' };

export const renderCommand: CommandModule<object, RenderArgs> = {
  command: 'render <file>',
  describe: '把一份报告（工作簿、网页、文本或汇总）按官方表格输出为 HTML、Markdown 或纯文本',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: '工作簿（.xlsx）、网页（.html）、文本（.txt/.md）或报告数据（.json）' })
      .option('format', { alias: 'f', choices: renderFormats, describe: '输出格式（省略时按 --out 的扩展名）' })
      .option('out', { alias: 'o', type: 'string', describe: '输出文件（省略时输出到屏幕）' })
      .option('title', { type: 'string', describe: '标题（默认：单位名称 + 年度 + 政府信息公开工作年度报告）' })
      .option('force', { type: 'boolean', default: false, describe: '--out 的文件已存在时覆盖（默认拒绝）' })
      .option('strict', { type: 'boolean', default: false, describe: '来源有校验错误时不输出（默认照录输出，并在屏幕上提示）' })
      .option('fragment', { type: 'boolean', default: false, describe: '仅 HTML：只输出可粘贴进网站编辑器的表格片段，不含页面外壳' }),
  handler: async (argv) => {
    const format = argv.format ?? (argv.out ? formatByExtension[path.extname(argv.out).toLowerCase()] : undefined);
    if (!format) throw new InputError('FORMAT_MISSING', '请用 --format 指定输出格式（html、md 或 txt）。');
    const [{ readReport }, { renderReport }, { writeTextFileAtomic, refuseOutputAmongInputs }, { checkOutputFiles, refuseExistingOutputs }] = await Promise.all([
      import('../../io/readReport.js'),
      import('../../render/renderReport.js'),
      import('../../io/atomicWrite.js'),
      import('../../io/outputPaths.js'),
    ]);
    if (argv.out) {
      // refused before anything is read: an existing file is kept unless --force
      refuseOutputAmongInputs(argv.out, [argv.file]);
      await checkOutputFiles([argv.out]);
      await refuseExistingOutputs([argv.out], argv.force);
    }
    const read = await readReport(argv.file);
    if (!read.ok) throw new InputError(read.code, read.message);
    // the checks too, not only what reading found: a table with a wrong total is not ready to publish
    const { checkReport } = await import('../../check/checkReport.js');
    const errors = checkReport(read.report).filter((f) => f.severity === 'error');
    if (errors.length > 0) {
      const codes = [...new Set(errors.map((f) => f.code))].join('、');
      if (argv.strict) {
        process.stderr.write(`错误：“${argv.file}”校验发现 ${errors.length} 个错误（${codes}），按 --strict 未输出；请先用 nianbao check 查看并改正。\n`);
        process.exitCode = 1;
        return;
      }
      process.stderr.write(`注意：“${argv.file}”校验发现 ${errors.length} 个错误（${codes}），输出的表格按读到的内容照录；发布前请用 nianbao check 查看并改正（--strict 则不输出）。\n`);
    }
    const output = renderReport(read.report, format, { title: argv.title, fragment: argv.fragment });
    if (!argv.out) {
      process.stdout.write(output);
      return;
    }
    await writeTextFileAtomic(argv.out, output, [argv.file]);
    process.stderr.write(`已写入 ${argv.out}\n`);
  },
};
