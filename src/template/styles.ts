/**
 * How the template looks: the fonts, fills and borders of an official statistical table. Kept in one place so every
 * sheet (and the summary writer that reuses the table sheets) looks the same.
 */
import type ExcelJS from 'exceljs';
import type { ValueDomain } from '../formats/types.js';

export const labelFontName = '宋体';
export const bodyFontName = '仿宋';

const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };
export const allBorders: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };

const solid = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb }, bgColor: { argb } });

/** header and block-title cells */
export const headerFill = solid('FFD9E1F2');
/** input cells: a light yellow a clerk recognises as "type here" */
export const inputFill = solid('FFFFF2CC');
/** formula cells: grey, "computed, do not type" */
export const totalFill = solid('FFEDEDED');
/** the live balance check when it does not hold (a conditional format: its fill colour is the background colour) */
export const alarmFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } };

export const labelFont = (bold = false): Partial<ExcelJS.Font> => ({ name: labelFontName, size: 11, bold });
export const bodyFont = (bold = false): Partial<ExcelJS.Font> => ({ name: bodyFontName, size: 11, bold });

export const numberFormats: Record<ValueDomain, string> = {
  count: '0',
  signedCount: '+0;-0;0',
  money: '0.0000',
};

/** Approximate width of a text in Excel column units: CJK and full-width characters take two. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\uffff]/u.test(ch) || ch.codePointAt(0)! > 0xffff ? 2.1 : 1.1;
  return w;
}

/** Height in points of one text line at 11 pt, as Excel and LibreOffice lay it out. */
export const lineHeight = 14.5;
