/**
 * Files on disk: identical bytes for identical inputs, committed templates up to date, rosters read or refused
 * with row numbers, and file names from hostile unit names that stay inside the output folder.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { formatForYear } from '../../src/formats/index.js';
import { generateTemplates, readRoster, RosterError, templateBuffer, uniqueFileNames } from '../../src/template/index.js';
import { committedTemplates, generateCommittedTemplates } from '../../scripts/generate-templates.js';
import { tempDir } from './helpers.js';
import { cliPath } from '../helpers/paths.js';

const run = promisify(execFile);

describe('deterministic output', () => {
  afterEach(() => vi.useRealTimers());

  it('gives byte-identical files for the same inputs, whatever the clock says', async () => {
    const o = { format: formatForYear(2025), reportYear: 2025, unit: { name: '某某局' }, password: 'p' };
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-05T08:00:00Z'));
    const a = await templateBuffer(o);
    vi.setSystemTime(new Date('2031-07-19T17:45:33Z'));
    const b = await templateBuffer(o);
    expect(b.equals(a)).toBe(true);
    const other = await templateBuffer({ ...o, unit: { name: '另一局' } });
    expect(other.equals(a)).toBe(false);
  });

  it('the committed templates are exactly what the generator produces', async () => {
    const dir = await tempDir();
    const written = await generateCommittedTemplates(dir);
    expect(written).toHaveLength(committedTemplates.length);
    for (const t of committedTemplates) {
      const committed = join(resolve('templates'), t.dir);
      const names = await readdir(join(dir, t.dir));
      expect(await readdir(committed)).toEqual(names);
      for (const n of names) {
        const same = (await readFile(join(dir, t.dir, n))).equals(await readFile(join(committed, n)));
        expect(same, `templates/${t.dir}/${n} is out of date: run scripts/generate-templates.ts`).toBe(true);
      }
    }
  });
});

describe('roster', () => {
  it('reads a UTF-8 CSV with BOM, quoted fields and optional columns', async () => {
    const dir = await tempDir();
    const path = join(dir, '名单.csv');
    await writeFile(path, '\uFEFF单位名称,统一社会信用代码,所属地区\r\n某某县科技局,91350100M000100Y43,某某县\r\n"某某县""一站式""服务中心,东区",,\r\n\r\n');
    expect(await readRoster(path)).toEqual([
      { row: 2, name: '某某县科技局', code: '91350100M000100Y43', region: '某某县' },
      { row: 3, name: '某某县"一站式"服务中心,东区' },
    ]);
  });

  it('reads a GB18030 CSV as saved by Excel on a Chinese Windows', async () => {
    const dir = await tempDir();
    const path = join(dir, '名单.csv');
    // 单位名称\r\n某局\r\n in GBK/GB18030
    await writeFile(path, Buffer.from([0xb5, 0xa5, 0xce, 0xbb, 0xc3, 0xfb, 0xb3, 0xc6, 0x0d, 0x0a, 0xc4, 0xb3, 0xbe, 0xd6, 0x0d, 0x0a]));
    expect(await readRoster(path)).toEqual([{ row: 2, name: '某局' }]);
  });

  it('reads an xlsx roster', async () => {
    const dir = await tempDir();
    const path = join(dir, '名单.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRows([['序号', '单位名称', '统一社会信用代码'], [1, '某某县教育局', '9144030071526726XG'], [2, '某某县卫健委', null]]);
    await wb.xlsx.writeFile(path);
    expect(await readRoster(path)).toEqual([
      { row: 2, name: '某某县教育局', code: '9144030071526726XG' },
      { row: 3, name: '某某县卫健委' },
    ]);
  });

  it('refuses a roster with bad rows, naming each row and the reason in Chinese', async () => {
    const dir = await tempDir();
    const path = join(dir, '名单.csv');
    await writeFile(
      path,
      [
        '单位名称,统一社会信用代码',
        '甲局,91350100M000100Y43',
        ',9144030071526726XG', // row 3: no name
        '乙局,12345', // row 4: too short
        '丙局,91350100M000100Y43', // row 5: duplicate of row 2
        '丁局,91350100M000100Y44', // row 6: wrong check digit
      ].join('\n'),
    );
    const err = await readRoster(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RosterError);
    const message = (err as Error).message;
    expect(message).toContain('名单.csv');
    expect(message).toMatch(/第3行：单位名称为空/);
    expect(message).toMatch(/第4行：.*应为 18 位/);
    expect(message).toMatch(/第5行：.*与第2行重复/);
    expect(message).toMatch(/第6行：.*校验位不正确/);
  });

  it('refuses an xlsx roster whose codes were stored as numbers (digits already lost)', async () => {
    const dir = await tempDir();
    const path = join(dir, '名单.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('名单').addRows([['单位名称', '统一社会信用代码'], ['甲局', 123456789012345680]]);
    await wb.xlsx.writeFile(path);
    await expect(readRoster(path)).rejects.toThrow(/第2行：B2 .*文本/);
  });

  it('refuses a roster without a 单位名称 column', async () => {
    const dir = await tempDir();
    const path = join(dir, 'list.csv');
    await writeFile(path, 'name\n甲局\n');
    await expect(readRoster(path)).rejects.toThrow(/找不到“单位名称”列/);
  });
});

describe('file names', () => {
  it('hostile unit names give files inside the output folder, safe on Windows', async () => {
    const dir = await tempDir();
    const out = join(dir, 'out');
    const hostile = ['../../x', '=HYPERLINK("http://evil","点我")', '局'.repeat(10_000), 'CON', 'a<b>c:d|e?f*g', ' .. ', '某局. '];
    const written = await generateTemplates({
      reportYear: 2025,
      outDir: out,
      roster: hostile.map((name, i) => ({ row: i + 2, name })),
    });
    const files = await readdir(out);
    expect(files).toHaveLength(hostile.length);
    expect(new Set(files.map((f) => f.toLowerCase())).size).toBe(hostile.length);
    for (const w of written) expect(resolve(w.path).startsWith(resolve(out) + '/')).toBe(true);
    for (const f of files) {
      expect(f).not.toMatch(/[<>:"/\\|?*\u0000-\u001f]/);
      expect(f).toMatch(/\.xlsx$/);
      expect(Buffer.byteLength(f)).toBeLessThanOrEqual(255);
      expect(f.split('.')[0]!.toUpperCase()).not.toMatch(/^(CON|PRN|AUX|NUL|COM\d|LPT\d)$/);
    }
    expect(files).toContain('2025年度政府信息公开工作年度报告统计表（x）.xlsx');
    // the formula-looking name is written into 基本信息 as text, never as a formula
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(written[1]!.path)) as unknown as ArrayBuffer);
    expect(wb.getWorksheet('基本信息')!.getCell('B2').value).toBe('=HYPERLINK("http://evil","点我")');
  });

  it('two names that clean to the same string get -2, -3 suffixes (case-insensitively, as Windows compares)', () => {
    expect(uniqueFileNames(['a.xlsx', 'A.xlsx', 'a.xlsx', 'a-2.xlsx'])).toEqual(['a.xlsx', 'A-2.xlsx', 'a-3.xlsx', 'a-2-2.xlsx']);
  });
});

describe('nianbao template (CLI)', () => {
  const cli = (args: string[]) => run(process.execPath, [cliPath, 'template', ...args], { cwd: resolve('.') });

  it('writes one blank template named for the year and prints the elapsed time', async () => {
    const out = await tempDir();
    const { stdout } = await cli(['--year', '2025', '--out', out]);
    expect(await readdir(out)).toEqual(['2025年度政府信息公开工作年度报告统计表（模板）.xlsx']);
    expect(stdout).toMatch(/共生成 1 份模板，用时 [\d.]+ 秒/);
  });

  it('writes one workbook per roster unit with the unit in 基本信息', async () => {
    const dir = await tempDir();
    const roster = join(dir, '名单.csv');
    await writeFile(roster, '单位名称,所属地区\n甲局,\n乙局,某乡\n');
    const out = join(dir, 'out');
    await cli(['--year', '2020', '--out', out, '--roster', roster, '--region', '某某县']);
    expect((await readdir(out)).sort()).toEqual(['2020年度政府信息公开工作年度报告统计表（乙局）.xlsx', '2020年度政府信息公开工作年度报告统计表（甲局）.xlsx']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(join(out, '2020年度政府信息公开工作年度报告统计表（乙局）.xlsx'))) as unknown as ArrayBuffer);
    expect(wb.getWorksheet('基本信息')!.getCell('B4').value).toBe('某乡');
    expect(wb.getWorksheet('_nianbao')!.getCell('B1').value).toBe('2019');
  });

  it('refuses a year before 2019 with exit code 2 and the Chinese reason', async () => {
    const out = await tempDir();
    const err = (await cli(['--year', '2018', '--out', out]).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/2018.*早于 2019/);
    expect(await readdir(out)).toEqual([]);
  });

  it('names what was typed when --year is not a year, instead of NaN', async () => {
    const out = await tempDir();
    const err = (await cli(['--year', '二〇二五', '--out', out]).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(err.code).toBe(2);
    expect(err.stderr).toContain('报告年度“二〇二五”不是四位整数年份');
    expect(err.stderr).not.toContain('NaN');
    expect(await readdir(out)).toEqual([]);
  });

  it('says in Chinese, naming the file, that the roster does not exist', async () => {
    const dir = await tempDir();
    const err = (await cli(['--year', '2025', '--out', join(dir, 'out'), '--roster', join(dir, '名单.csv')]).catch((e: unknown) => e)) as {
      code: number;
      stderr: string;
    };
    expect(err.code).toBe(2);
    expect(err.stderr).toContain(`“${join(dir, '名单.csv')}”不存在`);
    expect(err.stderr).not.toMatch(/no such file|at .*\.js/);
  });
});
