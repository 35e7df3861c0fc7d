/**
 * Findings about the report as a whole: tables in a format that does not match the report year, and an incomplete
 * 基本信息 (who reports, for which year, how to reach them).
 */
import { formatForYear, formats, UnsupportedYearError } from '../formats/index.js';
import type { Finding } from '../findings/finding.js';
import type { Report } from '../report/report.js';
import { basicInfoFields, type BasicInfoKey } from '../template/infoSheets.js';

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
    {
      code: 'FORMAT_YEAR_MISMATCH',
      severity: 'warning',
      rule: 'format-year',
      file: report.source.file,
      cells: [],
      expected: expected.id,
      actual: actual.id,
      message:
        `文件 ${report.source.file} 的统计表是 ${actual.id} 年版格式（${actual.issuedBy}），但报告年度为 ${report.reportYear} 年，` +
        `应使用 ${expected.id} 年版格式（${expected.issuedBy}）。已按文件实际的格式读取和检查，请改用正确格式的模板重新填报。`,
      ...(report.unit.name ? { unit: report.unit.name } : {}),
    },
  ];
}

/** Fields every report must name; a file made from our template also names who filled it and how to reach them. */
function requiredFields(report: Report): BasicInfoKey[] {
  const own = report.source.kind === 'template' && !report.source.isSummary;
  return own ? ['name', 'reportYear', 'filler', 'phone', 'filledDate'] : ['name', 'reportYear'];
}

export function basicInfoFindings(report: Report): Finding[] {
  const present = (key: BasicInfoKey): boolean => {
    if (key === 'reportYear') return report.reportYear !== null;
    const v = report.unit[key];
    return typeof v === 'string' && v.trim() !== '';
  };
  const missing = requiredFields(report).filter((k) => !present(k));
  if (missing.length === 0) return [];
  const labels = missing.map((k) => basicInfoFields.find((f) => f.key === k)?.label ?? k);
  return [
    {
      code: 'BASIC_INFO_INCOMPLETE',
      severity: 'warning',
      rule: 'basic-info',
      file: report.source.file,
      cells: [],
      actual: labels.join('、'),
      message: `文件 ${report.source.file} 的基本信息不完整：缺少${labels.map((l) => `“${l}”`).join('、')}，请补填。`,
      ...(report.unit.name ? { unit: report.unit.name } : {}),
    },
  ];
}
