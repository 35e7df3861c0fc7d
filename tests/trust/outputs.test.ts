/**
 * Issue 9, "nothing a user has is overwritten or lost" (5–7) and "deadlines and dates" (8).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { consolidate } from '../../src/app/consolidate.js';
import { generateTemplates } from '../../src/template/generate.js';
import { rosterFromRows, RosterError } from '../../src/template/roster.js';
import { cliPath, repoRoot, seedFile } from '../helpers/paths.js';
import { random, randomUnit, unitCode, writeUnit } from '../consolidate/fixtures.js';
import { sha256, tempDir } from './helpers.js';

const now = new Date('2026-02-10T09:00:00+08:00');
const cli = (args: string[], cwd = repoRoot) => spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });

async function someUnits(dir: string, n: number): Promise<string[]> {
  const rand = random(n * 7);
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    files.push(await writeUnit(dir, `单位${i + 1}.xlsx`, { name: `测试单位${i + 1}`, code: unitCode(i + 1), filledDate: '2026-01-20' }, randomUnit(rand)));
  }
  return files;
}

describe('5. nothing is overwritten without --force', () => {
  it('template refuses a folder holding a file of the same name, naming it; the filled workbook is untouched', async () => {
    const dir = tempDir();
    const [first] = await generateTemplates({ reportYear: 2025, outDir: dir, roster: [{ row: 2, name: '某局' }, { row: 3, name: '某委' }] });
    // the unit sends its filled return back under the template's name
    await writeUnit(dir, first!.path.slice(dir.length + 1), { name: '某局' }, randomUnit(random(1)));
    const before = sha256(first!.path);
    const error = await generateTemplates({ reportYear: 2025, outDir: dir, roster: [{ row: 2, name: '某局' }, { row: 3, name: '某委' }] }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(first!.path);
    expect((error as Error).message).toContain('--force');
    expect(sha256(first!.path)).toBe(before);
    await generateTemplates({ reportYear: 2025, outDir: dir, roster: [{ row: 2, name: '某局' }], force: true });
    expect(sha256(first!.path)).not.toBe(before);
  });

  it('consolidate refuses an existing output before reading; --force replaces it; an output inside the folder read is not an input', async () => {
    const dir = tempDir();
    const folder = join(dir, '报送');
    await someUnits(folder, 2);
    const out = join(folder, '汇总.xlsx');
    await consolidate({ inputs: [folder], year: 2025, region: '测试县', out, now });
    const before = sha256(out);
    const error = await consolidate({ inputs: [folder], year: 2025, region: '测试县', out, now }).catch((e: Error & { code?: string }) => e);
    expect((error as { code?: string }).code).toBe('OUTPUT_EXISTS');
    expect(sha256(out)).toBe(before);
    const again = await consolidate({ inputs: [folder], year: 2025, region: '测试县', out, force: true, now });
    expect(again.counts.received).toBe(2); // the summary at the output path is not read as a submission
    expect(again.findings.filter((f) => f.code === 'SUMMARY_AMONG_UNITS')).toEqual([]);
    // json and csv are refused the same way
    const json = join(dir, 'a.json');
    writeFileSync(json, '{}');
    const e2 = await consolidate({ inputs: [folder], year: 2025, region: '测试县', json, now }).catch((e: { code?: string }) => e);
    expect((e2 as { code?: string }).code).toBe('OUTPUT_EXISTS');
    expect(readFileSync(json, 'utf8')).toBe('{}');
  });

  it('--force never replaces a unit’s workbook found in the folder being read', async () => {
    const dir = tempDir();
    const [unit] = await someUnits(dir, 2);
    const before = sha256(unit!);
    const error = await consolidate({ inputs: [dir], year: 2025, region: '测试县', out: unit, force: true, now }).catch((e: Error) => e);
    expect((error as Error).message).toContain('不是 nianbao 生成的汇总表');
    expect(sha256(unit!)).toBe(before);
  });

  it('parse --out and render --out refuse an existing file unless --force', () => {
    const dir = tempDir();
    const xlsx = join(dir, '单位.xlsx');
    const html = join(dir, '表.html');
    writeFileSync(xlsx, 'keep');
    writeFileSync(html, 'keep');
    const p = cli(['parse', seedFile, '--out', xlsx]);
    expect(p.status).toBe(2);
    expect(p.stderr).toContain('已存在');
    expect(readFileSync(xlsx, 'utf8')).toBe('keep');
    expect(cli(['parse', seedFile, '--out', xlsx, '--force']).status).toBe(0);
    const r = cli(['render', seedFile, '--out', html]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--force');
    expect(readFileSync(html, 'utf8')).toBe('keep');
    expect(cli(['render', seedFile, '--out', html, '--force']).status).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('<table');
  });
});

describe('6. roster names and file names', () => {
  it('two units of the same name after normalising spaces and full-width characters are refused with both rows', () => {
    const rows = [['单位名称'], ['示例县 财政局'], ['示例县教育局'], ['示例县财政局'], ['示例县（教育局）'], ['示例县(教育局)']];
    const error = (() => {
      try {
        rosterFromRows('名单.csv', rows);
      } catch (e) {
        return e as RosterError;
      }
    })();
    expect(error).toBeInstanceOf(RosterError);
    expect(error!.message).toMatch(/第4行.*与第2行重复/);
    expect(error!.message).toMatch(/第6行.*与第5行重复/);
  });

  it('file names fit Excel’s 218-character path limit under an 80-character folder, and stay distinguishable without -2', async () => {
    const base = tempDir('t');
    const folder = join(base, 'x'.repeat(80 - base.length - 1));
    expect(resolve(folder)).toHaveLength(80);
    const long = '某'.repeat(60) + 'a'.repeat(150);
    const roster = [
      { row: 2, name: long, code: unitCode(1) },
      { row: 3, name: '示例县:住建局', code: unitCode(2) },
      { row: 4, name: '示例县住建局?', code: unitCode(3) },
      { row: 5, name: '示例县*住建局' },
    ];
    const written = await generateTemplates({ reportYear: 2025, outDir: folder, roster });
    for (const w of written) expect(w.path.length).toBeLessThanOrEqual(218);
    const names = written.map((w) => w.path.slice(folder.length + 1));
    expect(new Set(names).size).toBe(4);
    for (const n of names) expect(n).not.toMatch(/-\d\.xlsx$/);
    expect(names[1]).toContain(unitCode(2).slice(-6));
    expect(names[2]).toContain(unitCode(3).slice(-6));
    expect(names[3]).toContain('名单第5行');
  });
});

describe('7. an output folder that cannot be created is a clear error within seconds', () => {
  it.each([
    ['template under /proc', ['template', '--year', '2025', '--out', '/proc/nianbao-x/y']],
    ['consolidate under /proc', ['consolidate', join(repoRoot, 'samples', '2025-示例县'), '--year', '2025', '--region', '县', '--out', '/proc/nianbao-x/s.xlsx']],
  ])('%s', (_label, args) => {
    // the spawn's own timeout is the hang guard: a loop would be killed and fail the status check
    const r = cli(args);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('无法在');
    expect(r.stderr).toMatch(/虚拟文件夹|不能存放/);
    expect(r.stderr).not.toMatch(/ENOENT|EACCES/);
  }, 90_000);

  it('a path through a file is refused in Chinese', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'x');
    const error = await generateTemplates({ reportYear: 2025, outDir: join(dir, 'file', 'sub') }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/文件，不是文件夹/);
  });
});

describe('8. deadlines and China Standard Time', () => {
  it('--deadline sets the office’s own date; without it units are judged against 1月31日', async () => {
    const dir = tempDir();
    await someUnits(dir, 2); // 填报日期 2026-01-20
    const plain = await consolidate({ inputs: [dir], year: 2025, region: '测试县', now });
    expect(plain.counts.late).toBe(0);
    const early = await consolidate({ inputs: [dir], year: 2025, region: '测试县', deadline: '2026-01-15', now });
    expect(early.counts.late).toBe(2);
    expect(early.findings.find((f) => f.code === 'SUBMITTED_LATE')!.message).toContain('2026年1月15日');
    const bad = await consolidate({ inputs: [dir], year: 2025, region: '测试县', deadline: '2026-02-30', now }).catch((e: { code?: string }) => e);
    expect((bad as { code?: string }).code).toBe('DEADLINE_INVALID');
  });

  it('a county summary handed to the city is late only against a --deadline of that run; dates are CST', async () => {
    const dir = tempDir();
    await someUnits(join(dir, 'A'), 1);
    mkdirSync(join(dir, '市'));
    // 20:00 UTC on 24 February is 04:00 on 25 February in Beijing
    const generated = new Date('2026-02-24T20:00:00Z');
    const out = join(dir, '市', 'A县汇总.xlsx');
    const county = await consolidate({ inputs: [join(dir, 'A')], year: 2025, region: 'A县', out, now: generated });
    expect(county.summary.unit.filledDate).toBe('2026-02-25');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const texts: string[] = [];
    wb.getWorksheet('汇总说明')!.eachRow((row) => texts.push(row.values!.toString()));
    expect(texts.join('\n')).toContain('2026年2月25日 04:00:00（北京时间）');
    const city = await consolidate({ inputs: [join(dir, '市')], year: 2025, region: '某市', now });
    expect(city.counts.late).toBe(0);
    const strict = await consolidate({ inputs: [join(dir, '市')], year: 2025, region: '某市', deadline: '2026-02-20', now });
    expect(strict.counts.late).toBe(1);
  });
});
