/**
 * Reports as units write and sites publish them: a Word document and a PDF made by LibreOffice Writer from a report
 * page (prose, the official tables with their merged cells, columns narrow enough that labels and long numbers wrap
 * in their cells), read back exactly through the same grid → locate path. Also the Word 97 `.doc` through Writer, a
 * PDF with no text layer, and a `.docx` that is not a Word document.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellSpecs, formats, type FormatDef } from '../../src/formats/index.js';
import { readReport } from '../../src/io/readReport.js';
import { reportFromNumbers } from '../../src/report/build.js';
import type { Report } from '../../src/report/report.js';
import { renderReport } from '../../src/render/renderReport.js';
import { random } from './corpus.js';
import { convertWithLibreOffice } from '../helpers/libreoffice.js';

let dir: string;

function soffice(target: string, files: string[], outDir: string): Promise<string[]> {
  return convertWithLibreOffice(files, target, outDir, { infilter: 'HTML (StarWriter)' });
}

/** A unit's report: random values, up to five digits so that numbers wrap in the narrow columns. */
function sampleReport(format: FormatDef, seed: number, unitName?: string): Report {
  const next = random(seed);
  const numbers: Record<string, number> = {};
  for (const spec of cellSpecs(format)) {
    const r = next();
    numbers[spec.key] =
      spec.domain === 'money' ? Math.floor(next() * 99_999_999) / 10_000 : spec.domain === 'signedCount' ? Math.floor(next() * 41) - 20 : r < 0.3 ? 0 : Math.floor(next() * (r < 0.6 ? 100 : 99_999));
  }
  return reportFromNumbers({ format, reportYear: format.id === '2019' ? 2020 : 2023, unit: { name: unitName ?? (format.id === '2019' ? '某某县科技局' : '某某镇人民政府') }, numbers });
}

/** The page a clerk would write: title, prose sections, the tables squeezed into half the width. */
function samplePage(report: Report): string {
  const page = renderReport(report, 'html')
    .replace(/width:100%/g, 'width:60%')
    .replace('</h1>', `</h1>
<p>本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据的统计期限为${report.reportYear}年1月1日至${report.reportYear}年12月31日。</p>
<p>一、总体情况</p>
<p>${report.reportYear}年，我单位坚持以公开为常态、不公开为例外，认真做好政府信息公开各项工作，主动接受社会监督。</p>`)
    .replace('</div>\n</body>', '<p>五、存在的主要问题及改进情况</p><p>信息公开的及时性还需加强，下一步将进一步规范公开流程。</p><p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p></div>\n</body>');
  return page;
}

