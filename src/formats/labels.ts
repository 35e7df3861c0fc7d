/**
 * How two spellings of one official label are recognised as the same (spec section 5): full- and half-width
 * punctuation, spaces and line breaks inside labels, curly or straight quotes, `、`/`，` as separators.
 * Matching is done on the normalised forms; the definitions keep the exact official text.
 */

/** The comparable form of a label: NFKC (full-width → half-width), no white space, one kind of quote and comma. */
export function normaliseLabel(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u00a0\u3000]+/g, '')
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
