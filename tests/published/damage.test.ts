/**
 * "None wrong" under damage: a published text with one realistic fault — a line lost, a number lost from a row, a line
 * pasted twice, a stray number between lines, a number replaced by words — may lose values, but every value it still
 * reads is the one written for that cell. A shifted row (a number taken for its neighbour's column, a row's numbers
 * taken for the next row's) is exactly what a clerk cannot see and what this test refuses.
 */
import { describe, expect, it } from 'vitest';
import { cellSpecs, formats } from '../../src/formats/index.js';
import { htmlToGrid } from '../../src/grid/htmlGrid.js';
import { textToGrid } from '../../src/grid/textGrid.js';
import { reportDocument } from '../../src/render/document.js';
import { renderHtmlFragment } from '../../src/render/html.js';
import { decimalTextToScaled } from '../../src/report/money.js';
import { reportFromGrid } from '../../src/report/fromGrid.js';
import type { Report } from '../../src/report/report.js';
import { generateCase, layouts, random } from './corpus.js';
import { browserCopy2021, randomValues, seed2019, withSeparator } from './realWorld.js';

interface Source {
  name: string;
  format: '2019' | '2021';
  text: string;
  /** key → the text written for it ('' for a blank cell) */
  written: ReadonlyMap<string, string>;
}

const sources: Source[] = [
  ...(['2019', '2021'] as const).flatMap((id) =>
    layouts.flatMap((layout, l) =>
      [0, 1].map((i) => {
        const c = generateCase(formats[id], layout, 50_000 + 1000 * l + 17 * i + Number(id));
        return { name: c.name, format: id, text: c.text, written: c.written };
      }),
    ),
  ),
  ...[
    { name: '2021 browser copy', base: browserCopy2021, format: '2021' as const },
    { name: '2019 seed', base: seed2019, format: '2019' as const },
  ].flatMap(({ name, base, format }) =>
    (['\t', ' ', '\n'] as const).map((separator, s) => {
      const w = withSeparator(randomValues(base, format, 300 + s), separator);
      return { name: `${name} (${JSON.stringify(separator)})`, format, text: w.text, written: w.values };
    }),
  ),
];

/** A number standing alone (not an enumerator like `1．` or part of `第二十条`). */
const numberToken = /(?<![\d.．,，、A-Za-z])-?\d[\d,]*(?:\.\d+)?(?![\d.．、A-Za-z])/g;

type Damage = (lines: string[], next: () => number) => string[] | null;

const pick = <T,>(items: readonly T[], next: () => number): T | undefined => items[Math.floor(next() * items.length)];
const numbered = (lines: string[]) => lines.map((l, i) => ({ l, i })).filter(({ l }) => [...l.matchAll(numberToken)].length > 0);

const damages: Record<string, Damage> = {
  'a line with a number lost': (lines, next) => {
    const hit = pick(numbered(lines), next);
    return hit ? lines.filter((_, i) => i !== hit.i) : null;
  },
  'one number lost from a line': (lines, next) => {
    const hit = pick(numbered(lines), next);
    if (!hit) return null;
    const tokens = [...hit.l.matchAll(numberToken)];
    const t = pick(tokens, next)!;
    const at = t.index!;
    // between spaces a lost number takes its space with it (the row is a number short); a tab or bar cell stays, empty
    const end = at + t[0].length;
    const cut = /[ \u00a0\u3000]/.test(hit.l[end] ?? '') ? end + 1 : end;
    return lines.map((l, i) => (i === hit.i ? l.slice(0, at) + l.slice(cut) : l));
  },
  'a line with a number pasted twice': (lines, next) => {
    const hit = pick(numbered(lines), next);
    return hit ? [...lines.slice(0, hit.i + 1), hit.l, ...lines.slice(hit.i + 1)] : null;
  },
  // after a line with content: a number put into an empty cell (between two lone `|`) is what that text shows
  'a stray number on its own line': (lines, next) => {
    const after = pick(lines.map((l, i) => ({ l, i })).filter(({ l }) => l.replace(/[|\s]/g, '') !== ''), next);
    if (!after) return null;
    return [...lines.slice(0, after.i + 1), String(1 + Math.floor(next() * 90)), ...lines.slice(after.i + 1)];
  },
  'a number replaced by words': (lines, next) => {
    const hit = pick(numbered(lines), next);
    if (!hit) return null;
    const t = pick([...hit.l.matchAll(numberToken)], next)!;
    return lines.map((l, i) => (i === hit.i ? l.slice(0, t.index!) + '见附件' + l.slice(t.index! + t[0].length) : l));
  },
};

