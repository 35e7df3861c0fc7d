/** Summing rules on Reports: exact money, blanks counted as 0 and counted, totals recomputed, stated totals checked. */
import { describe, expect, it } from 'vitest';
import { formatForYear } from '../../src/formats/index.js';
import { reportFromNumbers } from '../../src/report/build.js';
import { sumReports } from '../../src/consolidate/sumReports.js';

const format = formatForYear(2025);

describe('sumReports', () => {
  it('adds money exactly: 0.1 + 0.2 万元 is 0.3, and 1234.5678 + 0.0001 is 1234.5679', () => {
    const a = reportFromNumbers({ format, reportYear: 2025, unit: { name: 'A' }, numbers: { 'active.fees.feeAmount': 0.1 } });
    const b = reportFromNumbers({ format, reportYear: 2025, unit: { name: 'B' }, numbers: { 'active.fees.feeAmount': 0.2 } });
    const c = reportFromNumbers({ format, reportYear: 2025, unit: { name: 'C' }, numbers: { 'active.fees.feeAmount': 1234.5678 } });
    const d = reportFromNumbers({ format, reportYear: 2025, unit: { name: 'D' }, numbers: { 'active.fees.feeAmount': 0.0001 } });
    const ab = sumReports([a, b], { format, region: '某县', reportYear: 2025 }).report.values['active.fees.feeAmount']!;
    expect(ab.scaled).toBe(3000);
    expect(ab.raw).toBe('0.3');
    expect(sumReports([c, d], { format, region: '某县', reportYear: 2025 }).report.values['active.fees.feeAmount']!.number).toBe(1234.5679);
  });

  it('counts a blank as 0 but counts it, recomputes totals, and records a unit total that disagrees', () => {
    const a = reportFromNumbers({
      format,
      reportYear: 2025,
      unit: { name: 'A' },
      // stated 总计 of 予以公开 is 9, but its columns add up to 3
      numbers: { 'applications.granted.natural': 2, 'applications.granted.commercial': 1, 'applications.granted.total': 9 },
    });
    const b = reportFromNumbers({ format, reportYear: 2025, unit: { name: 'B' }, numbers: { 'applications.granted.natural': 5 } });
    b.values['applications.granted.commercial'] = { ...b.values['applications.granted.commercial']!, kind: 'blank', scaled: null, number: null, raw: '' };
    const { report, tallies, disagreements } = sumReports([a, b], { format, region: '某县', reportYear: 2025 });
    expect(report.values['applications.granted.natural']!.scaled).toBe(7);
    expect(report.values['applications.granted.commercial']!.scaled).toBe(1);
    expect(report.values['applications.granted.total']!.scaled).toBe(8); // 7 + 1, not 9 + 5
    expect(report.values['applications.resultsTotal.total']!.scaled).toBe(8);
    expect(tallies.get('applications.granted.commercial')).toEqual({ countedAsZero: 1, notSummable: [], reasons: [], rounded: [] });
    expect(disagreements).toContainEqual({ unit: 'A', file: '(内存)', key: 'applications.granted.total', stated: 9, computed: 3 });
    expect(report.source.isSummary).toBe(true);
    expect(report.unit.name).toBe('某县');
  });
});
