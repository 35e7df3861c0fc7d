/** The template writer: blank templates, filled workbooks (summaries, `parse --out`), rosters and file names. */
export { buildTemplateWorkbook, templateBuffer, workbookBuffer, writeTemplate, type TemplateOptions } from './workbook.js';
export { writeTableSheets, writeTableSheet, inputValidation, type TableSheetOptions } from './tableSheet.js';
export { totalFormulas, balanceChecks, balancedText, sumFormula, TemplateValues, type TotalFormula, type BalanceCheck } from './formulas.js';
export { writeMetadataSheet } from './metadata.js';
export { submissionDeadline } from './infoSheets.js';
// the sheet names, 基本信息 fields and metadata keys are the workbook contract's
export {
  basicInfoFields,
  basicInfoSheetName,
  basicInfoValueCell,
  instructionsSheetName,
  metadataSheetName,
  metadataKey,
  type BasicInfoKey,
  type TemplateMetadata,
} from '../workbook/contract.js';
export { protectSheet } from './protection.js';
export { repackDeterministic } from './deterministic.js';
export { readRoster, rosterFromRows, creditCodeProblem, creditCodeCheckDigit, RosterError, type RosterEntry } from './roster.js';
export { safeFileNamePart, templateFileName, uniqueFileNames, pathInside } from './fileNames.js';
export { generateTemplates, type GenerateTemplatesOptions, type WrittenTemplate } from './generate.js';
