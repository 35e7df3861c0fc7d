import { findingCodes } from '../../src/findings/codes.js';
import { describe, expect, it } from 'vitest';
import { classifyValue } from '../../src/extract/classifyValue.js';
import { isoDateOf } from '../../src/extract/dateText.js';
import type { ValueDomain } from '../../src/formats/types.js';
import type { GridCell } from '../../src/grid/grid.js';

const text = (t: string): GridCell => ({ row: 0, col: 0, value: t, text: t });
const num = (n: number, shown = String(n)): GridCell => ({ row: 0, col: 0, value: n, text: shown });

type Case = [label: string, cell: GridCell | undefined, domain: ValueDomain, kind: string, scaled: number | null, number: number | null, readAs?: string[]];

const cases: Case[] = [
  // numbers as stored by a spreadsheet
  ['a stored number', num(12), 'count', 'number', 12, 12],
  ['a stored 0', num(0), 'count', 'zero', 0, 0],
  ['money as a stored decimal', num(25.1), 'money', 'number', 251000, 25.1],
  ['a cached 0.1+0.2 money result', num(0.1 + 0.2), 'money', 'number', 3000, 0.1 + 0.2],
  ['a fractional count keeps its number, no exact value', num(2.5), 'count', 'number', null, 2.5],
  ['a negative count keeps its negative value for the domain check', num(-3), 'count', 'number', -3, -3],
  ['a negative 本年增/减', num(-3), 'signedCount', 'number', -3, -3],
  // issue 9 point 3: counted at the official precision (四舍五入), not dropped; MONEY_ROUNDED says both values
  ['money with 5 decimals is rounded half-up to 4', num(1.23456), 'money', 'number', 12346, 1.2346, ['rounded']],
  ['money text with 6 decimals is rounded half-up to 4', text('0.123449'), 'money', 'number', 1234, 0.1234, ['rounded']],
  // nothing is ever silently 0
  ['an empty cell', undefined, 'count', 'blank', null, null],
  ['a cell of spaces', text('  '), 'count', 'blank', null, null],
  ['a full-width space', text('\u3000'), 'money', 'blank', null, null],
  // not-applicable marks
  ['—', text('—'), 'count', 'notApplicable', null, null],
  ['——', text('——'), 'count', 'notApplicable', null, null],
  ['-', text('-'), 'count', 'notApplicable', null, null],
  ['/', text('/'), 'count', 'notApplicable', null, null],
  ['无', text('无'), 'money', 'notApplicable', null, null],
  ['－ (full-width)', text('－'), 'signedCount', 'notApplicable', null, null],
  // numbers written as text
  ['a number stored as text', text('12'), 'count', 'number', 12, 12, ['textNumber']],
  ['0 stored as text', text('0'), 'count', 'zero', 0, 0, ['textNumber']],
  ['full-width digits', text('１２'), 'count', 'number', 12, 12, ['fullWidth', 'textNumber']],
  ['0件', text('0件'), 'count', 'zero', 0, 0, ['textNumber', 'unitSuffix']],
  ['a unit ending in another unit (人次, not 次 after 5人)', text('5人次'), 'count', 'number', 5, 5, ['textNumber', 'unitSuffix']],
  ['3项', text('3项'), 'count', 'number', 3, 3, ['textNumber', 'unitSuffix']],
  ['+3 in 本年增/减', text('+3'), 'signedCount', 'number', 3, 3, ['textNumber', 'plusSign']],
  ['-2 in 本年增/减', text('-2'), 'signedCount', 'number', -2, -2, ['textNumber']],
  ['thousands separators', text('1,234'), 'count', 'number', 1234, 1234, ['textNumber', 'thousandsSeparator']],
  ['money with thousands separators', text('1,234.5678'), 'money', 'number', 12345678, 1234.5678, ['textNumber', 'thousandsSeparator']],
  ['25.1万元', text('25.1万元'), 'money', 'number', 251000, 25.1, ['textNumber', 'unitSuffix']],
  ['251000元 in a 万元 cell', text('251000元'), 'money', 'number', 251000, 25.1, ['textNumber', 'yuanToWan']],
  ['money text with 4 decimals, exact', text('0.0001'), 'money', 'number', 1, 0.0001, ['textNumber']],
  // text that a lax parser would take for a number
  ['1e309', text('1e309'), 'count', 'text', null, null],
  ['1e3', text('1e3'), 'count', 'text', null, null],
  ['NaN', text('NaN'), 'count', 'text', null, null],
  ['Infinity', text('Infinity'), 'money', 'text', null, null],
  ['words', text('见附件'), 'count', 'text', null, null],
  ['1,2 is not a thousands separator', text('1,2'), 'count', 'text', null, null],
  ['a money unit in a count cell', text('3万元'), 'count', 'text', null, null],
  ['a count unit in a money cell', text('3件'), 'money', 'text', null, null],
  ['TRUE', { row: 0, col: 0, value: true, text: 'TRUE' }, 'count', 'text', null, null],
  // formulas and errors
  ['a formula without a cached result', { row: 0, col: 0, value: null, text: '', formula: 'SUM(D4:I4)', formulaWithoutResult: true }, 'count', 'formulaWithoutResult', null, null],
  ['an error value', { row: 0, col: 0, value: null, text: '#REF!', error: '#REF!' }, 'count', 'error', null, null],
];

