/**
 * A sheet as cells: the one shape every source (workbook, published text, HTML) is turned into before the official
 * tables are located in it. Readers produce grids; `locate` consumes them and never sees the file format.
 */

/** What a reader found in one cell, before any interpretation. */
export interface GridCell {
  /** 0-based row and column */
  row: number;
  col: number;
  /** the stored value: a number, a string, a boolean, or null for an empty cell */
  value: number | string | boolean | null;
  /** what a person sees in the cell (a formula's cached result; the text of a number as displayed) */
  text: string;
  /** present when the cell holds a formula (without the leading `=`) */
  formula?: string;
  /** true when the cell has a formula but the file stores no result for it */
  formulaWithoutResult?: boolean;
  /** true when the file stored no result and nianbao computed it from the cells (`formulaEval.ts`) */
  evaluated?: boolean;
  /** an error value such as `#REF!` */
  error?: string;
  /** the number format code, when the file gives one (used to tell dates and percentages from counts) */
  numberFormat?: string;
}

export interface GridMerge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface GridSheet {
  name: string;
  /** sparse: only cells that hold something; keyed by `row * 16384 + col` for fast lookup */
  cells: Map<number, GridCell>;
  merges: GridMerge[];
  /** hidden or very hidden sheets (our metadata sheet) */
  state?: 'visible' | 'hidden' | 'veryHidden';
  rowCount: number;
  colCount: number;
  /**
   * Published text only: how many fields each line has, empty ones included (`规章\t0\t0\t` has 4), which the
   * sparse `cells` cannot tell. Lets locate see whether a line's fields stand under the header's columns.
   */
  lineWidths?: ReadonlyMap<number, number>;
  /**
   * Published text only: lines whose empty fields are cells the text shows as empty (`规章 | 0 | | 0 |`, or a `|`
   * alone on a line), as opposed to tab lines, where trailing and leading tabs are often the sheet's width.
   */
  explicitFields?: ReadonlySet<number>;
  /** Published text only: the source line (0-based) of each row, when lines were split (a table flattened into one line) */
  sourceLines?: readonly number[];
}

/** Where a grid came from, for provenance and messages. */
export interface GridSource {
  /** the path the user gave (never a temporary converted copy) */
  file: string;
  kind: 'xlsx' | 'text' | 'html' | 'docx' | 'pdf';
  /** set when the file was converted (e.g. `.xls` → `.xlsx` by LibreOffice) before reading */
  convertedFrom?: string;
}

export interface GridWorkbook {
  source: GridSource;
  sheets: GridSheet[];
}

export const gridIndex = (row: number, col: number): number => row * 16384 + col;

export function gridCell(sheet: GridSheet, row: number, col: number): GridCell | undefined {
  return sheet.cells.get(gridIndex(row, col));
}

/** Zero-width characters web editors leave in text (`&#8203;`, joiners, a stray BOM): invisible, they separate nothing. */
export const zeroWidth = /[\u200b-\u200d\u2060\ufeff]/g;
