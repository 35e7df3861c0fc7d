/**
 * The done-criterion: what render writes parses back into the same values, for random Reports of both
 * formats, in html, md and txt. The first block checks the grids alone (every value lands at its layout position);
 * the second runs the whole parse path (reportFromGrid).
 */
import { describe, expect, it } from 'vitest';
import { cellSpecs, formats, type FormatDef } from '../../src/formats/index.js';
import { gridCell, type GridSheet, type GridWorkbook } from '../../src/grid/grid.js';
import { htmlToGrid } from '../../src/grid/htmlGrid.js';
import { textToGrid } from '../../src/grid/textGrid.js';
import { tableLayout } from '../../src/layout/tableLayout.js';
import { reportFromNumbers } from '../../src/report/build.js';
import { formatScaled } from '../../src/report/money.js';
import type { Report } from '../../src/report/report.js';
import { renderReport, type RenderFormat } from '../../src/render/renderReport.js';
import { random } from '../helpers/random.js';

function randomReport(format: FormatDef, seed: number): Report {
  const next = random(seed);
  const int = (max: number) => Math.floor(next() * (max + 1));
  const numbers: Record<string, number> = {};
  for (const spec of cellSpecs(format)) {
    const zero = next() < 0.3;
    if (spec.domain === 'money') numbers[spec.key] = zero ? 0 : int(99_999_999) / 10_000; // up to 4 decimals
    else if (spec.domain === 'signedCount') numbers[spec.key] = zero ? 0 : int(400) - 200;
    else numbers[spec.key] = zero ? 0 : int(5000);
  }
  return reportFromNumbers({ format, reportYear: format.years.from + int(3), unit: { name: `测试单位${seed}` }, numbers, file: `随机${seed}` });
}

const parse = (text: string, as: RenderFormat, file: string): GridWorkbook => (as === 'html' ? htmlToGrid(text, file) : textToGrid(text, file));

/** The row under a table heading where the table starts (the first row with anything in it). */
function tableTop(sheet: GridSheet, heading: string): number {
  const headingRow = [...sheet.cells.values()].find((c) => c.col === 0 && c.text === heading)!.row;
  for (let r = headingRow + 1; r < sheet.rowCount; r++) {
    if ([...Array(sheet.colCount).keys()].some((c) => gridCell(sheet, r, c))) return r;
  }
  throw new Error(`no table under ${heading}`);
}

const cases = (['2019', '2021'] as const).flatMap((id) => [1, 2, 3, 4, 5].map((seed) => ({ id, seed: seed * 7919 + Number(id) })));
const renderFormats: RenderFormat[] = ['html', 'md', 'txt'];

describe('render → grid puts every value at its official position', () => {
  for (const as of renderFormats) {
    it.each(cases)(`${as}: format $id, seed $seed`, ({ id, seed }) => {
      const format = formats[id];
      const report = randomReport(format, seed);
      const sheet = parse(renderReport(report, as), as, `r.${as}`).sheets[0]!;
      const specs = new Map(cellSpecs(format).map((s) => [s.key, s]));
      for (const table of format.tables) {
        const layout = tableLayout(table);
        const top = tableTop(sheet, table.heading);
        for (const cell of layout.cells) {
          const found = gridCell(sheet, top + cell.row, cell.col)?.text ?? '';
          if (cell.role === 'value') {
            const value = report.values[cell.key!]!;
            expect(found, cell.key).toBe(formatScaled(value.scaled!, specs.get(cell.key!)!.domain));
          } else {
            expect(found).toBe(cell.text);
          }
          if (as === 'html' && (cell.rowSpan > 1 || cell.colSpan > 1)) {
            expect(sheet.merges).toContainEqual({
              top: top + cell.row,
              left: cell.col,
              bottom: top + cell.row + cell.rowSpan - 1,
              right: cell.col + cell.colSpan - 1,
            });
          }
        }
      }
    });
  }
});

describe('render → parse gives back the same Report values (reportFromGrid)', () => {
  for (const as of renderFormats) {
    it.each(cases)(`${as}: format $id, seed $seed`, async ({ id, seed }) => {
      const { reportFromGrid } = (await import('../../src/report/fromGrid.js' as string)) as {
        reportFromGrid: (g: GridWorkbook) => Report | Promise<Report>;
      };
      const report = randomReport(formats[id], seed);
      const back = await reportFromGrid(parse(renderReport(report, as), as, `随机${seed}.${as}`));
      expect(back.format).toBe(id);
      expect(back.reportYear).toBe(report.reportYear);
      expect(back.unit.name).toBe(report.unit.name);
      const mismatches: string[] = [];
      for (const spec of cellSpecs(formats[id])) {
        const want = report.values[spec.key]!;
        const got = back.values[spec.key];
        if (!got || got.scaled !== want.scaled || got.kind !== want.kind) {
          mismatches.push(`${spec.key}: want ${want.kind} ${want.scaled}, got ${got?.kind} ${got?.scaled} (${got?.raw})`);
        }
      }
      expect(mismatches).toEqual([]);
      expect(back.findings.filter((f) => f.severity === 'error')).toEqual([]);
    });
  }

  /** A random report with every ninth input cell blank or `—` (as chosen by `which`). */
  const withGaps = (id: '2019' | '2021', which: 'blank' | 'notApplicable') => {
    const report = randomReport(formats[id], 42);
    const keys = cellSpecs(formats[id]).map((s) => s.key);
    const gapKeys = keys.filter((_, i) => i % 9 === 4);
    for (const k of gapKeys) {
      report.values[k] = { ...report.values[k]!, kind: which, scaled: null, number: null, raw: which === 'blank' ? '' : '—' };
    }
    return { report, keys, gapKeys };
  };

  const expectGapsBack = async (as: RenderFormat, which: 'blank' | 'notApplicable') => {
    const { reportFromGrid } = (await import('../../src/report/fromGrid.js' as string)) as {
      reportFromGrid: (g: GridWorkbook) => Report | Promise<Report>;
    };
    for (const id of ['2019', '2021'] as const) {
      const { report, keys, gapKeys } = withGaps(id, which);
      const back = await reportFromGrid(parse(renderReport(report, as), as, `空缺.${as}`));
      for (const k of gapKeys) expect([back.values[k]?.kind, back.values[k]?.raw], k).toEqual([which, report.values[k]!.raw]);
      for (const k of keys.filter((k) => !gapKeys.includes(k))) expect(back.values[k]?.scaled, k).toBe(report.values[k]!.scaled);
    }
  };

  it.each(renderFormats)('%s: `—` comes back as written, never as 0', (as) => expectGapsBack(as, 'notApplicable'));

  it('html: a blank cell comes back blank, never as 0', () => expectGapsBack('html', 'blank'));

  // text keeps every column in place (empty fields included), so locate reads these rows by the header's columns
  it.each(['md', 'txt'] as const)('%s: a blank cell comes back blank, never as 0 or a missing row', (as) => expectGapsBack(as, 'blank'));
});
