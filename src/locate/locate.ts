/**
 * Find every official table of a grid and map each data point to its cell. A workbook made from our template names
 * its format in the metadata sheet and is verified label by label against the layout (the fast path); everything
 * else, and every table whose labels moved, is found by label search. The format is always what the labels say.
 */
import { currentFormat, formatForYear, formats, tableNumeral, type CellKey } from '../formats/index.js';
import type { FormatDef, FormatId, TableId } from '../formats/types.js';
import { finding } from '../findings/factory.js';
import type { Finding } from '../findings/finding.js';
import type { GridWorkbook } from '../grid/grid.js';
import { detectFormat } from './detectFormat.js';
import { LabelIndex } from './labelIndex.js';
import { searchTable } from './labelSearch.js';
import { tableTitle, type Location, type Placement } from './location.js';
import { isMetadataSheet, metadataKey, type GridMetadata } from '../workbook/contract.js';
import { templatePlacements } from './templatePath.js';
import { explanationSheetOf } from './explanations.js';
import { refuseSharedCells } from './sharedCells.js';
import { refuseLabelValues } from './labelsInValues.js';

export interface LocateOptions {
  metadata?: GridMetadata;
  /** the year the source states (or the caller expects): picks the format only when the labels cannot */
  yearHint?: number | null;
}

export function locate(grid: GridWorkbook, o: LocateOptions = {}): Location {
  const file = grid.source.file;
  const findings: Finding[] = [];
  const placements = new Map<CellKey, Placement>();
  const tableSheets: Partial<Record<TableId, string>> = {};
  const claimed = o.metadata?.get(metadataKey.format);
  const metadataFormat = claimed !== undefined && claimed in formats ? formats[claimed as FormatId] : undefined;

  let pending: FormatDef['tables'][number][] = [];
  let format: FormatDef | undefined = metadataFormat;
  if (metadataFormat) {
    for (const table of metadataFormat.tables) {
      const sheet = grid.sheets.find((s) => s.name === table.sheetName);
      // each verified table's positions go straight into the one map
      if (sheet && templatePlacements(sheet, table, placements)) {
        tableSheets[table.id] = sheet.name;
      } else pending.push(table);
    }
    if (pending.length === 0) return { format: metadataFormat, via: 'template', placements, tableSheets, findings };
  }

  // our own 情况说明 sheet names rows of the tables in its lists and its rows: never a place to find a table
  const explanations = explanationSheetOf(grid, o.metadata);
  const index = new LabelIndex(grid, (s) => isMetadataSheet(s) || s === explanations);
  const { detected } = detectFormat(index);
  if (metadataFormat && detected && detected.id !== metadataFormat.id) {
    findings.push(
      finding('METADATA_FORMAT_MISMATCH', { metadata: metadataFormat.id, detected: detected.id }, { file, expected: metadataFormat.id, actual: detected.id }),
    );
    placements.clear();
    for (const k of Object.keys(tableSheets)) delete tableSheets[k as TableId];
    pending = [...detected.tables];
    format = detected;
  }
  if (!format && !detected) {
    // the labels do not say: the year decides, and the report says which; with no year either, it says it cannot tell
    const byYear = formatFromYear(o.yearHint);
    findings.push(
      byYear
        ? finding('FORMAT_FROM_YEAR', { year: o.yearHint!, format: byYear.id, issuedBy: byYear.issuedBy }, { file, actual: byYear.id })
        : finding('FORMAT_UNDETERMINED', { assumed: currentFormat.id }, { file }),
    );
  }
  format ??= detected ?? formatFromYear(o.yearHint) ?? currentFormat;
  const sequential = grid.source.kind === 'text' || grid.source.kind === 'pdf';
  const searched = new Set<CellKey>();
  for (const table of metadataFormat && format === metadataFormat ? pending : format.tables) {
    if (metadataFormat && format === metadataFormat) {
      findings.push(finding('TEMPLATE_LAYOUT_CHANGED', { table: tableTitle(table.heading, tableNumeral[table.id]) }, { file }));
    }
    const preferred = grid.sheets.findIndex((s) => s.name === table.sheetName);
    const result = searchTable({ index, sequential }, table, preferred >= 0 ? preferred : undefined);
    for (const [k, p] of result.placements) {
      placements.set(k, p);
      searched.add(k);
    }
    if (result.sheet) tableSheets[table.id] = result.sheet.name;
    findings.push(...result.findings);
  }
  findings.push(...refuseSharedCells(grid, placements));
  findings.push(...refuseLabelValues(grid, format, placements, searched));
  return { format, via: metadataFormat ? 'template' : 'labels', placements, tableSheets, findings };
}

function formatFromYear(year: number | null | undefined): FormatDef | undefined {
  if (year === null || year === undefined) return undefined;
  try {
    return formatForYear(year);
  } catch {
    // a year before 2019: no format for it
    return undefined;
  }
}
