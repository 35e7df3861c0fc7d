/**
 * What the page shows, made from the library's results: no rule, total or label is computed here, only picked out
 * of the results (and of the format definition) and shaped as JSON for the page.
 */
import { relative, sep } from 'node:path';
import type { CheckedFile } from '../check/present.js';
import { countFindings } from '../check/present.js';
import type { ConsolidationResult } from '../consolidate/result.js';
import { overviewLines } from '../consolidate/overview.js';
import { exportTables, listedFindings } from '../export/table.js';
import type { Finding, Severity } from '../findings/finding.js';
import { cellKey, cellSpecs, formats, leafKeys, tableDef, type FormatDef, type HeaderNode } from '../formats/index.js';
import type { Report } from '../report/report.js';
import { renderReport } from '../render/renderReport.js';
import { kindAt } from '../consolidate/sumReports.js';
import { groupedNotes } from '../findings/grouped.js';

export type FileStatus = '通过' | '有警告' | '有错误' | '无法读取';

export interface FindingView {
  code: string;
  severity: Severity;
  unit?: string;
  file: string;
  sheet?: string;
  cells: string[];
  message: string;
}

/** A file's name as the user handed it in: relative to the upload folder, with forward slashes ('' for no file). */
export function shownName(file: string, base: string): string {
  // (path.relative takes '' for the working folder)
  if (file === '') return '';
  const rel = relative(base, file);
  return (rel.startsWith('..') ? file : rel).split(sep).join('/');
}

export function findingView(f: Finding, base: string): FindingView {
  return {
    code: f.code,
    severity: f.severity,
    ...(f.unit ? { unit: f.unit } : {}),
    file: shownName(f.file, base),
    ...(f.sheet ? { sheet: f.sheet } : {}),
    cells: [...f.cells],
    // (a list's note for many units names no file)
    message: f.file ? f.message.split(f.file).join(shownName(f.file, base)) : f.message,
  };
}

const severityOrder: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** errors first, then warnings, then notes; the library's order kept within each */
export function bySeverity<T extends { severity: Severity }>(findings: readonly T[]): T[] {
  return findings.map((f, i) => ({ f, i })).sort((a, b) => severityOrder[a.f.severity] - severityOrder[b.f.severity] || a.i - b.i).map((x) => x.f);
}

export function fileStatus(f: CheckedFile): FileStatus {
  if (!f.readable) return '无法读取';
  const c = countFindings(f.findings);
  return c.errors > 0 ? '有错误' : c.warnings > 0 ? '有警告' : '通过';
}

export interface CheckedFileView {
  file: string;
  unit?: string;
  year: number | null;
  format?: string;
  status: FileStatus;
  findings: FindingView[];
}

export function checkedFileView(f: CheckedFile, base: string): CheckedFileView {
  return {
    file: shownName(f.file, base),
    ...(f.unit ? { unit: f.unit } : {}),
    year: f.reportYear ?? null,
    ...(f.format ? { format: formats[f.format].issuedBy } : {}),
    status: fileStatus(f),
    findings: bySeverity(groupedNotes(f.findings)).map((x) => findingView(x, base)),
  };
}

export interface Bar {
  label: string;
  value: number;
}

export interface Chart {
  title: string;
  unit: string;
  bars: Bar[];
}

/** a leaf's scaled value in the summary, 0 when not a number (the summary's own cells are always numbers) */
function summaryValue(report: Report, key: string): number {
  const v = report.values[key];
  return v && v.scaled !== null && (v.kind === 'number' || v.kind === 'zero') ? v.scaled : 0;
}

function leaves(node: HeaderNode): string[] {
  return node.children && node.children.length > 0 ? leafKeys(node.children) : [node.key];
}

/**
 * Three charts a clerk puts in a report, from the summary's table 三 and the per-unit figures:
 * the outcome of the applications by category, the new applications by type of applicant, and units by number of
 * new applications. Labels come from the format definition.
 */
