/**
 * Parts the two official formats share word for word: table 四 entirely, and table 三 apart from its （六） row.
 * Each format file composes its tables from these, so a label is typed once.
 */
import type { BlockDef, HeaderNode, SumDef, BalanceDef, TableDef, CrossYearDef } from './types.js';

const outcomeColumns = (prefix: string): HeaderNode[] => [
  { key: `${prefix}Upheld`, label: '结果维持' },
  { key: `${prefix}Corrected`, label: '结果纠正' },
  { key: `${prefix}Other`, label: '其他结果' },
  { key: `${prefix}Pending`, label: '尚未审结' },
  { key: `${prefix}Total`, label: '总计' },
];

const outcomeSum = (prefix: string, what: string): SumDef => ({
  id: 'review-total',
  axis: 'columns',
  total: `${prefix}Total`,
  items: [`${prefix}Upheld`, `${prefix}Corrected`, `${prefix}Other`, `${prefix}Pending`],
  description: `${what}：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结`,
});

export const reviewsTable: TableDef = {
  id: 'reviews',
  heading: '四、政府信息公开行政复议、行政诉讼情况',
  headingAliases: ['四、因政府信息公开工作被申请行政复议、提起行政诉讼情况'],
  sheetName: '四、复议诉讼',
  blocks: [
    {
      key: 'cases',
      rows: [],
      singleRowKey: 'cases',
      columns: [
        { key: 'review', label: '行政复议', children: outcomeColumns('review') },
        {
          key: 'litigation',
          label: '行政诉讼',
          children: [
            { key: 'direct', label: '未经复议直接起诉', children: outcomeColumns('direct') },
            { key: 'afterReview', label: '复议后起诉', children: outcomeColumns('afterReview') },
          ],
        },
      ],
    },
  ],
  sums: [outcomeSum('review', '行政复议'), outcomeSum('direct', '未经复议直接起诉'), outcomeSum('afterReview', '复议后起诉')],
  balances: [],
};

export const applicantColumns: HeaderNode[] = [
  {
    key: 'applicants',
    label: '申请人情况',
    children: [
      { key: 'natural', label: '自然人' },
      {
        key: 'legalPersons',
        label: '法人或其他组织',
        children: [
          { key: 'commercial', label: '商业企业' },
          { key: 'research', label: '科研机构' },
          { key: 'publicInterest', label: '社会公益组织' },
          { key: 'legalServices', label: '法律服务机构' },
          { key: 'otherOrgs', label: '其他' },
        ],
      },
      { key: 'total', label: '总计' },
    ],
  },
];

const applicantItems = ['natural', 'commercial', 'research', 'publicInterest', 'legalServices', 'otherOrgs'];

export const balanceSentence = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';

/** Leaf keys of a header tree, in order. */
export function leafKeys(nodes: readonly HeaderNode[]): string[] {
  return nodes.flatMap((n) => (n.children && n.children.length > 0 ? leafKeys(n.children) : [n.key]));
}

/** Table 三 with the format's own （六） row node. */
export function applicationsTable(otherHandling: HeaderNode): TableDef {
  const results: HeaderNode = {
    key: 'results',
    label: '三、本年度办理结果',
    children: [
      { key: 'granted', label: '（一）予以公开' },
      { key: 'partlyGranted', label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）' },
      {
        key: 'withheld',
        label: '（三）不予公开',
        children: [
          { key: 'withheldStateSecret', label: '1.属于国家秘密' },
          { key: 'withheldProhibitedByLaw', label: '2.其他法律行政法规禁止公开' },
          { key: 'withheldThreeSecurities', label: '3.危及“三安全一稳定”' },
          { key: 'withheldThirdParty', label: '4.保护第三方合法权益' },
          { key: 'withheldInternalAffairs', label: '5.属于三类内部事务信息' },
          { key: 'withheldProcessInfo', label: '6.属于四类过程性信息' },
          { key: 'withheldEnforcementFiles', label: '7.属于行政执法案卷' },
          { key: 'withheldQueryMatters', label: '8.属于行政查询事项' },
        ],
      },
      {
        key: 'unavailable',
        label: '（四）无法提供',
        children: [
          { key: 'unavailableNotHeld', label: '1.本机关不掌握相关政府信息' },
          { key: 'unavailableNeedsCreation', label: '2.没有现成信息需要另行制作' },
          { key: 'unavailableStillUnclear', label: '3.补正后申请内容仍不明确' },
        ],
      },
      {
        key: 'notProcessed',
        label: '（五）不予处理',
        children: [
          { key: 'notProcessedPetitions', label: '1.信访举报投诉类申请' },
          { key: 'notProcessedRepeated', label: '2.重复申请' },
          { key: 'notProcessedPublications', label: '3.要求提供公开出版物' },
          { key: 'notProcessedExcessive', label: '4.无正当理由大量反复申请', aliases: ['4.无正当理由由大量反复申请'] },
          { key: 'notProcessedConfirmation', label: '5.要求行政机关确认或重新出具已获取信息' },
        ],
      },
      otherHandling,
      { key: 'resultsTotal', label: '（七）总计' },
    ],
  };
  const rows: HeaderNode[] = [
    { key: 'newReceived', label: '一、本年新收政府信息公开申请数量' },
    { key: 'carriedOver', label: '二、上年结转政府信息公开申请数量' },
    results,
    { key: 'carryForward', label: '四、结转下年度继续办理' },
  ];
  const block: BlockDef = {
    key: 'applications',
    corner: balanceSentence,
    rows,
    columns: applicantColumns,
  };
  const resultItems = leafKeys(results.children ?? []).filter((k) => k !== 'resultsTotal');
  return {
    id: 'applications',
    heading: '三、收到和处理政府信息公开申请情况',
    sheetName: '三、依申请公开',
    blocks: [block],
    sums: [
      {
        id: 'results-total',
        axis: 'rows',
        total: 'resultsTotal',
        items: resultItems,
        description: '每一列：（七）总计 = （一）+（二）+（三）至（六）各分项之和',
      },
      {
        id: 'row-total',
        axis: 'columns',
        total: 'total',
        items: applicantItems,
        description: '每一行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他',
      },
    ],
    balances: [
      {
        id: 'balance',
        axis: 'rows',
        left: ['newReceived', 'carriedOver'],
        right: ['resultsTotal', 'carryForward'],
        description: '每一列：一、本年新收 + 二、上年结转 = 三、（七）总计 + 四、结转下年度继续办理',
      },
    ] satisfies BalanceDef[],
  };
}

/** Carry-over holds across the 2020 → 2021 change of format: the keys are shared. */
export const carryOver: CrossYearDef = {
  id: 'carry-over',
  table: 'applications',
  rows: ['carriedOver'],
  columns: leafKeys(applicantColumns),
  target: { year: 'current', sign: 1 },
  terms: [{ year: 'previous', row: 'carryForward', sign: 1 }],
  description: '本年“二、上年结转政府信息公开申请数量”应等于上年“四、结转下年度继续办理”（每一列）',
};
