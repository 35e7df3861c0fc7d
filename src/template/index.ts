/** The template writer: blank templates, filled workbooks (summaries, `parse --out`), rosters and file names. */
export { buildTemplateWorkbook, templateBuffer, workbookBuffer, writeTemplate, type TemplateOptions } from './workbook.js';
export { writeTableSheets, writeTableSheet, inputValidation, type TableSheetOptions } from './tableSheet.js';
export { totalFormulas, balanceChecks, balancedText, sumFormula, TemplateValues, type TotalFormula, type BalanceCheck } from './formulas.js';
export { metadataSheetName, metadataKeys, readMetadataSheet, writeMetadataSheet, type MetadataKey, type TemplateMetadata } from './metadata.js';
export {
  basicInfoFields,
  basicInfoSheetName,
  basicInfoValueCell,
  instructionsSheetName,
  submissionDeadline,
  type BasicInfoKey,
} from './infoSheets.js';
export { protectSheet } from './protection.js';
export { repackDeterministic } from './deterministic.js';
export { readRoster, rosterFromRows, creditCodeProblem, creditCodeCheckDigit, RosterError, type RosterEntry } from './roster.js';
export { safeFileNamePart, templateFileName, uniqueFileNames, pathInside } from './fileNames.js';
export { generateTemplates, type GenerateTemplatesOptions, type WrittenTemplate } from './generate.js';
