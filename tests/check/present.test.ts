import { describe, expect, it } from 'vitest';
import { checkReport } from '../../src/check/checkReport.js';
import { checkOutputSchema } from '../../src/check/jsonOutput.js';
import { cellsText, exitCodeFor, findingsJson, formatFindingsText, type CheckedFile } from '../../src/check/present.js';
import type { Finding } from '../../src/findings/finding.js';
import { version } from '../../src/version.js';
import { cleanReport, edited } from './reports.js';

const broken = edited(cleanReport('2021', { file: '乙局.xlsx' }), {
  'applications.carryForward.natural': 0,
  'applications.carryForward.total': 0,
  'active.licensing.decisions': { kind: 'blank', raw: '', scaled: null, number: null },
});
const groups: CheckedFile[] = [
  { file: '甲局.xlsx', unit: '甲局', format: '2021', reportYear: 2021, findings: checkReport(cleanReport('2021', { file: '甲局.xlsx' })) },
  { file: '乙局.xlsx', unit: '乙局', format: '2021', reportYear: 2021, findings: checkReport(broken) },
  {
    file: '丙局.xls',
    readable: false,
    findings: [{ code: 'LEGACY_XLS_NO_CONVERTER', severity: 'error', file: '丙局.xls', cells: [], message: '文件 丙局.xls 是旧版 Excel 文件，请另存为 Excel 工作簿（*.xlsx）。' }],
  },
];

describe('text output', () => {
  it('groups by file with counts per file and a total line, without colour when not asked', () => {
    const text = formatFindingsText(groups, { color: false });
    expect(text).not.toContain('\u001b[');
    expect(text).toContain('甲局.xlsx（甲局）');
    expect(text).toContain('错误 BALANCE  三、依申请公开!D4、D5、D27、D28');
    expect(text).toContain('不满足勾稽关系');
    expect(text).toContain('小计：错误 1 个，警告 1 个，提示 2 个');
    expect(text).toContain('合计：3 个文件，错误 2 个，警告 1 个，提示 4 个');
    // 乙局's findings come after 甲局's header and before 丙局's
    expect(text.indexOf('乙局.xlsx')).toBeLessThan(text.indexOf('BALANCE'));
    expect(text.indexOf('BALANCE')).toBeLessThan(text.indexOf('丙局.xls'));
  });

  it('says "no previous year, cross-year rules not assessed" once under the files, not per file', () => {
    const text = formatFindingsText(groups, { color: false });
    const perFile = checkReport(cleanReport('2021')).find((f) => f.code === 'CROSS_YEAR_NOT_ASSESSABLE')!;
    expect(text).not.toContain(perFile.message);
    expect(text.match(/CROSS_YEAR_NOT_ASSESSABLE/g)).toHaveLength(1);
    expect(text).toContain('2 个文件未提供上年数据');
    expect(text).toContain('不视为通过');
  });

  it('colours severities with ANSI only when asked', () => {
    const text = formatFindingsText(groups, { color: true });
    expect(text).toContain('\u001b[31m错误\u001b[0m');
    expect(text).toContain('\u001b[33m警告\u001b[0m');
  });

  it('names the sheet once for a run of cells and cuts long lists short', () => {
    expect(cellsText(['四、复议诉讼!E4', '四、复议诉讼!A4', '三、依申请公开!J4'])).toBe('四、复议诉讼!E4、A4、三、依申请公开!J4');
    expect(cellsText(Array.from({ length: 20 }, (_, i) => `S!A${i + 1}`), 3)).toBe('S!A1、A2、A3 等 20 个单元格');
  });
});

describe('JSON output', () => {
  it('is one document that validates against the documented schema and survives JSON text', () => {
    const doc = findingsJson(groups, { generatedAt: new Date('2026-01-20T08:00:00Z') });
    const parsed = checkOutputSchema.parse(JSON.parse(JSON.stringify(doc)));
    // China Standard Time (issue 9)
    expect(parsed).toMatchObject({ tool: 'nianbao', version, generatedAt: '2026-01-20T16:00:00+08:00' });
    expect(parsed.files.map((f) => [f.file, f.status])).toEqual([
      ['甲局.xlsx', 'passed'],
      ['乙局.xlsx', 'failed'],
      ['丙局.xls', 'unreadable'],
    ]);
    expect(parsed.files[2]).toMatchObject({ unit: null, format: null, reportYear: null });
    expect(parsed.totals).toEqual({ files: 3, errors: 2, warnings: 1, infos: 4 });
    const balance = parsed.files[1]!.findings.find((f) => f.code === 'BALANCE')!;
    expect(balance).toMatchObject({ expected: 7, actual: 6, difference: -1, sheet: '三、依申请公开' });
  });

  it('a file with warnings only has status warnings', () => {
    const warn: Finding = { code: 'BLANK_INPUT', severity: 'warning', file: 'x.xlsx', cells: [], message: '空白' };
    expect(findingsJson([{ file: 'x.xlsx', findings: [warn] }]).files[0]!.status).toBe('warnings');
  });
});

describe('exit codes', () => {
  const f = (severity: Finding['severity']): Finding => ({ code: 'BALANCE', severity, file: 'a.xlsx', cells: [], message: 'm' });
  it('0 without errors, warnings allowed without a limit', () => {
    expect(exitCodeFor([])).toBe(0);
    expect(exitCodeFor([f('warning'), f('warning'), f('info')])).toBe(0);
  });
  it('1 with any error', () => {
    expect(exitCodeFor([f('info'), f('error')])).toBe(1);
    expect(exitCodeFor([f('error')], 100)).toBe(1);
  });
  it('1 when warnings exceed --max-warnings, 0 up to it', () => {
    expect(exitCodeFor([f('warning'), f('warning')], 2)).toBe(0);
    expect(exitCodeFor([f('warning'), f('warning')], 1)).toBe(1);
    expect(exitCodeFor([f('warning')], 0)).toBe(1);
  });
});
