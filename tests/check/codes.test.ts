/**
 * Every finding code the code base can emit is documented for the clerk who looks it up: either in the rule
 * catalogue derived from the definitions or in the list of reading, file and submission codes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleCatalogue } from '../../src/check/catalogue.js';
import { formatIds, formats } from '../../src/formats/index.js';
import { nonRuleCodes } from '../../src/findings/codes.js';
import { repoRoot } from '../helpers/paths.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Codes written as finding or failure codes in src: `code: 'X'`, the ReadFailureCode union, the pool's failures. */
function emittedCodes(): Set<string> {
  const codes = new Set<string>();
  for (const file of sourceFiles(join(repoRoot, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/code: '([A-Z][A-Z0-9_]+)'/g)) codes.add(m[1]!);
    for (const m of text.matchAll(/failed\(file, '([A-Z][A-Z0-9_]+)'/g)) codes.add(m[1]!);
    if (file.endsWith('readFailure.ts')) for (const m of text.matchAll(/\| '([A-Z][A-Z0-9_]+)'/g)) codes.add(m[1]!);
  }
  return codes;
}

describe('the finding code reference', () => {
  const ruleCodes = new Set(formatIds.flatMap((id) => ruleCatalogue(formats[id]).map((e) => e.code)));
  const otherCodes = nonRuleCodes.map((e) => e.code);

  it('lists every code the code base emits', () => {
    const documented = new Set([...ruleCodes, ...otherCodes]);
    const undocumented = [...emittedCodes()].filter((c) => !documented.has(c));
    expect(undocumented).toEqual([]);
  });

  it('lists each code once, in one place, with a Chinese description', () => {
    expect(new Set(otherCodes).size).toBe(otherCodes.length);
    expect(otherCodes.filter((c) => ruleCodes.has(c))).toEqual([]);
    for (const e of nonRuleCodes) expect(e.description, e.code).toMatch(/[\u4e00-\u9fff]/);
  });

  it('finds the codes it is meant to find (the scan itself works)', () => {
    const emitted = emittedCodes();
    for (const c of ['ZIP_BOMB', 'TIMEOUT', 'TABLE_NOT_FOUND', 'SUBMISSION_MISSING', 'TYPED_OVER_TOTAL']) expect(emitted.has(c), c).toBe(true);
  });
});
