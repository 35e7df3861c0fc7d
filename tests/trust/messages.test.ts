/** Issue 9 point 11, messages a clerk can act on: Chinese words, no raw system codes, reasons for a failure. */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { progressState } from '../../src/app/consolidate.js';
import { readReport } from '../../src/io/readReport.js';
import { cliPath, repoRoot } from '../helpers/paths.js';
import { oleWith } from '../helpers/craftedFiles.js';
import { random, randomUnit, unitCode, writeUnit } from '../consolidate/fixtures.js';
import { setCells, tempDir } from './helpers.js';

const cli = (args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });

describe('11. messages a clerk can act on', () => {
  it('no untranslated yargs text; no raw errno code unless --verbose; a --year after next year is refused', () => {
    const r = cli(['check']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('缺少要处理的文件或文件夹');
    expect(r.stderr).not.toMatch(/non-option/);
    const missing = join(tempDir(), '名单.csv');
    const plain = cli(['template', '--year', '2025', '--out', tempDir(), '--roster', missing]);
    expect(plain.status).toBe(2);
    expect(plain.stderr).toContain('名单.csv');
    expect(plain.stderr).not.toMatch(/ENOENT/);
    expect(cli(['template', '--year', '2025', '--out', tempDir(), '--roster', missing, '--verbose']).stderr).toMatch(/ENOENT/);
    const future = cli(['template', '--year', '2099', '--out', tempDir()]);
    expect(future.status).toBe(2);
    expect(future.stderr).toContain('尚未开始');
  });

  it('--max-warnings says why it failed; progress shows 有警告 / 已剔除, never 通过, for such files', async () => {
    const dir = tempDir();
    const file = await writeUnit(dir, '某局.xlsx', { name: '某局', code: unitCode(1) }, randomUnit(random(3)));
    await setCells(file, { 'active.licensing.decisions': null }); // a blank: BLANK_INPUT warning
    const r = cli(['check', file, '--max-warnings', '0']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('超过 --max-warnings 0');
    const c = cli(['consolidate', dir, '--year', '2025', '--region', '某县', '--out', join(tempDir(), 's.xlsx')]);
    expect(c.stderr).toMatch(/某局\.xlsx：有 \d+ 个警告/);
    expect(c.stderr).not.toMatch(/某局\.xlsx：通过/);
    expect(progressState({ file: 'x', ok: true, errors: 2, warnings: 0, excluded: true })).toContain('已剔除');
    expect(progressState({ file: 'x', ok: true, errors: 0, warnings: 0, excluded: false })).toBe('通过');
  });

  it('render of a source with errors warns on stderr; --strict refuses', async () => {
    const dir = tempDir();
    const file = await writeUnit(dir, '某局.xlsx', { name: '某局', code: unitCode(1) }, randomUnit(random(4)));
    await setCells(file, { 'applications.granted.natural': -3 });
    const out = join(dir, '表.html');
    const warned = cli(['render', file, '--out', out]);
    expect(warned.status).toBe(0);
    expect(warned.stderr).toMatch(/校验发现 \d+ 个错误/);
    const strict = join(dir, '严格.html');
    const refused = cli(['render', file, '--out', strict, '--strict']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('--strict');
    expect(existsSync(strict)).toBe(false);
  });

  it('a renamed Word file is called a Word document', async () => {
    const dir = tempDir();
    const docx = join(dir, '某局.xlsx');
    writeFileSync(docx, zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') }));
    const doc = join(dir, '某委.xls');
    writeFileSync(doc, oleWith(['WordDocument']));
    for (const f of [docx, doc]) {
      const read = await readReport(f);
      expect(read.ok).toBe(false);
      if (!read.ok) expect(read.message).toContain('Word 文档');
    }
  });
});