export function consolidationCharts(r: ConsolidationResult): Chart[] {
  const format: FormatDef = r.format;
  const table = tableDef(format, 'applications');
  const block = table.blocks[0]!;
  const totalColumn = leafKeys(block.columns).at(-1)!;
  const applicantColumns = leafKeys(block.columns).slice(0, -1);
  const columnLabels = new Map<string, string>();
  const walk = (nodes: readonly HeaderNode[]) => {
    for (const n of nodes) {
      columnLabels.set(n.key, n.label);
      if (n.children) walk(n.children);
    }
  };
  walk(block.columns);
  const resultsNode = block.rows.find((n) => n.key === 'results');
  const charts: Chart[] = [];
  if (resultsNode?.children) {
    const categories = resultsNode.children.filter((n) => n.key !== 'resultsTotal');
    charts.push({
      title: '办理结果（按类别，件）',
      unit: '件',
      bars: categories.map((n) => ({
        label: n.label.replace(/（区分处理的.*）$/, ''),
        value: leaves(n).reduce((sum, k) => sum + summaryValue(r.summary, cellKey('applications', k, totalColumn)), 0),
      })),
    });
  }
  const newRow = block.rows.find((n) => n.key === 'newReceived');
  if (newRow) {
    charts.push({
      title: '本年新收申请（按申请人类型，件）',
      unit: '件',
      bars: applicantColumns.map((k) => ({ label: columnLabels.get(k) ?? k, value: summaryValue(r.summary, cellKey('applications', 'newReceived', k)) })),
    });
    const index = cellSpecs(format).findIndex((s) => s.key === cellKey('applications', 'newReceived', totalColumn));
    const buckets: [string, (n: number) => boolean][] = [
      ['0 件', (n) => n === 0],
      ['1–50 件', (n) => n >= 1 && n <= 50],
      ['51–100 件', (n) => n >= 51 && n <= 100],
      ['101–200 件', (n) => n >= 101 && n <= 200],
      ['201–500 件', (n) => n >= 201 && n <= 500],
      ['501–1000 件', (n) => n >= 501 && n <= 1000],
      ['1000 件以上', (n) => n > 1000],
    ];
    const counted = r.units.filter((u) => u.included);
    const values = counted.map((u) => {
      const kind = kindAt(u.figures, index);
      return kind === 'number' || kind === 'zero' ? u.figures.scaled[index]! : 0;
    });
    charts.push({
      title: '各单位本年新收申请数量分布（单位个数）',
      unit: '个',
      bars: buckets.map(([label, test]) => ({ label, value: values.filter(test).length })),
    });
  }
  return charts;
}

export interface ExportTableView {
  title: string;
  headers: string[];
  rows: (string | number | null)[][];
}

export interface ConsolidationView {
  region: string;
  year: number;
  format: string;
  overview: string[];
  counts: ConsolidationResult['counts'];
  errors: number;
  warnings: number;
  /** the three official tables as HTML (the renderer the CLI's `render` uses) */
  tablesHtml: string;
  submissions: ExportTableView;
  findings: FindingView[];
  charts: Chart[];
  /** what can be downloaded */
  downloads: { kind: string; label: string }[];
}

export function consolidationView(r: ConsolidationResult, base: string, downloads: { kind: string; label: string }[]): ConsolidationView {
  const submissions = exportTables(r).find((t) => t.name === 'submissions')!;
  const rows = [...submissions.rows()].map((row) => row.map((c, i) => (i === 0 && typeof c === 'string' ? shownName(c, base) : c)));
  return {
    region: r.region,
    year: r.reportYear,
    format: r.format.issuedBy,
    overview: overviewLines(r).map((line) => line.split(base + sep).join('')),
    counts: r.counts,
    errors: r.findings.filter((f) => f.severity === 'error').length,
    warnings: r.findings.filter((f) => f.severity === 'warning').length,
    tablesHtml: renderReport(r.summary, 'html', { fragment: true }),
    submissions: { title: submissions.title, headers: submissions.headers, rows },
    findings: bySeverity(listedFindings(r)).map((f) => findingView(f, base)),
    charts: consolidationCharts(r),
    downloads,
  };
}

export interface ParsedView {
  file: string;
  unit: string | null;
  year: number | null;
  format: string;
  found: number;
  missing: number;
  findings: FindingView[];
  tablesHtml: string;
}

export function parsedView(file: string, report: Report, findings: readonly Finding[], base: string): ParsedView {
  const values = Object.values(report.values);
  const missing = values.filter((v) => v.kind === 'missing').length;
  return {
    file: shownName(file, base),
    unit: report.unit.name ?? null,
    year: report.reportYear,
    format: formats[report.format].issuedBy,
    found: values.length - missing,
    missing,
    findings: bySeverity(groupedNotes(findings)).map((f) => findingView(f, base)),
    tablesHtml: renderReport(report, 'html', { fragment: true }),
  };
}
