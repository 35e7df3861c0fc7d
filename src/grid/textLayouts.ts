/**
 * The layouts a published table takes once a web page is copied, scraped or printed to text, brought back to rows of
 * fields (one row per table row) before the lines become a grid. Lines that already hold several fields (tabs, `|`)
 * are left as they are; what changes is single-field lines:
 *
 * - one cell per line (`规章` / `0` / `0` / `0`), blank lines between cells allowed: a row label's values are the
 *   value lines after it, up to the next label; a run of header labels becomes one header row, a run of values after
 *   it (table 四) the row under it;
 * - cells ending in ` |` (`规章 |`, `0 |`, and `|` alone for an empty cell), or cells separated by lone `|` lines (two
 *   separators in a row enclose an empty cell): the same, with the empty cells kept at their positions;
 * - a label followed by space-separated numbers (`规章 0 0 0`, PDF viewers) and header labels separated by spaces;
 * - digits glued to a label (`规章000`): split only when each digit must be one cell (as many digits as the row has
 *   cells, in every format); otherwise the digits stay one field, and locate reads or refuses the row by its count;
 * - a label split over two or three lines (`（三）` / `不予公开`).
 *
 * Which lines are labels comes from the definitions (`labelVocabulary`), never from guessing at prose. A field is
 * never invented: an empty field appears only where the text has an explicit empty cell. The row of every field is
 * the line of its row label (or of its first value), so provenance still names a line of the file.
 */
import { markPattern, unitAlternation } from '../formats/valueWords.js';
import { labelKey } from '../formats/labels.js';
import { labelVocabulary, type LabelVocabulary } from '../formats/vocabulary.js';

/** One line's fields; `null` for a line whose content moved to another row. */
export type LineFields = string[] | null;

interface Token {
  line: number;
  text: string;
  /** an explicit cell (`x |`, `|`, or a chunk between `|` separators): empty text is an empty cell */
  explicit: boolean;
}

/** Parent labels a composite row label may carry before its own (`三、本年度办理结果` and `（三）不予公开` at most). */
const maxParentDepth = 2;

// a number ends in a digit: `6．` alone is an enumerator whose label wrapped onto the next line
const numberToken = new RegExp(`^[+\\-＋－−﹣]?[0-9０-９](?:[0-9０-９,，.．]*[0-9０-９])?(?:${unitAlternation})?$`);
/** `5 件` → `5件`: a unit set apart from its number by a space still belongs to it. */
const unitApart = new RegExp(`([0-9０-９])[ \u00a0\u3000]+(${unitAlternation})(?=[ \u00a0\u3000]|$)`, 'g');

const isValueText = (t: string): boolean => numberToken.test(t.replace(unitApart, '$1$2')) || markPattern.test(t);

/**
 * A row label wrapped inside its cell, as a browser copies it: the label's first part ends a line (alone, or after
 * its parent label) and the next line starts with the rest, then the row's values (`（二）部分公开（区分处理的，` /
 * `只计这一情形，不计其他情形）⇥1⇥0…`). The two lines become the one row they are, when the joined text is a row
 * label the definitions know and the rest alone is neither a label nor a value. Lines are changed in place; the
 * second becomes empty.
 */
export function joinWrappedRowLabels(fields: string[][]): void {
  const vocab = labelVocabulary();
  const known = (t: string) => vocab.rows.has(labelKey(t)) || vocab.headers.has(labelKey(t));
  for (let i = 0; i + 1 < fields.length; i++) {
    const line = fields[i]!;
    const next = fields[i + 1]!;
    if (line.length === 0 || next.length < 2) continue;
    const last = line[line.length - 1]!.trim();
    const first = next[0]!.trim();
    if (last === '' || first === '' || line.some((f) => isValueText(f.trim())) || isValueText(first) || known(first)) continue;
    if (!next.slice(1).some((f) => isValueText(f.trim()))) continue;
    if (!vocab.rows.get(labelKey(last + first))?.size) continue;
    fields[i] = [...line.slice(0, -1), last + first, ...next.slice(1)];
    fields[i + 1] = [];
    i++;
  }
}

