/**
 * Every check of one report, in one call: what reading found, the cells' kinds and domains, the sums and balances
 * of the definition, the cross-year rules (with last year's report, or reported as not assessable), the format/year
 * match and the 基本信息. Findings come out in a stable order: report-wide ones first, then table by table in
 * definition order, then by cell position.
 */
import { formats, splitCellKey } from '../formats/index.js';
import type { FormatDef } from '../formats/types.js';
import type { Finding } from '../findings/finding.js';
import { parseAddress } from '../layout/tableLayout.js';
import type { Report } from '../report/report.js';
import { crossYearFindings } from './crossYearChecks.js';
import { applyExplanations } from './explanations.js';
import { relationFindings } from './relationChecks.js';
import { basicInfoFindings, formatYearFindings } from './reportChecks.js';
import { valueFindings } from './valueChecks.js';

export interface CheckOptions {
  /** last year's report of the same unit, for carry-over, in-force and items-2019 */
  previous?: Report;
}

export function checkReport(report: Report, o: CheckOptions = {}): Finding[] {
  return checkReportWith(report, formats[report.format], o);
}

/** `checkReport` against an explicit definition (a future format, or a test's own). */
export function checkReportWith(report: Report, format: FormatDef, o: CheckOptions = {}): Finding[] {
  const crossYear = crossYearFindings(report, format, o.previous);
  const checks = [
    ...formatYearFindings(report),
    ...basicInfoFindings(report),
    ...valueFindings(report, format, { crossYearUse: crossYear.use }),
    ...relationFindings(report, format),
    ...crossYear.findings,
  ];
  const seen = new Set(report.findings.map(identity));
  const merged = [...report.findings, ...checks.filter((f) => !seen.has(identity(f)))];
  return sortFindings(applyExplanations(merged, report, format), report, format);
}

const identity = (f: Finding) => `${f.code}|${[...f.cells].sort().join(',')}`;

/** Report-wide findings first, then by table in definition order, then by the first cell's row and column. */
export function sortFindings(findings: readonly Finding[], report: Report, format: FormatDef): Finding[] {
  // which table a sheet holds, from the values' provenance: only needed for a finding without keys, so built then
  let tableOfSheet: Map<string, number> | undefined;
  return findings
    .map((f, i) => {
      let t = keyTableIndex(f, format);
      if (t < 0) t = f.sheet ? ((tableOfSheet ??= sheetTables(report, format)).get(f.sheet) ?? -1) : -1;
      return { f, i, t, p: positionOf(f) };
    })
    .sort((a, b) => a.t - b.t || a.p[0] - b.p[0] || a.p[1] - b.p[1] || a.i - b.i)
    .map((x) => x.f);
}

/** The definition order of the table of the finding's first key; -1 without one. */
function keyTableIndex(f: Finding, format: FormatDef): number {
  const key = f.keys?.[0];
  return key ? format.tables.findIndex((t) => t.id === splitCellKey(key).table) : -1;
}

/** Which table each sheet holds, from the values' provenance. */
function sheetTables(report: Report, format: FormatDef): Map<string, number> {
  const tableOfSheet = new Map<string, number>();
  for (const [key, v] of Object.entries(report.values)) {
    const s = v.provenance.sheet;
    if (s && !tableOfSheet.has(s)) tableOfSheet.set(s, format.tables.findIndex((t) => t.id === splitCellKey(key).table));
  }
  return tableOfSheet;
}

/** The first cell's row and column (a line of text: its number), [-1, -1] without a cell. */
function positionOf(f: Finding): [number, number] {
  const cell = f.cells[0];
  if (!cell) return [-1, -1];
  const line = /^第(\d+)行$/.exec(cell);
  if (line) return [Number(line[1]), 0];
  const address = cell.slice(cell.lastIndexOf('!') + 1);
  try {
    const { row, col } = parseAddress(address);
    return [row, col];
  } catch {
    return [-1, -1];
  }
}
