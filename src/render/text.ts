/**
 * The official tables as plain text, the way published reports carry them: the title, each table's heading, and
 * one tab-separated line per table row, a merged cell's text at its top-left position.
 */
import { tableMatrix, type RenderedDocument } from './document.js';

const cellText = (text: string): string => text.replace(/[\t\r\n]+/g, ' ');

export function renderText(doc: RenderedDocument): string {
  const out: string[] = [doc.title, ''];
  for (const table of doc.tables) {
    out.push(table.heading, '');
    for (const row of tableMatrix(table)) out.push(row.map(cellText).join('\t'));
    out.push('');
  }
  return out.join('\n');
}
