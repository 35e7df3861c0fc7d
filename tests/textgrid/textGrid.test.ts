import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gridCell, type GridSheet } from '../../src/grid/grid.js';
import { decodeText, readTextFile, textToGrid } from '../../src/grid/textGrid.js';
import { seedFile as seed } from '../helpers/paths.js';

const seedPath = seed;
const gbSeedPath = path.join(import.meta.dirname, 'fixtures', 'seed-gb18030.txt');
const text = (sheet: GridSheet, row: number, col: number): string | undefined => gridCell(sheet, row, col)?.text;

describe('textToGrid on the seed', () => {
  it('keeps every line as the grid row of its line number and every tab-separated cell in its column', async () => {
    const seed = await readFile(seedPath, 'utf8');
    const sheet = textToGrid(seed, seedPath).sheets[0]!;
    const lines = seed.split('\n');
    expect(sheet.rowCount).toBe(lines.length);
    let cellsSeen = 0;
    lines.forEach((line, row) => {
      line.split('\t').forEach((part, col) => {
        if (part.trim() === '') expect(gridCell(sheet, row, col)).toBeUndefined();
        else {
          expect(text(sheet, row, col)).toBe(part.trim());
          cellsSeen += 1;
        }
      });
    });
    expect(sheet.cells.size).toBe(cellsSeen);
  });

  it('reads the seed’s shifted table rows exactly where the publisher left them', async () => {
    const sheet = textToGrid(await readFile(seedPath, 'utf8'), seedPath).sheets[0]!;
    const row = (label: string): number => [...sheet.cells.values()].find((c) => c.text === label)!.row;
    // line 71: `5.要求…` starts in column A, and the values start in column C
    const r5 = row('5.要求行政机关确认或重新出具已获取信息');
    expect(r5 + 1).toBe(71);
    expect([0, 1, 2, 3, 8].map((c) => text(sheet, r5, c))).toEqual(['5.要求行政机关确认或重新出具已获取信息', undefined, '0', '0', '0']);
    const header = row('信息内容');
    expect([0, 1, 2, 3].map((c) => text(sheet, header, c))).toEqual(['信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量']);
    expect(text(sheet, row('其他对外管理服务事项'), 2)).toBe('5');
  });
});

describe('readTextFile', () => {
  it('reads a GB18030-encoded copy of the seed as the same text as the UTF-8 original', async () => {
    const original = await readFile(seedPath, 'utf8');
    expect(decodeText(await readFile(gbSeedPath)).encoding).toBe('gb18030');
    expect(await readTextFile(gbSeedPath)).toBe(original);
  });

  it('strips a UTF-8 byte order mark and reads UTF-8 first', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-text-'));
    const file = path.join(dir, '带BOM.txt');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('规章\t1\t2\t3\n', 'utf8')]));
    expect(await readTextFile(file)).toBe('规章\t1\t2\t3\n');
    expect(decodeText(Buffer.from('“三安全一稳定”', 'utf8')).encoding).toBe('utf-8');
  });
});

describe('textToGrid: other published shapes', () => {
  it('reads a Markdown table: separator rows stay empty rows, headings lose their marks, \\| is a bar in a cell', () => {
    const md = ['## 二、主动公开政府信息情况', '', '| 信息内容 | 本年制发件数 | 本年废止件数 |', '|---|:---:|---:|', '| 规章 | 1 | a\\|b |', '| 行政规范性文件 | 2<br>行 |  |'].join('\n');
    const sheet = textToGrid(md, 'r.md').sheets[0]!;
    expect(text(sheet, 0, 0)).toBe('二、主动公开政府信息情况');
    expect([0, 1, 2].map((c) => text(sheet, 2, c))).toEqual(['信息内容', '本年制发件数', '本年废止件数']);
    expect([...sheet.cells.values()].filter((c) => c.row === 3)).toEqual([]);
    expect([0, 1, 2].map((c) => text(sheet, 4, c))).toEqual(['规章', '1', 'a|b']);
    expect([0, 1, 2].map((c) => text(sheet, 5, c))).toEqual(['行政规范性文件', '2\n行', undefined]);
    expect(sheet.rowCount).toBe(6);
  });

  it('splits `|`-separated lines without outer bars too', () => {
    const sheet = textToGrid('规章|0|0|0', 'r.txt').sheets[0]!;
    expect([0, 1, 2, 3].map((c) => text(sheet, 0, c))).toEqual(['规章', '0', '0', '0']);
  });

  it('joins a header cell that a spreadsheet copied as a quoted field over two lines, keeping later line numbers', () => {
    const t = ['信息内容\t"本年新', '制作数量"\t本年新公开数量\t对外公开总数量', '规章\t1\t2\t3'].join('\n');
    const sheet = textToGrid(t, 'r.txt').sheets[0]!;
    expect([0, 1, 2, 3].map((c) => text(sheet, 0, c))).toEqual(['信息内容', '本年新\n制作数量', '本年新公开数量', '对外公开总数量']);
    expect([...sheet.cells.values()].filter((c) => c.row === 1)).toEqual([]);
    expect([0, 1, 2, 3].map((c) => text(sheet, 2, c))).toEqual(['规章', '1', '2', '3']);
  });

  it('reads quotes that do not wrap a whole field literally', () => {
    const sheet = textToGrid('\t\t"三安全一稳定"以外\t0\n规章\t1', 'r.txt').sheets[0]!;
    expect(text(sheet, 0, 2)).toBe('"三安全一稳定"以外');
    expect(text(sheet, 1, 1)).toBe('1');
  });

  it('reads a web page pasted as text as HTML, spans and all', () => {
    const pasted = '某局2021年报告\n<table><tr><td colspan="2">行政复议</td></tr><tr><td>0</td><td>1</td></tr></table>';
    const grid = textToGrid(pasted, 'pasted.txt');
    expect(grid.source.kind).toBe('html');
    const sheet = grid.sheets[0]!;
    expect(text(sheet, 0, 0)).toBe('某局2021年报告');
    expect(text(sheet, 2, 0)).toBe('行政复议');
    expect(sheet.merges).toEqual([{ top: 2, left: 0, bottom: 2, right: 1 }]);
  });

  it('does not mistake prose mentioning a table tag for a web page', () => {
    expect(textToGrid('说明：网页中的 <table 标签', 'r.txt').source.kind).toBe('text');
  });
});
