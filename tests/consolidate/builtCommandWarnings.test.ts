/**
 * The built command (dist/bin, an esbuild bundle) prints nothing of Node's own on stderr: bundled packages under
 * exceljs call `new Buffer(...)`, which Node reports (`(node:…) [DEP0005] DeprecationWarning: Buffer() is deprecated…`)
 * once their code no longer lies inside node_modules. scripts/buffer-constructor-plugin.mjs rewrites those calls at
 * build time; these tests fail without it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build helper without types
import { bufferConstructorPlugin } from '../../scripts/buffer-constructor-plugin.mjs';
import { random, randomUnit, writeUnit } from './fixtures.js';
import { cliPath } from '../helpers/paths.js';

/** Lines Node itself writes to stderr: warnings (`(node:1234) [DEP0005] …`) and their `(Use \`node --trace-…` hint. */
const nodeLines = (stderr: string) => stderr.split('\n').filter((l) => /^\(node:\d+\)|DeprecationWarning|^\(Use `node --trace/.test(l));

describe('the built command', () => {
  it('consolidates template-made unit workbooks into a summary with no Node warning on stderr', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-warnings-'));
    const rand = random(31);
    for (const name of ['甲局', '乙局', '丙局']) await writeUnit(join(dir, 'in'), `${name}.xlsx`, { name }, randomUnit(rand));
    const out = join(dir, '汇总.xlsx');
    const run = spawnSync(process.execPath, [cliPath, 'consolidate', join(dir, 'in'), '--year', '2025', '--region', '某县', '--out', out, '--json', join(dir, '汇总.json')], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('计入合计的单位 3 个');
    expect(existsSync(out)).toBe(true);
    expect(nodeLines(run.stderr)).toEqual([]);
  });
});

describe('bundled `new Buffer(...)` calls (scripts/buffer-constructor-plugin.mjs)', () => {
  it('give what Node’s Buffer() gives, without its warning', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-buffer-plugin-'));
    // a package of the old style, as archiver-utils or buffers are written
    const pkg = join(dir, 'node_modules', 'old-style-buffers');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'old-style-buffers', main: 'index.js' }));
    writeFileSync(
      join(pkg, 'index.js'),
      `'use strict';
exports.zeros = function (n) { return new Buffer(n); };
exports.text = function (s, enc) { return new Buffer(s, enc); };
exports.view = function (ab, offset, length) { return new Buffer(ab, offset, length); };
exports.numberWithEncoding = function () { return new Buffer(3, 'utf8'); };
exports.shadowed = function () {
  function Buffer(x) { this.made = 'own ' + x; }
  return new Buffer(7);
};
exports.strict = (function () { return this === undefined; })();
`,
    );
    const entry = join(dir, 'entry.js');
    writeFileSync(
      entry,
      `const b = require('old-style-buffers');
const ab = new Uint8Array([1, 2, 3, 4]).buffer;
const view = b.view(ab, 1, 2);
new Uint8Array(ab)[1] = 9;
let thrown = null;
try { b.numberWithEncoding(); } catch (e) { thrown = e.code; }
console.log(JSON.stringify({
  zeros: [...b.zeros(4)],
  isBuffer: Buffer.isBuffer(b.zeros(1)),
  utf8: [...b.text('年报')],
  hex: [...b.text('0aff', 'hex')],
  copied: [...b.text([1, 258])],
  view: [...view],
  thrown,
  shadowed: b.shadowed().made,
  strict: b.strict,
}));`,
    );
    const bundle = join(dir, 'out', 'bundle.cjs');
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'silent', plugins: [bufferConstructorPlugin] });
    const run = spawnSync(process.execPath, [bundle], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      zeros: [0, 0, 0, 0],
      isBuffer: true,
      utf8: [0xe5, 0xb9, 0xb4, 0xe6, 0x8a, 0xa5], // 年 U+5E74, 报 U+62A5 in UTF-8
      hex: [0x0a, 0xff],
      copied: [1, 2], // array items taken & 255
      view: [9, 3], // a view of the ArrayBuffer, not a copy
      thrown: 'ERR_INVALID_ARG_TYPE',
      shadowed: 'own 7',
      strict: true,
    });
    expect(nodeLines(run.stderr)).toEqual([]);
    // the bundle holds no `new Buffer(` call any more
    expect(readFileSync(bundle, 'utf8')).not.toMatch(/new\s+Buffer\s*\(/);
  });
});
