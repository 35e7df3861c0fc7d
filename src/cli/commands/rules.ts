/** `nianbao rules [--format 2019|2021] [--json]`: the catalogue of rules, derived from the definitions. */
import type { CommandModule } from 'yargs';
import { formatIds, formats } from '../../formats/index.js';
import type { FormatId } from '../../formats/types.js';

interface RulesArgs {
  format?: FormatId;
  json?: boolean;
}

export const rulesCommand: CommandModule<object, RulesArgs> = {
  command: 'rules',
  describe: '列出校验规则（代码、级别、检查内容），以及读取、报送中可能出现的全部问题代码',
  builder: (y) =>
    y
      .option('format', { type: 'string', choices: formatIds, describe: '只列出该格式的规则（2019 或 2021）' })
      .option('json', { type: 'boolean', default: false, describe: '以 JSON 输出' }) as never,
  handler: async (argv) => {
    const { catalogueText, nonRuleCodesText, otherCodes, ruleCatalogue } = await import('../../check/catalogue.js');
    const shown = (argv.format ? [argv.format] : formatIds).map((id) => formats[id]);
    const out = argv.json
      ? JSON.stringify(
          {
            formats: shown.map((f) => ({ format: f.id, issuedBy: f.issuedBy, years: f.years, rules: ruleCatalogue(f) })),
            otherCodes: otherCodes(),
          },
          null,
          2,
        ) + '\n'
      : catalogueText(shown) + nonRuleCodesText();
    process.stdout.write(out);
  },
};
