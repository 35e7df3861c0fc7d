import { describe, expect, it } from 'vitest';
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
