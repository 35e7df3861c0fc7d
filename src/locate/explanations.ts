/**
 * The unit's explanations, read from our 情况说明 sheet, and only from ours: a workbook made from our template (it
 * has the metadata sheet) whose 情况说明 sheet has our header row. An explanation written anywhere else (a free-form
 * sheet, a note beside the table) is not guessed at. A row whose table or item is not one of the list's is a
 * finding naming the cell; a row without text is empty and ignored.
 */
import { explainTables } from '../explain/items.js';
import { explanationHeaders, explanationSheetName } from '../workbook/contract.js';
import type { FormatDef } from '../formats/types.js';
import { finding } from '../findings/factory.js';
import type { Finding } from '../findings/finding.js';
import { gridCell, type GridSheet, type GridWorkbook } from '../grid/grid.js';
import type { Explanation } from '../report/report.js';
import { cellText } from './labelIndex.js';
import { normaliseLabel } from '../formats/labels.js';
import type { GridMetadata } from '../workbook/contract.js';
import { placeRef } from './location.js';
import { address } from '../layout/tableLayout.js';

/** Our 情况说明 sheet in a template-made workbook, when there is one. */
export function explanationSheetOf(grid: GridWorkbook, metadata: GridMetadata | undefined): GridSheet | undefined {
  return explanationTable(grid, metadata)?.sheet;
}

/** Our 情况说明 sheet and its header row, when there is one. */
function explanationTable(grid: GridWorkbook, metadata: GridMetadata | undefined): { sheet: GridSheet; header: number } | undefined {
  if (!metadata) return undefined;
  const sheet = grid.sheets.find((s) => s.name === explanationSheetName);
  const header = sheet && headerRow(sheet);
  return sheet && header !== undefined ? { sheet, header } : undefined;
}

function headerRow(sheet: GridSheet): number | undefined {
  for (let row = 0; row < Math.min(sheet.rowCount, 10); row += 1) {
    const texts = explanationHeaders.map((_h, col) => cellText(gridCell(sheet, row, col)).trim());
    if (texts.every((t, i) => t === explanationHeaders[i])) return row;
  }
  return undefined;
}

export function readExplanations(
  grid: GridWorkbook,
  metadata: GridMetadata | undefined,
  format: FormatDef,
): { explanations: Explanation[]; findings: Finding[] } {
  const found = explanationTable(grid, metadata);
  const explanations: Explanation[] = [];
  const findings: Finding[] = [];
  if (!found) return { explanations, findings };
  const { sheet, header } = found;
  const tables = explainTables(format);
  for (let row = header + 1; row < sheet.rowCount; row += 1) {
    // most rows of the list are left empty: the text decides first
    const text = cellText(gridCell(sheet, row, 3)).trim();
    if (!text) continue;
    const [tableText, itemText] = [1, 2].map((col) => cellText(gridCell(sheet, row, col)).trim());
    const table = tables.find((t) => normaliseLabel(t.label) === normaliseLabel(tableText!));
    const item = table?.items.find((i) => normaliseLabel(i.label) === normaliseLabel(itemText!));
    if (!table || !item) {
      findings.push(
        finding(
          'EXPLANATION_UNREADABLE',
          { sheet: explanationSheetName, row: row + 1, ...(table ? { table: table.label } : {}), tableText: tableText!, itemText: itemText! },
          { file: grid.source.file, sheet: sheet.name, cells: [placeRef(grid, sheet, row, table ? 2 : 1)], actual: `${tableText}｜${itemText}` },
        ),
      );
      continue;
    }
    explanations.push({ table: table.id, item: item.label, text: text!, provenance: { file: grid.source.file, sheet: sheet.name, cell: address(row, 3) } });
  }
  return { explanations, findings };
}
