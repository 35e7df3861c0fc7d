/**
 * What a 审核意见 says, as plain data: the unit, the result, counts by severity and one row per finding with what to
 * do. The marked-up copy, the stand-alone 审核意见 workbook and the roster-wide 审核情况 all start from this.
 */
import type { Finding, Severity } from '../findings/finding.js';


export type FeedbackResult = 'passed' | 'needsChanges' | 'unreadable';
export const feedbackResultLabel: Record<FeedbackResult, string> = { passed: '通过', needsChanges: '需修改', unreadable: '无法读取' };

/** The code of an info finding that records a unit's accepted explanation of a warning. */
export const explainedCode = 'EXPLAINED' as const;

export interface FeedbackCounts {
  errors: number;
  warnings: number;
  /** warnings the unit explained in 情况说明 (info findings `EXPLAINED`) */
  explained: number;
  /** other info findings */
  infos: number;
}

export function feedbackCounts(findings: readonly Finding[]): FeedbackCounts {
  const c: FeedbackCounts = { errors: 0, warnings: 0, explained: 0, infos: 0 };
  for (const f of findings) {
    if (f.severity === 'error') c.errors += 1;
    else if (f.severity === 'warning') c.warnings += 1;
    else if (f.code === explainedCode) c.explained += 1;
    else c.infos += 1;
  }
  return c;
}

/**
 * 通过 when nothing needs the unit's action (infos and explained warnings only); 需修改 when an error or an unexplained
 * warning remains (a warning is fixed or explained in 情况说明); 无法读取 when the file could not be read.
 */
export function feedbackResult(findings: readonly Finding[], readable: boolean): FeedbackResult {
  if (!readable) return 'unreadable';
  const c = feedbackCounts(findings);
  return c.errors + c.warnings > 0 ? 'needsChanges' : 'passed';
}

export function countsText(c: FeedbackCounts): string {
  return `错误 ${c.errors} 个，警告 ${c.warnings} 个，已说明 ${c.explained} 个，提示 ${c.infos} 个`;
}

export const severityWord: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };

/** What the unit is asked to do about one finding. */
export function actionFor(f: Finding, readable: boolean): string {
  if (!readable) return '请按说明处理后重新报送（建议使用下发的模板填写）。';
  if (f.severity === 'error') return '请改正后重新报送。';
  if (f.severity === 'warning') return '请核实：确有错误请改正；数据无误请在“情况说明”表中选择该表和该行，写明原因。';
  if (f.code === explainedCode) return '已说明，无需处理。';
  return '供参考，无需处理。';
}

/** A cell a finding names, split into sheet and address (`'表 一'!A1` → 表 一, A1); undefined for line references. */
export function splitCellRef(ref: string): { sheet: string; cell: string } | undefined {
  const bang = ref.lastIndexOf('!');
  if (bang <= 0) return undefined;
  let sheet = ref.slice(0, bang);
  const cell = ref.slice(bang + 1).replace(/\$/g, '');
  if (!/^[A-Za-z]{1,3}\d{1,7}$/.test(cell)) return undefined;
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, cell: cell.toUpperCase() };
}

export interface FeedbackDocument {
  /** the file the unit handed in, as named to the clerk */
  fileName: string;
  unit?: string;
  readable: boolean;
  findings: readonly Finding[];
  checkedAt: Date;
  /** what else the unit should know about this copy (converted from .xls, marks could not be placed, …) */
  notes?: readonly string[];
}

/** Severity order for the list: errors first, then warnings, explained, infos; stable otherwise. */
export function orderedFindings(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding) => (f.severity === 'error' ? 0 : f.severity === 'warning' ? 1 : f.code === explainedCode ? 2 : 3);
  return findings.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map((x) => x.f);
}
