/**
 * Shared formulas (Excel writes a run of similar formulas once, the other cells saying "as the first, moved here"):
 * every cell of the run carries its own formula, moved as a copy-and-paste moves it, never the first cell's text.
 * With no stored results the totals are computed from those formulas, so a wrong text would give wrong numbers.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gridCell, type GridSheet } from '../../src/grid/grid.js';
import { readWorkbookGrid } from '../../src/grid/readWorkbook.js';
import { shiftFormula } from '../../src/grid/sharedFormula.js';
import { checkReport } from '../../src/check/checkReport.js';
import { readReport } from '../../src/io/readReport.js';
import { random, randomUnit, writeUnit } from '../consolidate/fixtures.js';
import { patchXlsx, richWorkbook, tempDir, writeWorkbook } from './workbooks.js';

describe('shiftFormula', () => {
  it('moves relative references and leaves anchored parts, text, sheet and function names alone', () => {
    expect(shiftFormula('SUM(D5:I5)', 1, 0)).toBe('SUM(D6:I6)');
    expect(shiftFormula('SUM(D6:D26)', 0, 3)).toBe('SUM(G6:G26)');
    expect(shiftFormula('$C$2*D5+C$2+$C2', 2, 1)).toBe('$C$2*E7+D$2+$C4');
    expect(shiftFormula('IF(D5>0,"D5 见说明","")&\'表 D5\'!D5', 1, 0)).toBe('IF(D6>0,"D5 见说明","")&\'表 D5\'!D6');
    expect(shiftFormula('二、主动公开!B2+LOG10(A1)+ATAN2(A1,B1)', 1, 1)).toBe('二、主动公开!C3+LOG10(B2)+ATAN2(B2,C2)');
    expect(shiftFormula('SUM(D:D)+SUM(5:5)+1.5E3', 1, 1)).toBe('SUM(E:E)+SUM(6:6)+1.5E3');
    expect(shiftFormula('Z9+XFD1', 0, 1)).toBe('AA9+#REF!');
    expect(shiftFormula('A2', -2, 0)).toBe('#REF!');
  });
});

const at = (s: GridSheet, ref: string) => {
  const m = /^([A-Z])(\d+)$/.exec(ref)!;
  return gridCell(s, Number(m[2]) - 1, m[1]!.charCodeAt(0) - 65);
};

describe.each(['lean', 'exceljs'] as const)('the %s reader', (reader) => {
  it('gives each cell of an exceljs shared formula its own text', async () => {
    const file = await writeWorkbook(richWorkbook(), path.join(tempDir(), 'shared.xlsx')); // D7:D9 filled from C7*2
    const read = await readWorkbookGrid(file, { reader });
    if (!read.ok) throw new Error(read.message);
    const s = read.grid.sheets.find((x) => x.name === '三、依申请公开')!;
    expect(['D7', 'D8', 'D9'].map((r) => at(s, r)?.formula)).toEqual(['C7*2', 'C8*2', 'C9*2']);
    expect(['D7', 'D8', 'D9'].map((r) => at(s, r)?.value)).toEqual([2, 4, 6]); // cached results kept
  });

  it('computes the row totals of 表三 written as Excel writes them (one shared formula, no stored results)', async () => {
    const dir = tempDir();
    const values = randomUnit(random(7));
    const original = await writeUnit(dir, 'unit.xlsx', { name: '某局' }, values);
    let followers = 0;
    // J4 = SUM(D4:I4) … J26 = SUM(D26:I26): the first keeps the text, the others refer to it; no cached results
    const shared = patchXlsx(original, path.join(dir, 'shared.xlsx'), (_name, xml) => {
      if (!xml.includes('<f>SUM(D4:I4)</f>')) return xml;
      return xml
        .replace(/<c r="J4"([^>]*)><f>SUM\(D4:I4\)<\/f>(<v>[^<]*<\/v>)?<\/c>/, '<c r="J4"$1><f t="shared" ref="J4:J26" si="0">SUM(D4:I4)</f></c>')
        .replace(/<c r="J(\d+)"([^>]*)><f>SUM\(D(\d+):I(\d+)\)<\/f>(<v>[^<]*<\/v>)?<\/c>/g, (whole, row: string, attrs: string, a: string, b: string) => {
          if (Number(row) < 5 || Number(row) > 26 || a !== row || b !== row) return whole;
          followers += 1;
          return `<c r="J${row}"${attrs}><f t="shared" si="0"/></c>`;
        });
    });
    expect(followers).toBe(22);

    const before = await readWorkbookGrid(original, { reader });
    const after = await readWorkbookGrid(shared, { reader });
    if (!before.ok || !after.ok) throw new Error('unreadable');
    const sheetOf = (g: typeof before.grid) => g.sheets.find((s) => [...s.cells.values()].some((c) => c.formula === 'SUM(D4:I4)'))!;
    const a = sheetOf(before.grid);
    const b = sheetOf(after.grid);
    for (let r = 4; r <= 26; r++) {
      expect(at(b, `J${r}`)?.formula, `J${r}`).toBe(`SUM(D${r}:I${r})`);
      expect(at(b, `J${r}`)?.value, `J${r}`).toBe(at(a, `J${r}`)?.value);
    }
  });
});

it('a report whose totals are shared formulas without results reads the right totals and passes the row-total rule', async () => {
  const dir = tempDir();
  const values = randomUnit(random(8));
  const original = await writeUnit(dir, 'unit.xlsx', { name: '某局' }, values);
  const shared = patchXlsx(original, path.join(dir, 'shared.xlsx'), (_name, xml) =>
    xml.includes('<f>SUM(D4:I4)</f>')
      ? xml
          .replace(/<c r="J4"([^>]*)><f>SUM\(D4:I4\)<\/f>(<v>[^<]*<\/v>)?<\/c>/, '<c r="J4"$1><f t="shared" ref="J4:J26" si="0">SUM(D4:I4)</f></c>')
          .replace(/<c r="J([5-9]|1\d|2[0-6])"([^>]*)><f>SUM\(D\1:I\1\)<\/f>(<v>[^<]*<\/v>)?<\/c>/g, '<c r="J$1"$2><f t="shared" si="0"/></c>')
      : xml,
  );
  const read = await readReport(shared);
  if (!read.ok) throw new Error(read.message);
  const totals = Object.entries(read.report.values).filter(([k]) => k.startsWith('applications.') && k.endsWith('.total'));
  expect(totals.length).toBeGreaterThan(20);
  for (const [key, v] of totals) expect(v.scaled, key).toBe(values[key]);
  expect(checkReport(read.report).filter((f) => f.severity === 'error')).toEqual([]);
});
