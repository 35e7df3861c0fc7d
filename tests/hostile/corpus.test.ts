/**
 * The hostile corpus through the whole pipeline (issue 6): every broken, huge or malicious file ends as a clear
 * Chinese error or warning naming it (and its cells), nothing crashes or hangs, no input is touched, every file is
 * listed in 报送情况, and the totals are exactly those of the files whose data is sound.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consolidate } from '../../src/app/consolidate.js';
import type { ConsolidationResult } from '../../src/consolidate/result.js';
import { sumValues, type UnitValues } from '../consolidate/fixtures.js';
import { makeHostileCorpus, type HostileCorpus } from './corpus.js';
import { cliPath, repoRoot } from '../helpers/paths.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'nianbao-hostile-corpus-'));
const inputDir = path.join(root, '报送');
const outDir = path.join(root, '输出');
mkdirSync(outDir);
let corpus: HostileCorpus;
const before = new Map<string, string>();

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const listing = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
const base = (file: string): string => path.basename(file);

function cli(args: string[], cwd = repoRoot): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliPath, ...args], { cwd, timeout: 150_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

/** The files whose data is sound: the good units, and hostile files that are odd only in name or container. */
const soundValues = (): UnitValues[] => [...corpus.good.map((g) => g.values), ...corpus.hostile.flatMap((h) => (h.values ? [h.values] : []))];

