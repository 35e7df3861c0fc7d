/**
 * A submissions folder as units fill it: a workbook saved macro-enabled (.xlsm) is read like any other, a table sent
 * zipped is listed as a file that could not be read with the reason (unzip it), never silently left out; lock files
 * and a Mac's metadata are not submissions.
 */
import { mkdtemp, readFile, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { consolidate } from '../../src/app/consolidate.js';
import { checkFiles } from '../../src/app/check.js';
import { readReport } from '../../src/io/readReport.js';
import { renderReport } from '../../src/render/renderReport.js';
import { random, randomUnit, unitCode, writeUnit } from './fixtures.js';

describe('a submissions folder', () => {
  it('reads an .xlsm, names a zipped table as an archive to unpack, and skips lock files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-folder-'));
    const inbox = join(dir, '报送');
    const rand = random(77);
    await writeUnit(inbox, '甲局.xlsx', { name: '甲局', code: unitCode(1) }, randomUnit(rand));
    // 乙局 saved its workbook macro-enabled: Excel's .xlsm content type, the same parts
    const yi = await writeUnit(dir, '乙局.xlsx', { name: '乙局', code: unitCode(2) }, randomUnit(rand));
    const parts = unzipSync(await readFile(yi));
    parts['[Content_Types].xml'] = strToU8(
      strFromU8(parts['[Content_Types].xml']!).replace('spreadsheetml.sheet.main+xml', 'ms-excel.sheet.macroEnabled.main+xml'),
    );
    await writeFile(join(inbox, '乙局.xlsm'), zipSync(parts));
    // 丙局 mailed its table zipped
    const bing = await writeUnit(dir, '丙局.xlsx', { name: '丙局', code: unitCode(3) }, randomUnit(rand));
    await writeFile(join(inbox, '丙局.zip'), zipSync({ '丙局.xlsx': new Uint8Array(await readFile(bing)) }));
    await writeFile(join(inbox, '~$甲局.xlsx'), 'lock');

    const result = await consolidate({ inputs: [inbox], year: 2025, region: '某县', out: join(dir, '汇总.xlsx') });
    expect(result.counts).toMatchObject({ received: 3, read: 2, included: 2, unreadable: 1 });
    expect(result.units.map((u) => u.unitName).sort()).toEqual(['乙局', '甲局']);
    const zipped = result.submissions.find((s) => s.file && basename(s.file) === '丙局.zip')!;
    expect(zipped.status).toBe('unreadable');
    const said = result.findings.find((f) => f.code === 'ARCHIVE_NOT_OPENED')!;
    expect(said.severity).toBe('error');
    expect(said.message).toContain('丙局.zip');
    expect(said.message).toContain('解压');

    // `check` of the folder lists the same three files (the next test adds none here)
    const checked = await checkFiles([inbox]);
    expect(checked.files.map((f) => basename(f.file)).sort()).toEqual(['丙局.zip', '乙局.xlsm', '甲局.xlsx']);
  });

  it('uses a unit\'s workbook rather than its published report sent beside it, even when the report is newer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-both-'));
    const inbox = join(dir, '报送');
    const rand = random(78);
    // no 填报日期 in the workbook: the dates cannot decide
    const workbook = await writeUnit(inbox, '丁局.xlsx', { name: '丁局', code: unitCode(4), filledDate: '' }, randomUnit(rand));
    await writeUnit(inbox, '戊局.xlsx', { name: '戊局', code: unitCode(5) }, randomUnit(rand));
    const read = await readReport(workbook);
    if (!read.ok) throw new Error(read.message);
    // the unit's published report, as nianbao renders it (title with the unit and year, the three tables), saved later
    const published = join(inbox, '丁局2025年政府信息公开工作年度报告.txt');
    await writeFile(published, renderReport(read.report, 'txt'));
    const later = new Date(Date.now() + 60_000);
    await utimes(published, later, later);

    const result = await consolidate({ inputs: [inbox], year: 2025, region: '某县', out: join(dir, '汇总.xlsx') });
    expect(result.counts).toMatchObject({ received: 3, read: 3, included: 2 });
    const ding = result.submissions.filter((s) => s.unitName === '丁局');
    expect(ding.map((s) => [basename(s.file!), s.included])).toEqual(
      expect.arrayContaining([
        ['丁局.xlsx', true],
        ['丁局2025年政府信息公开工作年度报告.txt', false],
      ]),
    );
    expect(ding.find((s) => s.included)!.note).toContain('工作簿优先');
    // 报送记录 tells the two files of the unit apart: the text came first in the order the totals use, the workbook is used
    expect(ding.find((s) => s.included)!.history).toContain('上一份（丁局2025年政府信息公开工作年度报告.txt）');
    // two forms of one report, not two versions: nothing is said to be corrected between them
    expect(ding.find((s) => s.included)!.history).toContain('不是同一种文件，不逐项比较');
    expect(ding.find((s) => s.included)!.history).not.toContain('已改正');
    expect(ding.find((s) => !s.included)!.history).toContain('已被第 2 份文件取代');
  });
});
