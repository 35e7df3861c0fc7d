/**
 * Writes the very-hidden metadata sheet of a template or summary: the key/value rows of the workbook contract
 * (`src/workbook/contract.ts`), which readers recognise through the grid (`readGridMetadata`).
 */
import type ExcelJS from 'exceljs';
import { metadataRows, metadataSheetName, type TemplateMetadata } from '../workbook/contract.js';

export function writeMetadataSheet(workbook: ExcelJS.Workbook, metadata: TemplateMetadata, o: { summary?: boolean } = {}): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(metadataSheetName, { state: 'veryHidden' });
  sheet.getColumn(1).width = 20;
  sheet.getColumn(2).width = 40;
  for (const row of metadataRows(metadata, o)) sheet.addRow(row);
  return sheet;
}
