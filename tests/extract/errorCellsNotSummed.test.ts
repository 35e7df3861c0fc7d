/**
 * A formula whose result is an error (`#REF!` after a unit deleted a referenced row) or that has no saved result is
 * never a number, whatever value the grid cell also carries (a stale cached number, a reader's leftover): it is not
 * read as one, the check names it, and a consolidation leaves it out of the sum and says which unit's value is missing.
 * Today's readers give such cells no numeric value, so only grids made here can hold the guard: loosening
 * classifyValue to trust `value` whenever it is a number fails this file.
 */
import { describe, expect, it } from 'vitest';
import { checkReport } from '../../src/check/checkReport.js';
import { sumReports } from '../../src/consolidate/sumReports.js';
import { formats, type CellKey } from '../../src/formats/index.js';
import type { GridCell } from '../../src/grid/grid.js';
import { reportFromGrid } from '../../src/report/fromGrid.js';
import { metadataSheet, templateTableSheet, workbook } from '../locate/grids.js';

const format = formats['2021'];
const erroring: CellKey = 'applications.granted.natural';
const unresolved: CellKey = 'applications.partlyGranted.natural';

/** A unit's template workbook as the readers give it: every value 0 except `values`. */
function unit(file: string, values: Partial<Record<CellKey, number | Partial<GridCell>>>) {
  const tables = format.tables.map((t) => templateTableSheet(t, values));
  return reportFromGrid(workbook([...tables, metadataSheet({ format: '2021', templateVersion: '1', reportYear: 2025 })], file));
}

/** 甲局: plain numbers. 乙局: the same two cells hold a `#REF!` result and a formula without a result, each with a number beside it. */
const plain = () => unit('甲局.xlsx', { [erroring]: 4, [unresolved]: 2 });
const broken = () =>
  unit('乙局.xlsx', {
    [erroring]: { value: 5, text: '#REF!', formula: 'D5+#REF!', error: '#REF!' },
    [unresolved]: { value: 3, text: '', formula: 'SUM(Q1:Q9)', formulaWithoutResult: true },
  });

describe('error and no-result formula cells that also carry a number', () => {
  it('are read as what they are, with no number', () => {
    const r = broken();
    expect(r.values[erroring]).toMatchObject({ kind: 'error', number: null, scaled: null, raw: '#REF!' });
    expect(r.values[unresolved]).toMatchObject({ kind: 'formulaWithoutResult', number: null, scaled: null });
  });

  it('are named by the check at their own keys, as errors', () => {
    const findings = checkReport(broken());
    const at = (key: CellKey) => findings.filter((f) => f.severity === 'error' && f.keys?.includes(key)).map((f) => f.code);
    expect(at(erroring)).toContain('NOT_A_NUMBER');
    expect(at(unresolved)).toContain('FORMULA_NOT_EVALUATED');
  });

  it('are left out of a consolidation’s sum, the unit named as missing from it', () => {
    const { report, tallies } = sumReports([plain(), broken()], { format, region: '某县', reportYear: 2025 });
    // 甲局's 4 and 2 alone: 乙局's 5 and 3 are not numbers
    expect(report.values[erroring]!.number).toBe(4);
    expect(report.values[unresolved]!.number).toBe(2);
    expect(tallies.get(erroring)?.notSummable).toEqual(['乙局.xlsx']);
    expect(tallies.get(unresolved)?.notSummable).toEqual(['乙局.xlsx']);
    const incomplete = report.findings.filter((f) => f.code === 'SUM_INCOMPLETE').flatMap((f) => f.keys ?? []);
    expect(incomplete).toEqual(expect.arrayContaining([erroring, unresolved]));
  });
});
