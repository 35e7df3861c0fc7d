/**
 * scripts/lazy-string-width-plugin.mjs: the bundled string-width (yargs' and cliui's, for `--help`) makes its
 * Intl.Segmenter and RGI_Emoji pattern on first use instead of at every command's start. Each string-width the
 * command bundles is built with and without the plugin, and both give the same width for text `--help` and a clerk's
 * terminal meet (CJK, full-width punctuation, emoji and their sequences, combining marks, ANSI colours, tabs, and
 * every character the plain-text fast path measures itself); the built command creates neither while it checks a
 * file or shows its help.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build helper without types
import { lazyStringWidth, lazyStringWidthPlugin } from '../../scripts/lazy-string-width-plugin.mjs';
import { cliPath, repoRoot } from '../helpers/paths.js';

const texts = [
  '',
  'nianbao check <文件或文件夹..>',
  '校验统计表：合计、勾稽关系（一 + 二 = 三（七） + 四）',
  '［全角］、，。：；ＡＢＣ１２３',
  '👍🏽 👨‍👩‍👧 🇨🇳 1️⃣ #⃣ ❤️ ☺',
  'e\u0301 a\u0308 \u200b\u200d x\u0489',
  '\u001b[31m红色\u001b[39m plain',
  'tab\there',
  '한국어 ﾊﾝｶｸ カタカナ',
  '报送名单（.xlsx、.csv 或 .xls/.et/.ods，含“单位名称”列）……——·《办法》【注】〔2019〕',
  '全角数字１２与“引号”后接 emoji 👍',
];

/**
 * The characters the plain-text fast path measures itself, and the 16 beyond each end of each of its ranges: every
 * one of them but the middle of the CJK ideographs (one class of 20,992, all wide), of which every 61st.
 */
function fastPathCharacters(): string[] {
  const out: string[] = [];
  const range = (from: number, to: number) => {
    for (let c = from - 16; c <= to + 16; c++) out.push(String.fromCharCode(c));
  };
  range(0x20, 0x7e);
  range(0x4e00, 0x4e10);
  for (let c = 0x4e11; c < 0x9fef; c += 61) out.push(String.fromCharCode(c));
  range(0x9fef, 0x9fff);
  range(0x3001, 0x3003);
  range(0x3008, 0x3011);
  range(0xff01, 0xff5e);
  for (const c of [0xb7, 0x2014, 0x2018, 0x2019, 0x201c, 0x201d, 0x2026]) range(c, c);
  return out;
}

/** Every string-width the command's bundle takes in (yargs' own, and cliui's and wrap-ansi's older one), found as Node finds them. */
function stringWidthEntries(): string[] {
  const modules = join(repoRoot, 'node_modules');
  const of = (pkg: string) => [join(modules, pkg, 'node_modules', 'string-width', 'index.js'), join(modules, 'string-width', 'index.js')].find(existsSync)!;
  return [...new Set(['yargs', 'cliui', 'wrap-ansi'].map(of))];
}

async function bundled(entry: string, dir: string, name: string, lazy: boolean): Promise<(s: string, o?: { ambiguousIsNarrow?: boolean }) => number> {
  const outfile = join(dir, `${name}.mjs`);
  await build({ entryPoints: [entry], outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent', plugins: lazy ? [lazyStringWidthPlugin] : [] });
  return ((await import(outfile)) as { default: (s: string, o?: { ambiguousIsNarrow?: boolean }) => number }).default;
}

describe('string-width made lazy in the bundle', () => {
  it('measures every text as the package itself does, for each copy the command bundles', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-string-width-'));
    const entries = stringWidthEntries();
    expect(entries.length).toBeGreaterThanOrEqual(2);
    for (const [i, entry] of entries.entries()) {
      const [plain, lazy] = await Promise.all([bundled(entry, dir, `plain${i}`, false), bundled(entry, dir, `lazy${i}`, true)]);
      expect(texts.map((t) => lazy(t)), entry).toEqual(texts.map((t) => plain(t)));
      expect(plain('校验')).toBe(4);
      // the fast path: each character alone and all of them in one text, ambiguous ones narrow and wide
      const characters = fastPathCharacters();
      for (const o of [{}, { ambiguousIsNarrow: false }]) {
        expect(characters.map((c) => lazy(c, o)), `${entry} ${JSON.stringify(o)}`).toEqual(characters.map((c) => plain(c, o)));
        expect(lazy(characters.join(''), o)).toBe(plain(characters.join(''), o));
      }
    }
  });

  it('stops the build when a string-width has nothing left to make lazy, or no place for the fast path', () => {
    expect(() => lazyStringWidth('export default (s) => s.length;\n', 'string-width/index.js')).toThrow(/no Intl.Segmenter/);
    expect(() => lazyStringWidth('const s = new Intl.Segmenter();\nexport default (t) => t.length;\n', 'string-width/index.js')).toThrow(/no place for the plain-text fast path/);
  });

  it('the built command shows its help without creating a segmenter or an RGI_Emoji pattern', () => {
    const counter = join(repoRoot, 'tests', 'helpers', 'countUnicodeSetup.cjs');
    for (const args of [['--help'], ['consolidate', '--help']]) {
      const run = spawnSync(process.execPath, ['--require', counter, cliPath, ...args], { encoding: 'utf8', timeout: 60_000 });
      expect(run.stdout, args.join(' ')).toContain('nianbao');
      expect(run.stderr, args.join(' ')).toContain('segmenters 0, RGI_Emoji patterns 0');
    }
  });

  it('the built command checks a file without creating a segmenter or an RGI_Emoji pattern', () => {
    // a preload that counts both, then the command as a clerk runs it
    const counter = join(repoRoot, 'tests', 'helpers', 'countUnicodeSetup.cjs');
    const run = spawnSync(process.execPath, ['--require', counter, cliPath, 'check', join(repoRoot, 'samples', '2025-示例县', '示例县公安局.xlsx')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stdout).toContain('示例县公安局');
    expect(run.stderr).toContain('segmenters 0, RGI_Emoji patterns 0');
  });
});
