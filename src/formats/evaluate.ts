/**
 * The one exact evaluator of a format's sums and relations, used by the checks, consolidation and the template's
 * cached formula results. Values are integers in the domain's base unit (counts as they are, money as ten-thousandths
 * of 万元), held as JavaScript numbers within the safe-integer range so that no addition allocates; `NaN` stands for
 * "not exactly known" (an unusable input, a fraction, or a sum that left the range). A result is either exact or NaN:
 * there is no floating-point fallback, so a number we write is always one the inputs determine exactly.
 */
import { cellSpecs, type CellKey } from './index.js';
import type { FormatDef } from './types.js';
import { relationsFor, type CrossYearInstance, type CrossYearOperand, type RelationInstance } from './relations.js';

/** Whether `v` is an exact base-unit value (a safe integer): the evaluator's only notion of "known". */
export function isExact(v: number): boolean {
  return Number.isSafeInteger(v);
}

/**
 * `a + b` exactly, or NaN. The guard is sound: for two safe integers whose true sum is within ±(2^53 − 1) the
 * floating-point sum is that integer; when the true sum is outside, the rounded result is at least 2^53 in size and
 * fails `isSafeInteger`.
 */
export function addExact(a: number, b: number): number {
  const s = a + b;
  return Number.isSafeInteger(a) && Number.isSafeInteger(b) && Number.isSafeInteger(s) ? s : Number.NaN;
}

/** `Σ signs[i] · values[i]` exactly (signs default to +1), or NaN when any term is not exact or the sum overflows. */
export function sumExact(values: ArrayLike<number>, signs?: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    s = addExact(s, signs && signs[i]! < 0 ? -v : v);
    if (Number.isNaN(s)) return s;
  }
  return s;
}

/**
 * Every cell of `format` in `cellSpecs` order: cells the definition does not compute take `input(i)` (kept only when
 * exact, else NaN); each total is the exact sum of its items through the total tree, or NaN when an item is not exact
 * or the sum leaves the range. `settle(i, computed)` may replace a total's value (a published report's stated total
 * stands); later totals then add the settled value.
 */
export function evaluateTotals(
  format: FormatDef,
  input: (i: number) => number,
  settle?: (i: number, computed: number) => number,
): Float64Array {
  const { plan, computed } = relationsFor(format);
  const out = new Float64Array(cellSpecs(format).length);
  for (let i = 0; i < out.length; i++) {
    if (computed[i]) continue;
    const v = input(i);
    out[i] = isExact(v) ? v : Number.NaN;
  }
  for (const step of plan) {
    let s = 0;
    for (let j = 0; j < step.items.length; j++) {
      s = addExact(s, out[step.items[j]!]!);
      if (Number.isNaN(s)) break;
    }
    out[step.total] = settle ? settle(step.total, s) : s;
  }
  return out;
}

/**
 * Both sides of a sum or balance over a report's values in `cellSpecs` order (as the arithmetic sees them: NaN where a
 * value cannot take part), exactly; NaN where a side cannot be computed. The checks' form: one array per report.
 */
export function evaluateRelationAt(relation: RelationInstance, values: Float64Array): { left: number; right: number } {
  return { left: sumAt(relation.leftAt, values), right: sumAt(relation.rightAt, values) };
}

function sumAt(indexes: Int32Array, values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < indexes.length; i++) {
    s = addExact(s, values[indexes[i]!]!);
    if (Number.isNaN(s)) return s;
  }
  return s;
}

/** Both sides of a sum or balance, exactly (NaN where a side cannot be computed). */
export function evaluateRelation(relation: RelationInstance, valueOf: (key: CellKey) => number): { left: number; right: number } {
  return { left: sumOf(relation.left, valueOf), right: sumOf(relation.right, valueOf) };
}

/** `sumExact` of the keys' values without an array in between (the checks evaluate every relation of every report). */
function sumOf(keys: readonly CellKey[], valueOf: (key: CellKey) => number): number {
  let s = 0;
  for (let i = 0; i < keys.length; i++) {
    s = addExact(s, valueOf(keys[i]!));
    if (Number.isNaN(s)) return s;
  }
  return s;
}

/** A cross-year instance's stated target and the value its terms compute, exactly (NaN where not computable). */
export function evaluateCrossYear(
  instance: CrossYearInstance,
  valueOf: (operand: CrossYearOperand) => number,
): { stated: number; computed: number } {
  const target = valueOf(instance.target);
  return {
    stated: isExact(target) ? target : Number.NaN,
    computed: sumExact(instance.terms.map(valueOf), instance.terms.map((t) => t.sign)),
  };
}