function sameValue(written: string, raw: string): boolean {
  if (written.trim() === raw.trim()) return true;
  const norm = (s: string) => s.normalize('NFKC').replace(/,/g, '').replace(/^\+/, '').trim();
  const a = decimalTextToScaled(norm(written));
  return a !== null && a === decimalTextToScaled(norm(raw));
}

/**
 * The numbers read that differ from what was written for their cell. A source too damaged to tell its format is read
 * as nothing, which is not wrong.
 */
function wrongValues(report: Report, format: '2019' | '2021', written: ReadonlyMap<string, string>): string[] {
  if (report.format !== format) return [];
  const wrong: string[] = [];
  for (const spec of cellSpecs(formats[format])) {
    const v = report.values[spec.key]!;
    if (v.kind !== 'number' && v.kind !== 'zero') continue;
    const w = written.get(spec.key) ?? '';
    if (!sameValue(w, v.raw)) wrong.push(`${spec.key}: wrote “${w}”, read “${v.raw}”`);
  }
  return wrong;
}

const cases = sources.flatMap((source) =>
  Object.entries(damages).flatMap(([damage, apply]) =>
    [1, 2, 3, 4].map((seed) => ({ name: `${source.name}: ${damage} (${seed})`, source, damage: apply, seed })),
  ),
);

describe('a damaged published text: what is read is what was written', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, { source, damage, seed }) => {
    const next = random(seed * 7919 + source.name.length * 104_729 + source.text.length);
    const damaged = damage(source.text.split('\n'), next);
    if (!damaged) return;
    const report = reportFromGrid(textToGrid(damaged.join('\n'), '年报.txt'));
    expect(wrongValues(report, source.format, source.written)).toEqual([]);
  });
});

/** The same for a web page: a table row lost or pasted twice, a cell added, a number replaced by words. */
describe('a damaged published web page: what is read is what was written', () => {
  const pages = [
    { name: '2021', base: browserCopy2021, format: '2021' as const },
    { name: '2019', base: seed2019, format: '2019' as const },
  ].flatMap(({ name, base, format }) =>
    [0, 1].map((s) => {
      const w = randomValues(base, format, 700 + s);
      const html = renderHtmlFragment(reportDocument(reportFromGrid(textToGrid(w.text, '年报.txt'))));
      return { name: `${name} (${s})`, format, html, written: w.values };
    }),
  );
  const rowsOf = (html: string) => [...html.matchAll(/<tr[\s\S]*?<\/tr>/g)].map((m) => ({ at: m.index!, text: m[0] }));
  const htmlDamages: Record<string, (html: string, next: () => number) => string> = {
    'a table row lost': (html, next) => {
      const row = pick(rowsOf(html), next)!;
      return html.slice(0, row.at) + html.slice(row.at + row.text.length);
    },
    'a table row pasted twice': (html, next) => {
      const row = pick(rowsOf(html), next)!;
      return html.slice(0, row.at) + row.text + html.slice(row.at);
    },
    // a data row (one with a number): a number among the headers moves them, and the page then shows that
    'a cell with a number added to a row': (html, next) => {
      const row = pick(rowsOf(html).filter((r) => />\s*-?\d[\d.]*\s*</.test(r.text)), next)!;
      const cells = [...row.text.matchAll(/<td/g)].map((m) => m.index!);
      const at = row.at + (pick(cells, next) ?? row.text.length - 5);
      return `${html.slice(0, at)}<td>${1 + Math.floor(next() * 90)}</td>${html.slice(at)}`;
    },
    'a number replaced by words': (html, next) => {
      const numbers = [...html.matchAll(/>(-?\d[\d.]*)</g)];
      const n = pick(numbers, next)!;
      return html.slice(0, n.index! + 1) + '见附件' + html.slice(n.index! + 1 + n[1]!.length);
    },
  };
  const htmlCases = pages.flatMap((page) =>
    Object.entries(htmlDamages).flatMap(([damage, apply]) =>
      Array.from({ length: 6 }, (_, i) => ({ name: `${page.name}: ${damage} (${i + 1})`, page, damage: apply, seed: i + 1 })),
    ),
  );

  it.each(htmlCases.map((c) => [c.name, c] as const))('%s', (_name, { page, damage, seed }) => {
    const damaged = damage(page.html, random(seed * 6_151 + page.html.length));
    const report = reportFromGrid(htmlToGrid(damaged, '年报.html'));
    expect(wrongValues(report, page.format, page.written)).toEqual([]);
  });
});
