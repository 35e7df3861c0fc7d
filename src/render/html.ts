/**
 * The official tables as HTML for a government site's editor: real rowspan/colspan for the official merges, inline
 * styles only (no stylesheet, script, image or link), so pasting it anywhere keeps the look.
 */
import type { RenderedCell, RenderedDocument } from './document.js';

const font = "font-family:'宋体',SimSun,'Songti SC',serif;";
const cellBase = 'border:1px solid #000;padding:4px 6px;vertical-align:middle;';
const roleStyle: Record<RenderedCell['role'], string> = {
  title: 'text-align:center;font-weight:bold;',
  corner: 'text-align:center;font-weight:bold;',
  columnHeader: 'text-align:center;font-weight:bold;',
  rowHeader: 'text-align:left;',
  value: 'text-align:center;',
  filler: '',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const cellHtml = (text: string): string => escapeHtml(text).replace(/\r\n|\r|\n/g, '<br>');

/** The tables (and title) as one fragment: a <div> holding headings and tables. */
export function renderHtmlFragment(doc: RenderedDocument): string {
  const out: string[] = [];
  out.push(`<div style="${font}font-size:14px;color:#000;">`);
  out.push(`<h1 style="${font}text-align:center;font-size:20px;">${cellHtml(doc.title)}</h1>`);
  for (const table of doc.tables) {
    out.push(`<p style="${font}font-size:16px;font-weight:bold;">${cellHtml(table.heading)}</p>`);
    out.push(`<table style="border-collapse:collapse;width:100%;${font}font-size:14px;" cellspacing="0" cellpadding="0">`);
    out.push('<tbody>');
    for (let r = 0; r < table.height; r++) {
      const cells = table.cells.filter((c) => c.row === r);
      out.push('<tr>');
      for (const c of cells) {
        const spans = `${c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : ''}${c.colSpan > 1 ? ` colspan="${c.colSpan}"` : ''}`;
        out.push(`<td${spans} style="${cellBase}${roleStyle[c.role]}">${cellHtml(c.text)}</td>`);
      }
      out.push('</tr>');
    }
    out.push('</tbody>');
    out.push('</table>');
  }
  out.push('</div>');
  return out.join('\n') + '\n';
}

/** A complete page around the fragment (UTF-8 declared, nothing external). */
export function renderHtmlPage(doc: RenderedDocument): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(doc.title)}</title>`,
    '</head>',
    '<body>',
    renderHtmlFragment(doc).trimEnd(),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
