/**
 * nianbao's library API. The use cases (check, consolidate, parse, template) are in the application layer
 * (`src/app`); the CLI (src/cli), the local page and the portal are thin shells over them.
 */
export * from './formats/index.js';
export { normaliseLabel, labelMatches } from './formats/labels.js';
export { tableLayout, address, parseAddress, type TableLayout, type LayoutCell } from './layout/tableLayout.js';
export * from './report/report.js';
export { reportFromNumbers } from './report/build.js';
export { toScaled, formatScaled, decimalTextToScaled, scaledToNumber, moneyScale } from './report/money.js';
export * from './findings/finding.js';
export type { GridWorkbook, GridSheet, GridCell, GridMerge } from './grid/grid.js';
export { textToGrid } from './grid/textGrid.js';
export { version, templateVersion } from './version.js';

// the stages, as a program would call them
export { buildTemplateWorkbook, templateBuffer, writeTemplate, generateTemplates, readRoster, type TemplateOptions } from './template/index.js';
export { readWorkbookGrid, type ReadWorkbookResult } from './grid/readWorkbook.js';
export { htmlToGrid } from './grid/htmlGrid.js';
export { reportFromGrid } from './report/fromGrid.js';
export { readReport, type ReadReportResult } from './io/readReport.js';
export { checkReport } from './check/checkReport.js';
export { ruleCatalogue, otherCodes } from './check/catalogue.js';
export { findingCodes, type FindingCode, type ParamsOf } from './findings/codes.js';
export { finding } from './findings/factory.js';
export { renderReport, type RenderFormat } from './render/renderReport.js';

// the use cases
export * from './app/index.js';

// feedback to units: marked-up copies, the 审核意见 workbook, the roster-wide 审核情况
export { writeFeedbackCopy, type FeedbackInput, type FeedbackCopyOptions, type FeedbackCopyResult, type FeedbackCopyKind } from './feedback/feedbackCopy.js';
export { writeFeedbackFolder, copyNameFor, type FeedbackFileInput, type FeedbackFolderOptions, type FeedbackFolderResult } from './feedback/feedbackFolder.js';
export { feedbackSummaryWorkbook, feedbackSummaryName, type FeedbackSummaryEntry, type FeedbackSummaryOptions } from './feedback/summary.js';
export { feedbackResult, feedbackCounts, feedbackResultLabel, type FeedbackResult, type FeedbackCounts } from './feedback/opinion.js';
export { feedbackSheetName } from './workbook/contract.js';
