/**
 * A submissions folder as units fill it: a workbook saved macro-enabled (.xlsm) is read like any other, a table sent
 * zipped is listed as a file that could not be read with the reason (unzip it), never silently left out; lock files
 * and a Mac's metadata are not submissions.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { consolidate } from '../../src/app/consolidate.js';
import { checkFiles } from '../../src/app/check.js';
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

    // `check` of the folder lists the same three files
    const checked = await checkFiles([inbox]);
    expect(checked.files.map((f) => basename(f.file)).sort()).toEqual(['丙局.zip', '乙局.xlsm', '甲局.xlsx']);
  });
});
