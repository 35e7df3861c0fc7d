/**
 * Units' workbooks for the benchmark, written by the real template writer (through the consolidation fixtures'
 * `writeUnit`), with varied values: consistent random units, some with a broken balance or a typed-over total, some
 * with a negative count, most money with four decimals, some whole 万元, a few filled in late.
 *
 *   npx tsx bench/generate.ts --dir DIR --from I --to J     (used by bench/run.ts to generate on every core)
 *
 * Prints `{"ms": <generation ms>, "units": <count>}` on its last line.
 */
import { feeKey, random, randomUnit, unitCode, writeUnit, type UnitValues } from '../tests/consolidate/fixtures.js';

export const benchYear = 2025;
export const benchRegion = '基准测试县';

/** The file name of unit `i` (zero-padded so that directory order is input order). */
export const unitFileName = (i: number): string => `${String(i).padStart(6, '0')}-基准单位${i}.xlsx`;

/** What makes unit `i` differ from a clean one (also printed by run.ts, so the figures say what was read). */
export function variantOf(i: number): 'balanceBroken' | 'totalTypedOver' | 'negativeCount' | 'clean' {
  if (i % 10 === 3) return 'balanceBroken';
  if (i % 17 === 5) return 'totalTypedOver';
  if (i % 23 === 7) return 'negativeCount';
  return 'clean';
}

export function unitValues(i: number): UnitValues {
  const v = randomUnit(random(i + 1));
  if (i % 5 === 0) v[feeKey] = Math.round(v[feeKey]! / 10_000) * 10_000; // whole 万元
  switch (variantOf(i)) {
    case 'balanceBroken': // one more application received than the results and carry-forward explain
      v['applications.newReceived.natural']! += 1;
      v['applications.newReceived.total']! += 1;
      break;
    case 'totalTypedOver':
      v['applications.resultsTotal.commercial']! += 2;
      break;
    case 'negativeCount':
      v['active.licensing.decisions'] = -3;
      break;
    case 'clean':
      break;
  }
  return v;
}

export async function generateUnits(dir: string, from: number, to: number): Promise<number> {
  const started = performance.now();
  for (let i = from; i < to; i++) {
    const filledDate = i % 50 === 9 ? `${benchYear + 1}-02-1${i % 10}` : `${benchYear + 1}-01-${String(1 + (i % 28)).padStart(2, '0')}`;
    await writeUnit(dir, unitFileName(i), { name: `基准单位${i}`, code: unitCode(i), filledDate }, unitValues(i), benchYear);
  }
  return performance.now() - started;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string): string => {
    const i = process.argv.indexOf(`--${name}`);
    const v = i >= 0 ? process.argv[i + 1] : undefined;
    if (v === undefined) throw new Error(`generate.ts: --${name} is required`);
    return v;
  };
  const from = Number(arg('from'));
  const to = Number(arg('to'));
  const ms = await generateUnits(arg('dir'), from, to);
  console.log(JSON.stringify({ ms, units: to - from }));
}
