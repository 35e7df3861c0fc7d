/**
 * Findings for people and for programs: readable Chinese text grouped by file (ANSI colour only when asked, i.e. on
 * a terminal), the documented JSON document (see `jsonOutput.ts`), and the exit code they imply.
 */
import type { ReadingSummary } from '../report/readingSummary.js';
import { chinaTimestamp } from '../report/chinaTime.js';
import type { FormatId } from '../formats/types.js';
import type { Finding, Severity } from '../findings/finding.js';
import type { Report } from '../report/report.js';
import { version } from '../version.js';
import type { CheckOutput, FileStatus } from './jsonOutput.js';
import { groupedNotes } from '../findings/grouped.js';

/** One file's outcome, as the text and JSON renderers take it. */
export interface CheckedFile {
  file: string;
  unit?: string;
  /** 统一社会信用代码, when the file states it */
  unitCode?: string;
  format?: FormatId;
  reportYear?: number | null;
  /** false when the file could not be read at all (its findings say why) */
  readable?: boolean;
  findings: Finding[];
  /** the Report read, when the output should carry it (parse --json) */
  report?: Report;
  /** how many data points were read, and why the others were not */
  reading?: ReadingSummary;
}

export const severityLabel: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };
const severityColour: Record<Severity, string> = { error: '31', warning: '33', info: '36' };

export interface FindingCounts {
  errors: number;
  warnings: number;
  infos: number;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  return {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    infos: findings.filter((f) => f.severity === 'info').length,
  };
}

function countsText(c: FindingCounts): string {
  return `错误 ${c.errors} 个，警告 ${c.warnings} 个，提示 ${c.infos} 个`;
}

/** `三、依申请公开!D4、D5、D25、D26`: the sheet named once for a run of cells on it; long lists cut short. */
export function cellsText(cells: readonly string[], max = 8): string {
  const parts: string[] = [];
  let lastSheet: string | undefined;
  for (const cell of cells.slice(0, max)) {
    const bang = cell.lastIndexOf('!');
    const sheet = bang >= 0 ? cell.slice(0, bang) : undefined;
    parts.push(sheet !== undefined && sheet === lastSheet ? cell.slice(bang + 1) : cell);
    lastSheet = sheet;
  }
  // a published text's places are lines (`第29行`), a workbook's cells
  const what = cells.every((c) => /^第\d+行$/.test(c)) ? '行' : '个单元格';
  return parts.join('、') + (cells.length > max ? ` 等 ${cells.length} ${what}` : '');
}

/**
 * "No previous year given" is the same note for every file: in text it is said once under the files instead of twice
 * per file, so a clerk's screen shows what needs fixing. The JSON keeps every finding.
 */
const saidOnce = 'CROSS_YEAR_NOT_ASSESSABLE';

export function formatFindingsText(groups: readonly CheckedFile[], o: { color: boolean }): string {
  const paint = (code: string, s: string) => (o.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  const all: Finding[] = [];
  let filesWithoutPrevious = 0;
  for (const g of groups) {
    all.push(...g.findings);
    const counts = countFindings(g.findings);
    const others = g.findings.filter((f) => f.code !== saidOnce);
    if (others.length < g.findings.length) filesWithoutPrevious += 1;
    const shown = groupedNotes(others);
    lines.push(paint('1', `${g.file}${g.unit ? `（${g.unit}）` : ''}`));
    if (counts.errors + counts.warnings === 0) lines.push(`  ${paint('32', '未发现错误和警告')}`);
    for (const f of shown) {
      const where = f.cells.length > 0 ? `  ${cellsText(f.cells)}` : '';
      lines.push(`  ${paint(severityColour[f.severity], severityLabel[f.severity])} ${f.code}${where}`);
      lines.push(`    ${f.message}`);
    }
    lines.push(`  小计：${countsText(counts)}`, '');
  }
  if (filesWithoutPrevious > 0) {
    lines.push(
      paint(severityColour.info, `提示 ${saidOnce}：${filesWithoutPrevious} 个文件未提供上年数据，上年结转等跨年度规则未核对，不视为通过（用 --previous 指定上年的报表或汇总表即可核对）。`),
      '',
    );
  }
  const total = countFindings(all);
  const summary = `合计：${groups.length} 个文件，${countsText(total)}`;
  lines.push(total.errors > 0 ? paint('1;31', summary) : paint('1', summary));
  return lines.join('\n') + '\n';
}

export function fileStatus(g: CheckedFile): FileStatus {
  if (g.readable === false) return 'unreadable';
  const c = countFindings(g.findings);
  return c.errors > 0 ? 'failed' : c.warnings > 0 ? 'warnings' : 'passed';
}

/** The `--json` document (shape and documentation in `jsonOutput.ts`). */
export function findingsJson(groups: readonly CheckedFile[], o: { generatedAt?: Date } = {}): CheckOutput {
  const totals = countFindings(groups.flatMap((g) => g.findings));
  return {
    tool: 'nianbao',
    version,
    ...(o.generatedAt ? { generatedAt: chinaTimestamp(o.generatedAt) } : {}),
    files: groups.map((g) => ({
      file: g.file,
      unit: g.unit ?? null,
      format: g.format ?? null,
      reportYear: g.reportYear ?? null,
      status: fileStatus(g),
      findings: g.findings,
      ...(g.reading ? { reading: g.reading } : {}),
      ...(g.report ? { report: g.report } : {}),
    })),
    totals: { files: groups.length, ...totals },
  };
}

/** 0 when there is no error and at most `maxWarnings` warnings (any number when undefined), else 1. */
export function exitCodeFor(findings: readonly Finding[], maxWarnings?: number): 0 | 1 {
  const c = countFindings(findings);
  if (c.errors > 0) return 1;
  return maxWarnings !== undefined && c.warnings > maxWarnings ? 1 : 0;
}
