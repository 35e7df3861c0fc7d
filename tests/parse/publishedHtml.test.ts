/**
 * The seed as a government site would publish it: a web page written by hand in the style of a site editor's output
 * (Word-pasted markup: rowspan/colspan, `&nbsp;`, values wrapped in <p><span>, header text broken by <br>), parsed
 * through the real CLI path (readReport) into exactly the seed's numbers.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReport } from '../../src/io/readReport.js';
import { textToGrid } from '../../src/grid/textGrid.js';
import { reportFromGrid } from '../../src/report/fromGrid.js';
import { seedFile as seed } from '../helpers/paths.js';

/** A value cell as a site editor leaves it. */
const v = (n: string | number) =>
  `<td width="57" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:宋体">&nbsp;${n}&nbsp;</span></p></td>`;
const zeros = (k: number) => Array.from({ length: k }, () => v(0)).join('');
const label = (text: string, attrs = '') => `<td${attrs}><p><span style="font-family:宋体">${text}</span></p></td>`;

const html = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>嵩县科技和工业信息化局2020年政府信息公开工作年度报告</title></head>
<body><div class="article">
<p style="text-align:center"><strong><span>嵩县科技和工业信息化局2020年政府信息公开工作年度报告</span></strong></p>
<p><strong>一、总体情况</strong></p>
<p>&nbsp;&nbsp;嵩县科技和工业信息化局认真贯彻执行《政府信息公开条例》精神。</p>
<p><strong>二、主动公开政府信息情况</strong></p>
<table border="1" cellspacing="0" cellpadding="0"><tbody>
<tr>${label('第二十条第（一）项', ' colspan="4"')}</tr>
<tr>${label('信息内容')}${label('本年新<br>制作数量')}${label('本年新公开数量')}${label('对外公开总数量')}</tr>
<tr>${label('规章')}${zeros(3)}</tr>
<tr>${label('规范性文件')}${zeros(3)}</tr>
<tr>${label('第二十条第（五）项', ' colspan="4"')}</tr>
<tr>${label('信息内容')}${label('上一年项目数量')}${label('本年增/减')}${label('处理决定数量')}</tr>
<tr>${label('行政许可')}${zeros(3)}</tr>
<tr>${label('其他对外管理服务事项')}${v(0)}${v(5)}${v(5)}</tr>
<tr>${label('第二十条第（六）项', ' colspan="4"')}</tr>
<tr>${label('信息内容')}${label('上一年项目数量')}${label('本年增/减')}${label('处理决定数量')}</tr>
<tr>${label('行政处罚')}${zeros(3)}</tr>
<tr>${label('行政强制')}${zeros(3)}</tr>
<tr>${label('第二十条第（八）项', ' colspan="4"')}</tr>
<tr>${label('信息内容')}${label('上一年项目数量')}${label('本年增/减', ' colspan="2"')}</tr>
<tr>${label('行政事业性收费')}${v(0)}<td colspan="2"><p align="center"><span>&nbsp;0</span></p></td></tr>
<tr>${label('第二十条第（九）项', ' colspan="4"')}</tr>
<tr>${label('信息内容')}${label('采购项目数量')}${label('采购总金额', ' colspan="2"')}</tr>
<tr>${label('政府集中采购')}${v(0)}<td colspan="2"><p align="center"><span>0</span></p></td></tr>
</tbody></table>
<p><strong>三、收到和处理政府信息公开申请情况</strong></p>
<table border="1"><tbody>
<tr>${label('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', ' colspan="3" rowspan="3"')}${label('申请人情况', ' colspan="7"')}</tr>
<tr>${label('自然人', ' rowspan="2"')}${label('法人或其他组织', ' colspan="5"')}${label('总计', ' rowspan="2"')}</tr>
<tr>${label('商业<br/>企业')}${label('科研<br/>机构')}${label('社会公益组织')}${label('法律服务机构')}${label('其他')}</tr>
<tr>${label('一、本年新收政府信息公开申请数量', ' colspan="3"')}${zeros(7)}</tr>
<tr>${label('二、上年结转政府信息公开申请数量', ' colspan="3"')}${zeros(7)}</tr>
<tr>${label('三、本年度办理结果', ' rowspan="20"')}${label('（一）予以公开', ' colspan="2"')}${zeros(7)}</tr>
<tr>${label('（二）部分公开（区分处理的，只计这一情形，不计其他情形）', ' colspan="2"')}${zeros(7)}</tr>
<tr>${label('（三）不予公开', ' rowspan="8"')}${label('1.属于国家秘密')}${zeros(7)}</tr>
<tr>${label('2.其他法律行政法规禁止公开')}${zeros(7)}</tr>
<tr>${label('3.危及“三安全一稳定”')}${zeros(7)}</tr>
<tr>${label('4.保护第三方合法权益')}${zeros(7)}</tr>
<tr>${label('5.属于三类内部事务信息')}${zeros(7)}</tr>
<tr>${label('6.属于四类过程性信息')}${zeros(7)}</tr>
<tr>${label('7.属于行政执法案卷')}${zeros(7)}</tr>
<tr>${label('8.属于行政查询事项')}${zeros(7)}</tr>
<tr>${label('（四）无法提供', ' rowspan="3"')}${label('1.本机关不掌握相关政府信息')}${zeros(7)}</tr>
<tr>${label('2.没有现成信息需要另行制作')}${zeros(7)}</tr>
<tr>${label('3.补正后申请内容仍不明确')}${zeros(7)}</tr>
<tr>${label('（五）不予处理', ' rowspan="5"')}${label('1.信访举报投诉类申请')}${zeros(7)}</tr>
<tr>${label('2.重复申请')}${zeros(7)}</tr>
<tr>${label('3.要求提供公开出版物')}${zeros(7)}</tr>
<tr>${label('4.无正当理由由大量反复申请')}${zeros(7)}</tr>
<tr>${label('5.要求行政机关确认或重新出具已获取信息')}${zeros(7)}</tr>
<tr>${label('（六）其他处理', ' colspan="2"')}${zeros(7)}</tr>
<tr>${label('（七）总计', ' colspan="2"')}${zeros(7)}</tr>
<tr>${label('四、结转下年度继续办理', ' colspan="3"')}${zeros(7)}</tr>
</tbody></table>
<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>
<table border="1"><tbody>
<tr>${label('行政复议', ' colspan="5"')}${label('行政诉讼', ' colspan="10"')}</tr>
<tr>${['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'].map((t) => label(t, ' rowspan="2"')).join('')}${label('未经复议直接起诉', ' colspan="5"')}${label('复议后起诉', ' colspan="5"')}</tr>
<tr>${['结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计'].map((t) => label(t)).join('')}</tr>
<tr>${zeros(15)}</tr>
</tbody></table>
<p><strong>五、存在的主要问题及改进情况</strong></p>
<p>2020年,全局政府信息公开工作较上一年取得一定成绩。</p>
<p><strong>六、其他需要报告的事项</strong></p><p>无</p>
</div></body></html>
`;

/** The seed's published numbers: only 其他对外管理服务事项 has any (本年增/减 5, 处理决定数量 5). */
const nonZero: Record<string, number> = { 'active.otherServices.change': 5, 'active.otherServices.decisions': 5 };

describe('the seed published as a web page', () => {
  it('parses into exactly the seed’s numbers, unit and year, with no finding', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-html-'));
    const file = path.join(dir, '年报.html');
    writeFileSync(file, html);
    const read = await readReport(file);
    if (!read.ok) throw new Error(read.message);
    const report = read.report;
    expect(report.source.kind).toBe('html');
    expect(report.format).toBe('2019');
    expect(report.reportYear).toBe(2020);
    expect(report.unit.name).toBe('嵩县科技和工业信息化局');
    const keys = Object.keys(report.values);
    expect(keys).toHaveLength(198);
    for (const key of keys) {
      const want = nonZero[key] ?? 0;
      expect([key, report.values[key]!.kind, report.values[key]!.scaled]).toEqual([key, want === 0 ? 'zero' : 'number', want]);
    }
    expect(report.findings).toEqual([]);

    // and the same values as the published text itself
    const seedFile = seed;
    const fromText = reportFromGrid(textToGrid(readFileSync(seedFile, 'utf8'), seedFile));
    for (const key of keys) expect([key, report.values[key]!.scaled]).toEqual([key, fromText.values[key]!.scaled]);
  });
});
