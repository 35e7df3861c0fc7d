/**
 * How two spellings of one official label are recognised as the same (spec section 5): full- and half-width
 * punctuation, spaces and line breaks inside labels, curly or straight quotes, `、`/`，` as separators.
 * Matching is done on the normalised forms; the definitions keep the exact official text.
 */

import { simplifyLabelChars } from './labelChars.js';

/**
 * The comparable form of a label: NFKC (full-width → half-width), traditional characters of the labels simplified and
 * converters' pinyin glosses dropped, no white space, one kind of quote and comma.
 */
export function normaliseLabel(text: string): string {
  return simplifyLabelChars(text.normalize('NFKC'))
    .replace(/[\s\u00a0\u3000\u200b-\u200d\u2060\ufeff]+/g, '')
    .replace(/[“”„‟"'‘’「」『』]/g, '"')
    .replace(/[、，,；;]/g, ',')
    .replace(/[．。]/g, '.')
    .replace(/[—–－]/g, '-');
}

/** True when `cell` spells `label` (or one of its aliases), after normalisation. */
export function labelMatches(cell: string, label: string, aliases: readonly string[] = []): boolean {
  const c = normaliseLabel(cell);
  if (c.length === 0) return false;
  return [label, ...aliases].some((l) => normaliseLabel(l) === c);
}

/**
 * True when `cell` is a header cut short of `label` (`本年增/` for `本年增/减`, `本年新` for `本年新制作数量`): a
 * prefix of at least three characters. Only used where the position already narrows the candidates.
 */
export function labelTruncationOf(cell: string, label: string): boolean {
  const c = normaliseLabel(cell);
  const l = normaliseLabel(label);
  return c.length >= 3 && c.length < l.length && l.startsWith(c);
}

/**
 * The form a row label is looked up by, tolerant of how units and sites shorten labels: the quotes dropped
 * (`3.危及三安全一稳定`), a closing bracketed note dropped, also when cut off before its `）` (`（二）部分公开`), the `、`/`，` inside dropped
 * (`…逾期不补正行政机关不再处理…`). Applied to the definitions' labels and to cells alike; a test holds that no two
 * different labels of a format share a form, so a shortened label still names exactly one official row.
 */
export function shortLabelForm(normalised: string): string {
  return normalised
    .replace(/"/g, '')
    .replace(/(.)\([^()]*\)?$/, '$1')
    .replace(/,/g, '');
}

/**
 * The key a label is indexed and looked up by: its normalised, shortened form, with the enumerator that starts a row
 * label written one way (`1、`, `1，` and `1.` alike; `一、` and `一.` alike), since units number items either way.
 */
export function labelKey(text: string): string {
  return shortLabelForm(normaliseLabel(text).replace(/^([一二三四五六七八九十]+|\d+)[.,]/, '$1.'));
}

const spellingCache = new WeakMap<object, readonly string[]>();

/**
 * The `labelKey`s of a definition's label and its aliases, without repeats, in that order: made once per node of
 * the definition (the label search and its checks look them up for every file).
 */
export function spellingKeys(node: { readonly label: string; readonly aliases?: readonly string[] }): readonly string[] {
  let keys = spellingCache.get(node);
  if (!keys) spellingCache.set(node, (keys = [...new Set([node.label, ...(node.aliases ?? [])].map(labelKey))]));
  return keys;
}
