/**
 * Published reports as government web pages really hold them: the official tables (rowspan/colspan) written by hand,
 * by CMS editors or by Word's "save as web page" — `<p>`/`<span>` with `mso-` styles and `<o:p>` inside every cell,
 * numbers in their own `<span lang=EN-US>`, `<br>` inside labels, `<th>` headers, upper-case or unclosed tags, the
 * page's layout tables around the content, table 二 as one table per block, table 三 split over two pages with its
 * headers repeated, tables in another order, a page cut off. Every value is read exactly or not at all (with a finding
 * naming it); a row that no longer stands under its headers is never read by column.
 */
import { describe, expect, it } from 'vitest';
import { cellSpecs, formats } from '../../src/formats/index.js';
import { htmlToGrid } from '../../src/grid/htmlGrid.js';
import { textToGrid } from '../../src/grid/textGrid.js';
import { reportDocument } from '../../src/render/document.js';
import { renderHtmlFragment } from '../../src/render/html.js';
import { reportFromGrid } from '../../src/report/fromGrid.js';
import { decimalTextToScaled } from '../../src/report/money.js';
import type { Report } from '../../src/report/report.js';
import { browserCopy2021, randomValues, seed2019, type Written } from './realWorld.js';

const readingCodes = new Set(['TABLE_NOT_FOUND', 'ROW_NOT_FOUND', 'VALUE_COUNT_MISMATCH', 'ROW_POSITIONS_AMBIGUOUS', 'COLUMN_NOT_FOUND', 'CELL_CLAIMED_TWICE']);
const readHtml = (html: string): Report => reportFromGrid(htmlToGrid(html, '年报.html'));
const expected = (w: Written, key: string, domain: string) => (domain === 'money' ? decimalTextToScaled(w.values.get(key)!) : Number(w.values.get(key)!));

/** Values read: every one as written; missing ones named by a finding. Returns how many were read. */
function expectNothingWrong(w: Written, r: Report): number {
  const named = new Set(r.findings.flatMap((f) => f.keys ?? []));
  const wrong: string[] = [];
  let read = 0;
  for (const spec of w.specs) {
    const v = r.values[spec.key]!;
    if (v.kind === 'missing') {
      if (!named.has(spec.key)) wrong.push(`${spec.key}: missing without a finding`);
      continue;
    }
    read++;
    if (v.scaled !== expected(w, spec.key, spec.domain)) wrong.push(`${spec.key}: wrote “${w.values.get(spec.key)}”, read ${v.kind} “${v.raw}”`);
  }
  expect(wrong).toEqual([]);
  return read;
}

function expectReadExactly(w: Written, html: string): void {
  const r = readHtml(html);
  expect(r.format).toBe(w.format);
  expect(expectNothingWrong(w, r)).toBe(w.specs.length);
  expect(r.findings.filter((f) => readingCodes.has(f.code)).map((f) => f.message)).toEqual([]);
}

/** Word's "save as web page": every cell a MsoNormal paragraph with spans, numbers in EN-US spans, `<o:p>`. */
const wordExport = (h: string) =>
  h
    .replace(/<td([^>]*)>([\s\S]*?)<\/td>/g, (_, a: string, c: string) =>
      `<td${a.replace(/style="[^"]*"/, "width=64 valign=top style='width:48.0pt;border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'")}>` +
      `<p class=MsoNormal align=center style='text-align:center;mso-pagination:widow-orphan'><span style='font-size:10.5pt;font-family:宋体;mso-bidi-font-family:宋体;color:black;mso-font-kerning:0pt'>` +
      `${c.replace(/(\d+(?:\.\d+)?)/g, '<span lang=EN-US>$1</span>')}<span lang=EN-US><o:p></o:p></span></span></p></td>`)
    .replace(/<tr>/g, "<tr style='mso-yfti-irow:1;height:15.75pt'>")
    .replace(/^/, '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta name=Generator content="Microsoft Word 15"><!--[if gte mso 9]><xml><o:DocumentProperties></o:DocumentProperties></xml><![endif]--></head><body lang=ZH-CN><div class=WordSection1>')
    .replace(/$/, '</div></body></html>');

