/**
 * A template workbook for one unit and one report year: 填表说明, 基本信息, one sheet per official table, 情况说明 and
 * the very-hidden metadata sheet. With a Report it becomes a filled workbook (consolidated summaries, `parse --out`).
 */
import { writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { FormatDef } from '../formats/types.js';
import type { Report, UnitInfo } from '../report/report.js';
import { templateVersion, version } from '../version.js';
import { repackDeterministic } from './deterministic.js';
import { writeBasicInfoSheet, writeInstructionsSheet } from './infoSheets.js';
import { writeMetadataSheet } from './metadata.js';
import { writeExplanationLists, writeExplanationSheet } from './explanationSheet.js';
import { protectSheet } from './protection.js';
import { writeTableSheets } from './tableSheet.js';
import { compactValidations } from './validationRanges.js';

export interface TemplateOptions {
  format: FormatDef;
  reportYear: number;
  unit?: UnitInfo;
  /** 所属地区: written into 基本信息 (unless the unit has its own) and named in 填表说明 as the authority's area */
  region?: string;
  /** a password on the sheet protection (none by default) */
  password?: string;
  /** values to write into the input cells (blank template: every input 0) */
  report?: Report;
}

/** The workbook's own dates are fixed so that the same inputs give the same file. */
const fixedWorkbookDate = new Date(Date.UTC(2019, 0, 1));

export function buildTemplateWorkbook(o: TemplateOptions): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'nianbao';
  workbook.lastModifiedBy = 'nianbao';
  workbook.created = fixedWorkbookDate;
  workbook.modified = fixedWorkbookDate;
  workbook.title = `${o.reportYear}年度政府信息公开工作年度报告统计表`;
  workbook.calcProperties.fullCalcOnLoad = true;
  const unit: UnitInfo = { ...(o.report?.unit ?? {}), ...(o.unit ?? {}) };
  const region = unit.region ?? o.region;
  if (region !== undefined) unit.region = region;
  writeInstructionsSheet(workbook, o.format, o.reportYear, region, o.password);
  writeBasicInfoSheet(workbook, o.reportYear, unit, o.password);
  writeTableSheets(workbook, o.format, o.report, { password: o.password });
  writeExplanationSheet(workbook, o.format, o.password);
  const metadata = writeMetadataSheet(workbook, {
    format: o.format.id,
    templateVersion,
    reportYear: o.reportYear,
    unitName: unit.name ?? '',
    unitCode: unit.code ?? '',
    region: region ?? '',
    generatorVersion: version,
  });
  writeExplanationLists(metadata, o.format);
  protectSheet(metadata, o.password);
  // every sheet's validations as non-overlapping ranges (exceljs's own grouping overlaps; some readers reject that)
  for (const sheet of workbook.worksheets) compactValidations(sheet);
  // open on the first table, where the work is
  workbook.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
  return workbook;
}

/** The xlsx bytes of a workbook, byte-identical for identical workbooks. */
export async function workbookBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  const raw = await workbook.xlsx.writeBuffer();
  return repackDeterministic(new Uint8Array(raw as ArrayBuffer));
}

export async function templateBuffer(o: TemplateOptions): Promise<Buffer> {
  return workbookBuffer(buildTemplateWorkbook(o));
}

export async function writeTemplate(o: TemplateOptions, path: string): Promise<void> {
  await writeFile(path, await templateBuffer(o));
}
