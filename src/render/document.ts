/**
 * A Report laid out as the official tables, independent of the output syntax: the title, and for each table its
 * heading and positioned cells (from src/layout/tableLayout.ts, so the spans are the template's spans). The HTML,
 * Markdown and text renderers only print this.
 */
import { cellSpecMap, formats, reportTitleSuffix, type CellSpec } from '../formats/index.js';
import { tableLayout, type LayoutCell } from '../layout/tableLayout.js';
import { formatScaled } from '../report/money.js';
import type { Report, ReportValue } from '../report/report.js';

/** A layout cell's position, span and role, with the text to print (labels, or the value shown in a value cell). */
export type RenderedCell = Pick<LayoutCell, 'row' | 'col' | 'rowSpan' | 'colSpan' | 'role' | 'text'>;

export interface RenderedTable {
  heading: string;
  width: number;
  height: number;
  /** top-left cells of the layout, row-major */
  cells: RenderedCell[];
}

export interface RenderedDocument {
  title: string;
  tables: RenderedTable[];
}

export interface RenderOptions {
  /** replaces the title made from the unit (or region) name and the report year */
  title?: string;
}

/**
 * A value as a clerk would type it: numbers exactly (money with its decimals), blank and not-found as empty, and
 * anything else (`—`, `无`, words, errors) as the text the source held.
 */
export function valueText(value: ReportValue | undefined, spec: CellSpec | undefined): string {
  if (!value) return '';
  switch (value.kind) {
    case 'number':
    case 'zero':
      return value.scaled !== null && spec ? formatScaled(value.scaled, spec.domain) : value.raw;
    case 'blank':
    case 'missing':
      return '';
    default:
      return value.raw;
  }
}

/** `嵩县科技和工业信息化局2020年政府信息公开工作年度报告`; a summary is titled by its region and marked as one. */
export function reportTitle(report: Report): string {
  const who = (report.source.isSummary ? (report.unit.region ?? report.unit.name) : (report.unit.name ?? report.unit.region)) ?? '';
  const year = report.reportYear === null ? '' : String(report.reportYear);
  // without a year the suffix's leading 年 would dangle
  const suffix = year === '' ? reportTitleSuffix.replace(/^年/, '') : reportTitleSuffix;
  return `${who}${year}${suffix}${report.source.isSummary ? '（汇总）' : ''}`;
}

export function reportDocument(report: Report, o: RenderOptions = {}): RenderedDocument {
  const format = formats[report.format];
  const specs = cellSpecMap(format);
  const tables = format.tables.map((table): RenderedTable => {
    const layout = tableLayout(table);
    return {
      heading: table.heading,
      width: layout.width,
      height: layout.height,
      cells: layout.cells.map((c) => ({
        row: c.row,
        col: c.col,
        rowSpan: c.rowSpan,
        colSpan: c.colSpan,
        role: c.role,
        text: c.role === 'value' && c.key ? valueText(report.values[c.key], specs.get(c.key)) : c.text,
      })),
    };
  });
  return { title: o.title ?? reportTitle(report), tables };
}

/** The table as a full rectangle of texts: each cell's text at its top-left, the rest of its span empty. */
export function tableMatrix(table: RenderedTable): string[][] {
  const rows = Array.from({ length: table.height }, () => Array<string>(table.width).fill(''));
  for (const c of table.cells) rows[c.row]![c.col] = c.text;
  return rows;
}
