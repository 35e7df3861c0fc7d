/**
 * Every finding code is one entry of the registry (src/findings/codes.ts), and findings are built from it only:
 * an emitter cannot use an unregistered code (it does not compile, and the factory refuses it at run time), cannot
 * write its own severity, and `nianbao rules` and the README's table list exactly the registry.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeTableMarkdown, otherCodes, ruleCatalogue } from '../../src/check/catalogue.js';
import { formatIds, formats } from '../../src/formats/index.js';
import { fileFailureCodes, findingCodeList, findingCodes, ruleCodes, type FindingCode } from '../../src/findings/codes.js';
import { finding } from '../../src/findings/factory.js';
import { findingSchema } from '../../src/findings/finding.js';
import { withCodeTable } from '../../scripts/readme-codes.js';
import { repoRoot } from '../helpers/paths.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const sources = sourceFiles(join(repoRoot, 'src'))
  .filter((f) => !f.endsWith(join('findings', 'codes.ts')))
  .map((file) => ({ file, text: readFileSync(file, 'utf8') }));

/**
 * Codes named at emitters: `finding('X'`, `reportFinding('X'`, `fileFailure('X'`, `failure(file, 'X'`, … (a finding
 * written as a literal object instead is caught by the severity test below; `code: 'X'` alone is also used by HTTP
 * and argument errors, which are not findings).
 */
function emittedCodes(): Set<string> {
  const codes = new Set<string>();
  const call = /\b(?:finding|reportFinding|fileFailure|messageOf|failure|failed|at|WorkbookReadError|HtmlGridError)\(\s*(?:[\w.]+,\s*)?'([A-Z][A-Z0-9_]+)'/g;
  for (const { text } of sources) {
    for (const m of text.matchAll(call)) codes.add(m[1]!);
  }
  return codes;
}

describe('the finding code registry', () => {
  it('is the only place a code is given: every code an emitter names is registered', () => {
    const undocumented = [...emittedCodes()].filter((c) => !Object.hasOwn(findingCodes, c));
    expect(undocumented).toEqual([]);
  });

  it('finds the codes it is meant to find (the scan itself works)', () => {
    const emitted = emittedCodes();
    for (const c of ['ZIP_BOMB', 'TIMEOUT', 'TABLE_NOT_FOUND', 'SUBMISSION_MISSING', 'TYPED_OVER_TOTAL', 'NOT_A_NUMBER', 'YEAR_JUMP']) {
      expect(emitted.has(c), c).toBe(true);
    }
  });

  it('is the only place a severity is written: no emitter sets one', () => {
    const writing = sources.filter(({ text }) => /severity: '(error|warning|info)'\s*[,}]/.test(text)).map(({ file }) => file);
    expect(writing).toEqual([]);
  });

  it('refuses an unregistered code at run time and in the finding schema', () => {
    expect(() => finding('NOT_REGISTERED' as FindingCode, {} as never, { file: 'a.xlsx' })).toThrow(/not in the registry/);
    // @ts-expect-error: an unregistered code does not compile
    expect(() => finding('NOT_REGISTERED', {}, { file: 'a.xlsx' })).toThrow();
    const f = finding('FILE_EMPTY', { name: 'a.xlsx' }, { file: 'a.xlsx' });
    expect(findingSchema.safeParse(f).success).toBe(true);
    expect(findingSchema.safeParse({ ...f, code: 'NOT_REGISTERED' }).success).toBe(false);
  });

  it('gives each finding its severity and rule from the registry', () => {
    const f = finding('BLANK_INPUT', { where: '表四“…”“尚未审结”列', usedIn: '' }, { file: 'a.xlsx', cells: ['四、复议诉讼!D4'] });
    expect(f).toMatchObject({ code: 'BLANK_INPUT', severity: 'warning', rule: 'blank', cells: ['四、复议诉讼!D4'] });
    expect(f.message).toContain('为空白');
  });

  it('has a Chinese description for every code', () => {
    for (const c of findingCodeList) expect(findingCodes[c].describe, c).toMatch(/[\u4e00-\u9fff]/);
  });

  it('has a code for every rule id of every format, with the severity the catalogue shows', () => {
    for (const id of formatIds) {
      const f = formats[id];
      const ids = [...f.tables.flatMap((t) => [...t.sums, ...t.balances].map((d) => d.id)), ...f.crossYear.map((d) => d.id)];
      for (const ruleId of ids) expect(Object.hasOwn(findingCodes, ruleCodes[ruleId]), ruleId).toBe(true);
      for (const e of ruleCatalogue(f)) expect(e.severity, e.code).toBe(findingCodes[e.code].severity);
    }
  });

  it('lists the file-failure codes as the codes of stage "file"', () => {
    expect([...fileFailureCodes].sort()).toEqual(findingCodeList.filter((c) => findingCodes[c].stage === 'file').sort());
  });

  it('`nianbao rules` lists every registered code, each once', () => {
    const listed = [...new Set(formatIds.flatMap((id) => ruleCatalogue(formats[id]).map((e) => e.code))), ...otherCodes().map((e) => e.code)];
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...findingCodeList].sort());
  });

  it("the README's code table is the one generated from the registry (npm run codes)", () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    expect(readme).toContain(codeTableMarkdown());
    expect(withCodeTable(readme)).toBe(readme);
  });
});
