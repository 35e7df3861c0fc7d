/**
 * A generated corpus of published reports: random Reports written out in each layout the text of a government page
 * takes when it is copied, scraped or printed to text, with the variety real pages have (full/half-width punctuation,
 * the 2019 format's typos, shortened labels, traditional characters and pinyin glosses, nbsp, labels over two lines,
 * header cells flattened in different orders). Each case knows the Report it was written from, so reading it back can
 * be compared value by value.
 */
import { cellSpecs, leafColumns, leafRows, type FormatDef } from '../../src/formats/index.js';
import type { HeaderNode, TableDef } from '../../src/formats/types.js';
import { decimalTextToScaled, formatScaled, toScaled } from '../../src/report/money.js';
import type { Report } from '../../src/report/report.js';

export type Layout = 'perLine' | 'barTerminated' | 'barSeparated' | 'pipeRows' | 'spaced' | 'glued';
export const layouts: readonly Layout[] = ['perLine', 'barTerminated', 'barSeparated', 'pipeRows', 'spaced', 'glued'];

import { random } from '../helpers/random.js';

export { random };

export interface CorpusCase {
  name: string;
  format: FormatDef;
  layout: Layout;
  year: number;
  unit: string;
  text: string;
  /** key → the text written for it ('' for a blank cell) */
  written: Map<string, string>;
}

/** simplified → traditional for the characters a converter changes in the labels */
const toTraditional: Record<string, string> = {
  动: '動', 开: '開', 况: '況', 条: '條', 项: '項', 规: '規', 范: '範', 数: '數', 对: '對', 总: '總', 许: '許', 务: '務',
  处: '處', 决: '決', 罚: '罰', 强: '強', 业: '業', 费: '費', 采: '採', 购: '購', 额: '額', 单: '單', 万: '萬', 关: '關',
  系: '係', 为: '為', 于: '於', 结: '結', 转: '轉', 办: '辦', 区: '區', 这: '這', 属: '屬', 国: '國', 稳: '穩', 护: '護',
  权: '權', 类: '類', 过: '過', 执: '執', 询: '詢', 无: '無', 机: '機', 没: '沒', 现: '現', 补: '補', 确: '確', 访: '訪',
  举: '舉', 报: '報', 诉: '訴', 复: '復', 当: '當', 认: '認', 获: '獲', 继: '繼', 续: '續', 组: '組', 织: '織', 构: '構',
  会: '會', 议: '議', 讼: '訟', 维: '維', 纠: '糾', 审: '審', 经: '經', 发: '發', 废: '廢', 缴: '繳', 纳: '納', 请: '請',
  据: '據', 计: '計', 后: '後', 减: '減', 制: '製',
};

const traditionalise = (s: string) => [...s].map((c) => toTraditional[c] ?? c).join('');

interface Style {
  traditional: boolean;
  pinyin: boolean;
  halfWidth: boolean;
  shorten: boolean;
  spaceAfterEnumerator: boolean;
  nbsp: boolean;
}

