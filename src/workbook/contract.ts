/**
 * The workbook contract: every fact that makes a workbook ours, in one place. Writers (template, summary, feedback
 * copies) write from it and readers (locate, fromGrid, previous, readReport) recognise from it, so a sheet name or a
 * metadata key cannot drift between the side that writes it and the side that looks for it. These names are also
 * what workbooks already sent out carry: changing one here breaks the committed templates and last year's files.
 */
import { gridCell, type GridSheet, type GridWorkbook } from '../grid/grid.js';
import { cellText } from '../locate/labelIndex.js';

// ── sheet names ──────────────────────────────────────────────────────────────────────────────────────────────────
export const instructionsSheetName = '填表说明';
export const basicInfoSheetName = '基本信息';
export const explanationSheetName = '情况说明';
/** the header row of the 情况说明 table, as the reader looks for it */
export const explanationHeaders = ['序号', '表', '行（项目）', '情况说明'] as const;
/** very hidden: key/value rows saying which format, layout version and unit a template (or summary) carries */
export const metadataSheetName = '_nianbao';
/** the sheets of a consolidated summary besides the three official tables and 基本信息 */
export const summarySheetNames = {
  overview: '汇总说明',
  detail: '分单位明细',
  findings: '校验结果',
  submissions: '报送情况',
} as const;
/** the sheet of a marked-up copy (and of the stand-alone workbook) that says what to correct */
export const feedbackSheetName = '审核意见';
/** very hidden: key/value rows saying a workbook is a nianbao feedback copy or the 审核情况 summary */
export const feedbackMarkerSheetName = '_nianbao_feedback';
/** the sheet (and file stem) of the roster-wide feedback summary */
export const feedbackSummarySheetName = '审核情况';

// ── 基本信息 ─────────────────────────────────────────────────────────────────────────────────────────────────────
/** The rows of 基本信息: label in column A, value in column B, from row 2 (row 1 is the title). */
export const basicInfoFields = [
  { key: 'name', label: '单位名称' },
  { key: 'code', label: '统一社会信用代码' },
  { key: 'region', label: '所属地区' },
  { key: 'reportYear', label: '报告年度' },
  { key: 'filler', label: '填报人' },
  { key: 'phone', label: '联系电话' },
  { key: 'filledDate', label: '填报日期' },
] as const;
export type BasicInfoKey = (typeof basicInfoFields)[number]['key'];

export function basicInfoLabel(key: BasicInfoKey): string {
  return basicInfoFields.find((f) => f.key === key)!.label;
}

/** The address of the value cell of a 基本信息 field (`B2` for 单位名称). */
export function basicInfoValueCell(key: BasicInfoKey): string {
  return `B${basicInfoFields.findIndex((f) => f.key === key) + 2}`;
}

// ── the metadata sheet ───────────────────────────────────────────────────────────────────────────────────────────
/** What each metadata row is called in column A (the stored text is the value, read back in any order). */
export const metadataKey = {
  format: 'format',
  templateVersion: 'templateVersion',
  reportYear: 'reportYear',
  unitName: 'unitName',
  unitCode: 'unitCode',
  region: 'region',
  generatorVersion: 'generatorVersion',
  /** present (true) only in a consolidated summary */
  isSummary: 'isSummary',
} as const;
export type MetadataField = keyof typeof metadataKey;
/** The rows every template and summary writes, in order (a summary adds `isSummary`). */
export const templateMetadataFields = ['format', 'templateVersion', 'reportYear', 'unitName', 'unitCode', 'region', 'generatorVersion'] as const satisfies readonly MetadataField[];
export type TemplateMetadata = Record<(typeof templateMetadataFields)[number], string | number>;

/** The metadata rows to write, as [key, value] pairs in order. */
export function metadataRows(metadata: TemplateMetadata, o: { summary?: boolean } = {}): [string, string | number][] {
  const rows: [string, string | number][] = templateMetadataFields.map((f) => [metadataKey[f], metadata[f]]);
  if (o.summary) rows.push([metadataKey.isSummary, 'true']);
  return rows;
}

/**
 * The validation lists of 情况说明 live in the metadata sheet beside its key/value rows (tables in column D, items in
 * column E), so they neither show nor get in a reader's way.
 */
export const metadataListColumns = { tables: 4, items: 5 } as const;

/** `_nianbao!$D$1:$D$7`: the range of a list in the metadata sheet. */
export function metadataListRange(column: number, count: number): string {
  const letter = String.fromCharCode(64 + column);
  return `${metadataSheetName}!$${letter}$1:$${letter}$${count}`;
}

