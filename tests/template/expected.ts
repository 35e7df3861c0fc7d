/**
 * The official tables as typed from ../shared/spec/official-tables.md (not copied from src/formats): what a
 * template's table sheets must show, row by row, and where table 三 and 四 merge their headers.
 */
export const sentence = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';

export const active2021: string[][] = [
  ['第二十条第（一）项'],
  ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
  ['规章'],
  ['行政规范性文件'],
  ['第二十条第（五）项'],
  ['信息内容', '本年处理决定数量'],
  ['行政许可'],
  ['第二十条第（六）项'],
  ['信息内容', '本年处理决定数量'],
  ['行政处罚'],
  ['行政强制'],
  ['第二十条第（八）项'],
  ['信息内容', '本年收费金额（单位：万元）'],
  ['行政事业性收费'],
];

export const active2019: string[][] = [
  ['第二十条第（一）项'],
  ['信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量'],
  ['规章'],
  ['规范性文件'],
  ['第二十条第（五）项'],
  ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'],
  ['行政许可'],
  ['其他对外管理服务事项'],
  ['第二十条第（六）项'],
  ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'],
  ['行政处罚'],
  ['行政强制'],
  ['第二十条第（八）项'],
  ['信息内容', '上一年项目数量', '本年增/减'],
  ['行政事业性收费'],
  ['第二十条第（九）项'],
  ['信息内容', '采购项目数量', '采购总金额（单位：万元，保留4位小数）'],
  ['政府集中采购'],
];

const applicationsHead: string[][] = [
  [sentence, '申请人情况'],
  ['自然人', '法人或其他组织', '总计'],
  ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'],
  ['一、本年新收政府信息公开申请数量'],
  ['二、上年结转政府信息公开申请数量'],
  ['三、本年度办理结果', '（一）予以公开'],
  ['（二）部分公开（区分处理的，只计这一情形，不计其他情形）'],
  ['（三）不予公开', '1.属于国家秘密'],
  ['2.其他法律行政法规禁止公开'],
  ['3.危及“三安全一稳定”'],
  ['4.保护第三方合法权益'],
  ['5.属于三类内部事务信息'],
  ['6.属于四类过程性信息'],
  ['7.属于行政执法案卷'],
  ['8.属于行政查询事项'],
  ['（四）无法提供', '1.本机关不掌握相关政府信息'],
  ['2.没有现成信息需要另行制作'],
  ['3.补正后申请内容仍不明确'],
  ['（五）不予处理', '1.信访举报投诉类申请'],
  ['2.重复申请'],
  ['3.要求提供公开出版物'],
  ['4.无正当理由大量反复申请'],
  ['5.要求行政机关确认或重新出具已获取信息'],
];

export const applications2019: string[][] = [
  ...applicationsHead,
  ['（六）其他处理'],
  ['（七）总计'],
  ['四、结转下年度继续办理'],
];

export const applications2021: string[][] = [
  ...applicationsHead,
  ['（六）其他处理', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'],
  ['2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'],
  ['3.其他'],
  ['（七）总计'],
  ['四、结转下年度继续办理'],
];

const outcomes = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
export const reviews: string[][] = [
  ['行政复议', '行政诉讼'],
  [...outcomes, '未经复议直接起诉', '复议后起诉'],
  [...outcomes, ...outcomes],
];

/** Merges of table 三 (spec section 2), for the 2021 format (22-row result block). */
export const applicationsMerges2021 = [
  'A1:C3', 'D1:J1', 'D2:D3', 'E2:I2', 'J2:J3',
  'A4:C4', 'A5:C5', 'A6:A27', 'B6:C6', 'B7:C7', 'B8:B15', 'B16:B18', 'B19:B23', 'B24:B26', 'B27:C27', 'A28:C28',
];
/** The 2019 format: 20-row result block, （六） one row. */
export const applicationsMerges2019 = [
  'A1:C3', 'D1:J1', 'D2:D3', 'E2:I2', 'J2:J3',
  'A4:C4', 'A5:C5', 'A6:A25', 'B6:C6', 'B7:C7', 'B8:B15', 'B16:B18', 'B19:B23', 'B24:C24', 'B25:C25', 'A26:C26',
];
export const reviewsMerges = ['A1:E1', 'F1:O1', 'A2:A3', 'B2:B3', 'C2:C3', 'D2:D3', 'E2:E3', 'F2:J2', 'K2:O2'];

/** The sheet names of a template, in order (visible ones first, the metadata sheet last and very hidden). */
export const tableSheets = { active: '二、主动公开', applications: '三、依申请公开', reviews: '四、复议诉讼' };
