/**
 * Last year's summary (`--previous`): the region's Report, for the carry-over check of the region total, and each
 * unit's figures from its 分单位明细 (found by the hidden key row), for the carry-over check per unit.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { cellSpecMap, formats } from '../formats/index.js';
import type { FormatId } from '../formats/types.js';
import { readReport } from '../io/readReport.js';
import { toScaled } from '../report/money.js';
import type { Report, ReportValue } from '../report/report.js';
import { summarySheetNames } from '../locate/summaryMarks.js';
import { normaliseUnitName } from './submissions.js';

export interface PreviousSummary {
  region: Report;
  /** last year's per-unit Reports, by normalised code and by normalised name */
  byCode: Map<string, Report>;
  byName: Map<string, Report>;
}

export class PreviousSummaryError extends Error {
  readonly code = 'PREVIOUS_UNREADABLE';
}

const normaliseCode = (code: string): string => code.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

export async function readPreviousSummary(file: string): Promise<PreviousSummary> {
  const read = await readReport(file);
  if (!read.ok) throw new PreviousSummaryError(`上年汇总 ${basename(file)} 无法读取：${read.message}`);
  const region = read.report;
  const byCode = new Map<string, Report>();
  const byName = new Map<string, Report>();
  // exceljs is loaded only when last year's summary is given
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
  } catch {
    return { region, byCode, byName }; // not a workbook we wrote: the region check still runs
  }
  const sheet = wb.getWorksheet(summarySheetNames.detail);
  if (!sheet) return { region, byCode, byName };
  let keys: string[] | undefined;
  const format = formats[region.format as FormatId];
  const specs = cellSpecMap(format);
  sheet.eachRow((row, rowNumber) => {
    const cells = (row.values as unknown[]).slice(1);
    if (!keys) {
      if (cells.includes('#unitName')) keys = cells.map((c) => String(c ?? ''));
      return;
    }
    const at = (k: string) => cells[keys!.indexOf(k)];
    if (at('#index') === null || at('#index') === undefined || at('#included') === '否') return; // totals row, unused files
    const name = String(at('#unitName') ?? '');
    const code = String(at('#unitCode') ?? '');
    const values: Record<string, ReportValue> = {};
    keys.forEach((key, i) => {
      const spec = specs.get(key);
      if (!spec) return;
      const v = cells[i];
      const provenance = { file, sheet: sheet.name, cell: `${row.getCell(i + 1).address}` };
      if (typeof v === 'number') {
        const scaled = toScaled(v, spec.domain);
        values[key] = { kind: v === 0 ? 'zero' : 'number', scaled, number: v, raw: String(v), provenance };
      } else if (v === null || v === undefined || v === '') {
        values[key] = { kind: 'blank', scaled: null, number: null, raw: '', provenance };
      } else {
        values[key] = { kind: 'text', scaled: null, number: null, raw: String(v), provenance };
      }
    });
    void rowNumber;
    const unit: Report = {
      format: format.id,
      reportYear: region.reportYear,
      unit: { name, ...(code ? { code } : {}) },
      source: { file, kind: 'workbook' },
      values,
      findings: [],
    };
    if (code) byCode.set(normaliseCode(code), unit);
    if (name) byName.set(normaliseUnitName(name), unit);
  });
  return { region, byCode, byName };
}

/**
 * Last year's figures of a unit: by its code, else by its name. The returned Report names the unit only by what
 * matched, so a roster's spelling of the name does not make the checks think it is another unit.
 */
export function previousOfUnit(previous: PreviousSummary, unit: { name?: string; code?: string }): Report | undefined {
  const byCode = unit.code ? previous.byCode.get(normaliseCode(unit.code)) : undefined;
  if (byCode) return { ...byCode, unit: { code: unit.code! } };
  const byName = unit.name ? previous.byName.get(normaliseUnitName(unit.name)) : undefined;
  return byName ? { ...byName, unit: { name: unit.name! } } : undefined;
}
