/**
 * What LibreOffice made of a workbook, read from its flat ODS export: per sheet, every cell's address, text, note
 * (annotation) and background colour. Repeated rows and columns are expanded by address, not materialised.
 */

export interface FodsCell {
  text: string;
  note?: string;
  background?: string;
  formula?: string;
  /** a hyperlink's target, as LibreOffice writes it (`#'Sheet'.A1` or `#Sheet.A1`, quotes removed) */
  link?: string;
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const paragraphs = (xml: string) =>
  [...xml.matchAll(/<text:p\b[^>]*>([\s\S]*?)<\/text:p>|<text:p\b[^>]*\/>/g)].map((m) => unescape((m[1] ?? '').replace(/<text:line-break\/>/g, '\n').replace(/<[^>]+>/g, ''))).join('\n');

function column(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

export function fodsSheets(xml: string): { names: string[]; cells: Map<string, Map<string, FodsCell>> } {
  const backgrounds = new Map<string, string>();
  for (const m of xml.matchAll(/<style:style style:name="([^"]+)" style:family="table-cell"[^>]*>([\s\S]*?)<\/style:style>/g)) {
    const bg = /fo:background-color="(#[0-9a-fA-F]{6})"/.exec(m[2]!)?.[1];
    if (bg) backgrounds.set(m[1]!, bg.toLowerCase());
  }
  const names: string[] = [];
  const cells = new Map<string, Map<string, FodsCell>>();
  for (const t of xml.matchAll(/<table:table table:name="([^"]*)"[^>]*>([\s\S]*?)<\/table:table>/g)) {
    const name = unescape(t[1]!);
    names.push(name);
    const sheet = new Map<string, FodsCell>();
    cells.set(name, sheet);
    let row = 0;
    for (const r of t[2]!.matchAll(/<table:table-row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-row>)/g)) {
      const rows = Number(/table:number-rows-repeated="(\d+)"/.exec(r[1]!)?.[1] ?? 1);
      let col = 0;
      for (const c of (r[2] ?? '').matchAll(/<table:(table-cell|covered-table-cell)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/table:\1>)/g)) {
        const repeat = Number(/table:number-columns-repeated="(\d+)"/.exec(c[2]!)?.[1] ?? 1);
        const body = c[3] ?? '';
        const annotation = /<office:annotation\b[^>]*>([\s\S]*?)<\/office:annotation>/.exec(body);
        const style = /table:style-name="([^"]+)"/.exec(c[2]!)?.[1];
        const formula = /table:formula="([^"]+)"/.exec(c[2]!)?.[1];
        const text = paragraphs(body.replace(/<office:annotation\b[\s\S]*?<\/office:annotation>/, ''));
        const background = style ? backgrounds.get(style) : undefined;
        const href = /<text:a\b[^>]*xlink:href="([^"]+)"/.exec(body)?.[1];
        const link = href ? unescape(href).replace(/'/g, '') : undefined;
        if (text || annotation || background || formula) {
          for (let k = 0; k < Math.min(repeat, 64); k += 1) {
            sheet.set(`${column(col + k + 1)}${row + 1}`, {
              text,
              ...(annotation ? { note: paragraphs(annotation[1]!.replace(/<dc:[^>]*>[\s\S]*?<\/dc:[^>]*>/g, '')) } : {}),
              ...(background ? { background } : {}),
              ...(formula ? { formula: unescape(formula) } : {}),
              ...(link ? { link } : {}),
            });
          }
        }
        col += repeat;
      }
      row += rows;
    }
  }
  return { names, cells };
}