/**
 * A row whose label wraps around its values, as PDF viewers and converters lay it out: the label's start before the
 * values and its end on the next line (`1．申请人无正当理由逾期不补正、行政机关 0 0 0 0 0 0 0` / `不再处理其政府信息公开申请`),
 * or its start on the line before as well (the values centred on the middle line of a three-line label). When the
 * label before the values is no row label, the text lines around it are tried: exactly one combination must make a
 * row label the definitions know, and its lines are then one row (`[label cells…, values…]`), the others emptied.
 */
export function joinLabelsAroundValues(fields: string[][]): void {
  const vocab = labelVocabulary();
  const used = new Set<number>();
  /**
   * A line of label text only, short as a label part is: no value in it, not a row label by itself (unless one cut
   * inside its bracketed note); tab fields (a parent label and the start of its row's) joined by a space.
   */
  const textOnly = (j: number): string | undefined => {
    const f = fields[j];
    if (!f || f.length === 0 || used.has(j)) return undefined;
    const t = f.map((x) => x.replace(/[\u00a0\u3000]/g, ' ').trim()).filter((x) => x !== '').join(' ');
    if (t === '' || t.length > 40 || t.split(/\s+/).some(isValueText)) return undefined;
    // a header word may start a row label (`其他` / `对外管理 0 0 17` / `服务事项`); a whole row label may not
    if (vocab.rows.has(labelKey(t)) && !unclosedBracket(t)) return undefined;
    return t;
  };
  for (let i = 0; i < fields.length; i++) {
    const row = labelAndValues(fields[i]!);
    if (!row || row.values.length === 0) continue;
    const prev = textOnly(i - 1);
    const next = textOnly(i + 1);
    if (row.label !== '' && rowLabelParts(row.label, vocab)) {
      // a known label cut inside its bracketed note (`（二）部分公开（区分`): the note's rest on the next line is its own
      if (next === undefined || !unclosedBracket(row.label) || unclosedBracket(row.label + next)) continue;
      const parts = rowLabelParts(row.label + next, vocab);
      if (!parts) continue;
      fields[i + 1] = [];
      used.add(i + 1);
      fields[i] = [...row.lead, ...parts, ...row.values];
      continue;
    }
    const options: { label: string; from: number; to: number }[] = [];
    if (prev !== undefined && next !== undefined) options.push({ label: `${prev}${row.label}${next}`, from: i - 1, to: i + 1 });
    if (next !== undefined && row.label !== '') options.push({ label: `${row.label}${next}`, from: i, to: i + 1 });
    if (prev !== undefined && row.label !== '') options.push({ label: `${prev}${row.label}`, from: i - 1, to: i });
    const fitting = options.flatMap((o) => {
      const parts = rowLabelParts(o.label, vocab);
      return parts ? [{ ...o, parts }] : [];
    });
    // several combinations may name the same row (a label cut inside its note names it from its start alone): the
    // one that takes the most lines; combinations naming different rows leave the lines as they are
    const rowsNamed = new Set(fitting.map((o) => o.parts.map(labelKey).join('\u0000')));
    if (rowsNamed.size !== 1) continue;
    const { parts, from, to } = fitting.reduce((a, b) => (b.to - b.from > a.to - a.from ? b : a));
    for (let j = from; j <= to; j++) {
      fields[j] = [];
      used.add(j);
    }
    fields[i] = [...row.lead, ...parts, ...row.values];
  }
}

/** A line as label text and the values after it (tab fields, or words separated by spaces); undefined for prose. */
function labelAndValues(line: readonly string[]): { lead: string[]; label: string; values: string[] } | undefined {
  if (line.length > 1) {
    let first = line.findIndex((f) => isValueText(f.trim()));
    if (first === -1) return undefined;
    const rest = line.slice(first).map((f) => f.trim());
    if (rest.some((f) => f !== '' && !isValueText(f))) return undefined;
    const labels = line.slice(0, first);
    let lead = 0;
    while (lead < labels.length && labels[lead]!.trim() === '') lead++;
    first = lead;
    return { lead: labels.slice(0, lead), label: labels.slice(lead).map((f) => f.trim()).join(' ').trim(), values: line.slice(labels.length) };
  }
  const t = (line[0] ?? '').replace(/[\u00a0\u3000]/g, ' ').trim().replace(unitApart, '$1$2');
  if (t === '') return undefined;
  const words = t.split(/\s+/);
  let tail = words.length;
  while (tail > 0 && isValueText(words[tail - 1]!)) tail--;
  if (tail === words.length) return undefined;
  return { lead: [], label: words.slice(0, tail).join(' '), values: words.slice(tail) };
}

