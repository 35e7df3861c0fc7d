/**
 * Real published reports as they reach us: a table copied from a government web page in a browser (cells by tabs, the
 * merged row labels only on their first row), then what sites, editors and scrapers do to that text: tabs become one or
 * two spaces, `&nbsp;` or full-width spaces; numbers get their unit (`5件`, `0万元`), thousands separators or
 * full-width digits; cells hold `—`, `-`, `/` or `无`. Each variant is made from a base text whose every value is
 * known, so reading it back can be compared value by value.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cellSpecs, formats, type CellSpec, type FormatId } from '../../src/formats/index.js';
import { formatScaled, toScaled } from '../../src/report/money.js';
import { randomInt } from '../helpers/random.js';

export const realWorldDir = join(import.meta.dirname, 'realWorld');

/** The 2021-format report as a browser copies it (`一、本年新收…\t12\t3…`, `三、本年度办理结果\t（一）予以公开\t5…`). */
export const browserCopy2021 = readFileSync(join(realWorldDir, 'browserCopy2021.txt'), 'utf8');
/** The 2019-format seed: shifted labels, empty fields from lost spans, half-width brackets, its typos. */
export const seed2019 = readFileSync(join(import.meta.dirname, '..', '..', 'samples', '2020-嵩县科技和工业信息化局', '嵩县科技和工业信息化局2020年政府信息公开工作年度报告.txt'), 'utf8');

export interface Written {
  text: string;
  format: FormatId;
  /** the text written for each cell, in the definitions' order (which is the order of the value fields in the text) */
  values: Map<string, string>;
  specs: readonly CellSpec[];
}

const isValueField = (field: string) => /^\s*\d+(?:\.\d+)?\s*$/.test(field);

/**
 * The base text with every value field (a tab field holding a number) replaced by `valueFor(spec)`. The value fields
 * of both bases come in the definitions' order, one per data point (held by the tests).
 */
export function rewriteValues(base: string, format: FormatId, valueFor: (spec: CellSpec, i: number) => string): Written {
  const specs = cellSpecs(formats[format]);
  const values = new Map<string, string>();
  let n = 0;
  const text = mapTabFields(base, (field) => {
    if (!isValueField(field)) return field;
    const spec = specs[n]!;
    const v = valueFor(spec, n++);
    values.set(spec.key, v);
    return v;
  });
  if (n !== specs.length) throw new Error(`base has ${n} value fields, format ${format} has ${specs.length} data points`);
  return { text, format, values, specs };
}

/** Every field of every tab-separated line passed through `f`, in reading order; other lines as they are. */
function mapTabFields(text: string, f: (field: string) => string): string {
  return text
    .split('\n')
    .map((line) => (line.includes('\t') ? line.split('\t').map(f).join('\t') : line))
    .join('\n');
}

/** Distinct-looking random values (zeros, small and large counts, money with decimals, signed changes). */
export function randomValues(base: string, format: FormatId, seed: number): Written {
  const int = randomInt(seed);
  return rewriteValues(base, format, (spec) => {
    if (int(9) < 3) return '0';
    if (spec.domain === 'money') return formatScaled(toScaled(int(9_999_999) / 10_000, 'money')!, 'money');
    const n = int(9) < 7 ? 1 + int(98) : 100 + int(24_900);
    return spec.domain === 'signedCount' && int(1) === 0 ? `-${n}` : String(n);
  });
}

/** Every tab of the text replaced by `separator` (what a site's editor or a scraper leaves). */
export const withSeparator = (w: Written, separator: string): Written => ({ ...w, text: w.text.replace(/\t/g, separator) });

/** Each value field passed through `f` (the key and domain known), the written values kept in step. */
export function mapValues(w: Written, f: (text: string, spec: CellSpec) => string): Written {
  const byText = [...w.values.entries()];
  let i = 0;
  const values = new Map<string, string>();
  const text = mapTabFields(w.text, (field) => {
    if (i >= byText.length || field !== byText[i]![1]) return field;
    const spec = w.specs[i]!;
    const v = f(field, spec);
    values.set(spec.key, v);
    i++;
    return v;
  });
  return { ...w, text, values };
}

/**
 * Row labels wrapped inside their cells, as a narrow page column wraps them and a browser copies them: about half of
 * the labels before a row's values get a line break at a random place (`（二）部分公开（区分处理的，⏎只计这一情形…`).
 */
export function wrapLabels(w: Written, seed: number): Written {
  const int = randomInt(seed);
  const text = w.text
    .split('\n')
    .map((line) => {
      if (!line.includes('\t')) return line;
      const fields = line.split('\t');
      const label = fields.findIndex((f) => /^\s*[+-]?[0-9０-９][0-9０-９,.]*\s*$/.test(f)) - 1;
      if (label < 0 || fields[label]!.trim().length < 6 || int(1) === 0) return line;
      const text = fields[label]!;
      const cut = 2 + int(text.length - 4);
      fields[label] = `${text.slice(0, cut)}\n${text.slice(cut)}`;
      return fields.join('\t');
    })
    .join('\n');
  return { ...w, text };
}

/**
 * Row labels laid out around their values, as PDF viewers and converters give a row whose label cell wraps: the
 * label's end after the values on the next line (`after`), its start on the line before and its end after
 * (`around`, values centred on the middle line), or the values alone between the two halves (`valuesAlone`).
 */
export function labelsAroundValues(w: Written, seed: number, mode: 'after' | 'around' | 'valuesAlone'): Written {
  const int = randomInt(seed);
  const text = w.text
    .split('\n')
    .flatMap((line) => {
      if (!line.includes('\t')) return [line];
      const fields = line.split('\t');
      const label = fields.findIndex((f) => /^\s*[+-]?[0-9０-９][0-9０-９,.]*\s*$/.test(f)) - 1;
      if (label < 0 || fields[label]!.trim().length < 8 || int(1) === 0) return [line];
      const text = fields[label]!;
      const before = fields.slice(0, label);
      const values = fields.slice(label + 1).join('\t');
      if (mode === 'after') {
        const cut = 4 + int(text.length - 6);
        return [[...before, text.slice(0, cut), values].join('\t'), text.slice(cut)];
      }
      const a = 2 + int(Math.floor(text.length / 2) - 2);
      const b = a + 2 + int(text.length - a - 4);
      if (mode === 'around') return [[...before, text.slice(0, a)].join('\t'), `${text.slice(a, b)}\t${values}`, text.slice(b)];
      return [[...before, text.slice(0, a)].join('\t'), values, text.slice(a)];
    })
    .join('\n');
  return { ...w, text };
}
