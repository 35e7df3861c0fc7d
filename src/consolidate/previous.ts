/**
 * Last year's data (`--previous`): a unit's return, or a summary nianbao wrote — the region's Report, for the
 * carry-over check of the region total, and each unit's figures from its 分单位明细 (found by the hidden key row of
 * the workbook contract), for the carry-over check per unit. The file is read once, through the same grid reader as
 * every input (so a summary re-saved by LibreOffice, or an .xls/.ods copy of it, reads the same way).
 */
import { basename } from 'node:path';
import { cellSpecMap, formats } from '../formats/index.js';
import type { FormatId } from '../formats/types.js';
import { gridCell, type GridSheet } from '../grid/grid.js';
import { isReportJson, readReportJson, readSourceGrid, reportOfGrid, type GridResult } from '../io/readReport.js';
import { address } from '../layout/tableLayout.js';
import { cellText } from '../locate/labelIndex.js';
import { toScaled } from '../report/money.js';
import type { Report, ReportValue } from '../report/report.js';
import { detailKeys, includedText, summarySheetNames } from '../workbook/contract.js';
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

export interface ReadPreviousOptions {
  /** how the file becomes a grid (default: the reader every input goes through) */
  readGrid?: (file: string) => Promise<GridResult>;
}

/** Last year's file as its Report, and, when it is a summary, its per-unit figures; or why it cannot be read. */
export type PreviousRead = { ok: true; report: Report; summary?: PreviousSummary } | { ok: false; message: string };

const normaliseCode = (code: string): string => code.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

export async function readPrevious(file: string, o: ReadPreviousOptions = {}): Promise<PreviousRead> {
  if (isReportJson(file)) return readReportJson(file);
  const source = await (o.readGrid ?? readSourceGrid)(file);
  if (!source.ok) return source;
  const detail = source.grid.sheets.find((s) => s.name === summarySheetNames.detail);
  const read = reportOfGrid(source.grid);
  if (!read.ok) return read;
  if (!read.report.source.isSummary) return read;
  return { ok: true, report: read.report, summary: { region: read.report, ...unitsOf(detail, read.report, file) } };
}

/**
 * Last year's summary for a consolidation: the region's Report (any readable Report serves for the region check) and
 * the per-unit figures when it is a summary of ours.
 */
export async function readPreviousSummary(file: string, o: ReadPreviousOptions = {}): Promise<PreviousSummary> {
  const read = await readPrevious(file, o);
  if (!read.ok) throw new PreviousSummaryError(`上年汇总 ${basename(file)} 无法读取：${read.message}`);
  return read.summary ?? { region: read.report, byCode: new Map(), byName: new Map() };
}

/** Each unit's row of 分单位明细 (after the hidden key row) as a Report. */
function unitsOf(sheet: GridSheet | undefined, region: Report, file: string): Pick<PreviousSummary, 'byCode' | 'byName'> {
  const byCode = new Map<string, Report>();
  const byName = new Map<string, Report>();
  if (!sheet) return { byCode, byName };
  const texts = (row: number): string[] => Array.from({ length: sheet.colCount }, (_, col) => cellText(gridCell(sheet, row, col)));
  let keyRow = -1;
  for (let row = 0; row < Math.min(sheet.rowCount, 10) && keyRow < 0; row++) if (texts(row).includes(detailKeys.unitName)) keyRow = row;
  if (keyRow < 0) return { byCode, byName };
  const keys = texts(keyRow);
  const format = formats[region.format as FormatId];
  const specs = cellSpecMap(format);
  const columnOf = (key: string) => keys.indexOf(key);
  for (let row = keyRow + 1; row < sheet.rowCount; row++) {
    const at = (key: string) => cellText(gridCell(sheet, row, columnOf(key))).trim();
    // the totals row has no 序号; files that did not enter the sums are not last year's figures
    if (at(detailKeys.index) === '' || at(detailKeys.included) === includedText.no) continue;
    const name = at(detailKeys.unitName);
    const code = at(detailKeys.unitCode);
    const values: Record<string, ReportValue> = {};
    keys.forEach((key, col) => {
      const spec = specs.get(key);
      if (!spec) return;
      const cell = gridCell(sheet, row, col);
      const v = cell?.value ?? null;
      const provenance = { file, sheet: sheet.name, cell: address(row, col) };
      if (typeof v === 'number') {
        values[key] = { kind: v === 0 ? 'zero' : 'number', scaled: toScaled(v, spec.domain), number: v, raw: String(v), provenance };
      } else if (v === null || v === '') {
        values[key] = { kind: 'blank', scaled: null, number: null, raw: '', provenance };
      } else {
        values[key] = { kind: 'text', scaled: null, number: null, raw: cellText(cell), provenance };
      }
    });
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
  }
  return { byCode, byName };
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
