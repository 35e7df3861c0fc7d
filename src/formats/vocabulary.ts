/**
 * Every label of every official format by its lookup key, with what the definitions say of it: whether it heads a row
 * (and how many values such a row has) or a column. Readers of published text use it to tell a label line from prose
 * and a row's start from its values, in layouts that put each cell on a line of its own.
 */
import { formatIds, formats, leafColumns } from './index.js';
import { labelKey } from './labels.js';
import type { HeaderNode } from './types.js';

export interface LabelVocabulary {
  /** row label key → the numbers of values a row with that label has (per format: leaf columns, or physical span) */
  rows: ReadonlyMap<string, ReadonlySet<number>>;
  /** column headers, block titles and corner labels */
  headers: ReadonlySet<string>;
  /** row labels that head other rows in some format (`三、本年度办理结果`, `（三）不予公开`; `（六）其他处理` in 2021) */
  parents: ReadonlySet<string>;
}

let cached: LabelVocabulary | undefined;

export function labelVocabulary(): LabelVocabulary {
  if (cached) return cached;
  const rows = new Map<string, Set<number>>();
  const headers = new Set<string>();
  const parents = new Set<string>();
  const spellings = (n: Pick<HeaderNode, 'label' | 'aliases'>) => [n.label, ...(n.aliases ?? [])].map(labelKey);
  for (const id of formatIds) {
    for (const table of formats[id].tables) {
      for (const block of table.blocks) {
        const columns = leafColumns(block);
        const counts = [columns.length, columns.reduce((sum, c) => sum + (c.span ?? 1), 0)];
        const walkRows = (nodes: readonly HeaderNode[]) =>
          nodes.forEach((n) => {
            for (const k of spellings(n)) {
              const set = rows.get(k) ?? new Set<number>();
              // a parent row (（三）不予公开) carries no values of its own
              if (!n.children?.length) counts.forEach((c) => set.add(c));
              else parents.add(k);
              rows.set(k, set);
            }
            if (n.children) walkRows(n.children);
          });
        const walkColumns = (nodes: readonly HeaderNode[]) =>
          nodes.forEach((n) => {
            spellings(n).forEach((k) => headers.add(k));
            if (n.children) walkColumns(n.children);
          });
        walkRows(block.rows);
        walkColumns(block.columns);
        if (block.title) headers.add(labelKey(block.title));
        for (const c of [block.corner, ...(block.cornerAliases ?? [])]) if (c) headers.add(labelKey(c));
      }
    }
  }
  cached = { rows, headers, parents };
  return cached;
}
