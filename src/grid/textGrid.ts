/**
 * Published report text → a grid: one row per line, cells split on tabs or `|`. The tables keep whatever shape the
 * publisher left them in; finding the official tables in it is `locate`'s job, as for any workbook.
 */
import { gridIndex, type GridCell, type GridSheet, type GridWorkbook } from './grid.js';

export function textToGrid(text: string, file: string): GridWorkbook {
  const cells = new Map<number, GridCell>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  let colCount = 0;
  lines.forEach((line, row) => {
    const parts = splitLine(line);
    colCount = Math.max(colCount, parts.length);
    parts.forEach((part, col) => {
      const t = part.trim();
      if (t !== '') cells.set(gridIndex(row, col), { row, col, value: t, text: t });
    });
  });
  const sheet: GridSheet = { name: '正文', cells, merges: [], rowCount: lines.length, colCount };
  return { source: { file, kind: 'text' }, sheets: [sheet] };
}

function splitLine(line: string): string[] {
  if (line.includes('\t')) return line.split('\t');
  // markdown-style `| a | b |` rows: drop the outer bars
  if (line.includes('|')) return line.replace(/^\s*\|/, '').replace(/\|\s*$/, '').split('|');
  return [line];
}