/** `fields` per line (as the line splitter found them) → the same lines with single-field layouts made into rows. */
export function restructureLines(fields: readonly string[][], barLines: ReadonlySet<number>): LineFields[] {
  const vocab = labelVocabulary();
  const out: LineFields[] = fields.map((f) => [...f]);
  // lines that are one field: the material of the per-line layouts
  const single = (i: number) => fields[i]!.length <= 1;
  const separatorStyle = isSeparatorStyle(fields, barLines);
  let i = 0;
  while (i < fields.length) {
    if (!single(i)) {
      i++;
      continue;
    }
    // a run of single-field lines up to the next multi-field line
    let j = i;
    while (j < fields.length && single(j)) j++;
    const tokens = tokensOf(fields, barLines, i, j, separatorStyle);
    assemble(tokens, out, vocab);
    i = j;
  }
  return out;
}

/** Lone `|` lines between cells with no cell ending in `|` of its own: `|` separates, it is not an empty cell. */
function isSeparatorStyle(fields: readonly string[][], barLines: ReadonlySet<number>): boolean {
  let lone = 0;
  let terminated = 0;
  for (const line of barLines) {
    const f = fields[line]!;
    if (f.length !== 1) continue;
    if (f[0]!.trim() === '') lone++;
    else terminated++;
  }
  return lone > 0 && terminated === 0;
}

function tokensOf(fields: readonly string[][], barLines: ReadonlySet<number>, from: number, to: number, separatorStyle: boolean): Token[] {
  const tokens: Token[] = [];
  if (separatorStyle) {
    // chunks between lone `|` lines; content lines of a chunk are cells of their own unless the chunk is empty
    let sawSeparator = false;
    let chunkHasContent = false;
    for (let line = from; line < to; line++) {
      const text = (fields[line]![0] ?? '').trim();
      if (barLines.has(line) && text === '') {
        if (sawSeparator && !chunkHasContent) tokens.push({ line, text: '', explicit: true });
        sawSeparator = true;
        chunkHasContent = false;
        continue;
      }
      if (text === '') continue;
      tokens.push({ line, text, explicit: sawSeparator });
      chunkHasContent = true;
    }
    return tokens;
  }
  for (let line = from; line < to; line++) {
    const text = (fields[line]![0] ?? '').trim();
    const bar = barLines.has(line);
    if (text === '' && !bar) continue;
    tokens.push({ line, text, explicit: bar });
  }
  return tokens;
}

type Kind = 'row' | 'header' | 'value' | 'empty' | 'other';

function kindOf(t: Token, vocab: LabelVocabulary): Kind {
  if (t.text === '') return t.explicit ? 'empty' : 'other';
  if (isValueText(t.text)) return 'value';
  const key = labelKey(t.text);
  if (vocab.rows.has(key)) return 'row';
  if (vocab.headers.has(key)) return 'header';
  return 'other';
}

