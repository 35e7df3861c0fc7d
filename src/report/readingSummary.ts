/**
 * What was read from a file and what was not, and why: the count of data points read, and the missing ones grouped
 * by the finding that names them (a table not found, a row cut off, a row refused). `check --json` and `parse --json`
 * carry it per file, so a consumer need not count values itself.
 */
import type { Finding } from '../findings/finding.js';
import type { Report } from './report.js';

export interface ReadingSummary {
  /** data points of the report's format */
  values: number;
  read: number;
  missing: number;
  /** the missing data points by the finding that says why (one entry per finding), in the order of the findings */
  missingBecause: { code: string; message: string; count: number }[];
}

export function readingSummary(report: Report, findings: readonly Finding[] = report.findings): ReadingSummary {
  const missingKeys = new Set(Object.entries(report.values).filter(([, v]) => v.kind === 'missing').map(([k]) => k));
  const explained = new Set<string>();
  const missingBecause: ReadingSummary['missingBecause'] = [];
  for (const f of findings) {
    const keys = (f.keys ?? []).filter((k) => missingKeys.has(k) && !explained.has(k));
    if (keys.length === 0) continue;
    keys.forEach((k) => explained.add(k));
    missingBecause.push({ code: f.code, message: f.message, count: keys.length });
  }
  const values = Object.keys(report.values).length;
  return { values, read: values - missingKeys.size, missing: missingKeys.size, missingBecause };
}
