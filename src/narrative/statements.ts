/**
 * Figures a report states in its prose (全年新收政府信息公开申请12件，予以公开5件…), tied to the cells of the tables
 * they speak of, and compared with the tables. Patterns are fixed and tied to the definitions' keys: a phrase counts
 * only when a number and 件 follow it directly; a sentence that compares with other years (同比, 上年…) is skipped; a
 * statement whose cells the format does not have, or whose cells are not all numbers, is ignored, never guessed.
 */
import { cellKey, cellSpecMap, leafRows, type CellKey } from '../formats/index.js';
import type { FormatDef } from '../formats/types.js';
import { sumExact } from '../formats/evaluate.js';
import { finding } from '../findings/factory.js';
import type { Finding } from '../findings/finding.js';
import { cellText } from '../locate/labelIndex.js';
import type { GridWorkbook } from '../grid/grid.js';
import type { ReportValue } from '../report/report.js';

export interface Statement {
  /** the sentence as written */
  sentence: string;
  /** what it states, in the report's words (予以公开) */
  what: string;
  value: number;
  keys: CellKey[];
}

interface Pattern {
  what: string;
  /** `N` stands for the number */
  pattern: string;
  /** the cells whose sum the statement gives, for a format; empty when the format has no such figure */
  keys: (format: FormatDef) => CellKey[];
  /** this pattern is itself about last year (上年结转): comparisons with last year do not disqualify it */
  aboutLastYear?: boolean;
}

const total = (row: string) => () => [cellKey('applications', row, 'total')];
/** The `总计` cells of a result row's sub-items (（三）不予公开 = Σ 1–8), from the definition. */
const subTotals = (parent: string) => (format: FormatDef) => {
  const block = format.tables.find((t) => t.id === 'applications')!.blocks[0]!;
  const find = (nodes: typeof block.rows): (typeof block.rows)[number] | undefined =>
    nodes.map((n) => (n.key === parent ? n : n.children ? find(n.children) : undefined)).find(Boolean);
  const node = find(block.rows);
  if (!node) return [];
  const leaves = node.children?.length ? leafRows({ ...block, rows: node.children }) : [node];
  return leaves.map((l) => cellKey('applications', l.key, 'total'));
};

const N = '(N)';
const patterns: readonly Pattern[] = [
  { what: '本年新收政府信息公开申请', pattern: `(?:新收|收到|受理)(?:各类|群众|公民)?(?:的)?(?:政府信息公开|信息公开|依申请公开)?申请(?:共计|共|合计)?${N}件`, keys: total('newReceived') },
  { what: '上年结转政府信息公开申请', pattern: `上年(?:度)?结转(?:的)?(?:政府信息公开|信息公开)?申请(?:共)?${N}件`, keys: total('carriedOver'), aboutLastYear: true },
  { what: '予以公开', pattern: `予以公开(?:的)?(?:申请)?${N}件`, keys: total('granted') },
  { what: '部分公开', pattern: `部分公开(?:的)?(?:申请)?${N}件`, keys: total('partlyGranted') },
  { what: '不予公开', pattern: `不予公开(?:的)?(?:申请)?${N}件`, keys: subTotals('withheld') },
  { what: '无法提供', pattern: `无法提供(?:的)?(?:申请)?${N}件`, keys: subTotals('unavailable') },
  { what: '不予处理', pattern: `不予处理(?:的)?(?:申请)?${N}件`, keys: subTotals('notProcessed') },
  { what: '其他处理', pattern: `其他处理(?:的)?(?:申请)?${N}件`, keys: subTotals('other') },
  { what: '结转下年度继续办理', pattern: `结转(?:至|到)?下(?:一)?年度?(?:继续办理)?(?:的)?(?:申请)?${N}件`, keys: total('carryForward') },
  { what: '行政复议', pattern: `(?:被申请|申请|发生|收到)?行政复议(?:案件)?(?:共)?${N}(?:件|起)`, keys: () => [cellKey('reviews', 'cases', 'reviewTotal')] },
  { what: '行政诉讼', pattern: `(?:被提起|提起|发生)?行政诉讼(?:案件)?(?:共)?${N}(?:件|起)`, keys: () => [cellKey('reviews', 'cases', 'directTotal'), cellKey('reviews', 'cases', 'afterReviewTotal')] },
  {
    what: '制发规范性文件',
    pattern: `(?:制发|印发|新制作)(?:行政)?规范性文件(?:共)?${N}件`,
    keys: (f) => [cellKey('active', 'normativeDocuments', f.id === '2019' ? 'newlyMade' : 'issued')],
  },
];

