/** `nianbao template`: parse arguments, call the template use case, print what was written. */
import type { CommandModule } from 'yargs';
import { relative } from 'node:path';
import { parseReportYear } from '../options.js';

interface TemplateArgs {
  year: number;
  out: string;
  unit?: string;
  roster?: string;
  region?: string;
  password?: string;
  force?: boolean;
}

export const templateCommand: CommandModule<object, TemplateArgs> = {
  command: 'template',
  describe: '生成统计表 Excel 模板（可按名单为每个单位各生成一份）',
  builder: (y) =>
    y
      .option('year', { type: 'string', coerce: parseReportYear, demandOption: true, describe: '报告年度，如 2025（决定使用 2019 或 2021 格式）' })
      .option('out', { type: 'string', demandOption: true, describe: '输出目录' })
      .option('unit', { type: 'string', describe: '单位名称（写入“基本信息”和文件名）' })
      .option('roster', { type: 'string', describe: '单位名单 .xlsx、.csv 或 .xls/.et/.ods（列：单位名称，可选 统一社会信用代码、所属地区）' })
      .option('region', { type: 'string', describe: '所属地区，如 某某县' })
      .option('password', { type: 'string', describe: '工作表保护密码（默认不设密码）' })
      .option('force', { type: 'boolean', default: false, describe: '输出目录中已有同名文件时覆盖（默认拒绝并列出这些文件：单位可能按模板文件名交回了填好的表）' })
      .example('nianbao template --year 2025 --out 模板', '生成一份空白模板')
      .example('nianbao template --year 2025 --out 模板 --roster 名单.xlsx --region 某某县', '为名单中每个单位各生成一份'),
  handler: async (args) => {
    const { makeTemplates } = await import('../../app/template.js');
    const { written, ms } = await makeTemplates({
      reportYear: args.year,
      outDir: args.out,
      ...(args.unit !== undefined ? { unit: { name: args.unit } } : {}),
      ...(args.roster !== undefined ? { roster: args.roster } : {}),
      ...(args.region !== undefined ? { region: args.region } : {}),
      ...(args.password !== undefined ? { password: args.password } : {}),
      ...(args.force ? { force: true } : {}),
    });
    for (const w of written) {
      const shown = relative(process.cwd(), w.path);
      process.stdout.write(`已生成 ${shown.startsWith('..') ? w.path : shown}\n`);
    }
    process.stdout.write(`共生成 ${written.length} 份模板，用时 ${(ms / 1000).toFixed(2)} 秒。\n`);
  },
};
