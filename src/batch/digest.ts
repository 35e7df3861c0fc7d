/**
 * What a consolidation keeps of each file's reading, apart from the reading itself: the main thread of a batch uses
 * these without loading any reader (the worker threads read).
 */
import type { Report, UnitInfo } from '../report/report.js';
import type { Finding } from '../findings/finding.js';
import { unitFigures, type UnitFigures } from '../consolidate/sumReports.js';

/**
 * What a consolidation keeps of a Report: its format, year, unit and values as two typed arrays. Sending this instead
 * of the Report (every value with its provenance object) makes a worker's answer a few KB of cheap-to-clone data.
 */
export interface ReportDigest {
  format: Report['format'];
  reportYear: Report['reportYear'];
  unit: UnitInfo;
  figures: UnitFigures;
  /** a consolidated summary (never summed together with units) */
  isSummary?: boolean;
  /** read from a published report (text, web page, Word, PDF), not a workbook */
  published?: boolean;
}

/** The sources that are a published report's text rather than a workbook of the tables. */
const publishedKinds: ReadonlySet<Report['source']['kind']> = new Set(['text', 'html', 'docx', 'pdf']);

export function digestOf(report: Report): ReportDigest {
  const digest: ReportDigest = { format: report.format, reportYear: report.reportYear, unit: report.unit, figures: unitFigures(report) };
  if (report.source.isSummary) digest.isSummary = true;
  if (publishedKinds.has(report.source.kind)) digest.published = true;
  return digest;
}

/** Reading findings plus check findings, without listing one finding twice when the checks repeat the report's. */
export function mergeFindings(a: readonly Finding[], b: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of [...a, ...b]) {
    const id = `${f.code}|${f.file}|${f.cells.join(',')}|${f.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(f);
  }
  return out;
}
