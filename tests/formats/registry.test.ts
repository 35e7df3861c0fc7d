import { describe, expect, it } from 'vitest';
import { currentFormat, firstReportYear, formatForYear, formatIds, formatList, formats } from '../../src/formats/index.js';
import { formatIdSchema } from '../../src/report/report.js';

describe('the one list of official formats', () => {
  it('gives every id, the lookup by id and the Report schema the same formats', () => {
    expect(formatIds).toEqual(formatList.map((f) => f.id));
    for (const f of formatList) {
      expect(formats[f.id]).toBe(f);
      expect(formatIdSchema.safeParse(f.id).success).toBe(true);
    }
    expect(formatIdSchema.safeParse('2099').success).toBe(false);
  });

  it('starts at the earliest year a format covers, and no earlier', () => {
    expect(formatForYear(firstReportYear).id).toBe(formatList[0]!.id);
    expect(() => formatForYear(firstReportYear - 1)).toThrow(/早于/);
  });

  it('calls current the format still in force, the one a report for next year must use', () => {
    expect(currentFormat.years.to).toBeUndefined();
    expect(formatForYear(new Date().getFullYear() + 1)).toBe(currentFormat);
  });
});
