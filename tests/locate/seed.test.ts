/**
 * The seed: a real 2020 report as published, its tables flattened into tab-separated lines with row labels shifted
 * between columns. It must read into exactly its published numbers, typed here by hand from the text.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { textToGrid } from '../../src/grid/textGrid.js';
import { reportFromGrid } from '../../src/report/fromGrid.js';
import { reportSchema, type Report } from '../../src/report/report.js';
import { seedFile as seed } from '../helpers/paths.js';

const seedFile = seed;
const seedText = readFileSync(seedFile, 'utf8');

// The published numbers, cell by cell. Table 三 and 四 columns in the order printed.
const applicantColumns = ['natural', 'commercial', 'research', 'publicInterest', 'legalServices', 'otherOrgs', 'total'];
const published = {
  active: {
    regulations: { newlyMade: 0, newlyPublished: 0, publishedTotal: 0 },
    normativeDocuments: { newlyMade: 0, newlyPublished: 0, publishedTotal: 0 },
    licensing: { previousYearItems: 0, change: 0, decisions: 0 },
    otherServices: { previousYearItems: 0, change: 5, decisions: 5 },
    penalty: { previousYearItems: 0, change: 0, decisions: 0 },
    enforcement: { previousYearItems: 0, change: 0, decisions: 0 },
    fees: { previousYearItems: 0, change: 0 },
    centralProcurement: { procurementProjects: 0, procurementAmount: 0 },
  },
  applications: {
    newReceived: [0, 0, 0, 0, 0, 0, 0],
    carriedOver: [0, 0, 0, 0, 0, 0, 0],
    granted: [0, 0, 0, 0, 0, 0, 0],
    partlyGranted: [0, 0, 0, 0, 0, 0, 0],
    withheldStateSecret: [0, 0, 0, 0, 0, 0, 0],
    withheldProhibitedByLaw: [0, 0, 0, 0, 0, 0, 0],
    withheldThreeSecurities: [0, 0, 0, 0, 0, 0, 0],
    withheldThirdParty: [0, 0, 0, 0, 0, 0, 0],
    withheldInternalAffairs: [0, 0, 0, 0, 0, 0, 0],
    withheldProcessInfo: [0, 0, 0, 0, 0, 0, 0],
    withheldEnforcementFiles: [0, 0, 0, 0, 0, 0, 0],
    withheldQueryMatters: [0, 0, 0, 0, 0, 0, 0],
    unavailableNotHeld: [0, 0, 0, 0, 0, 0, 0],
    unavailableNeedsCreation: [0, 0, 0, 0, 0, 0, 0],
    unavailableStillUnclear: [0, 0, 0, 0, 0, 0, 0],
    notProcessedPetitions: [0, 0, 0, 0, 0, 0, 0],
    notProcessedRepeated: [0, 0, 0, 0, 0, 0, 0],
    notProcessedPublications: [0, 0, 0, 0, 0, 0, 0],
    notProcessedExcessive: [0, 0, 0, 0, 0, 0, 0],
    notProcessedConfirmation: [0, 0, 0, 0, 0, 0, 0],
    other: [0, 0, 0, 0, 0, 0, 0],
    resultsTotal: [0, 0, 0, 0, 0, 0, 0],
    carryForward: [0, 0, 0, 0, 0, 0, 0],
  },
  reviews: {
    reviewUpheld: 0, reviewCorrected: 0, reviewOther: 0, reviewPending: 0, reviewTotal: 0,
    directUpheld: 0, directCorrected: 0, directOther: 0, directPending: 0, directTotal: 0,
    afterReviewUpheld: 0, afterReviewCorrected: 0, afterReviewOther: 0, afterReviewPending: 0, afterReviewTotal: 0,
  },
};

function expectedNumbers(): Map<string, number> {
  const m = new Map<string, number>();
  for (const [row, cols] of Object.entries(published.active)) for (const [col, n] of Object.entries(cols)) m.set(`active.${row}.${col}`, n);
  for (const [row, ns] of Object.entries(published.applications)) ns.forEach((n, i) => m.set(`applications.${row}.${applicantColumns[i]}`, n));
  for (const [col, n] of Object.entries(published.reviews)) m.set(`reviews.cases.${col}`, n);
  return m;
}

const read = (text: string): Report => reportFromGrid(textToGrid(text, seedFile));

describe('the seed report (2020, 2019 format, published text)', () => {
  const report = read(seedText);

  it('is a valid Report of the 2019 format for 2020, from the title', () => {
    expect(() => reportSchema.parse(report)).not.toThrow();
    expect(report.format).toBe('2019');
    expect(report.reportYear).toBe(2020);
    expect(report.unit.name).toBe('嵩县科技和工业信息化局');
    expect(report.source.kind).toBe('text');
  });

  it('reads every published number, cell by cell', () => {
    const expected = expectedNumbers();
    expect(expected.size).toBe(Object.keys(report.values).length);
    for (const [key, n] of expected) {
      const v = report.values[key];
      expect(v, key).toBeDefined();
      expect({ key, kind: v!.kind, scaled: v!.scaled }).toEqual({ key, kind: n === 0 ? 'zero' : 'number', scaled: n });
    }
  });

  it('has no error finding (and no finding at all)', () => {
    expect(report.findings).toEqual([]);
  });

  it('records the line of each value', () => {
    expect(report.values['active.otherServices.change']!.provenance).toEqual({ file: seedFile, line: 34 });
    // the row whose label slipped to the first column
    expect(report.values['applications.notProcessedConfirmation.total']!.provenance.line).toBe(71);
    expect(report.values['reviews.cases.afterReviewTotal']!.provenance.line).toBe(81);
  });
});

describe('a cut-off copy of the seed (truncated in the middle of table 三)', () => {
  const lines = seedText.split('\n');
  // keep up to and including the row `4.保护第三方合法权益` (line 59)
  const cut = lines.slice(0, 59).join('\n');
  const report = read(cut);

  it('reads the rows that are there', () => {
    expect(report.format).toBe('2019');
    expect(report.values['active.otherServices.decisions']).toMatchObject({ kind: 'number', scaled: 5 });
    expect(report.values['applications.newReceived.total']).toMatchObject({ kind: 'zero', scaled: 0 });
    expect(report.values['applications.withheldThirdParty.natural']).toMatchObject({ kind: 'zero', scaled: 0 });
  });

  it('invents no number: every row after the cut is missing', () => {
    const missingRows = ['withheldInternalAffairs', 'withheldQueryMatters', 'unavailableNotHeld', 'notProcessedExcessive', 'other', 'resultsTotal', 'carryForward'];
    for (const row of missingRows) {
      for (const col of applicantColumns) {
        expect(report.values[`applications.${row}.${col}`]).toMatchObject({ kind: 'missing', scaled: null, number: null });
      }
    }
    expect(Object.entries(report.values).filter(([k]) => k.startsWith('reviews.')).every(([, v]) => v.kind === 'missing')).toBe(true);
  });

  it('has a finding for each missing row and for the missing table 四', () => {
    const rowFindings = report.findings.filter((f) => f.code === 'ROW_NOT_FOUND');
    // 三: rows 5.属于三类内部事务信息 … 8, （四）1–3, （五）1–5, （六）, （七）, 四、结转 = 4 + 3 + 5 + 3 = 15
    expect(rowFindings).toHaveLength(15);
    expect(rowFindings.every((f) => f.severity === 'error')).toBe(true);
    expect(rowFindings.map((f) => f.message)).toContainEqual(expect.stringContaining('“四、结转下年度继续办理”行'));
    expect(rowFindings.map((f) => f.message)).toContainEqual(expect.stringContaining('“5.属于三类内部事务信息”行'));
    const table = report.findings.filter((f) => f.code === 'TABLE_NOT_FOUND');
    expect(table).toHaveLength(1);
    expect(table[0]!.message).toContain('未找到表四“政府信息公开行政复议、行政诉讼情况”');
    expect(table[0]!.file).toBe(seedFile);
  });

  it('is still a valid Report', () => {
    expect(() => reportSchema.parse(report)).not.toThrow();
  });
});

describe('published text that does not say which column a value is in', () => {
  it('leaves a row with a value too few missing, with a finding naming the line', () => {
    const lines = seedText.split('\n');
    // line 34: 其他对外管理服务事项	0	5	5 → one value lost
    lines[33] = '其他对外管理服务事项\t5\t5';
    const report = read(lines.join('\n'));
    for (const col of ['previousYearItems', 'change', 'decisions']) {
      expect(report.values[`active.otherServices.${col}`]!.kind).toBe('missing');
    }
    const f = report.findings.filter((x) => x.code === 'VALUE_COUNT_MISMATCH');
    expect(f).toHaveLength(1);
    expect(f[0]!.cells).toEqual(['第34行']);
    expect(f[0]!.message).toContain('2 个数值');
    // the rows around it are unaffected
    expect(report.values['active.licensing.decisions']!.kind).toBe('zero');
  });

  it('reads the same text with | separators and half-width labels', () => {
    const piped = seedText
      .split('\n')
      .map((l) => (l.includes('\t') ? `| ${l.split('\t').join(' | ')} |` : l))
      .join('\n');
    const report = read(piped);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(report.values['active.otherServices.change']).toMatchObject({ kind: 'number', scaled: 5 });
  });
});

describe('the year a published text states', () => {
  it('flags the 2019 tables under a 2022 title as FORMAT_YEAR_MISMATCH, reading them as 2019', () => {
    const text = seedText.replace('嵩县科技和工业信息化局2020年政府信息公开工作年度报告', '嵩县科技和工业信息化局2022年政府信息公开工作年度报告')
      .replace('统计期限为2020年1月1日至2020年12月31日', '统计期限为2022年1月1日至2022年12月31日');
    const report = read(text);
    expect(report.format).toBe('2019');
    expect(report.reportYear).toBe(2022);
    expect(report.findings.map((f) => [f.code, f.severity])).toEqual([['FORMAT_YEAR_MISMATCH', 'warning']]);
    expect(report.values['active.otherServices.change']!.scaled).toBe(5);
  });

  it('warns when the statistics period contradicts the title', () => {
    const report = read(seedText.replace('统计期限为2020年1月1日至2020年12月31日', '统计期限为2019年1月1日至2019年12月31日'));
    expect(report.reportYear).toBe(2020);
    const conflict = report.findings.find((f) => f.code === 'REPORT_YEAR_CONFLICT');
    expect(conflict).toMatchObject({ severity: 'warning', expected: 2020, actual: 2019 });
    expect(conflict!.message).toContain('第3行');
  });
});
