/**
 * The very-hidden `_nianbao` sheet: key/value rows that tell a reader which format, layout version and unit a
 * workbook made from our template carries, so it can go straight to the cells.
 */
import type ExcelJS from 'exceljs';

export const metadataSheetName = '_nianbao';

/** The keys in column A of the metadata sheet, in order. */
export const metadataKeys = ['format', 'templateVersion', 'reportYear', 'unitName', 'unitCode', 'region', 'generatorVersion'] as const;
export type MetadataKey = (typeof metadataKeys)[number];
export type TemplateMetadata = Record<MetadataKey, string | number>;

export function writeMetadataSheet(workbook: ExcelJS.Workbook, metadata: TemplateMetadata): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(metadataSheetName, { state: 'veryHidden' });
  sheet.getColumn(1).width = 20;
  sheet.getColumn(2).width = 40;
  for (const key of metadataKeys) sheet.addRow([key, metadata[key]]);
  return sheet;
}

/** Read the metadata back from a workbook opened with exceljs (undefined when it is not one of our templates). */
export function readMetadataSheet(workbook: ExcelJS.Workbook): Partial<Record<MetadataKey, string>> | undefined {
  const sheet = workbook.getWorksheet(metadataSheetName);
  if (!sheet) return undefined;
  const result: Partial<Record<MetadataKey, string>> = {};
  sheet.eachRow((row) => {
    const key = String(row.getCell(1).text);
    if ((metadataKeys as readonly string[]).includes(key)) result[key as MetadataKey] = row.getCell(2).text;
  });
  return result;
}
