/** Submission decisions that need no files: the ties between duplicates, no roster, another report year. */
import { describe, expect, it } from 'vitest';
import { decideSubmissions, type InputFile } from '../../src/consolidate/submissions.js';

const unit = (file: string, extra: Partial<InputFile> = {}): InputFile => ({ file, ok: true, format: '2021', reportYear: 2025, ...extra });

describe('decideSubmissions', () => {
  it('without a roster finds duplicates by name and, with equal 填报日期, uses the later-modified file', () => {
    const { submissions, findings } = decideSubmissions(
      [unit('a/x.xlsx', { unitName: '某县（甲）局', filledDate: '2026-01-10', mtimeMs: 2000 }), unit('b/y.xlsx', { unitName: '某县(甲)局', filledDate: '2026-01-10', mtimeMs: 1000 })],
      { reportYear: 2025, format: '2021' },
    );
    expect(submissions.map((s) => [s.status, s.included])).toEqual([
      ['duplicate', true],
      ['duplicate', false],
    ]);
    expect(submissions[0]!.note).toContain('修改时间最晚');
    expect(findings.map((f) => f.code)).toEqual(['DUPLICATE_SUBMISSION']);
  });

  it('without a roster, a file stating no code (a published report) is the unit of that name that states one', () => {
    const inputs = [
      unit('丁局.xlsx', { unitName: '丁局', unitCode: 'C4', mtimeMs: 1000 }),
      unit('丁局年报.txt', { unitName: '丁局', published: true, mtimeMs: 2000 }),
      unit('戊局.xlsx', { unitName: '戊局', unitCode: 'C5' }),
    ];
    const { submissions, findings } = decideSubmissions(inputs, { reportYear: 2025, format: '2021' });
    expect(submissions.map((s) => [s.file, s.status, s.included])).toEqual([
      ['丁局.xlsx', 'duplicate', true],
      ['丁局年报.txt', 'duplicate', false],
      ['戊局.xlsx', 'submitted', true],
    ]);
    // the workbook, though the text is newer
    expect(submissions[0]!.note).toContain('工作簿优先');
    expect(findings.map((f) => f.code)).toEqual(['DUPLICATE_SUBMISSION']);
  });

  it('keeps a name stated with two different codes as two units, and a file of that name without a code apart', () => {
    const { submissions } = decideSubmissions(
      [unit('a.xlsx', { unitName: '丁局', unitCode: 'A1' }), unit('b.xlsx', { unitName: '丁局', unitCode: 'B2' }), unit('c.txt', { unitName: '丁局', published: true })],
      { reportYear: 2025, format: '2021' },
    );
    expect(submissions.map((s) => [s.status, s.included])).toEqual([
      ['submitted', true],
      ['submitted', true],
      ['submitted', true],
    ]);
  });

  it('says when a file named after one roster unit states another (a borrowed table whose 基本信息 was not changed)', () => {
    const roster = [{ name: '某县甲局' }, { name: '某县乙局', code: 'C2' }];
    const { submissions, findings } = decideSubmissions(
      [
        unit('报送/某县甲局.xlsx', { unitName: '某县乙局' }),
        unit('报送/某县乙局2025.xlsx', { unitName: '某县乙局', filledDate: '2026-01-20' }),
        // named after its own unit, or after none, or matched by its file name: nothing to say
        unit('报送/年报.xlsx', { unitCode: 'c2' }),
        // a name that holds its own unit's name beside another's is its own
        unit('报送/某县乙局（某县甲局代报）.xlsx', { unitName: '某县乙局' }),
      ],
      { reportYear: 2025, format: '2021', roster },
    );
    const said = findings.filter((f) => f.code === 'FILE_NAME_OTHER_UNIT');
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ severity: 'warning', file: '报送/某县甲局.xlsx', unit: '某县乙局' });
    expect(said[0]!.message).toContain('“某县甲局”');
    expect(said[0]!.message).toContain('“某县乙局”');
    // and the consequences a clerk sees beside it: 乙局 twice, 甲局 missing
    expect(findings.map((f) => f.code).sort()).toEqual(['DUPLICATE_SUBMISSION', 'FILE_NAME_OTHER_UNIT', 'SUBMISSION_MISSING']);
    expect(submissions.find((s) => s.status === 'missing')!.unitName).toBe('某县甲局');
  });

  it('matches a unit that leaves out its place name (财政局 for 某县财政局) when one roster unit ends so, and only then', () => {
    const roster = [{ name: '某县财政局' }, { name: '某县教育局' }, { name: '某市教育局' }, { name: '某县公安局' }];
    const { submissions } = decideSubmissions(
      [
        unit('a.xlsx', { unitName: '财政局' }),
        // two roster units end with it: not guessed
        unit('b.xlsx', { unitName: '教育局' }),
        // too short to tell, even where one roster unit ends so
        unit('c.xlsx', { unitName: '局' }),
        unit('d.xlsx', { unitName: '安局' }),
        // the file name, which holds the whole roster name, comes first
        unit('某县公安局.xlsx', { unitName: '安局' }),
      ],
      { reportYear: 2025, format: '2021', roster },
    );
    const byFile = new Map(submissions.filter((s) => s.file).map((s) => [s.file, [s.rosterUnit?.name, s.matchedBy]]));
    expect(Object.fromEntries(byFile)).toEqual({
      'a.xlsx': ['某县财政局', 'nameEnding'],
      'b.xlsx': [undefined, 'none'],
      'c.xlsx': [undefined, 'none'],
      'd.xlsx': [undefined, 'none'],
      '某县公安局.xlsx': ['某县公安局', 'fileName'],
    });
    expect(submissions.filter((s) => s.status === 'missing').map((s) => s.unitName).sort()).toEqual(['某县教育局', '某市教育局'].sort());
  });

  it('with equal dates and times, takes the path that sorts last, and says so', () => {
    const { submissions } = decideSubmissions([unit('v2.xlsx', { unitCode: 'X1' }), unit('v1.xlsx', { unitCode: 'x1' })], { reportYear: 2025, format: '2021' });
    expect(submissions.find((s) => s.included)!.file).toBe('v2.xlsx');
    expect(submissions.find((s) => s.included)!.note).toContain('按文件路径排序');
  });

  it('flags a report of another year as an error, and leaves it out only with --exclude-invalid', () => {
    const inputs = [unit('old.xlsx', { unitName: '甲', reportYear: 2024 }), unit('new.xlsx', { unitName: '乙' })];
    const kept = decideSubmissions(inputs, { reportYear: 2025, format: '2021' });
    expect(kept.submissions.map((s) => s.included)).toEqual([true, true]);
    expect(kept.findings).toMatchObject([{ code: 'REPORT_YEAR_MISMATCH_IN_SUMMARY', severity: 'error', actual: 2024 }]);
    const left = decideSubmissions(inputs, { reportYear: 2025, format: '2021', excludeInvalid: true });
    expect(left.submissions.map((s) => [s.status, s.included])).toEqual([
      ['excluded', false],
      ['submitted', true],
    ]);
  });

  it('is late only after 1月31日 of the next year', () => {
    const { submissions } = decideSubmissions(
      [unit('a.xlsx', { unitName: '甲', filledDate: '2026-01-31' }), unit('b.xlsx', { unitName: '乙', filledDate: '2026-02-01' })],
      { reportYear: 2025, format: '2021' },
    );
    expect(submissions.map((s) => s.late)).toEqual([false, true]);
  });

  it('matches the roster by code, then name, then the longest roster name the file name contains; the first of equals', () => {
    const roster = [
      { name: '财政局' },
      { name: '县财政局' },
      { name: '某县（教育）局', code: '11410000mb1234567x' },
      { name: '某县(教育)局' },
      { name: '卫健委' },
    ];
    const { submissions } = decideSubmissions(
      [
        unit('某县财政局年报.xlsx'),
        unit('a.xlsx', { unitCode: ' 11410000MB1234567X ', unitName: '别的名字' }),
        unit('b.xlsx', { unitName: '某县（教育）局' }),
        unit('c.xlsx', { unitName: '某县教育局' }),
        unit('卫健委.xlsx', { ok: false }),
      ],
      { reportYear: 2025, format: '2021', roster },
    );
    expect(submissions.map((s) => [s.file ?? null, s.rosterUnit ? roster.indexOf(s.rosterUnit) : null, s.matchedBy, s.status])).toEqual([
      ['某县财政局年报.xlsx', 1, 'fileName', 'submitted'],
      // the code wins over the name the file states; the unit it names and b.xlsx are then one unit twice
      ['a.xlsx', 2, 'code', 'duplicate'],
      ['b.xlsx', 2, 'name', 'duplicate'],
      ['c.xlsx', 2, 'name', 'duplicate'],
      ['卫健委.xlsx', 4, 'fileName', 'unreadable'],
      [null, 0, 'none', 'missing'],
      [null, 3, 'none', 'missing'],
    ]);
  });
});

describe('lateness', () => {
  it('is judged on a 填报日期 that is a date; a JSON Report’s date that is none (2026-13-45, 2026-02-30) is never late, however often seen', () => {
    const late = (filledDate: string) =>
      decideSubmissions([unit('a.json', { unitName: '甲局', filledDate })], { reportYear: 2025, format: '2021' }).submissions[0]!.late;
    for (let round = 0; round < 2; round++) {
      expect(late('2026-02-10')).toBe(true);
      expect(late('2026-01-20')).toBe(false);
      expect(late('2026-13-45')).toBe(false);
      expect(late('2026-02-30')).toBe(false);
    }
  });
});
