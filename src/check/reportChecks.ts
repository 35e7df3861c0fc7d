/**
 * Findings about the report as a whole: tables in a format that does not match the report year, and an incomplete
 * 基本信息 (who reports, for which year, how to reach them).
 */
import { formatForYear, formats, UnsupportedYearError } from '../formats/index.js';
import type { Finding } from '../findings/finding.js';
import { reportFinding } from './reportFinding.js';
import type { Report } from '../report/report.js';
import { basicInfoLabel, type BasicInfoKey } from '../workbook/contract.js';

export function formatYearFindings(report: Report): Finding[] {
  if (report.reportYear === null || report.findings.some((f) => f.code === 'FORMAT_YEAR_MISMATCH')) return [];
  let expected;
  try {
    expected = formatForYear(report.reportYear);
  } catch (err) {
    if (err instanceof UnsupportedYearError) return [];
    throw err;
  }
  if (expected.id === report.format) return [];
  const actual = formats[report.format];
  return [
    reportFinding(
      'FORMAT_YEAR_MISMATCH',
      report,
      [],
      { year: report.reportYear, expected: expected.id, expectedIssuedBy: expected.issuedBy, actual: actual.id, actualIssuedBy: actual.issuedBy },
      { expected: expected.id, actual: actual.id },
    ),
  ];
}

/** Fields every report must name; a file made from our template also names who filled it and how to reach them. */
function requiredFields(report: Report): BasicInfoKey[] {
  const own = report.source.kind === 'template' && !report.source.isSummary;
  return own ? ['name', 'reportYear', 'filler', 'phone', 'filledDate'] : ['name', 'reportYear'];
}

function present(report: Report, key: BasicInfoKey): boolean {
  if (key === 'reportYear') return report.reportYear !== null;
  const v = report.unit[key];
  return typeof v === 'string' && v.trim() !== '';
}

export function basicInfoFindings(report: Report): Finding[] {
  const missing = requiredFields(report).filter((k) => !present(report, k));
  if (missing.length === 0) return [];
  const labels = missing.map(basicInfoLabel);
  return [reportFinding('BASIC_INFO_INCOMPLETE', report, [], { missing: labels.map((l) => `“${l}”`).join('、') }, { actual: labels.join('、') })];
}
