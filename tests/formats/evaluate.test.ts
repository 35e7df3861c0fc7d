/**
 * The one expansion of the relations (src/formats/relations.ts) and the one exact evaluator (src/formats/evaluate.ts):
 * what they must give for every consumer — exact integers or "not exactly known", never a float.
 */
import { describe, expect, it } from 'vitest';
import { cellSpecs, formatList, formats, type CellKey } from '../../src/formats/index.js';
import { relationsFor } from '../../src/formats/relations.js';
import { addExact, evaluateCrossYear, evaluateRelation, evaluateTotals, sumExact } from '../../src/formats/evaluate.js';
import { randomInt } from '../helpers/random.js';

const max = Number.MAX_SAFE_INTEGER;

describe('the exact evaluator', () => {
  it('adds safe integers exactly and refuses, as NaN, a sum that leaves the exact range', () => {
    expect(addExact(max - 1, 1)).toBe(max);
    expect(addExact(max, 1)).toBeNaN(); // 2^53: the first integer a double cannot tell from its neighbour
    expect(addExact(max, max)).toBeNaN();
    expect(addExact(-max, -1)).toBeNaN();
    expect(addExact(max, -max)).toBe(0);
    expect(addExact(2 ** 60, -(2 ** 60))).toBeNaN(); // an operand outside the range is not exact either
  });

  it('never takes a fraction or a missing value for a number', () => {
    expect(addExact(1, 0.5)).toBeNaN();
    expect(sumExact([1, 2, Number.NaN, 4])).toBeNaN();
    expect(sumExact([0.1, 0.2])).toBeNaN();
    expect(sumExact([])).toBe(0);
  });

  it('adds ten-thousandths of 万元 exactly where 万元 floats drift', () => {
    // 1000 amounts of 0.1, 0.2 and 0.7 万元 as a float would add them, and as base units
    const amounts = Array.from({ length: 1000 }, (_, i) => [0.1, 0.2, 0.7][i % 3]!);
    const floats = amounts.reduce((s, x) => s + x, 0);
    const scaled = amounts.map((x) => Math.round(x * 10_000));
    const exact = scaled.reduce((s, x) => s + x, 0);
    expect(floats).not.toBe(exact / 10_000); // the float sum is off: this is what the evaluator must not do
    expect(sumExact(scaled)).toBe(exact);
    expect(sumExact(scaled)).toBe(334 * 1000 + 333 * 2000 + 333 * 7000); // 333.1 万元
  });

  it('applies signs: carry-over style `target = Σ ± terms`', () => {
    expect(sumExact([10, 3, 4], [1, 1, -1])).toBe(9);
    expect(sumExact([max, 1], [1, -1])).toBe(max - 1);
  });
});

describe('the relations of each format, expanded once', () => {
  for (const format of formatList) {
    const rel = relationsFor(format);
    const specs = cellSpecs(format);

    it(`${format.id}: is made once per format (memoised)`, () => {
      expect(relationsFor(formats[format.id])).toBe(rel);
    });

    it(`${format.id}: every cell the definition marks as a total has a tree, and no input has one`, () => {
      for (const s of specs) expect(rel.totals.has(s.key), s.key).toBe(s.isTotal);
    });

    it(`${format.id}: the plan evaluates every item before the total that adds it`, () => {
      const seen = new Set<number>();
      specs.forEach((s, i) => !s.isTotal && seen.add(i));
      for (const step of rel.plan) {
        for (const item of step.items) expect(seen.has(item), `${specs[step.total]!.key} ← ${specs[item]!.key}`).toBe(true);
        seen.add(step.total);
      }
      expect(seen.size).toBe(specs.length);
    });

    it(`${format.id}: totals through the tree satisfy every sum relation, for random inputs`, () => {
      const rand = randomInt(Number(format.id));
      for (let round = 0; round < 20; round++) {
        const values = evaluateTotals(format, () => rand(1000));
        const index = new Map(specs.map((s, i) => [s.key, i]));
        const at = (k: CellKey) => values[index.get(k)!]!;
        for (const r of rel.relations.filter((x) => x.kind === 'sum')) {
          const { left, right } = evaluateRelation(r, at);
          expect(left, `${r.id} along ${r.along}`).toBe(right);
        }
      }
    });
  }

  it('a cell that is a total both ways (三、（七）总计 / 总计) is computed through the rows, the first sum of the definition', () => {
    const tree = relationsFor(formats['2021']).totals.get('applications.resultsTotal.total')!;
    expect(tree.sum.id).toBe('results-total');
    expect(tree.items).toHaveLength(21);
    expect(tree.items.every((k) => k.endsWith('.total'))).toBe(true);
  });

  it('a total is not exactly known when one item is not, and a settled (stated) total feeds the totals above it', () => {
    const format = formats['2021'];
    const specs = cellSpecs(format);
    const i = specs.findIndex((s) => s.key === 'applications.granted.natural');
    const ofKey = (v: Float64Array, k: CellKey) => v[specs.findIndex((s) => s.key === k)]!;
    const withNaN = evaluateTotals(format, (j) => (j === i ? Number.NaN : 1));
    expect(ofKey(withNaN, 'applications.resultsTotal.natural')).toBeNaN();
    expect(ofKey(withNaN, 'applications.resultsTotal.total')).toBeNaN();
    expect(ofKey(withNaN, 'applications.resultsTotal.commercial')).toBe(21);
    const fraction = evaluateTotals(format, (j) => (j === i ? 1.5 : 1));
    expect(ofKey(fraction, 'applications.granted.natural')).toBeNaN();
    expect(ofKey(fraction, 'applications.granted.total')).toBeNaN();
    const g = specs.findIndex((s) => s.key === 'applications.granted.total');
    const settled = evaluateTotals(format, () => 1, (j, computed) => (j === g ? 100 : computed));
    expect(ofKey(settled, 'applications.granted.total')).toBe(100);
    // 三、（七）总计 / 总计 adds the rows' 总计: the settled 100 and 20 other result rows of 6 applicant columns each
    expect(ofKey(settled, 'applications.resultsTotal.total')).toBe(100 + 20 * 6);
  });

  it('cross-year instances: target and Σ terms with their signs', () => {
    const inForce = relationsFor(formats['2021']).crossYear.find((c) => c.id === 'in-force' && c.row === 'regulations')!;
    // this year's 现行有效 9 = last year's 10 + 制发 3 − 废止 4
    const current: Record<string, number> = { 'active.regulations.inForce': 9, 'active.regulations.issued': 3, 'active.regulations.repealed': 4 };
    const valueOf = (o: { year: string; key: string }) => (o.year === 'previous' ? 10 : current[o.key]!);
    expect(evaluateCrossYear(inForce, valueOf)).toEqual({ stated: 9, computed: 9 });
    current['active.regulations.repealed'] = 5;
    expect(evaluateCrossYear(inForce, valueOf)).toEqual({ stated: 9, computed: 8 });
  });
});
