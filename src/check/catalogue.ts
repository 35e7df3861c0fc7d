/**
 * The catalogue of rules of a format, for `nianbao rules` and the documentation: every sum, balance and cross-year
 * relation of the definition (with the definition's own description), plus the fixed rules about values, the report
 * and last year's report. Derived, so a new format's rules appear here by themselves.
 */
import { nonRuleCodes, stageLabels } from '../findings/codes.js';
import { cellSpecs } from '../formats/index.js';
import type { FormatDef } from '../formats/types.js';
import type { Severity } from '../findings/finding.js';
import { alongName, axisKeyName, columnName, rowName, tableName } from './names.js';
import { jumpFactor, jumpFloor } from './crossYearChecks.js';
import { rulesFor, ruleCode } from './rules.js';
import { severityLabel } from './present.js';

export interface CatalogueEntry {
  code: string;
  severity: Severity;
  id: string;
  /** what it checks, in Chinese */
  description: string;
  /** where it applies, in Chinese */
  appliesTo: string;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

const maxListed = 8;

/** A short list named in full, a long one counted: `全部 23 行`. */
function listOrCount(names: string[], word: string): string {
  return names.length > maxListed ? `全部 ${names.length} ${word}` : names.join('、');
}

export function ruleCatalogue(format: FormatDef): CatalogueEntry[] {
  const rules = rulesFor(format);
  const entries: CatalogueEntry[] = [];
  for (const table of format.tables) {
    for (const def of [...table.balances, ...table.sums]) {
      const instances = rules.relations.filter((r) => r.def === def);
      const along = listOrCount(
        unique(instances.map((r) => alongName(table, r.axis, r.along))).filter(Boolean),
        def.axis === 'rows' ? '列' : '行',
      );
      const total = 'total' in def ? `“${axisKeyName(table, def.axis, def.total)}”` : '';
      entries.push({
        code: ruleCode(def.id),
        severity: 'error',
        id: def.id,
        description: def.description,
        appliesTo: `${tableName(table)}：${[total, along].filter(Boolean).join('，')}`,
      });
    }
  }
  for (const def of format.crossYear) {
    const table = format.tables.find((t) => t.id === def.table)!;
    const rows = listOrCount(unique(def.rows.map((r) => `“${rowName(table, r)}”行`)), '行');
    const columns = listOrCount(unique(def.columns.map((c) => `“${columnName(table, c)}”列`)), '列');
    entries.push({
      code: ruleCode(def.id),
      severity: def.severity,
      id: def.id,
      description: `${def.description}（需提供上年报告）`,
      appliesTo: `${tableName(table)}：${rows}，${columns}`,
    });
  }
  const specs = cellSpecs(format);
  const columnsWith = (domains: string[]) =>
    format.tables
      .map((t) => {
        const names = unique(specs.filter((s) => s.table === t && domains.includes(s.domain)).map((s) => `“${columnName(t, s.column.key)}”`));
        return names.length > 0 ? `${tableName(t)}${listOrCount(names, '列')}${names.length > maxListed ? '' : '列'}` : '';
      })
      .filter(Boolean);
  const totals = specs.filter((s) => s.isTotal).length;
  const all = `全部 ${specs.length} 个数值单元格`;
  const years = format.years.to === undefined ? `${format.years.from} 年度起` : `${format.years.from}—${format.years.to} 年度`;
  const fixed: CatalogueEntry[] = [
    { code: 'NOT_A_NUMBER', severity: 'error', id: 'value-kind', description: '数值单元格中是文字、错误值（如 #REF!）或没有保存计算结果的公式，无法参与计算', appliesTo: all },
    { code: 'BLANK_INPUT', severity: 'warning', id: 'blank', description: '单元格为空白：无数据应填 0；仅在提示中列出的核对里按 0 计算', appliesTo: all },
    { code: 'NOT_APPLICABLE_MARK', severity: 'warning', id: 'not-applicable', description: '单元格填写了“—”“-”“/”“无”等标记：应填 0；仅在提示中列出的核对里按 0 计算', appliesTo: all },
    { code: 'DOMAIN_NEGATIVE', severity: 'error', id: 'domain', description: '数量和金额不能为负数', appliesTo: columnsWith(['count', 'money']).join('；') },
    { code: 'DOMAIN_FRACTION', severity: 'error', id: 'domain', description: '数量必须是整数', appliesTo: columnsWith(['count', 'signedCount']).join('；') },
    { code: 'DOMAIN_MONEY_PRECISION', severity: 'error', id: 'domain', description: '金额（单位：万元）最多保留 4 位小数，按万分之一万元精确计算', appliesTo: columnsWith(['money']).join('；') },
    { code: 'TYPED_OVER_TOTAL', severity: 'error', id: 'typed-over-total', description: '用本工具模板填报的文件中，合计单元格的公式被改成手填数字且与各项之和不符（在该合计单元格报告一次，说明填报数、计算数和差额）', appliesTo: `${totals} 个合计单元格` },
    { code: 'NOT_ASSESSABLE', severity: 'info', id: 'not-assessable', description: '某项合计或勾稽关系因所用单元格无法读取（文字、错误值、未找到）而未核对，不视为通过', appliesTo: '全部合计与勾稽关系' },
    { code: 'CROSS_YEAR_NOT_ASSESSABLE', severity: 'info', id: 'cross-year', description: '未提供上年报告（或上年报告不可比），跨年度核对未进行，不视为通过', appliesTo: unique(format.crossYear.map((d) => ruleCode(d.id))).join('、') },
    { code: 'FORMAT_YEAR_MISMATCH', severity: 'warning', id: 'format-year', description: `本格式（${format.issuedBy}）适用于 ${years}的报告，用于其他年度时提示`, appliesTo: '整份报告' },
    { code: 'BASIC_INFO_INCOMPLETE', severity: 'warning', id: 'basic-info', description: '基本信息不完整（单位名称、报告年度；模板文件还需填报人、联系电话、填报日期）', appliesTo: '基本信息' },
    { code: 'UNIT_MISMATCH_PREVIOUS', severity: 'warning', id: 'previous-unit', description: '提供的上年报告属于其他单位，不与其比较', appliesTo: '上年报告' },
    { code: 'PREVIOUS_YEAR_MISMATCH', severity: 'warning', id: 'previous-year', description: '提供的上年报告不是本报告年度的上一年，不与其比较', appliesTo: '上年报告' },
    { code: 'YEAR_JUMP', severity: 'warning', id: 'year-jump', description: `某项数值超过 ${jumpFloor} 且超过上年同项的 ${jumpFactor} 倍，请核实是否填错`, appliesTo: '非合计的数量和金额单元格（需提供上年报告）' },
  ];
  return [...entries, ...fixed];
}

/** East Asian wide characters take two terminal columns. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

/** The catalogue as readable text, one block per format. */
export function catalogueText(formatsToShow: readonly FormatDef[]): string {
  const lines: string[] = [];
  for (const format of formatsToShow) {
    const entries = ruleCatalogue(format);
    const years = format.years.to === undefined ? `${format.years.from} 年度起` : `${format.years.from}—${format.years.to} 年度`;
    lines.push(`${format.id} 年版格式（${format.issuedBy}，适用于 ${years}）：${entries.length} 条规则`, '');
    const codeWidth = Math.max(...entries.map((e) => displayWidth(e.code)));
    const idWidth = Math.max(...entries.map((e) => displayWidth(e.id)));
    lines.push(`  ${pad('代码', codeWidth)}  级别  ${pad('规则', idWidth)}  说明`);
    for (const e of entries) {
      lines.push(`  ${pad(e.code, codeWidth)}  ${severityLabel[e.severity]}  ${pad(e.id, idWidth)}  ${e.description}`);
      lines.push(`  ${' '.repeat(codeWidth + idWidth + 10)}适用：${e.appliesTo}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** The reading, file and submission codes (src/findings/codes.ts), grouped by stage, as readable text. */
export function nonRuleCodesText(): string {
  const lines: string[] = ['其他问题代码（与表格格式无关）', ''];
  const codeWidth = Math.max(...nonRuleCodes.map((e) => displayWidth(e.code)));
  for (const stage of Object.keys(stageLabels) as (keyof typeof stageLabels)[]) {
    lines.push(`  ${stageLabels[stage]}`);
    for (const e of nonRuleCodes.filter((x) => x.stage === stage)) {
      lines.push(`    ${pad(e.code, codeWidth)}  ${severityLabel[e.severity]}  ${e.description}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
