import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReport } from '../../src/io/readReport.js';
import { textToGrid } from '../../src/grid/textGrid.js';
import { refuseSharedCells } from '../../src/locate/sharedCells.js';
import type { Placement } from '../../src/locate/location.js';

describe('a cell claimed by two data points', () => {
  const grid = textToGrid('规章\t3\t4\n规范性文件\t5\t6\n', '某局年报.txt');
  const sheet = grid.sheets[0]!;

  it('leaves every key on that cell unread and says where, instead of copying one number into two places', () => {
    const placements = new Map<string, Placement>([
      ['active.rules.issued', { sheet, row: 0, col: 1 }],
      ['active.normative.issued', { sheet, row: 0, col: 1 }],
      ['active.rules.repealed', { sheet, row: 0, col: 2 }],
    ]);
    const findings = refuseSharedCells(grid, placements);
    expect([...placements.keys()]).toEqual(['active.rules.repealed']);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: 'CELL_CLAIMED_TWICE', severity: 'error', file: '某局年报.txt', cells: ['第1行'] });
    expect(findings[0]!.keys).toEqual(['active.rules.issued', 'active.normative.issued']);
    expect(findings[0]!.message).toContain('2 个数据项');
  });

  it('says nothing when every key has a cell of its own', () => {
    const placements = new Map<string, Placement>([
      ['active.rules.issued', { sheet, row: 0, col: 1 }],
      ['active.normative.issued', { sheet, row: 1, col: 1 }],
    ]);
    expect(refuseSharedCells(grid, placements)).toEqual([]);
    expect(placements.size).toBe(2);
  });
});

describe('through locate(), on a workbook whose header cells are stacked in one column', () => {
  // a clerk pasted table 四 from a page written a cell per line: the headers 结果维持/结果纠正/其他结果 went down column
  // A, so the label search finds all three columns at A and the number under them is claimed by three data points
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nianbao-claimed-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the cell for none of them, and the finding names the cell and the keys', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('表四');
    const rows: (string | number)[][] = [
      ['某某县教育局2022年政府信息公开工作年度报告'],
      ['四、政府信息公开行政复议、行政诉讼情况'],
      ['行政复议'],
      ['结果维持'],
      ['结果纠正'],
      ['其他结果'],
      [3, 1, 0],
    ];
    rows.forEach((r, i) => r.forEach((v, j) => (sheet.getCell(i + 1, j + 1).value = v)));
    const file = join(dir, '表四粘贴.xlsx');
    await book.xlsx.writeFile(file);

    const result = await readReport(file);
    if (!result.ok) throw new Error(result.message);
    const { report } = result;
    const claimed = report.findings.filter((f) => f.code === 'CELL_CLAIMED_TWICE');
    expect(claimed).toHaveLength(1);
    const keys = ['reviews.cases.reviewUpheld', 'reviews.cases.reviewCorrected', 'reviews.cases.reviewOther'];
    expect(claimed[0]).toMatchObject({ severity: 'error', sheet: '表四', cells: ['表四!A7'], keys });
    expect(claimed[0]!.message).toContain('表四!A7');
    expect(claimed[0]!.message).toContain('3 个数据项');
    for (const key of keys) expect(report.values[key]!.kind, key).toBe('missing');
    // the 3 in A7 is in no value at all: it was never copied into one of them, let alone three
    expect(Object.values(report.values).filter((v) => v.kind !== 'missing')).toEqual([]);
  });
});