const variants: Record<string, (h: string) => string> = {
  'Word export (mso- styles, <o:p>, EN-US spans)': wordExport,
  'upper-case tags': (h) => h.replace(/<(\/?)(td|tr|table|tbody)/g, (_, s: string, t: string) => `<${s}${t.toUpperCase()}`),
  'end tags omitted (</td>, </tr>)': (h) => h.replace(/<\/td>|<\/tr>/g, ''),
  'inside the page’s layout tables, beside a navigation table': (h) =>
    `<html><body><table width="100%"><tr><td><div class="nav"><a href="/">首页</a></div><table><tr><td>导航</td><td>政务公开</td></tr></table></td></tr><tr><td class="content">${h}</td></tr></table></body></html>`,
  '<th> headers': (h) => h.replace(/<td([^>]*font-weight:bold[^>]*)>([\s\S]*?)<\/td>/g, '<th$1>$2</th>'),
  '<p><span> inside cells, white space around': (h) => h.replace(/<td([^>]*)>([\s\S]*?)<\/td>/g, (_, a: string, c: string) => `<td${a}>\n  <p style="text-indent:0"><span style="font-size:12pt">${c}</span></p>\n</td>`),
  '<br> inside labels': (h) => h.replace(/>(本年[^<]{2})([^<]{3,})</g, '>$1<br/>$2<').replace(/>(（[一二三四五六七]）)([^<]+)</g, '>$1<br>$2<'),
  'digits split over spans': (h) => h.replace(/>(\d)(\d+)</g, '>$1<span>$2</span><'),
  '&nbsp; padding and &#12288; in labels': (h) => h.replace(/>(\d+(?:\.\d+)?)</g, '>&nbsp;$1&nbsp;<').replace(/>(（[一二三四五六七]）)([^<]+)</g, '>$1&#12288;$2<'),
  'comments, <thead>, <colgroup>': (h) => h.replace(/<tr>/g, '<!-- row --><tr>').replace(/<tbody>/g, '<colgroup><col width="80"><col width="60"></colgroup><thead></thead><tbody>'),
  'an empty cell added at the end of every row': (h) => h.replace(/<\/tr>/g, '<td>&nbsp;</td></tr>'),
  'text hidden from view (display:none, visibility:hidden, hidden) in cells, hidden cells and rows': (h) =>
    h
      .replace(/>(\d)(\d*)</g, '>$1<span style="display:none">9</span>$2<font style="color:red; visibility: hidden">8</font><')
      .replace(/>(（[一二三四五六七]）)([^<]+)</g, '>$1<i hidden>规章</i>$2<')
      .replace(/<tr>/g, '<tr style="DISPLAY: none"><td>规章</td><td>99</td></tr><tr>'),
  '&#8203; (zero-width spaces) in labels and numbers': (h) => h.replace(/>([^<]{2})([^<]+)</g, '>$1&#8203;$2<').replace(/>(\d+)</g, '>&#8203;$1&#x200B;<'),
};

const bases = [
  { name: '2021', text: browserCopy2021, format: '2021' as const, seed: 7 },
  { name: '2019', text: seed2019, format: '2019' as const, seed: 19 },
];

describe.each(bases)('the $name format as a web page', ({ text, format, seed }) => {
  const written = randomValues(text, format, seed);
  const page = renderHtmlFragment(reportDocument(reportFromGrid(textToGrid(written.text, '年报.txt'))));
  const tables = page.match(/<table[\s\S]*?<\/table>/g)!;

  it('the base page reads exactly', () => {
    expect(tables).toHaveLength(3);
    expect(cellSpecs(formats[format])).toHaveLength(written.specs.length);
    expectReadExactly(written, page);
  });

  it.each(Object.entries(variants))('%s', (_name, variant) => {
    expectReadExactly(written, variant(page));
  });

  it('Word export inside the layout tables, with <th> headers', () => {
    expectReadExactly(written, variants['inside the page’s layout tables, beside a navigation table']!(variants['<th> headers']!(wordExport(page))));
  });

  it('table 二 as one <table> per block, each title a paragraph above it', () => {
    const rows = tables[0]!.match(/<tr>[\s\S]*?<\/tr>/g)!;
    let html = '';
    let current: string[] = [];
    const flush = () => {
      if (current.length) html += `<table border="1"><tbody>${current.join('')}</tbody></table>`;
      current = [];
    };
    for (const tr of rows) {
      if (/colspan="4"[^>]*>第二十/.test(tr)) {
        flush();
        html += `<p>${tr.replace(/<[^>]+>/g, '').trim()}</p>`;
      } else current.push(tr);
    }
    flush();
    expect(html.match(/<table/g)!.length).toBeGreaterThanOrEqual(4);
    expectReadExactly(written, page.replace(tables[0]!, html));
  });

  it('tables in another order (四, 三, 二)', () => {
    const reordered = page.replace(/<p[^>]*>二、[\s\S]*$/, (m) => {
      const parts = m.split(/(?=<p[^>]*>[二三四五六]、)/);
      return [parts[2], parts[1], parts[0], ...parts.slice(3)].join('');
    });
    expect(reordered.indexOf('四、')).toBeLessThan(reordered.indexOf('二、'));
    expectReadExactly(written, reordered);
  });

  describe('table 三 split over two pages, its headers repeated, the merged labels of the cut group lost', () => {
    const rows = tables[1]!.match(/<tr>[\s\S]*?<\/tr>/g)!;
    const head = rows.slice(0, 3);
    const body = rows.slice(3);
    const cut = 12;
    const split = (second: string[]) =>
      page.replace(tables[1]!, `<table><tbody>${[...head, ...body.slice(0, cut)].join('')}</tbody></table><p>（续表）</p><table><tbody>${[...head, ...second].join('')}</tbody></table>`);

    it('the rows after the cut moved left under the wrong headers: read in order, every value exact', () => {
      expectReadExactly(written, split(body.slice(cut)));
    });

    it('a moved row that also lost a cell is refused, never read by column', () => {
      const dropped = body.slice(cut).map((tr, i) => (i === 1 ? tr.replace(/<td[^>]*>[^<]*<\/td>\s*<\/tr>/, '</tr>') : tr));
      const r = readHtml(split(dropped));
      const read = expectNothingWrong(written, r);
      expect(read).toBeLessThan(written.specs.length);
      expect(r.findings.map((f) => f.code)).toContain('VALUE_COUNT_MISMATCH');
    });
  });

  it('a page cut off inside table 三: what is read is exact, the rest named', () => {
    const rows = tables[1]!.match(/<tr>[\s\S]*?<\/tr>/g)!;
    const r = readHtml(page.slice(0, page.indexOf(rows[20]!)));
    const read = expectNothingWrong(written, r);
    expect(read).toBeGreaterThan(100);
    expect(read).toBeLessThan(written.specs.length);
  });
});