function vary(label: string, st: Style): string {
  let s = label;
  if (st.shorten) {
    s = s.replace(/[“”"]/g, '');
    s = s.replace(/(.)（[^（）]*）$/, '$1');
    s = s.replace(/(正|补)、行政机关/, '$1行政机关');
  }
  if (st.halfWidth) s = s.replace(/（/g, '(').replace(/）/g, ')').replace(/，/g, ',').replace(/：/g, ':');
  if (st.spaceAfterEnumerator) s = s.replace(/^([（(][一二三四五六七][)）])/, '$1 ');
  if (st.traditional) s = traditionalise(s);
  if (st.pinyin) s = s.replace(/數/g, '數(shù)');
  if (st.nbsp) s = s.replace(/^(\d\.)/, '$1\u00a0');
  return s;
}

/** Header labels of a block flattened as a page's merged cells come out: level by level, or depth first. */
function headerLines(nodes: readonly HeaderNode[], depthFirst: boolean): string[][] {
  if (depthFirst) {
    const out: string[] = [];
    const walk = (ns: readonly HeaderNode[]) => ns.forEach((n) => (out.push(n.label), n.children && walk(n.children)));
    walk(nodes);
    return [out];
  }
  const levels: string[][] = [];
  let level: readonly HeaderNode[] = nodes;
  while (level.length > 0) {
    levels.push(level.map((n) => n.label));
    level = level.flatMap((n) => n.children ?? []);
  }
  return levels;
}

interface Line {
  kind: 'prose' | 'header' | 'row' | 'values';
  cells: string[];
}

export function generateCase(format: FormatDef, layout: Layout, seed: number): CorpusCase {
  const next = random(seed);
  const int = (max: number) => Math.floor(next() * (max + 1));
  const chance = (p: number) => next() < p;
  const year = format.id === '2019' ? 2019 + int(1) : 2021 + int(4);
  const unit = ['某某镇人民政府', '某某县教育局', '某某市自然资源和规划局', '某某区人力资源和社会保障局'][int(3)]!;
  const st: Style = {
    traditional: chance(0.25),
    pinyin: false,
    halfWidth: chance(0.4),
    shorten: chance(0.4),
    spaceAfterEnumerator: layout !== 'spaced' && chance(0.3),
    nbsp: chance(0.2),
  };
  st.pinyin = st.traditional && chance(0.5);
  const blanksAllowed = layout === 'barTerminated' || layout === 'barSeparated' || layout === 'pipeRows';
  const written = new Map<string, string>();
  const specs = new Map(cellSpecs(format).map((s) => [s.key, s]));
  const valueText = (key: string, singleDigit: boolean): string => {
    const spec = specs.get(key)!;
    let text: string;
    if (blanksAllowed && chance(0.05)) text = '';
    else if (chance(0.35)) text = '0';
    else if (singleDigit) text = String(int(9));
    else if (spec.domain === 'money') text = formatScaled(toScaled(int(99_999_999) / 10_000, 'money')!, 'money');
    else if (spec.domain === 'signedCount') text = String(int(400) - 200);
    else text = String(int(chance(0.5) ? 30 : 5000));
    written.set(key, text);
    return text;
  };
  const lines: Line[] = [];
  const titleYearFirst = chance(0.3);
  lines.push({ kind: 'prose', cells: [titleYearFirst ? `${year}年度${unit}政府信息公开工作年度报告` : `${unit}${year}年政府信息公开工作年度报告`] });
  lines.push({ kind: 'prose', cells: ['一、总体情况'] });
  lines.push({ kind: 'prose', cells: [`本年度，${unit}认真贯彻落实《中华人民共和国政府信息公开条例》，现将有关情况报告如下。`] });
  for (const table of format.tables) writeTable(table);
  lines.push({ kind: 'prose', cells: ['五、存在的主要问题及改进情况'] });
  lines.push({ kind: 'prose', cells: ['下一步，我们将继续加强政府信息公开工作。'] });

  function writeTable(table: TableDef) {
    lines.push({ kind: 'prose', cells: [table.heading] });
    for (const block of table.blocks) {
      if (block.title) lines.push({ kind: 'header', cells: [vary(block.title, st)] });
      const depthFirst = chance(0.5);
      const heads = headerLines(block.columns, depthFirst).map((l) => l.map((x) => vary(x, st)));
      if (block.corner) heads[0]!.unshift(vary(block.corner, st));
      for (const h of heads) lines.push({ kind: 'header', cells: h });
      const columns = leafColumns(block);
      if (block.rows.length === 0) {
        const row = leafRows(block)[0]!;
        lines.push({ kind: 'values', cells: columns.map((c) => valueText(`${table.id}.${row.key}.${c.key}`, false)) });
        continue;
      }
      const walk = (nodes: readonly HeaderNode[]) => {
        for (const n of nodes) {
          if (n.children?.length) {
            lines.push({ kind: 'row', cells: [vary(n.label, st)] });
            walk(n.children);
            continue;
          }
          // glued: only rows whose every format has as many single-digit cells as columns (and more than one)
          const glue = layout === 'glued' && columns.length > 1 && !(table.id === 'active' && /许可|处罚|强制|收费/.test(n.label));
          const label = vary(n.aliases && chance(0.3) ? n.aliases[0]! : n.label, st);
          const values = columns.map((c) => valueText(`${table.id}.${n.key}.${c.key}`, glue));
          lines.push({ kind: 'row', cells: glue ? [label + values.join('')] : [label, ...values] });
        }
      };
      walk(block.rows);
    }
  }

  const text = render(lines, layout, next);
  return { name: `${format.id}-${layout}-${seed}`, format, layout, year, unit, text, written };
}

function render(lines: Line[], layout: Layout, next: () => number): string {
  const out: string[] = [];
  const gap = () => (next() < 0.3 ? [''] : []);
  for (const line of lines) {
    if (line.kind === 'prose') {
      out.push('', line.cells[0]!, '');
      continue;
    }
    switch (layout) {
      case 'perLine':
        for (const [i, c] of line.cells.entries()) {
          // a long label over two lines, as a narrow table cell wraps it
          if (i === 0 && line.kind === 'row' && c.length >= 8 && next() < 0.3) {
            const cut = Math.floor(c.length / 2);
            out.push(c.slice(0, cut), c.slice(cut));
          } else out.push(c);
          out.push(...gap());
        }
        break;
      case 'barTerminated':
        for (const c of line.cells) out.push(c === '' ? '|' : `${c} |`);
        break;
      case 'barSeparated':
        for (const c of line.cells) out.push(c, '|');
        break;
      case 'pipeRows':
        out.push(`| ${line.cells.join(' | ')} |`);
        break;
      case 'spaced':
      case 'glued':
        out.push(line.cells.join(next() < 0.5 ? ' ' : '  '));
        break;
    }
  }
  return out.join(next() < 0.5 ? '\n' : '\r\n');
}

/** What a value read says, in the terms the corpus wrote it. */
export function readBack(report: Report, key: string): string | null {
  const v = report.values[key]!;
  if (v.kind === 'missing') return null;
  if (v.kind === 'blank') return '';
  return v.raw.trim();
}

/** Whether a value read is the number written (a leading +, full-width digits and trailing zeros aside). */
export function sameNumber(written: string, read: string): boolean {
  if (written === read) return true;
  const a = decimalTextToScaled(written.replace(/^\+/, ''));
  const b = decimalTextToScaled(read.replace(/^\+/, '').normalize('NFKC'));
  return a !== null && a === b;
}

/** Every value of the case read otherwise than written (`key: wrote “…”, read “…”`); empty when all were read exactly. */
export function misread(report: Report, c: CorpusCase): string[] {
  const wrong: string[] = [];
  for (const spec of cellSpecs(c.format)) {
    const written = c.written.get(spec.key)!;
    const read = readBack(report, spec.key);
    if (read === null || (written === '' ? read !== '' : !sameNumber(written, read))) wrong.push(`${spec.key}: wrote “${written}”, read “${read}”`);
  }
  return wrong;
}
