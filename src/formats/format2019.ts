/** 国办公开办函〔2019〕60号 (试行): report years 2019 and 2020. */
import { applicationsTable, carryOver, reviewsTable } from './common.js';
import type { FormatDef, HeaderNode } from './types.js';

const itemsColumns = (withDecisions: boolean): HeaderNode[] => [
  { key: 'previousYearItems', label: '上一年项目数量' },
  { key: 'change', label: '本年增/减', domain: 'signedCount' },
  ...(withDecisions ? [{ key: 'decisions', label: '处理决定数量' }] : []),
];

export const format2019: FormatDef = {
  id: '2019',
  issuedBy: '国办公开办函〔2019〕60号',
  years: { from: 2019, to: 2020 },
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
            { key: 'normativeDocuments', label: '规范性文件' },
          ],
          columns: [
            { key: 'newlyMade', label: '本年新制作数量' },
            { key: 'newlyPublished', label: '本年新公开数量' },
            { key: 'publishedTotal', label: '对外公开总数量' },
          ],
        },
        {
          key: 'item5',
          title: '第二十条第（五）项',
          corner: '信息内容',
          rows: [
            { key: 'licensing', label: '行政许可' },
            { key: 'otherServices', label: '其他对外管理服务事项' },
          ],
          columns: itemsColumns(true),
        },
        {
          key: 'item6',
          title: '第二十条第（六）项',
          corner: '信息内容',
          rows: [
            { key: 'penalty', label: '行政处罚' },
            { key: 'enforcement', label: '行政强制' },
          ],
          columns: itemsColumns(true),
        },
        {
          key: 'item8',
          title: '第二十条第（八）项',
          corner: '信息内容',
          rows: [{ key: 'fees', label: '行政事业性收费' }],
          columns: itemsColumns(false),
        },
        {
          key: 'item9',
          title: '第二十条第（九）项',
          corner: '信息内容',
          rows: [{ key: 'centralProcurement', label: '政府集中采购' }],
          columns: [
            { key: 'procurementProjects', label: '采购项目数量' },
            {
              key: 'procurementAmount',
              label: '采购总金额（单位：万元，保留4位小数）',
              aliases: ['采购总金额'],
              domain: 'money',
            },
          ],
        },
      ],
      sums: [],
      balances: [],
    },
    applicationsTable({ key: 'other', label: '（六）其他处理' }),
    reviewsTable,
  ],
  crossYear: [
    carryOver,
    {
      id: 'items-2019',
      table: 'active',
      rows: ['licensing', 'otherServices', 'penalty', 'enforcement', 'fees'],
      columns: ['previousYearItems'],
      target: { year: 'current', sign: 1 },
      terms: [
        { year: 'previous', sign: 1 },
        { year: 'previous', column: 'change', sign: 1 },
      ],
      description: '本年“上一年项目数量”一般应等于上年的上一年项目数量 + 上年本年增/减',
    },
  ],
};
