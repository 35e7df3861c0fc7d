import type { CommandModule } from 'yargs';
// placeholder until the template writer lands (issue 2)
export const templateCommand: CommandModule = {
  command: 'template',
  describe: '生成统计表 Excel 模板',
  handler: () => {
    throw new Error('template 尚未实现');
  },
};
