/**
 * CSV (a roster, the portal's link list) → a grid of text cells, so a roster saved as CSV is read like one saved as a
 * workbook: one sheet, each field a cell, the line a record starts on as its row.
 */
import { gridIndex, type GridCell, type GridSheet, type GridWorkbook } from './grid.js';
import { decodeText } from './textGrid.js';

/** Decode a CSV: UTF-8 (with or without BOM), or GB18030 (what Excel on a Chinese Windows saves) when not UTF-8. */
export function decodeCsv(bytes: Uint8Array): string {
  return decodeText(bytes).text;
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes (doubled) and line breaks. `lines`: where each record starts. */
export function parseCsv(text: string): { rows: string[][]; lines: number[] } {
  const rows: string[][] = [];
  const lines: number[] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      lines.push(rowLine);
      row = [];
      field = '';
      line++;
      rowLine = line;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
    lines.push(rowLine);
  }
  return { rows, lines };
}

/** A CSV text as a one-sheet grid; a record that spans lines sits on the row of the line it starts on. */
export function csvToGrid(text: string, file: string, sheetName: string): GridWorkbook {
  const { rows, lines } = parseCsv(text);
  const cells = new Map<number, GridCell>();
  let rowCount = 0;
  let colCount = 0;
  rows.forEach((fields, i) => {
    const row = lines[i]! - 1;
    fields.forEach((value, col) => {
      if (value === '') return;
      cells.set(gridIndex(row, col), { row, col, value, text: value });
      colCount = Math.max(colCount, col + 1);
    });
    rowCount = Math.max(rowCount, row + 1);
  });
  const sheet: GridSheet = { name: sheetName, cells, merges: [], state: 'visible', rowCount, colCount };
  return { source: { file, kind: 'text' }, sheets: [sheet] };
}
