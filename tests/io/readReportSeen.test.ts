/**
 * Reading a file tells its caller the file's modification time from the stat that checked its size (a batch records
 * it for every file, and a second stat per file is measurable), and leaves it unset when it had none.
 */
import { rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readReport } from '../../src/io/readReport.js';
import { readAndCheck } from '../../src/batch/readAndCheck.js';
import type { FileSeen } from '../../src/grid/sniff.js';
import { richWorkbook, tempDir, writeWorkbook } from '../grid/workbooks.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const seenOf = async (file: string): Promise<FileSeen> => {
  const seen: FileSeen = {};
  await readReport(file, { seen });
  return seen;
};

describe('readReport', () => {
  it("passes on the modification time of a workbook, a text and a web page, also when it cannot read them", async () => {
    const workbook = await writeWorkbook(richWorkbook(), path.join(dir, '某局.xlsx'));
    const text = path.join(dir, '某局.txt');
    writeFileSync(text, '不是年报\n');
    const page = path.join(dir, '某局.html');
    writeFileSync(page, '<html><body><p>不是年报</p></body></html>');
    const notAWorkbook = path.join(dir, '改了扩展名.xlsx');
    writeFileSync(notAWorkbook, '这是文字');
    const when = new Date('2024-03-05T06:07:08Z');
    for (const file of [workbook, text, page, notAWorkbook]) {
      utimesSync(file, when, when);
      const seen = await seenOf(file);
      expect(seen.mtimeMs, file).toBe(statSync(file).mtimeMs);
      expect(seen.mtimeMs, file).toBe(when.getTime());
    }
  });

  it('leaves it unset for a file it could not open', async () => {
    expect(await seenOf(path.join(dir, '不存在.xlsx'))).toEqual({});
  });
});

describe('readAndCheck', () => {
  it('records the modification time a batch chooses between two files of one unit by, for a workbook and a JSON Report', async () => {
    const workbook = await writeWorkbook(richWorkbook(), path.join(dir, '某局2.xlsx'));
    const json = path.join(dir, '某局.json');
    writeFileSync(json, '{}');
    const when = new Date('2025-02-03T04:05:06Z');
    for (const file of [workbook, json]) {
      utimesSync(file, when, when);
      expect((await readAndCheck(file)).mtimeMs, file).toBe(when.getTime());
    }
    // a file that is gone has no time, and says so as its own failure
    const gone = await readAndCheck(path.join(dir, '已删除.xlsx'));
    expect(gone.ok).toBe(false);
    expect(gone.mtimeMs).toBeUndefined();
    expect(gone.error!.message).toContain('已删除.xlsx');
  });
});
