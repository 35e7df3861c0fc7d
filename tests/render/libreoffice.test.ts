/**
 * The rendered HTML opened by real office software: LibreOffice imports the page as a spreadsheet (what happens when
 * a clerk pastes it into Excel/WPS or opens the saved page) and saves it as xlsx; reading that workbook gives back
 * every value. This shows the rowspan/colspan are the real merges, not just attributes our own reader understands.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellSpecs, formats } from '../../src/formats/index.js';
import { readReport } from '../../src/io/readReport.js';
import { reportFromNumbers } from '../../src/report/build.js';
import { renderReport } from '../../src/render/renderReport.js';
import { convertWithLibreOffice } from '../helpers/libreoffice.js';


describe('rendered HTML → LibreOffice → xlsx → Report', () => {
  it('keeps every value of both formats, money decimals and signed changes included', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-lo-'));
    const reports = (['2019', '2021'] as const).map((id, n) => {
      const numbers: Record<string, number> = {};
      cellSpecs(formats[id]).forEach((spec, i) => {
        numbers[spec.key] = spec.domain === 'money' ? 1234.5678 : spec.domain === 'signedCount' ? -(i + 1) : (i * 37 + n) % 1000;
      });
      return reportFromNumbers({ format: formats[id], reportYear: id === '2019' ? 2020 : 2023, unit: { name: `单位${id}` }, numbers });
    });
    const pages = reports.map((r, i) => {
      const file = path.join(dir, `报告${i}.html`);
      writeFileSync(file, renderReport(r, 'html'));
      return file;
    });
    await convertWithLibreOffice(pages, 'xlsx', dir, { infilter: 'calc_HTML_WebQuery' });
    for (const [i, report] of reports.entries()) {
      const back = await readReport(path.join(dir, `报告${i}.xlsx`));
      expect(back.ok).toBe(true);
      if (!back.ok) continue;
      expect(back.report.format).toBe(report.format);
      const mismatches = Object.entries(report.values)
        .filter(([key, v]) => back.report.values[key]?.scaled !== v.scaled)
        .map(([key, v]) => `${key}: ${v.scaled} → ${back.report.values[key]?.raw}`);
      expect(mismatches).toEqual([]);
      expect(back.report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    }
  });
});
