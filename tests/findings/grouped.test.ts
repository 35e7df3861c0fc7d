/**
 * A file's many notes of one code are one entry in the lists a clerk reads (the screen of parse/check, 校验结果 and its
 * CSV, the page), with every place and every note's words kept; errors and warnings stay one per finding; the JSON
 * keeps every finding. The real case: the seed report with every figure in full-width digits, as some pages print them.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { finding } from '../../src/findings/factory.js';
import { findingCodes } from '../../src/findings/codes.js';
import type { Finding } from '../../src/findings/finding.js';
import { groupFrom, groupedNotes } from '../../src/findings/grouped.js';
import { checkedFileView } from '../../src/ui/views.js';
import { seedFile } from '../helpers/paths.js';

const note = (file: string, line: number) =>
  finding('FULL_WIDTH_DIGITS', { where: `表二“规章”·第${line}项`, text: '１２' }, { file, cells: [`第${line}行`], keys: [`k${line}`] });
const error = (file: string, line: number) =>
  finding('NOT_A_NUMBER', { where: `表二“规章”·第${line}项`, kind: 'text', text: '无' }, { file, cells: [`第${line}行`] });

describe('groupedNotes', () => {
  it(`makes ${groupFrom} or more notes of one code in one file one entry where the first stood, keeping every place and message`, () => {
    const a = Array.from({ length: 5 }, (_, i) => note('a.txt', 10 + i));
    const input = [error('a.txt', 1), ...a.slice(0, 2), error('a.txt', 2), ...a.slice(2), note('b.txt', 3)];
    const out = groupedNotes(input);
    expect(out.map((f) => [f.file, f.code])).toEqual([
      ['a.txt', 'NOT_A_NUMBER'],
      ['a.txt', 'FULL_WIDTH_DIGITS'],
      ['a.txt', 'NOT_A_NUMBER'],
      ['b.txt', 'FULL_WIDTH_DIGITS'],
    ]);
    const grouped = out[1]!;
    expect(grouped.severity).toBe('info');
    expect(grouped.cells).toEqual(a.map((f) => f.cells[0]));
    expect(grouped.keys).toEqual(a.map((f) => f.keys![0]));
    expect(grouped.details).toEqual(a.map((f) => f.message));
    expect(grouped.message).toBe(`共 5 处：${findingCodes.FULL_WIDTH_DIGITS.describe}`);
    // the other file's single note is its own
    expect(out[3]).toEqual(input[input.length - 1]);
  });

  it('leaves notes that each say something of their own one per finding: which rule was not checked', () => {
    const notChecked = Array.from({ length: 6 }, (_, i) =>
      finding('NOT_ASSESSABLE', { table: '表三', along: `第${i + 1}列`, what: '总计', count: 1, example: '“自然人”是文字' }, { file: 'a.xlsx', cells: [`三!D${i + 4}`] }),
    );
    expect(notChecked.every((f) => f.severity === 'info')).toBe(true);
    expect(groupedNotes(notChecked)).toEqual(notChecked);
  });

  it(`leaves ${groupFrom - 1} notes, and any number of errors or warnings, one per finding`, () => {
    const few = Array.from({ length: groupFrom - 1 }, (_, i) => note('a.txt', i));
    expect(groupedNotes(few)).toEqual(few);
    const errors = Array.from({ length: 10 }, (_, i) => error('a.txt', i));
    expect(groupedNotes(errors)).toEqual(errors);
  });
});

describe('a published report written in full-width digits', () => {
  let dir: string;
  let text: string;
  const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'nianbao-grouped-'));
    // every figure after a tab (the tables' values), not the years and line numbers of the prose
    text = path.join(dir, '全角.txt');
    writeFileSync(text, readFileSync(seedFile, 'utf8').replace(/\t(\d+)/g, (_, n: string) => `\t${fullWidth(n)}`));
  });

  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  async function run(...args: string[]): Promise<string> {
    let stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await runCli(args);
    vi.restoreAllMocks();
    return stdout;
  }

  it('shows its notes once on the screen, and lists each in the JSON', async () => {
    const json = JSON.parse(await run('parse', text, '--json')) as { files: { findings: { code: string }[] }[] };
    const notes = json.files[0]!.findings.filter((f) => f.code === 'FULL_WIDTH_DIGITS').length;
    expect(notes).toBeGreaterThan(100);
    const screen = await run('parse', text);
    expect(screen.split('\n').filter((l) => l.includes('FULL_WIDTH_DIGITS'))).toHaveLength(1);
    expect(screen).toContain(`共 ${notes} 处：${findingCodes.FULL_WIDTH_DIGITS.describe}`);
    // the places are lines of the text, and said so
    expect(screen).toMatch(/第\d+行、第\d+行.* 等 \d+ 行\n/);
    expect(screen).toContain('未发现错误和警告');
  });

  it('is one row of 校验结果 when consolidated, and one entry on the page', async () => {
    await run('consolidate', text, '--year', '2020', '--region', '嵩县', '--out', path.join(dir, '汇总.xlsx'), '--csv', path.join(dir, '明细.csv'));
    const findingsCsv = readdirSync(dir).find((f) => f.endsWith('.csv') && f.includes('校验结果'))!;
    const rows = readFileSync(path.join(dir, findingsCsv), 'utf8').split('\n').filter((l) => l.includes('FULL_WIDTH_DIGITS'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/共 \d+ 处/);
    const json = JSON.parse(await run('parse', text, '--json')) as { files: { file: string; findings: Finding[] }[] };
    const view = checkedFileView({ file: text, readable: true, findings: json.files[0]!.findings }, dir);
    expect(view.findings.filter((f) => f.code === 'FULL_WIDTH_DIGITS')).toHaveLength(1);
  });
});