// ── the feedback marker ──────────────────────────────────────────────────────────────────────────────────────────
/** What each row of the marker sheet is called in column A (a marked-up copy writes them all, in this order). */
export const markerKey = {
  kind: 'kind',
  generatorVersion: 'generatorVersion',
  sourceFile: 'sourceFile',
  checkedAt: 'checkedAt',
  result: 'result',
  /** sha256 over every other part of the package: a copy whose digest still matches is untouched */
  digest: 'digest',
} as const;
export type MarkerField = keyof typeof markerKey;
/** How the marker sheet's part is found among a copy's parts (its part name is whatever number was free). */
export const markerComment = '<!--nianbao-feedback-marker-->';
/** The marker's `kind`: a marked-up copy, or the roster-wide 审核情况 summary. */
export const markerKinds = { copy: 'feedback', summary: 'feedback-summary' } as const;

// ── 分单位明细 ────────────────────────────────────────────────────────────────────────────────────────────────────
/** The keys of the identity columns in the hidden key row of 分单位明细 (the data columns carry their cell keys). */
export const detailKeys = {
  index: '#index',
  unitName: '#unitName',
  unitCode: '#unitCode',
  status: '#status',
  included: '#included',
  file: '#file',
} as const;
/** What the 计入汇总 column says. */
export const includedText = { yes: '是', no: '否' } as const;

// ── recognising ──────────────────────────────────────────────────────────────────────────────────────────────────
export type GridMetadata = ReadonlyMap<string, string>;

export function isMetadataSheet(sheet: GridSheet): boolean {
  return sheet.name === metadataSheetName;
}

/** Key/value rows of a sheet (column A → column B), read in any order; empty keys skipped. */
function keyValueRows(sheet: GridSheet): Map<string, string> {
  const keys = new Map<number, string>();
  const values = new Map<number, string>();
  for (const cell of sheet.cells.values()) {
    if (cell.col === 0) keys.set(cell.row, cellText(cell).trim());
    else if (cell.col === 1) values.set(cell.row, cellText(cell).trim());
  }
  const result = new Map<string, string>();
  for (const [row, key] of keys) if (key) result.set(key, values.get(row) ?? '');
  return result;
}

/** The metadata of a workbook made by nianbao (template or summary); undefined when it has no metadata sheet. */
export function readGridMetadata(grid: GridWorkbook): GridMetadata | undefined {
  const sheet = grid.sheets.find(isMetadataSheet);
  return sheet ? keyValueRows(sheet) : undefined;
}

/** `true`, `TRUE`, `1`, `是` → true. */
export function metadataFlag(value: string | undefined): boolean {
  return value !== undefined && /^(?:true|1|是|yes)$/i.test(value.trim());
}

/** True when the grid has the summary's per-unit detail and submissions sheets. */
export function carriesSummarySheets(grid: GridWorkbook): boolean {
  const names = new Set(grid.sheets.map((s) => s.name.trim()));
  return names.has(summarySheetNames.detail) && names.has(summarySheetNames.submissions);
}

/**
 * A consolidated summary written by nianbao: its metadata says so, or it carries the summary's own sheets (a summary
 * re-saved by another program may lose the very-hidden metadata sheet). A summary is never summed with unit returns.
 */
export function isSummaryWorkbook(grid: GridWorkbook, metadata: GridMetadata | undefined = readGridMetadata(grid)): boolean {
  return metadataFlag(metadata?.get(metadataKey.isSummary)) || carriesSummarySheets(grid);
}

/** The key/value rows of the feedback marker sheet, when the grid has one. */
export function feedbackMarker(sheets: readonly GridSheet[]): Map<string, string> | undefined {
  const sheet = sheets.find((s) => s.name === feedbackMarkerSheetName);
  if (!sheet) return undefined;
  const out = new Map<string, string>();
  // grid rows and columns count from 0
  for (let row = 0; row < Math.min(sheet.rowCount, 50); row += 1) {
    const key = gridCell(sheet, row, 0)?.text;
    if (key) out.set(key, gridCell(sheet, row, 1)?.text ?? '');
  }
  return out;
}

/**
 * Sheets that hold our own words, never a unit's data, and are therefore not read: 填表说明 in a workbook made from
 * our template (it has the metadata sheet) and 审核意见 in a marked-up copy (it has the feedback marker). A sheet of
 * that name in a workbook without our sheet is the unit's and is read like any other.
 */
export const ownTextSheets = [
  { names: [instructionsSheetName], when: metadataSheetName },
  { names: [feedbackSheetName], when: feedbackMarkerSheetName },
] as const;