/** Statements of none at all: `未收到政府信息公开申请`, `未发生…行政复议` (the figure is 0). */
const nonePatterns: readonly Pattern[] = [
  { what: '本年新收政府信息公开申请', pattern: '(?:未|没有)(?:收到|受理)(?:任何)?(?:政府信息公开|信息公开|依申请公开)申请', keys: total('newReceived') },
  { what: '行政复议', pattern: '(?:未|没有)(?:发生|被申请|收到)[^，,。；;]{0,16}行政复议', keys: () => [cellKey('reviews', 'cases', 'reviewTotal')] },
  { what: '行政诉讼', pattern: '(?:未|没有)(?:发生|被提起|收到)[^，,。；;]{0,16}行政诉讼', keys: () => [cellKey('reviews', 'cases', 'directTotal'), cellKey('reviews', 'cases', 'afterReviewTotal')] },
];

const numberPart = '([0-9]+|[零〇一二两三四五六七八九十百]+)';
const compiled = patterns.map((p) => ({ ...p, regex: new RegExp(p.pattern.replace('(N)', numberPart), 'g') }));
const compiledNone = nonePatterns.map((p) => ({ ...p, regex: new RegExp(p.pattern, 'g') }));
const otherYears = /同比|较上年|比上年|上一年|去年|较去年/;

/** `12`, `十二`, `一百零五` → the number; undefined for what is not a plain count. */
export function countOf(text: string): number | undefined {
  if (/^[0-9]+$/.test(text)) return Number(text);
  const digits: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  let value = 0;
  let current = 0;
  for (const ch of text) {
    if (ch in digits) current = digits[ch]!;
    else if (ch === '十') {
      value += (current || 1) * 10;
      current = 0;
    } else if (ch === '百') {
      value += (current || 1) * 100;
      current = 0;
    } else return undefined;
  }
  return value + current;
}

/** The sentences of the prose cells (long text, not a label), split at 。；and line breaks. */
function sentencesOf(grid: GridWorkbook): string[] {
  const out: string[] = [];
  for (const sheet of grid.sheets) {
    for (const cell of sheet.cells.values()) {
      if (typeof cell.value === 'number') continue;
      const text = cellText(cell);
      if (text.length < 6 || !/件|申请|行政复议|行政诉讼/.test(text)) continue;
      for (const s of text.split(/[。；;！!\n]/)) if (s.trim()) out.push(s.trim());
    }
  }
  return out;
}

export function narrativeStatements(grid: GridWorkbook, format: FormatDef): Statement[] {
  const specs = cellSpecMap(format);
  const statements: Statement[] = [];
  for (const sentence of sentencesOf(grid)) {
    const flat = sentence.normalize('NFKC').replace(/[\s\u00a0]+/g, '');
    const comparesYears = otherYears.test(flat);
    for (const p of compiled) {
      if (comparesYears && !p.aboutLastYear) continue;
      for (const m of flat.matchAll(p.regex)) {
        // 不予公开 and 部分公开 end in 公开: 予以公开 must not match inside them, nor 结转 inside 上年结转
        const before = flat.slice(0, m.index);
        if (p.what === '予以公开' && /[不分]$/.test(before)) continue;
        if (p.what === '结转下年度继续办理' && /上年(?:度)?$/.test(before)) continue;
        const value = countOf(m[1]!);
        const keys = p.keys(format);
        if (value === undefined || keys.length === 0 || !keys.every((k) => specs.has(k))) continue;
        statements.push({ sentence, what: p.what, value, keys });
      }
    }
    for (const p of compiledNone) {
      if (!p.regex.test(flat)) continue;
      p.regex.lastIndex = 0;
      const keys = p.keys(format);
      if (keys.every((k) => specs.has(k))) statements.push({ sentence, what: p.what, value: 0, keys });
    }
  }
  return statements;
}

/** Statements the tables contradict: TEXT_TABLE_MISMATCH, quoting the sentence, naming the cells and both values. */
export function narrativeFindings(
  statements: readonly Statement[],
  values: Readonly<Record<CellKey, ReportValue>>,
  file: string,
  cellName: (key: CellKey) => string,
): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const s of statements) {
    const cells = s.keys.map((k) => values[k]);
    // only against numbers the tables show: a missing or blank cell is not a contradiction
    if (cells.some((v) => !v || (v.kind !== 'number' && v.kind !== 'zero') || v.scaled === null)) continue;
    const inTable = sumExact(cells.map((v) => v!.scaled!));
    // a sum too large to add exactly is no evidence either way
    if (Number.isNaN(inTable) || inTable === s.value) continue;
    const id = `${s.keys.join('+')}|${s.value}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const quoted = s.sentence.length > 80 ? `${s.sentence.slice(0, 80)}…` : s.sentence;
    const where = s.keys.length === 1 ? cellName(s.keys[0]!) : `${s.keys.map(cellName).join('、')}之和`;
    findings.push(
      finding(
        'TEXT_TABLE_MISMATCH',
        { sentence: quoted, what: s.what, stated: s.value, where, inTable },
        {
          file,
          cells: s.keys.map((k) => values[k]!.provenance.cell ?? (values[k]!.provenance.line !== undefined ? `第${values[k]!.provenance.line}行` : '')).filter(Boolean),
          keys: s.keys,
          expected: inTable,
          actual: s.value,
        },
      ),
    );
  }
  return findings;
}