function assemble(tokens: Token[], out: LineFields[], vocab: LabelVocabulary): void {
  // first the tokens that are whole rows or several fields by themselves
  const expanded: (Token & { fields?: string[] })[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    const split = splitInline(t.text, vocab);
    if (split) {
      out[t.line] = split;
      expanded.push({ ...t, fields: split });
      continue;
    }
    // a label over two or three lines
    let joined: Token | undefined;
    const kind = kindOf(t, vocab);
    if (kind === 'row' && unclosedBracket(t.text)) {
      // the rest of a wrapped label (`（二）部分公开（区分处理的，` / `只计这一情形，不计其他情形）`) belongs to it
      let text = t.text;
      let n = 1;
      while (n <= 2 && k + n < tokens.length && kindOf(tokens[k + n]!, vocab) === 'other' && labelKey(text + tokens[k + n]!.text) === labelKey(t.text)) {
        text += tokens[k + n]!.text;
        out[tokens[k + n]!.line] = null;
        n++;
      }
      if (n > 1) {
        out[t.line] = [text];
        joined = { ...t, text };
        k += n - 1;
      }
    }
    if (!joined && kind !== 'value' && kind !== 'empty' && kind !== 'other') {
      // a label (or a label-like start: `其他`, `（二）部分公开`) whose rest follows with the row's values on the next
      // line or the one after (`（区分处理的，只计这一情形，不计其他情形） 1 0 0 0 0 0 1`, `对外管理服务事项 0 0 17`)
      const rest = labelRest(tokens, k, vocab);
      if (rest) {
        tokens.slice(k + 1, k + rest.n).forEach((p) => (out[p.line] = null));
        out[t.line] = rest.inline ?? [rest.text];
        expanded.push({ ...t, text: rest.text, ...(rest.inline ? { fields: rest.inline } : {}) });
        k += rest.n - 1;
        continue;
      }
    } else if (kind === 'other' && t.text.length <= 40) {
      for (let n = 2; n <= 3 && k + n - 1 < tokens.length; n++) {
        const parts = tokens.slice(k, k + n);
        if (parts.some((p) => p.text === '' || isValueText(p.text))) break;
        const text = parts.map((p) => p.text).join('');
        const candidate = { line: t.line, text, explicit: t.explicit };
        const kind = kindOf(candidate, vocab);
        const inline = kind === 'other' ? splitInline(text, vocab) : undefined;
        if (kind === 'row' || kind === 'header' || inline) {
          parts.slice(1).forEach((p) => (out[p.line] = null));
          out[t.line] = inline ?? [text];
          joined = { ...candidate, ...(inline ? { fields: inline } : {}) };
          k += n - 1;
          break;
        }
      }
    }
    expanded.push(joined ?? t);
  }
  // then rows from runs: a row label takes the values after it; a run of headers becomes one row
  let k = 0;
  while (k < expanded.length) {
    const t = expanded[k]!;
    if (t.fields) {
      k++;
      continue;
    }
    const kind = kindOf(t, vocab);
    if (kind === 'row') {
      const values: string[] = [];
      let m = k + 1;
      while (m < expanded.length && !expanded[m]!.fields && ['value', 'empty'].includes(kindOf(expanded[m]!, vocab))) {
        values.push(expanded[m]!.text);
        out[expanded[m]!.line] = null;
        m++;
      }
      out[t.line] = [t.text, ...values];
      k = m;
      continue;
    }
    if (kind === 'header') {
      const labels: string[] = [t.text];
      let m = k + 1;
      while (m < expanded.length && !expanded[m]!.fields && kindOf(expanded[m]!, vocab) === 'header') {
        labels.push(expanded[m]!.text);
        out[expanded[m]!.line] = null;
        m++;
      }
      out[t.line] = labels;
      // values right after a header run (table 四's single row) go on the row under it
      const values: string[] = [];
      const start = m;
      while (m < expanded.length && !expanded[m]!.fields && ['value', 'empty'].includes(kindOf(expanded[m]!, vocab))) {
        values.push(expanded[m]!.text);
        out[expanded[m]!.line] = null;
        m++;
      }
      if (values.length > 0) {
        const target = out[t.line + 1] === null || (out[t.line + 1]?.every((f) => f.trim() === '') ?? false) ? t.line + 1 : expanded[start]!.line;
        out[target] = values;
      }
      k = m;
      continue;
    }
    if (kind === 'value' || kind === 'empty') {
      // values with no label before them in this run: one row of their own
      const values: string[] = [];
      let m = k;
      while (m < expanded.length && !expanded[m]!.fields && ['value', 'empty'].includes(kindOf(expanded[m]!, vocab))) {
        values.push(expanded[m]!.text);
        out[expanded[m]!.line] = null;
        m++;
      }
      if (values.length > 1 || kind === 'value') out[t.line] = values;
      k = m;
      continue;
    }
    k++;
  }
}

/**
 * The tokens from `k` (2 or 3 of them) that make one row label once joined, when the first is a label or header by
 * itself (`其他` / `对外管理服务事项`, `（二）部分公开` / `（区分处理的，…）`): the parts after the first are no label,
 * header or row of their own, and the joined text is a row label the definitions know (`inline`: with the row's
 * values after it, when the last part carried them).
 */