describe('classifyValue: every cell variant of spec section 5', () => {
  it.each(cases)('%s', (_label, cell, domain, kind, scaled, number, readAs) => {
    const v = classifyValue(cell, domain);
    expect(v.kind).toBe(kind);
    expect(v.scaled).toBe(scaled);
    expect(v.number).toBe(number);
    if (readAs) expect(v.readAs?.slice().sort()).toEqual(readAs.slice().sort());
    else expect(v.readAs ?? []).toEqual([]);
  });

  it('keeps the formula of a cell whose cached result is used', () => {
    const v = classifyValue({ row: 0, col: 0, value: 7, text: '7', formula: 'SUM(D4:I4)' }, 'count');
    expect(v).toMatchObject({ kind: 'number', scaled: 7, formula: 'SUM(D4:I4)' });
  });

  it('keeps what the user wrote as raw', () => {
    expect(classifyValue(text(' 0件 '), 'count').raw).toBe(' 0件 ');
    expect(classifyValue(num(3, '3.00'), 'count').raw).toBe('3.00');
  });

  it('flags 元 read as 万元 with a warning naming the converted amount', () => {
    const notes = classifyValue(text('251000元'), 'money').notes;
    expect(notes).toHaveLength(1);
    expect(notes[0]).toEqual({ code: 'UNIT_CONVERTED', params: { text: '251000元', wan: '25.1' } });
    expect(findingCodes.UNIT_CONVERTED.severity).toBe('warning');
  });

  it('does not hold fractions of a 元 as exact money', () => {
    expect(classifyValue(text('0.5元'), 'money')).toMatchObject({ kind: 'number', scaled: null, number: 0.00005 });
  });

  it('notes a text number in a workbook as info, but not in published text where every number is text', () => {
    expect(classifyValue(text('12'), 'count').notes).toEqual([expect.objectContaining({ code: 'TEXT_NUMBER' })]);
    expect(classifyValue(text('12'), 'count', { fromText: true }).notes).toEqual([]);
    expect(classifyValue(text('12'), 'count', { fromText: true }).readAs).toBeUndefined();
    expect(classifyValue(text('0件'), 'count', { fromText: true }).notes).toEqual([expect.objectContaining({ code: 'UNIT_SUFFIX' })]);
  });

  it('has no note for a clean stored number', () => {
    expect(classifyValue(num(5), 'count').notes).toEqual([]);
  });
});

describe('isoDateOf: 填报日期 as clerks enter it', () => {
  it.each([
    ['an Excel serial with a date format', { row: 0, col: 0, value: 46042, text: '2026/1/20', numberFormat: 'yyyy/m/d' }, '2026-01-20'],
    ['ISO', text('2026-01-20'), '2026-01-20'],
    ['年月日', text('2026年1月20日'), '2026-01-20'],
    ['slashes', text('2026/1/20'), '2026-01-20'],
    ['full-width digits', text('２０２６年１月２０日'), '2026-01-20'],
  ] as [string, GridCell, string][])('%s', (_l, cell, iso) => {
    expect(isoDateOf(cell)).toBe(iso);
  });

  it.each([['2026-02-30'], ['下周一'], ['20260120']])('%s is not a date', (t) => {
    expect(isoDateOf(text(t))).toBeUndefined();
  });
});
