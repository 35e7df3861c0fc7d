/**
 * The official tables as Markdown pipe tables. Markdown has no spans, so a merged cell's text stands at its top-left
 * position and the rest of its span is left empty, as in the published text; the pipe table's own header row is left
 * empty so that every row of the official table is an ordinary row.
 */
import { tableMatrix, type RenderedDocument } from './document.js';

const cellMarkdown = (text: string): string =>
  text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r\n|\r|\n/g, '<br>');

export function renderMarkdown(doc: RenderedDocument): string {
  const out: string[] = [`# ${doc.title}`, ''];
  for (const table of doc.tables) {
    out.push(`## ${table.heading}`, '');
    const line = (cells: readonly string[]): string => `| ${cells.map(cellMarkdown).join(' | ')} |`;
    out.push(line(Array<string>(table.width).fill('')));
    out.push(`|${Array<string>(table.width).fill('---').join('|')}|`);
    for (const row of tableMatrix(table)) out.push(line(row));
    out.push('');
  }
  return out.join('\n');
}
