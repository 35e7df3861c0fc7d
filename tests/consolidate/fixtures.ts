/**
 * Units' workbooks for consolidation tests, written by the real template writer with random values. The totals of
 * each unit are computed here from the spec's relations, typed from spec/official-tables.md section 4, so that the
 * expected sums never come from the code under test.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { formatForYear } from '../../src/formats/index.js';
import { reportFromNumbers } from '../../src/report/build.js';
import { writeTemplate } from '../../src/template/workbook.js';
import { creditCodeCheckDigit } from '../../src/template/roster.js';

export { randomInt as random } from '../helpers/random.js';

// spec section 2/3 (2021 format): keys of the definitions for the rows and columns the spec lists
const applicantItems = ['natural', 'commercial', 'research', 'publicInterest', 'legalServices', 'otherOrgs'];
const resultItems = [
  'granted', 'partlyGranted',
  'withheldStateSecret', 'withheldProhibitedByLaw', 'withheldThreeSecurities', 'withheldThirdParty',
  'withheldInternalAffairs', 'withheldProcessInfo', 'withheldEnforcementFiles', 'withheldQueryMatters',
  'unavailableNotHeld', 'unavailableNeedsCreation', 'unavailableStillUnclear',
  'notProcessedPetitions', 'notProcessedRepeated', 'notProcessedPublications', 'notProcessedExcessive', 'notProcessedConfirmation',
  'otherOverdueCorrection', 'otherUnpaidFees', 'otherReasons',
];
const activeCounts = [
  'active.regulations.issued', 'active.regulations.repealed', 'active.regulations.inForce',
  'active.normativeDocuments.issued', 'active.normativeDocuments.repealed', 'active.normativeDocuments.inForce',
  'active.licensing.decisions', 'active.penalty.decisions', 'active.enforcement.decisions',
];
export const feeKey = 'active.fees.feeAmount';
const reviewGroups = ['review', 'direct', 'afterReview'];
const outcomes = ['Upheld', 'Corrected', 'Other', 'Pending'];

/** Every value of a consistent 2021-format unit, money in integer ten-thousandths (万元 × 10000). */
export type UnitValues = Record<string, number>;

export function randomUnit(rand: (max: number) => number, o: { carriedOver?: Record<string, number> } = {}): UnitValues {
  const v: UnitValues = {};
  for (const k of activeCounts) v[k] = rand(40);
  v[feeKey] = rand(9_999_999); // up to 999.9999 万元, four decimals
  for (const col of applicantItems) {
    let results = 0;
    for (const row of resultItems) {
      const n = rand(6);
      v[`applications.${row}.${col}`] = n;
      results += n;
    }
    v[`applications.resultsTotal.${col}`] = results;
    const carryForward = rand(5);
    const carried = o.carriedOver?.[col] ?? rand(Math.min(results + carryForward, 5));
    // a carried-over number larger than this year's work is finished next year: more carried forward
    const forward = carryForward + Math.max(0, carried - results - carryForward);
    v[`applications.carryForward.${col}`] = forward;
    v[`applications.carriedOver.${col}`] = carried;
    // the 勾稽关系: 一 + 二 = 三（七） + 四
    v[`applications.newReceived.${col}`] = results + forward - carried;
  }
  for (const row of ['newReceived', 'carriedOver', ...resultItems, 'resultsTotal', 'carryForward']) {
    v[`applications.${row}.total`] = applicantItems.reduce((s, c) => s + v[`applications.${row}.${c}`]!, 0);
  }
  for (const g of reviewGroups) {
    let total = 0;
    for (const out of outcomes) {
      const n = rand(3);
      v[`reviews.cases.${g}${out}`] = n;
      total += n;
    }
    v[`reviews.cases.${g}Total`] = total;
  }
  return v;
}

export interface UnitFile {
  file: string;
  name: string;
  code: string;
  values: UnitValues;
}

/** A well-formed 统一社会信用代码 (GB 32100-2015 check digit), distinct per `i`. */
export function unitCode(i: number): string {
  const first17 = `11410300MB${String(i).padStart(7, '0')}`;
  return first17 + creditCodeCheckDigit(first17);
}

/** Write one unit's workbook from the template writer. */
export async function writeUnit(
  dir: string,
  fileName: string,
  unit: { name: string; code?: string; filledDate?: string },
  values: UnitValues,
  year = 2025,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const format = formatForYear(year);
  const numbers: Record<string, number> = {};
  for (const [k, n] of Object.entries(values)) numbers[k] = k === feeKey ? n / 10_000 : n;
  const u = { filler: '张三', phone: '0379-12345678', filledDate: '2026-01-15', ...unit };
  const report = reportFromNumbers({ format, reportYear: year, numbers, unit: u });
  const file = join(dir, fileName);
  await writeTemplate({ format, reportYear: year, report, unit: u }, file);
  return file;
}

/** A unit's name and, when it has one, its 统一社会信用代码, as a workbook states them. */
export interface UnitId {
  name: string;
  code?: string;
}

/**
 * Copies of a unit's workbook (one `writeUnit` wrote) for other units: every XML part with the unit's name and code
 * replaced by each other unit's, written to `file`. A batch or load test needs many distinct units' files, not many
 * sets of figures, and a copy takes a tenth of the time of the template writer (64 ms a workbook here). `from.name`
 * must occur in no other text of the workbook.
 */
export async function unitCopies(file: string, from: UnitId, to: readonly (UnitId & { file: string })[]): Promise<string[]> {
  const parts = unzipSync(await readFile(file));
  for (const unit of to) {
    const copy: Record<string, Uint8Array> = {};
    for (const [name, bytes] of Object.entries(parts)) {
      if (!name.endsWith('.xml')) {
        copy[name] = bytes;
        continue;
      }
      let text = strFromU8(bytes).split(from.name).join(unit.name);
      if (from.code && unit.code) text = text.split(from.code).join(unit.code);
      copy[name] = strToU8(text);
    }
    await mkdir(join(unit.file, '..'), { recursive: true });
    await writeFile(unit.file, zipSync(copy, { level: 1 }));
  }
  return to.map((u) => u.file);
}

/** Σ over units, key by key, in exact integers. */
export function sumValues(units: readonly UnitValues[]): UnitValues {
  const out: UnitValues = {};
  for (const u of units) for (const [k, n] of Object.entries(u)) out[k] = (out[k] ?? 0) + n;
  return out;
}
