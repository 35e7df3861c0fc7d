/**
 * Issue 9, "prints like the official form" (9) and non-overlapping validations (10): the templates and a 30-unit
 * summary exported to PDF by LibreOffice (page size and count), and what the workbooks say about printing.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { consolidate } from '../../src/app/consolidate.js';
import { generateTemplates } from '../../src/template/generate.js';
import { random, randomUnit, unitCode, writeUnit } from '../consolidate/fixtures.js';
import { convertWithLibreOffice } from '../helpers/libreoffice.js';
import { pdfPages, type PdfPage } from '../helpers/pdf.js';
import { templateCell, tempDir } from './helpers.js';
import ExcelJS from 'exceljs';

/** Every part of an xlsx as text. */
function parts(file: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, data] of Object.entries(unzipSync(readFileSync(file)))) if (name.endsWith('.xml') || name.endsWith('.rels')) out.set(name, Buffer.from(data).toString('utf8'));
  return out;
}

/** Sheet name → its worksheet XML, through workbook.xml and its relationships. */
function sheetsOf(p: Map<string, string>): Map<string, string> {
  const rels = new Map([...p.get('xl/_rels/workbook.xml.rels')!.matchAll(/<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
  const relsAlt = new Map([...p.get('xl/_rels/workbook.xml.rels')!.matchAll(/<Relationship [^>]*Target="([^"]+)"[^>]*Id="([^"]+)"/g)].map((m) => [m[2]!, m[1]!]));
  const out = new Map<string, string>();
  for (const m of p.get('xl/workbook.xml')!.matchAll(/<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"/g)) {
    const target = (rels.get(m[2]!) ?? relsAlt.get(m[2]!))!.replace(/^\/?xl\//, '');
    out.set(m[1]!, p.get(`xl/${target}`)!);
  }
  return out;
}

type Rect = { top: number; left: number; bottom: number; right: number };
const colNumber = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
function rect(ref: string): Rect {
  const [a, b = a] = ref.split(':');
  const p = (x: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(x)!;
    return { col: colNumber(m[1]!), row: Number(m[2]) };
  };
  const s = p(a!);
  const e = p(b!);
  return { top: s.row, left: s.col, bottom: e.row, right: e.col };
}
const overlap = (x: Rect, y: Rect) => x.left <= y.right && y.left <= x.right && x.top <= y.bottom && y.top <= x.bottom;

function overlappingValidations(sheetXml: string): string[] {
  const refs = [...sheetXml.matchAll(/<dataValidation [^>]*sqref="([^"]+)"/g)].flatMap((m) => m[1]!.split(/\s+/));
  const bad: string[] = [];
  refs.forEach((a, i) => refs.slice(i + 1).forEach((b) => overlap(rect(a), rect(b)) && bad.push(`${a} ∩ ${b}`)));
  return bad;
}

const count = (pages: PdfPage[]) => pages.reduce<Record<string, number>>((a, p) => ((a[p.size] = (a[p.size] ?? 0) + 1), a), {});

describe('printing (LibreOffice PDF export)', () => {
  const dir = tempDir();
  let template = '';
  let summary = '';
  const pdf = new Map<string, PdfPage[]>();

  beforeAll(async () => {
    const [t] = await generateTemplates({ reportYear: 2025, outDir: join(dir, 'tpl'), unit: { name: '某局' } });
    template = t!.path;
    const rand = random(42);
    mkdirSync(join(dir, 'units'));
    for (let i = 0; i < 30; i++) await writeUnit(join(dir, 'units'), `u${i}.xlsx`, { name: `示例县第${i + 1}单位`, code: unitCode(i + 1) }, randomUnit(rand));
    summary = join(dir, 'summary.xlsx');
    await consolidate({ inputs: [join(dir, 'units')], year: 2025, region: '示例县', out: summary, now: new Date('2026-02-10T09:00:00+08:00') });
    // one LibreOffice run for both
    const written = await convertWithLibreOffice([template, summary], 'pdf', dir);
    for (const f of written) pdf.set(f.includes('summary') ? 'summary' : 'template', pdfPages(readFileSync(f)));
  }, 300_000);

  it('the template prints each official table on one A4 page (填表说明, 基本信息 and 情况说明 one page each)', () => {
    // 填表说明, 基本信息, 表二, 表三, 表四, 情况说明: before issue 9, 表三 took two pages (its print area was ignored)
    expect(pdf.get('template')!.map((p) => p.size)).toEqual(['A4 portrait', 'A4 portrait', 'A4 portrait', 'A4 landscape', 'A4 landscape', 'A4 landscape']);
  });

  it('a 30-unit summary prints on 28 A4 pages (64, most of them US Letter, before issue 9)', () => {
    const pages = pdf.get('summary')!;
    // 29 until 校验结果 and 报送情况 got their 单位的情况说明 and 报送记录 columns (issue 12): fit to width, one page less
    expect(count(pages)).toEqual({ 'A4 portrait': 3, 'A4 landscape': 25 });
  });

  it('print areas are absolute; the summary’s tables carry region and year, no input fill, and are protected; the detail repeats its headers and names', async () => {
    for (const file of [template, summary]) {
      const names = [...parts(file).get('xl/workbook.xml')!.matchAll(/<definedName name="_xlnm.Print_Area"[^>]*>([^<]+)</g)].map((m) => m[1]!);
      expect(names.length).toBeGreaterThanOrEqual(3);
      for (const n of names) expect(n).toMatch(/!\$[A-Z]+\$\d+:\$[A-Z]+\$\d+$/);
    }
    const p = parts(summary);
    const sheets = sheetsOf(p);
    const table = sheets.get('三、依申请公开')!;
    expect(table).toContain('示例县 2025年度');
    expect(table).toMatch(/<sheetProtection /);
    // the template's yellow input fill is not on the summary's official tables (it is on the template's)
    const inputKey = 'applications.granted.natural';
    const at = templateCell(inputKey);
    const fillOf = async (file: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      return (wb.getWorksheet(at.sheet)!.getCell(at.address).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
    };
    expect(await fillOf(template)).toBe('FFFFF2CC');
    expect(await fillOf(summary)).not.toBe('FFFFF2CC');
    const titles = [...p.get('xl/workbook.xml')!.matchAll(/<definedName name="_xlnm.Print_Titles"[^>]*>([^<]+)</g)].map((m) => m[1]!);
    expect(titles.some((t) => t.includes('分单位明细') && t.includes('$A:$B') && t.includes('$1:$3'))).toBe(true);
    expect(sheets.get('分单位明细')).toMatch(/<pageSetup [^>]*paperSize="9"[^>]*orientation="landscape"/);
    expect(sheets.get('汇总说明')).toMatch(/<pageSetup [^>]*paperSize="9"/);
    expect(sheets.get('汇总说明')).toMatch(/<mergeCell ref="A1:C1"\/>/);
  });

  it('data-validation ranges on a sheet do not overlap (template and summary)', () => {
    for (const file of [template, summary]) {
      for (const [name, xml] of sheetsOf(parts(file))) expect(overlappingValidations(xml), `${file} ${name}`).toEqual([]);
    }
  });
});
