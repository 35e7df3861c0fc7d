/**
 * What marks a workbook as a consolidated summary written by nianbao: its metadata says so, or it carries the
 * summary's own sheets (a summary re-saved by another program may lose the very-hidden metadata sheet). A summary is
 * never summed together with unit workbooks (issue 9).
 */
import type { GridWorkbook } from '../grid/grid.js';

export const summarySheetNames = {
  overview: '汇总说明',
  detail: '分单位明细',
  findings: '校验结果',
  submissions: '报送情况',
} as const;

/** True when the grid has the summary's per-unit detail and submissions sheets. */
export function carriesSummarySheets(grid: GridWorkbook): boolean {
  const names = new Set(grid.sheets.map((s) => s.name.trim()));
  return names.has(summarySheetNames.detail) && names.has(summarySheetNames.submissions);
}
