/**
 * The corpus criterion: random Reports written in every text layout, both formats, with blanks, shortened
 * labels, traditional characters and the rest of a real page's variety, read back exactly: every value written is read
 * as written, a blank as blank, nothing invented, the year and unit from the title; and cut off at any line, nothing
 * read is wrong and everything not read is named in a finding.
 */
import { describe, expect, it } from 'vitest';
import { cellSpecs, formats } from '../../src/formats/index.js';
import { textToGrid } from '../../src/grid/textGrid.js';
import { reportFromGrid } from '../../src/report/fromGrid.js';
import { generateCase, layouts, misread, random, readBack, sameNumber, type CorpusCase } from './corpus.js';

const perLayoutAndFormat = 18;
const cases: CorpusCase[] = (['2019', '2021'] as const).flatMap((id) =>
  layouts.flatMap((layout, l) => Array.from({ length: perLayoutAndFormat }, (_, i) => generateCase(formats[id], layout, 1000 * l + i * 31 + Number(id)))),
);

const readingCodes = new Set(['TABLE_NOT_FOUND', 'ROW_NOT_FOUND', 'VALUE_COUNT_MISMATCH', 'ROW_POSITIONS_AMBIGUOUS', 'COLUMN_NOT_FOUND']);


describe('generated corpus: every layout, both formats, read back exactly', () => {
  it(`has at least 200 texts (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const report = reportFromGrid(textToGrid(c.text, `${c.name}.txt`));
    expect(report.format).toBe(c.format.id);
    expect(report.reportYear).toBe(c.year);
    expect(report.unit.name).toBe(c.unit);
    expect(misread(report, c)).toEqual([]);
    expect(report.findings.filter((f) => readingCodes.has(f.code))).toEqual([]);
  });
});

describe('generated corpus cut off at a line: nothing wrong, everything unread named', () => {
  const cut = cases.filter((_, i) => i % 3 === 0);
  it.each(cut.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const lines = c.text.split(/\r?\n/);
    const next = random(c.name.length * 7919 + lines.length);
    const keep = Math.floor(lines.length * (0.3 + next() * 0.65));
    const report = reportFromGrid(textToGrid(lines.slice(0, keep).join('\n'), `${c.name}-cut.txt`));
    const named = new Set(report.findings.flatMap((f) => f.keys ?? []));
    for (const spec of cellSpecs(formats[report.format])) {
      const read = readBack(report, spec.key);
      if (read === null) {
        expect(named.has(spec.key), `${spec.key} missing without a finding`).toBe(true);
        continue;
      }
      if (report.format !== c.format.id) continue;
      const written = c.written.get(spec.key)!;
      expect(written === '' ? read === '' : sameNumber(written, read), `${spec.key}: wrote “${written}”, read “${read}”`).toBe(true);
    }
  });
});
