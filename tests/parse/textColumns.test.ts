/**
 * Published text read by column position: a line whose fields (empty ones included) stand under the header's leaf
 * columns is read by position, so a blank field is a blank value; a line whose fields drifted is read in order only
 * when its count matches; anything else stays missing with a finding. Table 二's first block of the 2019 format,
 * typed from the spec, inside the seed (so the rest of the report stays as published).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { textToGrid } from '../../src/grid/textGrid.js';
import { reportFromGrid } from '../../src/report/fromGrid.js';
import { seedFile as seedPath } from '../helpers/paths.js';

const seedFile = seedPath;
const seed = readFileSync(seedFile, 'utf8');
const seedRow = '规章\t0\t0\t0';

/** The seed with its `规章` line replaced. */
const withRow = (line: string) => {
  expect(seed).toContain(`\n${seedRow}\n`);
  return reportFromGrid(textToGrid(seed.replace(`\n${seedRow}\n`, `\n${line}\n`), '年报.txt'));
};

const regulations = (r: ReturnType<typeof withRow>) =>
  ['newlyMade', 'newlyPublished', 'publishedTotal'].map((c) => {
    const v = r.values[`active.regulations.${c}`]!;
    return [v.kind, v.scaled];
  });

describe('text rows read by column position', () => {
  it('a blank field under a header is a blank value, not 0 and not a missing row', () => {
    const r = withRow('规章\t3\t\t7');
    expect(regulations(r)).toEqual([['number', 3], ['blank', null], ['number', 7]]);
    expect(r.findings.filter((f) => f.code === 'VALUE_COUNT_MISMATCH')).toEqual([]);
  });

  it('a blank last field counts when the line still reaches that column (a trailing tab, as spreadsheets copy it)', () => {
    const r = withRow('规章\t3\t4\t');
    expect(regulations(r)).toEqual([['number', 3], ['number', 4], ['blank', null]]);
  });

  it('a line that stops short of the last column is not read as blank: the row stays missing with a finding', () => {
    const r = withRow('规章\t3\t4');
    expect(regulations(r)).toEqual([['missing', null], ['missing', null], ['missing', null]]);
    const f = r.findings.find((x) => x.code === 'VALUE_COUNT_MISMATCH');
    expect(f?.severity).toBe('error');
    expect(f?.message).toContain('规章');
    expect(f?.cells).toEqual([`第${seed.split('\n').indexOf(seedRow) + 1}行`]);
  });

  it('a shifted row with a value off the header columns and a blank is never guessed', () => {
    // label moved one field right, values beyond it: positions do not line up, and 2 values for 3 columns
    const r = withRow('\t规章\t3\t\t7');
    expect(regulations(r)).toEqual([['missing', null], ['missing', null], ['missing', null]]);
    expect(r.findings.map((f) => f.code)).toContain('VALUE_COUNT_MISMATCH');
  });

  it('a shifted row whose value count matches is still read in order (the seed’s flattened rows)', () => {
    const r = withRow('\t规章\t\t3\t4\t7');
    expect(regulations(r)).toEqual([['number', 3], ['number', 4], ['number', 7]]);
    expect(r.findings).toEqual([]);
  });

  it('a stray note after the last column makes the row unreadable, never a guess', () => {
    const r = withRow('规章\t3\t4\t7\t备注');
    expect(regulations(r)).toEqual([['missing', null], ['missing', null], ['missing', null]]);
    expect(r.findings.map((f) => f.code)).toContain('VALUE_COUNT_MISMATCH');
  });
});
