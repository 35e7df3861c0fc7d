/**
 * The catalogue of rules of a format, for `nianbao rules` and the documentation: every sum, balance and cross-year
 * relation of the definition (with the definition's own description), plus the fixed rules about values, the report
 * and last year's report. Derived from the definitions and the code registry (src/findings/codes.ts), so a new
 * format's rules appear here by themselves; only where a fixed rule applies is said here.
 */
import { findingCodeList, findingCodes, ruleCodes, stageLabels, stages, type FindingCode, type Stage } from '../findings/codes.js';
import { cellSpecs } from '../formats/index.js';
import type { FormatDef } from '../formats/types.js';
import type { Severity } from '../findings/finding.js';
import { alongName, axisKeyName, columnName, rowName, tableName } from './names.js';
import { rulesFor, ruleCode } from './rules.js';
import { severityLabel } from './present.js';
import { basicInfoSheetName } from '../workbook/contract.js';

export interface CatalogueEntry {
  severity: Severity;
  code: FindingCode;
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
        severity: findingCodes[ruleCode(def.id)].severity,
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
      severity: findingCodes[ruleCode(def.id)].severity,
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
  // where each of the registry's fixed rules applies in this format; the rest of each entry is the registry's
  const appliesTo: Partial<Record<FindingCode, string>> = {
    NOT_A_NUMBER: all,
    BLANK_INPUT: all,
    NOT_APPLICABLE_MARK: all,
    DOMAIN_NEGATIVE: columnsWith(['count', 'money']).join('；'),
    DOMAIN_FRACTION: columnsWith(['count', 'signedCount']).join('；'),
    DOMAIN_MONEY_PRECISION: columnsWith(['money']).join('；'),
    TYPED_OVER_TOTAL: `${totals} 个合计单元格`,
    NOT_ASSESSABLE: '全部合计与勾稽关系',
    CROSS_YEAR_NOT_ASSESSABLE: unique(format.crossYear.map((d) => ruleCode(d.id))).join('、'),
    FORMAT_YEAR_MISMATCH: `整份报告（本格式适用于 ${years}）`,
    BASIC_INFO_INCOMPLETE: basicInfoSheetName,
    UNIT_MISMATCH_PREVIOUS: '上年报告',
    PREVIOUS_YEAR_MISMATCH: '上年报告',
    YEAR_JUMP: '非合计的数量和金额单元格（需提供上年报告）',
  };
  const fixed = fixedRuleCodes().map((code): CatalogueEntry => {
    const def = findingCodes[code];
    return { code, severity: def.severity, id: def.rule!, description: def.describe, appliesTo: appliesTo[code] ?? '整份报告' };
  });
  return [...entries, ...fixed];
}

/** The codes that come from a rule id of a format definition (one per `SumDef`, `BalanceDef`, `CrossYearDef` id). */
const definitionRuleCodes = new Set<FindingCode>(Object.values(ruleCodes));

/** The registry's rules that hold for every format (values, reports, last year's report), in registry order. */
export function fixedRuleCodes(): FindingCode[] {
  return findingCodeList.filter((c) => 'rule' in findingCodes[c] && !definitionRuleCodes.has(c));
}

/** The registry's codes that belong to no rule (reading, files, submissions), in registry order. */
export function otherCodes(): OtherCodeEntry[] {
  return findingCodeList
    .filter((c) => !('rule' in findingCodes[c]))
    .map((code) => ({ code, severity: findingCodes[code].severity, stage: findingCodes[code].stage, description: findingCodes[code].describe }));
}

export interface OtherCodeEntry {
  code: FindingCode;
  severity: Severity;
  stage: Stage;
  description: string;
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

/** The reading, file and submission codes of the registry, grouped by stage, as readable text. */
export function nonRuleCodesText(): string {
  const lines: string[] = ['其他问题代码（与表格格式无关）', ''];
  const entries = otherCodes();
  const codeWidth = Math.max(...entries.map((e) => displayWidth(e.code)));
  for (const stage of stages) {
    const ofStage = entries.filter((x) => x.stage === stage);
    if (ofStage.length === 0) continue;
    lines.push(`  ${stageLabels[stage]}`);
    for (const e of ofStage) lines.push(`    ${pad(e.code, codeWidth)}  ${severityLabel[e.severity]}  ${e.description}`);
    lines.push('');
  }
  return lines.join('\n');
}

const cellOf = (s: string) => s.replace(/\|/g, '\\|');

/** Every code of the registry as a markdown table, for the README (scripts/readme-codes.ts writes it there). */
export function codeTableMarkdown(): string {
  const lines = ['| 代码 | 级别 | 阶段 | 规则 | 说明 |', '|---|---|---|---|---|'];
  for (const code of findingCodeList) {
    const d = findingCodes[code];
    const rule = 'rule' in d ? d.rule : '';
    lines.push(`| \`${code}\` | ${severityLabel[d.severity]} | ${stageLabels[d.stage]} | ${rule ? `\`${rule}\`` : '—'} | ${cellOf(d.describe)} |`);
  }
  return lines.join('\n') + '\n';
}