function labelRest(tokens: readonly Token[], k: number, vocab: LabelVocabulary): { n: number; text: string; inline?: string[] } | undefined {
  for (let n = 2; n <= 3 && k + n - 1 < tokens.length; n++) {
    const parts = tokens.slice(k, k + n);
    if (parts.some((p) => p.text === '' || isValueText(p.text))) return undefined;
    if (parts.slice(1).some((p) => kindOf(p, vocab) !== 'other' || splitInline(p.text, vocab))) return undefined;
    const text = parts.map((p) => p.text).join('');
    const rest = parts.slice(1).map((p) => p.text).join('');
    // the joined label names another row than its start, or the start's bracketed note follows (not an enumerator
    // such as `(一)`, which the shortened form would also drop)
    const sameRow = labelKey(text) === labelKey(parts[0]!.text);
    if (kindOf({ ...parts[0]!, text }, vocab) === 'row' && (!sameRow || /^[（(][^（()）]{3,}[)）]$/.test(rest.trim()))) return { n, text };
    const inline = splitInline(text, vocab);
    if (inline && inline.length > 1 && isValueText(inline[inline.length - 1]!)) return { n, text, inline };
  }
  return undefined;
}

/**
 * One line that holds a whole row or header by itself: a row label and space-separated values, a row label with digits
 * glued to it, header labels separated by spaces, or numbers separated by spaces.
 */
function splitInline(text: string, vocab: LabelVocabulary): string[] | undefined {
  const t = text.replace(/[\u00a0\u3000]/g, ' ').trim().replace(unitApart, '$1$2');
  if (!/\S\s+\S/.test(t)) return glued(t, vocab);
  const words = t.split(/\s+/);
  if (words.every(isValueText)) return words;
  // label + values: the longest tail of values after a label the definitions know
  let tail = words.length;
  while (tail > 0 && isValueText(words[tail - 1]!)) tail--;
  if (tail < words.length && tail > 0) {
    const label = words.slice(0, tail).join(' ');
    const parts = rowLabelParts(label, vocab);
    return parts ? [...parts, ...words.slice(tail)] : undefined;
  }
  // header labels separated by spaces (each word a header, or the whole line one label with spaces in it); not a label
  // cut inside its bracketed note with its digits glued on (`（二） 部分公开（区分处理的0088891`), whose shortened form
  // drops the unclosed note with the digits and so spells the label alone
  const key = labelKey(t);
  if ((vocab.rows.has(key) || vocab.headers.has(key)) && !(unclosedBracket(t) && /\d$/.test(t))) return undefined;
  if (words.every((w) => vocab.headers.has(labelKey(w)))) return words;
  return glued(t, vocab);
}

function glued(t: string, vocab: LabelVocabulary): string[] | undefined {
  const m = /^(.*[^\d\s.,，．])(\d+)$/.exec(t);
  if (!m) return undefined;
  const parts = rowLabelParts(m[1]!, vocab);
  if (!parts) return undefined;
  const counts = vocab.rows.get(labelKey(parts.at(-1)!));
  if (!counts || counts.size === 0) return undefined;
  const digits = m[2]!;
  // as many single digits as the row has cells, and no format where the row is one cell that could hold them all
  if (digits.length > 1 && counts.has(digits.length) && !counts.has(1)) return [...parts, ...digits];
  return [...parts, digits];
}

/**
 * A row label as the definitions know it, or a composite one whose cell boundaries were lost (`三、本年度办理结果
 * （一）予以公开`, `（三）不予公开1．属于国家秘密`): parent labels (rows without values of their own) followed by one row
 * label, split back into those cells. The split must be the only one the labels allow; otherwise the line is left
 * as it is and the row is reported as not found rather than read under a guessed label.
 */
function rowLabelParts(label: string, vocab: LabelVocabulary): string[] | undefined {
  if (vocab.rows.has(labelKey(label))) return [label];
  const found = new Map<string, string[]>();
  const isParent = (text: string) => vocab.parents.has(labelKey(text));
  const walk = (rest: string, before: string[]): void => {
    if (found.size > 1 || before.length >= maxParentDepth) return;
    for (let i = 1; i < rest.length; i++) {
      const head = rest.slice(0, i).trim();
      if (head === '' || !isParent(head)) continue;
      const tail = rest.slice(i).trim();
      const counts = vocab.rows.get(labelKey(tail));
      if (counts && counts.size > 0) {
        const parts = [...before, head, tail];
        found.set(parts.map(labelKey).join('\u0000'), parts);
      }
      walk(tail, [...before, head]);
    }
  };
  walk(label.trim(), []);
  return found.size === 1 ? [...found.values()][0] : undefined;
}

/** `（二）部分公开（区分处理的，`: a label whose bracketed note goes on on the next line. */
function unclosedBracket(text: string): boolean {
  const t = text.normalize('NFKC');
  return t.split('(').length > t.split(')').length;
}
