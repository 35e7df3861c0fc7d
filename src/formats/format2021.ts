/** 国办公开办函〔2021〕30号: report year 2021 onward. */
import { applicationsTable, carryOver, reviewsTable } from './common.js';
import type { FormatDef, HeaderNode } from './types.js';

const decisions = (): HeaderNode[] => [{ key: 'decisions', label: '本年处理决定数量', span: 3 }];

export const format2021: FormatDef = {
  id: '2021',
  issuedBy: '国办公开办函〔2021〕30号',
  years: { from: 2021 },
  tables: [
    {
      id: 'active',
      heading: '二、主动公开政府信息情况',
      sheetName: '二、主动公开',
      blocks: [
        {
          key: 'item1',
          title: '第二十条第（一）项',
          corner: '信息内容',
          rows: [
            { key: 'regulations', label: '规章' },
            { key: 'normativeDocuments', label: '行政规范性文件', aliases: ['规范性文件'] },
          ],
          columns: [
            { key: 'issued', label: '本年制发件数' },
            { key: 'repealed', label: '本年废止件数' },
            { key: 'inForce', label: '现行有效件数' },
          ],
        },
        {
          key: 'item5',
          title: '第二十条第（五）项',
          corner: '信息内容',
          rows: [{ key: 'licensing', label: '行政许可' }],
          columns: decisions(),
        },
        {
          key: 'item6',
          title: '第二十条第（六）项',
          corner: '信息内容',
          rows: [
            { key: 'penalty', label: '行政处罚' },
            { key: 'enforcement', label: '行政强制' },
          ],
          columns: decisions(),
        },
        {
          key: 'item8',
          title: '第二十条第（八）项',
          corner: '信息内容',
          rows: [{ key: 'fees', label: '行政事业性收费' }],
          columns: [{ key: 'feeAmount', label: '本年收费金额（单位：万元）', domain: 'money', span: 3 }],
        },
      ],
      sums: [],
      balances: [],
    },
    applicationsTable({
      key: 'other',
      label: '（六）其他处理',
      children: [
        {
          key: 'otherOverdueCorrection',
          label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
          aliases: ['1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请'],
        },
        {
          key: 'otherUnpaidFees',
          label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
          aliases: ['2.申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请'],
        },
        { key: 'otherReasons', label: '3.其他' },
      ],
    }),
    reviewsTable,
  ],
  crossYear: [
    carryOver,
    {
      id: 'in-force',
      table: 'active',
      rows: ['regulations', 'normativeDocuments'],
      columns: ['inForce'],
      target: { year: 'current', sign: 1 },
      terms: [
        { year: 'previous', sign: 1 },
        { year: 'current', column: 'issued', sign: 1 },
        { year: 'current', column: 'repealed', sign: -1 },
      ],
      description: '本年“现行有效件数”一般应等于上年现行有效件数 + 本年制发件数 − 本年废止件数（文件也会自然失效，故为提示）',
    },
  ],
};
