/**
 * A Word document (.docx) → a grid, by way of the HTML it stands for: paragraphs become lines, tables (`w:tbl`) become
 * HTML tables with `gridSpan` as colspan and `vMerge` runs as rowspan, and the HTML reader makes the grid. So a
 * report written in Word takes the same path as a web page (merged cells honoured by position), and no second table
 * reader exists. Units often write the whole report in Word: prose, title and tables alike are read.
 */
import type { GridWorkbook } from './grid.js';
import { htmlToGrid } from './htmlGrid.js';
import { WorkbookReadError } from './readFailure.js';
import { ZipArchive, defaultZipLimits } from './zipArchive.js';

interface DocxCell {
  text: string;
  span: number;
  /** 'restart' starts a vertical merge, 'continue' is covered by the cell above */
  vMerge?: 'restart' | 'continue';
}

type Block = { kind: 'p'; text: string } | { kind: 'table'; rows: DocxCell[][] };

const tagPattern = /<(\/?)(w:tbl|w:tr|w:tc|w:p|w:t|w:tab|w:br|w:cr|w:gridSpan|w:vMerge|w:delText|w:instrText)\b([^>]*?)(\/?)>|([^<]+)|<[^>]*>/g;

/** `word/document.xml` → paragraphs and tables in reading order (nested tables flattened after their cell's text). */
export function docxBlocks(xml: string): Block[] {
  const blocks: Block[] = [];
  // the table being built at each nesting level
  const tables: { rows: DocxCell[][]; cell?: DocxCell }[] = [];
  let paragraph: string | null = null;
  let inText = false;
  let skipText = false;
  for (const m of xml.matchAll(tagPattern)) {
    const [, closing, name, attrs = '', selfClosing, text] = m;
    if (text !== undefined) {
      if (inText && !skipText && paragraph !== null) paragraph += decodeXml(text);
      continue;
    }
    if (!name) continue;
    const top = tables.at(-1);
    if (name === 'w:tbl') {
      if (!closing) tables.push({ rows: [] });
      else {
        const done = tables.pop();
        if (done) blocks.push({ kind: 'table', rows: done.rows });
      }
    } else if (name === 'w:tr' && top) {
      if (!closing) top.rows.push([]);
    } else if (name === 'w:tc' && top) {
      if (!closing) {
        top.cell = { text: '', span: 1 };
        top.rows.at(-1)?.push(top.cell);
      } else top.cell = undefined;
    } else if (name === 'w:gridSpan' && top?.cell) {
      const span = Number(/w:val="(\d+)"/.exec(attrs)?.[1] ?? '1');
      top.cell.span = Number.isInteger(span) && span > 0 && span <= 64 ? span : 1;
    } else if (name === 'w:vMerge' && top?.cell) {
      top.cell.vMerge = /w:val="restart"/.test(attrs) ? 'restart' : 'continue';
    } else if (name === 'w:p') {
      if (!closing && !selfClosing) paragraph = '';
      else if (closing && paragraph !== null) {
        if (top?.cell) top.cell.text += (top.cell.text ? '\n' : '') + paragraph;
        else blocks.push({ kind: 'p', text: paragraph });
        paragraph = null;
      } else if (selfClosing && !top?.cell) blocks.push({ kind: 'p', text: '' });
    } else if (name === 'w:t') {
      inText = !closing && !selfClosing;
    } else if (name === 'w:delText' || name === 'w:instrText') {
      // deleted text and field codes are not what the page shows
      skipText = !closing && !selfClosing;
    } else if ((name === 'w:tab' || name === 'w:br' || name === 'w:cr') && paragraph !== null) {
      paragraph += name === 'w:tab' ? '\t' : '\n';
    }
  }
  return blocks;
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (e, n: string) => {
    if (n === 'lt') return '<';
    if (n === 'gt') return '>';
    if (n === 'amp') return '&';
    if (n === 'quot') return '"';
    if (n === 'apos') return "'";
    const code = n.startsWith('#x') ? parseInt(n.slice(2), 16) : parseInt(n.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : e;
  });
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br>');

/** The blocks as the HTML they stand for: vertical merges become rowspans on the cell that starts them. */
export function docxBlocksToHtml(blocks: readonly Block[]): string {
  const out: string[] = ['<html><body>'];
  for (const block of blocks) {
    if (block.kind === 'p') {
      out.push(`<p>${escapeHtml(block.text)}</p>`);
      continue;
    }
    // grid column of every cell, so a continuation is matched to the cell above it by column
    const positioned = block.rows.map((row) => {
      let col = 0;
      return row.map((cell) => {
        const at = { cell, col, rowSpan: 1 };
        col += cell.span;
        return at;
      });
    });
    positioned.forEach((row, r) => {
      for (const at of row) {
        if (at.cell.vMerge !== 'restart') continue;
        for (let below = r + 1; below < positioned.length; below++) {
          const next = positioned[below]!.find((x) => x.col === at.col);
          if (!next || next.cell.vMerge !== 'continue') break;
          at.rowSpan += 1;
        }
      }
    });
    out.push('<table>');
    for (const row of positioned) {
      out.push('<tr>');
      for (const at of row) {
        if (at.cell.vMerge === 'continue') {
          // covered by a rowspan above; a continuation with no start above it is an empty cell of its own
          const r = positioned.indexOf(row);
          const covered = positioned.slice(0, r).some((above) => above.some((x) => x.col === at.col && x.cell.vMerge === 'restart'));
          if (covered) continue;
        }
        const attrs = `${at.cell.span > 1 ? ` colspan="${at.cell.span}"` : ''}${at.rowSpan > 1 ? ` rowspan="${at.rowSpan}"` : ''}`;
        out.push(`<td${attrs}>${escapeHtml(at.cell.text)}</td>`);
      }
      out.push('</tr>');
    }
    out.push('</table>');
  }
  out.push('</body></html>');
  return out.join('\n');
}

/** A .docx file's bytes → its grid; a zip without `word/document.xml` is not a Word document. */
export function docxToGrid(bytes: Uint8Array, file: string): GridWorkbook {
  const zip = new ZipArchive(bytes, defaultZipLimits);
  const xml = zip.text('word/document.xml');
  if (xml === undefined) throw new WorkbookReadError('NOT_A_WORKBOOK', '它不是 Word 文档（压缩包内没有 word/document.xml）');
  const grid = htmlToGrid(docxBlocksToHtml(docxBlocks(xml)), file);
  grid.source.kind = 'docx';
  return grid;
}
