/**
 * The narrative against the tables: figures stated in the prose are tied to their cells and compared; a contradiction
 * is a TEXT_TABLE_MISMATCH warning quoting the sentence, naming the cell and both values; prose that agrees, or that
 * cannot be tied to a cell, gives nothing.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { formats } from '../../src/formats/index.js';
import { textToGrid } from '../../src/grid/textGrid.js';
import { countOf } from '../../src/narrative/statements.js';
import { reportFromGrid } from '../../src/report/fromGrid.js';
import type { Report } from '../../src/report/report.js';
import { seedFile as seedPath } from '../helpers/paths.js';
import { generateCase } from './corpus.js';

const n = (r: Report, key: string) => r.values[key]!.scaled!;
const sum = (r: Report, keys: string[]) => keys.reduce((s, k) => s + n(r, k), 0);

/** Realistic prose for a report's figures, each figure optionally changed by `delta`. */
function prose(r: Report, delta: Partial<Record<string, number>> = {}): string {
  const d = (what: string, v: number) => v + (delta[what] ?? 0);
  const withheld = ['withheldStateSecret', 'withheldProhibitedByLaw', 'withheldThreeSecurities', 'withheldThirdParty', 'withheldInternalAffairs', 'withheldProcessInfo', 'withheldEnforcementFiles', 'withheldQueryMatters'].map((k) => `applications.${k}.total`);
  return [
    `三、收到和处理政府信息公开申请情况`,
    `全年新收政府信息公开申请${d('new', n(r, 'applications.newReceived.total'))}件，上年结转政府信息公开申请${d('carried', n(r, 'applications.carriedOver.total'))}件。` +
      `其中，予以公开${d('granted', n(r, 'applications.granted.total'))}件，部分公开${d('partly', n(r, 'applications.partlyGranted.total'))}件，` +
      `不予公开${d('withheld', sum(r, withheld))}件，结转下年度继续办理${d('forward', n(r, 'applications.carryForward.total'))}件。`,
    `本年度主动公开政府信息2345条，同比增长12件，网站访问量10万余次。`,
    `四、行政复议、行政诉讼情况：全年被申请行政复议${d('review', n(r, 'reviews.cases.reviewTotal'))}件，` +
      `被提起行政诉讼${d('litigation', n(r, 'reviews.cases.directTotal') + n(r, 'reviews.cases.afterReviewTotal'))}件。`,
  ].join('\n');
}

const mismatches = (r: Report) => r.findings.filter((f) => f.code === 'TEXT_TABLE_MISMATCH');

describe('prose against the tables', () => {
  const cases = [generateCase(formats['2021'], 'pipeRows', 77), generateCase(formats['2019'], 'spaced', 78), generateCase(formats['2021'], 'perLine', 79)];

  it.each(cases.map((c) => [c.name, c] as const))('%s: prose that agrees gives no finding', (_name, c) => {
    const tables = reportFromGrid(textToGrid(c.text, 'a.txt'));
    const r = reportFromGrid(textToGrid(`${prose(tables)}\n${c.text}`, 'a.txt'));
    expect(mismatches(r)).toEqual([]);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: each contradiction quotes the sentence, names the cell and both values', (_name, c) => {
    const tables = reportFromGrid(textToGrid(c.text, 'a.txt'));
    const r = reportFromGrid(textToGrid(`${prose(tables, { granted: 3, withheld: 1, review: 2 })}\n${c.text}`, 'a.txt'));
    const found = mismatches(r);
    expect(found.map((f) => f.keys![0])).toEqual(['applications.granted.total', 'applications.withheldStateSecret.total', 'reviews.cases.reviewTotal']);
    const granted = found[0]!;
    expect(granted.severity).toBe('warning');
    expect(granted.actual).toBe(n(tables, 'applications.granted.total') + 3);
    expect(granted.expected).toBe(n(tables, 'applications.granted.total'));
    expect(granted.message).toContain(`予以公开${n(tables, 'applications.granted.total') + 3}件`);
    expect(granted.message).toContain('（一）予以公开');
    expect(found[1]!.keys).toHaveLength(8);
  });

  it('statements that cannot be tied to a cell, or that compare years, are ignored', () => {
    const c = cases[0]!;
    const r = reportFromGrid(textToGrid(`较上年予以公开增加99件。主动公开政府信息9999件。办理政府信息公开申请88件。\n${c.text}`, 'a.txt'));
    expect(mismatches(r)).toEqual([]);
  });

  it('“未收到政府信息公开申请” states 0, and Chinese numerals are read', () => {
    expect(countOf('十二')).toBe(12);
    expect(countOf('一百零五')).toBe(105);
    expect(countOf('两')).toBe(2);
    const c = cases[0]!;
    const tables = reportFromGrid(textToGrid(c.text, 'a.txt'));
    const r = reportFromGrid(textToGrid(`本年度未收到政府信息公开申请。\n${c.text}`, 'a.txt'));
    const stated = mismatches(r).find((f) => f.keys?.[0] === 'applications.newReceived.total');
    if (n(tables, 'applications.newReceived.total') === 0) expect(stated).toBeUndefined();
    else expect(stated?.actual).toBe(0);
  });

  it('the seed’s prose agrees with its tables', async () => {
    const r = reportFromGrid(textToGrid(await readFile(seedPath, 'utf8'), seedPath));
    expect(mismatches(r)).toEqual([]);
  });
});
