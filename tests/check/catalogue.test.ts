import { afterEach, describe, expect, it, vi } from 'vitest';
import yargs from 'yargs';
import { ruleCatalogue } from '../../src/check/catalogue.js';
import { rulesFor } from '../../src/check/rules.js';
import { rulesCommand } from '../../src/cli/commands/rules.js';
import { formats } from '../../src/formats/index.js';

describe.each(['2019', '2021'] as const)('the %s catalogue', (id) => {
  const entries = ruleCatalogue(formats[id]);
  const ids = new Set(entries.map((e) => e.id));

  it('has every relation of spec section 4 for this format', () => {
    for (const rule of ['balance', 'results-total', 'row-total', 'review-total', 'domain', 'carry-over']) expect(ids).toContain(rule);
    expect(ids.has('in-force')).toBe(id === '2021');
    expect(ids.has('items-2019')).toBe(id === '2019');
    expect(entries.filter((e) => e.code === 'REVIEW_TOTAL').map((e) => e.description.split('：')[0])).toEqual([
      '行政复议',
      '未经复议直接起诉',
      '复议后起诉',
    ]);
    const severity = Object.fromEntries(entries.map((e) => [e.code, e.severity]));
    expect(severity).toMatchObject({ BALANCE: 'error', CARRY_OVER: 'error', BLANK_INPUT: 'warning', CROSS_YEAR_NOT_ASSESSABLE: 'info' });
    expect(severity[id === '2021' ? 'IN_FORCE' : 'ITEMS_2019']).toBe('warning');
  });

  it('has the fixed rules on values and the report', () => {
    const codes = entries.map((e) => e.code);
    for (const c of [
      'NOT_A_NUMBER',
      'BLANK_INPUT',
      'NOT_APPLICABLE_MARK',
      'DOMAIN_NEGATIVE',
      'DOMAIN_FRACTION',
      'DOMAIN_MONEY_PRECISION',
      'TYPED_OVER_TOTAL',
      'FORMAT_YEAR_MISMATCH',
      'BASIC_INFO_INCOMPLETE',
      'UNIT_MISMATCH_PREVIOUS',
      'YEAR_JUMP',
    ]) {
      expect(codes).toContain(c);
    }
  });

  it('says where the balance applies: the seven columns of table 三', () => {
    const balance = entries.find((e) => e.code === 'BALANCE')!;
    for (const col of ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计']) expect(balance.appliesTo).toContain(`“${col}”列`);
  });

  it('expands to one relation per column for the balance and the results total, one per row for row totals', () => {
    const rel = rulesFor(formats[id]).relations;
    expect(rel.filter((r) => r.id === 'balance')).toHaveLength(7);
    expect(rel.filter((r) => r.id === 'results-total')).toHaveLength(7);
    // 2019: 一, 二, 20 result rows, 四 = 23 rows; 2021: 22 result rows → 25
    expect(rel.filter((r) => r.id === 'row-total')).toHaveLength(id === '2019' ? 23 : 25);
    expect(rel.filter((r) => r.id === 'review-total')).toHaveLength(3);
    const results = rel.find((r) => r.id === 'results-total' && r.along === 'natural')!;
    expect(results.right).toHaveLength(id === '2019' ? 19 : 21);
  });
});

describe('nianbao rules', () => {
  let out = '';
  afterEach(() => vi.restoreAllMocks());
  const run = async (args: string[]) => {
    out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    await yargs(args).command(rulesCommand).strict().fail((m) => { throw new Error(m); }).parseAsync();
    return out;
  };

  it('prints a readable table per format', async () => {
    const text = await run(['rules']);
    expect(text).toContain('2019 年版格式（国办公开办函〔2019〕60号');
    expect(text).toContain('2021 年版格式（国办公开办函〔2021〕30号');
    expect(text).toMatch(/BALANCE\s+错误\s+balance\s+每一列：/);
  });

  it('--format 2021 --json prints that format’s catalogue as JSON', async () => {
    const doc = JSON.parse(await run(['rules', '--format', '2021', '--json'])) as {
      formats: { format: string; rules: { code: string }[] }[];
      otherCodes: { code: string }[];
    };
    expect(doc.formats.map((d) => d.format)).toEqual(['2021']);
    expect(doc.formats[0]!.rules.map((r) => r.code)).toContain('IN_FORCE');
    expect(doc.otherCodes.map((c) => c.code)).toContain('ZIP_CORRUPT');
  });

  it('rejects an unknown format', async () => {
    await expect(run(['rules', '--format', '2018'])).rejects.toThrow();
  });
});