const samples = [sampleReport(formats['2021'], 11), sampleReport(formats['2019'], 29), sampleReport(formats['2021'], 47)];
/** a report whose page puts its parent label's `（三）` just left of a wrapped leaf label's second line (`权益`) */
const tightLabels = sampleReport(formats['2019'], 109, '某某局');
/** measured: every value read exactly in each (a row split by a page break included) */
const borderlessCases = [
  { name: 'borderless0', report: samples[0]!, align: 'center', atLeast: 200 },
  { name: 'borderless1', report: samples[1]!, align: 'center', atLeast: 198 },
  { name: 'borderless0-left', report: samples[0]!, align: 'left', atLeast: 200 },
  { name: 'borderless1-right', report: samples[1]!, align: 'right', atLeast: 198 },
  { name: 'borderless-tight', report: tightLabels, align: 'center', atLeast: 198, plain: true },
  // table 四's one row of numbers, two of them touching: their columns are known from the headers centred above
  { name: 'borderless-headers', report: sampleReport(formats['2019'], 112, '某某局'), align: 'center', atLeast: 198, plain: true },
  // a table squeezed to 340pt: labels wrap over up to seven lines, parent labels' ends stand 1pt from the leaf labels,
  // and two numbers of table 四 touch under a header spanning both
  { name: 'borderless-narrow', report: sampleReport(formats['2021'], 501, '某某局'), align: 'left', atLeast: 200, plain: true, width: 340 },
] as const;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nianbao-docs-'));
  const pages = await Promise.all(
    samples.map(async (report, i) => {
      const file = join(dir, `sample${i}.html`);
      await writeFile(file, samplePage(report));
      return file;
    }),
  );
  // the same reports with no cell borders (both formats; numbers centred as rendered, or left/right-aligned):
  // columns and rows rebuilt from the text's alignment alone
  for (const c of borderlessCases) {
    const { name, report, align } = c;
    const borderless = join(dir, `${name}.html`);
    // `plain`: the tables alone, as rendered, without the page's prose
    const html = 'plain' in c ? renderReport(report, 'html') : samplePage(report);
    const page = ('width' in c ? html.replace(/<table style="/g, `<table width="${c.width}" style="`) : html).replace(/border:1px solid #000;/g, 'border:none;');
    await writeFile(borderless, align === 'center' ? page : page.replace(/(<td[^>]*style="[^"]*)text-align:center;([^"]*">[-\d.]+<\/td>)/g, `$1text-align:${align};$2`));
    pages.push(borderless);
  }
  const blank = join(dir, 'scanned.html');
  await writeFile(blank, '<html><body><p> </p></body></html>');
  await soffice('docx:MS Word 2007 XML', pages, dir);
  await soffice('pdf:writer_pdf_Export', [...pages, blank], dir);
  await soffice('doc:MS Word 97', [pages[0]!], dir);
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function expectSameValues(read: Report, written: Report): void {
  expect(read.format).toBe(written.format);
  expect(read.reportYear).toBe(written.reportYear);
  expect(read.unit.name).toBe(written.unit.name);
  const wrong: string[] = [];
  for (const [key, value] of Object.entries(written.values)) {
    const got = read.values[key]!;
    if (got.scaled !== value.scaled) wrong.push(`${key}: wrote ${value.raw}, read ${got.kind} “${got.raw}”`);
  }
  expect(wrong).toEqual([]);
  expect(read.findings.filter((f) => f.severity === 'error')).toEqual([]);
}

describe('Word and PDF reports read exactly', () => {
  it.each(samples.map((s, i) => [i, s.format] as const))('sample %i (format %s): .docx', async (i) => {
    const result = await readReport(join(dir, `sample${i}.docx`));
    if (!result.ok) throw new Error(result.message);
    expect(result.report.source.kind).toBe('docx');
    expectSameValues(result.report, samples[i]!);
  });

  it.each(samples.map((s, i) => [i, s.format] as const))('sample %i (format %s): .pdf', async (i) => {
    const result = await readReport(join(dir, `sample${i}.pdf`));
    if (!result.ok) throw new Error(result.message);
    expect(result.report.source.kind).toBe('pdf');
    expectSameValues(result.report, samples[i]!);
  });

  it.each(borderlessCases.map((c) => [c.name, c.report.format, c.atLeast, c.report] as const))(
    'a PDF whose tables have no rules (%s, format %s): at least %i values read exactly, none wrong, the rest named',
    async (name, _format, atLeast, written) => {
    const result = await readReport(join(dir, `${name}.pdf`));
    if (!result.ok) throw new Error(result.message);
    expect(result.report.format).toBe(written.format);
    const named = new Set(result.report.findings.flatMap((f) => f.keys ?? []));
    let read = 0;
    for (const [key, value] of Object.entries(written.values)) {
      const got = result.report.values[key]!;
      if (got.kind === 'missing') expect(named.has(key), key).toBe(true);
      else {
        expect(got.scaled, key).toBe(value.scaled);
        read++;
      }
    }
    expect(read).toBeGreaterThanOrEqual(atLeast);
    },
  );

  it('a Word 97 .doc goes through LibreOffice Writer', async () => {
    const result = await readReport(join(dir, 'sample0.doc'));
    if (!result.ok) throw new Error(result.message);
    expect(result.report.source.convertedFrom).toBe('doc');
    expectSameValues(result.report, samples[0]!);
  });

  it('a PDF with no text layer is refused with a clear reason', async () => {
    const result = await readReport(join(dir, 'scanned.pdf'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('PDF_NO_TEXT_LAYER');
    expect(result.message).toContain('scanned.pdf');
    expect(result.message).toContain('扫描件');
  });

  it('a .docx that is not a Word document says so', async () => {
    const { zipSync, strToU8 } = await import('fflate');
    const file = join(dir, 'fake.docx');
    await writeFile(file, zipSync({ 'hello.txt': strToU8('hi') }));
    const result = await readReport(file);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe('NOT_A_DOCUMENT');
  });
});
