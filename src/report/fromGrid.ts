/**
 * Grid → Report: locate every data point, classify what its cell holds, and record where it came from. Every reader
 * (template workbook, any workbook, published text, HTML) ends here, so all of them follow the same rules.
 */
import path from 'node:path';
import { cellSpecMap, cellSpecs, firstReportYear, formatForYear, tableNumeral, type CellKey } from '../formats/index.js';
import { finding } from '../findings/factory.js';
import { narrativeFindings, narrativeStatements } from '../narrative/statements.js';
import type { Finding } from '../findings/finding.js';
import type { GridWorkbook } from '../grid/grid.js';
import { gridCell } from '../grid/grid.js';
import { classifyValue } from '../extract/classifyValue.js';
import { locate } from '../locate/locate.js';
import { findingSheet, placeRef, provenanceOf, tableTitle } from '../locate/location.js';
import { isSummaryWorkbook, metadataKey, readGridMetadata } from '../workbook/contract.js';
import { readUnitInfo } from '../locate/unitInfo.js';
import { readExplanations } from '../locate/explanations.js';
import type { Report, ReportValue } from './report.js';

export interface ReportFromGridOptions {
  /** the report year the caller expects (a consolidation's year): a stated year that differs is a finding */
  expectedYear?: number;
}

export function reportFromGrid(grid: GridWorkbook, o: ReportFromGridOptions = {}): Report {
  const file = grid.source.file;
  const metadata = readGridMetadata(grid);
  const info = readUnitInfo(grid, metadata);
  const location = locate(grid, { metadata, yearHint: info.statedYear ?? o.expectedYear ?? null });
  const { format } = location;
  const explained = readExplanations(grid, metadata, format);
  const findings: Finding[] = [...info.findings, ...location.findings, ...explained.findings];
  const textOption = { fromText: grid.source.kind !== 'xlsx' };

  const values: Record<CellKey, ReportValue> = {};
  for (const spec of cellSpecs(format)) {
    const at = location.placements.get(spec.key);
    const provenance = provenanceOf(grid, at);
    if (!at) {
      values[spec.key] = { kind: 'missing', scaled: null, number: null, raw: '', provenance };
      continue;
    }
    const classified = classifyValue(gridCell(at.sheet, at.row, at.col), spec.domain, textOption);
    // built field by field (object rest/spread here costs more than the whole locate step), and with the formula in
    // the literal: a property added afterwards costs a property array per value
    const { kind, scaled, number, raw, formula } = classified;
    const value: ReportValue =
      formula === undefined ? { kind, scaled, number, raw, provenance } : { kind, scaled, number, raw, provenance, formula };
    if (classified.readAs !== undefined) value.readAs = classified.readAs;
    values[spec.key] = value;
    if (classified.notes.length === 0) continue;
    for (const note of classified.notes) {
      const where = `${tableTitle(spec.table.heading, tableNumeral[spec.table.id])}“${spec.row.label || spec.column.label}”·“${spec.column.label}”`;
      findings.push(
        finding(note.code, { ...note.params, where } as never, {
          file,
          ...findingSheet(grid, at.sheet),
          cells: [placeRef(grid, at.sheet, at.row, at.col)],
          keys: [spec.key],
          actual: classified.raw,
        }),
      );
    }
  }

  // published reports state figures in their prose too: each one tied to its cells is compared with the tables
  if (grid.source.kind !== 'xlsx') {
    const specs = cellSpecMap(format);
    const name = (key: CellKey) => {
      const spec = specs.get(key)!;
      return `${tableTitle(spec.table.heading, tableNumeral[spec.table.id])}“${spec.row.label || spec.column.label}”·“${spec.column.label}”`;
    };
    findings.push(...narrativeFindings(narrativeStatements(grid, format), values, file, name));
  }

  const statedYear = info.statedYear;
  if (o.expectedYear !== undefined && statedYear !== null && statedYear !== o.expectedYear) {
    findings.push(
      finding('REPORT_YEAR_MISMATCH', { stated: statedYear, expected: o.expectedYear }, { file, expected: o.expectedYear, actual: statedYear }),
    );
  }
  const yearForFormat = statedYear ?? o.expectedYear ?? null;
  if (yearForFormat !== null) {
    let expectedFormat: string | undefined;
    try {
      expectedFormat = formatForYear(yearForFormat).id;
    } catch {
      findings.push(finding('REPORT_YEAR_UNSUPPORTED', { year: yearForFormat, earliest: firstReportYear }, { file, actual: yearForFormat }));
    }
    if (expectedFormat !== undefined && expectedFormat !== format.id) {
      findings.push(
        finding(
          'FORMAT_YEAR_MISMATCH',
          {
            year: yearForFormat,
            expected: expectedFormat,
            expectedIssuedBy: formatForYear(yearForFormat).issuedBy,
            actual: format.id,
            actualIssuedBy: format.issuedBy,
          },
          { file, expected: expectedFormat, actual: format.id },
        ),
      );
    }
  }

  const unitName = info.unit.name;
  const nameProblem = unitName ? unitNameProblem(unitName) : undefined;
  if (nameProblem) {
    findings.push(finding('UNIT_NAME_SUSPICIOUS', { problem: nameProblem }, { file, actual: shortened(unitName!) }));
  }
  const extension = path.extname(file).toLowerCase();
  if (grid.source.convertedFrom && (extension === '.xlsx' || extension === '.xlsm')) {
    findings.push(
      finding(
        'FILE_EXTENSION_MISMATCH',
        { name: path.basename(file), extension, actual: grid.source.convertedFrom },
        { file, actual: grid.source.convertedFrom },
      ),
    );
  }
  if (unitName) for (const f of findings) f.unit ??= unitName;
  const kind = grid.source.kind === 'xlsx' ? (location.via === 'template' ? 'template' : 'workbook') : grid.source.kind;
  const templateVersion = metadata?.get(metadataKey.templateVersion);
  return {
    format: format.id,
    reportYear: statedYear,
    unit: info.unit,
    source: {
      file,
      kind,
      ...(templateVersion ? { templateVersion } : {}),
      ...(isSummaryWorkbook(grid, metadata) ? { isSummary: true } : {}),
      sheets: location.tableSheets,
      ...(grid.source.convertedFrom ? { convertedFrom: grid.source.convertedFrom } : {}),
    },
    values,
    findings,
    ...(explained.explanations.length > 0 ? { explanations: explained.explanations } : {}),
  };
}

const shortened = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…（共 ${text.length} 个字符）` : text);

/**
 * What makes a unit name look like something else: it ends up in summaries, CSV exports and file names, so a name
 * that is really a formula, a path or a pasted document is worth a look (the name itself is kept as given).
 */
function unitNameProblem(name: string): string | undefined {
  if (name.length > 100) return `长达 ${name.length} 个字符（“${shortened(name)}”），不像一个单位名称`;
  if (/^[=+\-@]/.test(name)) return `“${shortened(name)}”以“${name[0]}”开头，像是电子表格公式而不是名称`;
  if (/[\\/]|^\.\.?$/.test(name)) return `“${shortened(name)}”含有路径字符，不像一个单位名称`;
  return undefined;
}
