/**
 * The headline of a consolidation in plain Chinese: the top of 汇总说明, what the CLI prints and the page shows. Apart
 * from the workbook writer, so that printing it never loads exceljs.
 */
import { summarySheetNames } from '../workbook/contract.js';
import type { ConsolidationResult } from './result.js';

/** The lines at the top of 汇总说明, plain Chinese (also printed by the CLI). */
export function overviewLines(r: ConsolidationResult): string[] {
  const c = r.counts;
  const rule = r.excludeInvalid
    ? `本汇总已剔除校验有错误的单位（--exclude-invalid）：${c.excluded} 个单位未计入合计。`
    : `本汇总包含校验有错误的单位（默认）：${c.withErrors} 个有错误的单位已计入合计，其错误见“${summarySheetNames.findings}”。`;
  return [
    `${r.region}${r.reportYear}年度政府信息公开工作年度报告统计表汇总`,
    rule,
    // without a roster nobody is known to be missing, so neither count is shown as if it were measured
    `计入合计的单位 ${c.included} 个；${c.expected === null ? '未提供名单' : `名单内单位 ${c.expected} 个`}；收到文件 ${c.received} 个，成功读取 ${c.read} 个，无法读取 ${c.unreadable} 个${c.expected === null ? '' : `；未报送 ${c.missing} 个`}。`,
  ];
}