beforeAll(async () => {
  corpus = await makeHostileCorpus(inputDir);
  for (const f of listing(inputDir)) before.set(f, sha256(path.join(inputDir, f)));
}, 300_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Expect the summary's exact totals to be the key-by-key sum of `units`. */
function expectTotals(r: ConsolidationResult, units: UnitValues[]): void {
  const expected = sumValues(units);
  expect(Object.keys(expected).length).toBeGreaterThan(100);
  const actual: Record<string, number | null> = {};
  for (const key of Object.keys(expected)) actual[key] = r.summary.values[key]?.scaled ?? null;
  expect(actual).toEqual(expected);
}

describe('consolidating the hostile corpus with good files', () => {
  let result: ConsolidationResult;
  let seconds = 0;

  beforeAll(async () => {
    const started = performance.now();
    // through the worker pool, so the per-file time limit and crash isolation are the ones in force
    result = await consolidate({ inputs: [inputDir], year: 2025, region: '某某县', excludeInvalid: true, batch: { inProcessBelow: 0, timeoutMs: 30_000 } });
    seconds = (performance.now() - started) / 1000;
  }, 180_000);

  it('finishes within a generous bound and says errors were found', () => {
    expect(seconds).toBeLessThan(120);
    expect(result.hasErrors).toBe(true);
    expect(result.counts.received).toBe(corpus.good.length + corpus.hostile.length);
  });

  it('lists every input file in 报送情况', () => {
    expect(result.submissions.map((s) => s.file).sort()).toEqual(listing(inputDir).map((f) => path.join(inputDir, f)).sort());
  });

  it('gives every hostile file a Chinese error or warning naming it, and names each damaged cell', () => {
    for (const h of corpus.hostile) {
      const own = result.findings.filter((f) => (f.severity === 'error' || f.severity === 'warning') && (f.file === h.file || f.message.includes(base(h.file))));
      expect(own.length, `${base(h.file)} (${h.what})`).toBeGreaterThan(0);
      for (const f of own) expect(f.message, base(h.file)).toMatch(/[\u4e00-\u9fff]/);
      const named = new Set(own.flatMap((f) => f.cells));
      for (const cell of h.cells ?? []) expect(named.has(cell), `${base(h.file)}: ${cell}`).toBe(true);
    }
  });

  it('reads files that cannot be read as unreadable, with the reason, and the rest by their unit', () => {
    const status = new Map(result.submissions.map((s) => [base(s.file!), s]));
    for (const name of ['空文件.xlsx', '随机字节.xlsx', '下载不完整.xlsx', '加密.xlsx', '压缩炸弹.xlsx', '百万行.xlsx']) {
      expect(status.get(name)?.status, name).toBe('unreadable');
    }
    const codes = new Map(result.findings.filter((f) => f.severity === 'error' && f.cells.length === 0).map((f) => [base(f.file), f.code]));
    expect(codes.get('空文件.xlsx')).toBe('FILE_EMPTY');
    expect(codes.get('下载不完整.xlsx')).toBe('ZIP_CORRUPT');
    expect(codes.get('加密.xlsx')).toBe('ENCRYPTED');
    expect(codes.get('压缩炸弹.xlsx')).toBe('ZIP_BOMB');
    expect(codes.get('百万行.xlsx')).toBe('SHEET_TOO_LARGE');
    // units that are wrong in their data are excluded under --exclude-invalid; odd names are still units
    for (const h of corpus.hostile.filter((x) => x.cells)) expect(status.get(base(h.file))?.status, base(h.file)).toBe('excluded');
    for (const h of corpus.hostile.filter((x) => x.values)) expect(status.get(base(h.file))?.included, base(h.file)).toBe(true);
    expect(result.submissions.find((s) => base(s.file!) === '超长单位名.xlsx')?.unitName).toBe('局'.repeat(10_000));
  });

  it('totals exactly the files whose data is sound', () => {
    expect(result.counts.included).toBe(soundValues().length);
    expectTotals(result, soundValues());
  });
});

describe('by default, units with errors are counted', () => {
  it('includes readable units with negative counts or text, but no text or error value enters a sum', async () => {
    const r = await consolidate({ inputs: [inputDir], year: 2025, region: '某某县' });
    const included = new Map(r.submissions.map((s) => [base(s.file!), s.included]));
    for (const h of corpus.hostile.filter((x) => x.cells)) expect(included.get(base(h.file)), base(h.file)).toBe(true);
    for (const name of ['空文件.xlsx', '压缩炸弹.xlsx', '百万行.xlsx']) expect(included.get(name)).toBe(false);
    // the text-only and #REF!-only units, counted, add nothing: their cells are not numbers
    const textUnits = await consolidate({
      inputs: [...corpus.good.map((g) => g.file), path.join(inputDir, '全是文字.xlsx'), path.join(inputDir, '全是引用错误.xlsx')],
      year: 2025,
      region: '某某县',
    });
    expect(textUnits.counts.included).toBe(corpus.good.length + 2);
    expectTotals(textUnits, corpus.good.map((g) => g.values));
  }, 180_000);
});

describe('the CLI over the corpus', () => {
  let run: { code: number; stdout: string; stderr: string };
  const out = path.join(outDir, '汇总.xlsx');
  const json = path.join(outDir, '汇总.json');
  const csv = path.join(outDir, '明细.csv');

  beforeAll(async () => {
    run = await cli(['consolidate', inputDir, '--year', '2025', '--region', '某某县', '--out', out, '--json', json, '--csv', csv, '--exclude-invalid']);
  }, 180_000);

  it('exits 1 (errors found) and writes only into the output folder', () => {
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('发现错误');
    expect(listing(outDir).sort()).toEqual(['明细.csv', '明细.报送情况.csv', '明细.校验结果.csv', '汇总.json', '汇总.xlsx'].sort());
  });

  it('lists every input file in the workbook’s 报送情况', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sheet = wb.getWorksheet('报送情况')!;
    const text: string[] = [];
    sheet.eachRow((row) => row.eachCell((c) => text.push(String(c.text))));
    for (const f of listing(inputDir)) expect(text.some((t) => t.includes(f)), f).toBe(true);
  });

  it('neutralises names that a spreadsheet would run, and keeps negative numbers as numbers', () => {
    const read = (file: string) => readFileSync(file, 'utf8');
    const all = [csv, csv.replace('.csv', '.报送情况.csv'), csv.replace('.csv', '.校验结果.csv')].map(read).join('\n');
    // no field anywhere starts with a formula character unless it is a number
    const fields = all.split(/\r\n/).flatMap((line) => line.match(/("([^"]|"")*"|[^,]*)/g) ?? []);
    for (const field of fields) {
      const value = field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field;
      if (/^[=+\-@]/.test(value)) expect(value, 'a formula-like CSV field').toMatch(/^-\d+(\.\d+)?$/);
    }
    expect(all).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    // the negative counts of excluded units are listed in 明细 as numbers
    const detail = read(csv).split('\r\n');
    const row = detail.find((l) => l.includes('整列数据验证单位'))!;
    expect(row.split(',')).toContain('-5');
  });
});

describe('per-unit templates from a roster of hostile names', () => {
  it('writes every template inside the output folder, whatever the names', async () => {
    const sandbox = mkdtempSync(path.join(os.tmpdir(), 'nianbao-hostile-roster-'));
    try {
      const names = ['../../x', '..\\..\\y', '/etc/passwd', '..', 'CON', '=HYPERLINK("http://x","y")', '局'.repeat(10_000), 'a/../../../b', '.hidden', '\u202Egpj.exe'];
      const roster = path.join(sandbox, '名单.csv');
      writeFileSync(roster, `单位名称\r\n${names.map((n) => (/[",]/.test(n) ? `"${n.replace(/"/g, '""')}"` : n)).join('\r\n')}\r\n`);
      const target = path.join(sandbox, 'deep', '模板');
      const r = await cli(['template', '--year', '2025', '--out', target, '--roster', roster]);
      expect(r.code, r.stderr).toBe(0);
      // the sandbox holds the roster and the output folder; the output folder holds only plain files
      expect(readdirSync(sandbox).sort()).toEqual(['deep', '名单.csv']);
      expect(readdirSync(path.join(sandbox, 'deep'))).toEqual(['模板']);
      const written = readdirSync(target, { withFileTypes: true });
      expect(written.length).toBe(names.length);
      for (const d of written) {
        expect(d.isFile(), d.name).toBe(true);
        expect(d.name.startsWith('.'), d.name).toBe(false);
        expect(Buffer.byteLength(d.name)).toBeLessThanOrEqual(255);
      }
      for (const line of r.stdout.split('\n').filter((l) => l.startsWith('已生成 '))) {
        const p = path.resolve(repoRoot, line.slice('已生成 '.length));
        expect(path.dirname(p)).toBe(target);
      }
    } finally {
      rmSync(sandbox, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('inputs', () => {
  it('are not modified by any of the runs above, and no file appeared among them', () => {
    expect(listing(inputDir)).toEqual([...before.keys()]);
    for (const [f, hash] of before) expect(sha256(path.join(inputDir, f)), f).toBe(hash);
  });
});
