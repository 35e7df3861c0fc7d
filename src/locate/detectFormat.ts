/**
 * Which official format a workbook or text is in, from its labels alone: each format scores one point for every
 * label only it has (`本年制发件数` for 2021, `上一年项目数量` for 2019, …) found as a cell. The year a source states
 * never decides this; a mismatch between the two is a finding.
 */
import { formatIds, formats } from '../formats/index.js';
import type { FormatDef, FormatId, HeaderNode } from '../formats/types.js';
import { labelKey, type LabelIndex } from './labelIndex.js';

let distinctive: Map<FormatId, string[]> | undefined;

function labelsOf(format: FormatDef): Set<string> {
  const out = new Set<string>();
  const add = (text: string | undefined) => text && out.add(labelKey(text));
  const walk = (nodes: readonly HeaderNode[]) =>
    nodes.forEach((n) => {
      add(n.label);
      n.aliases?.forEach(add);
      if (n.children) walk(n.children);
    });
  for (const table of format.tables) {
    for (const block of table.blocks) {
      add(block.title);
      walk(block.rows);
      walk(block.columns);
    }
  }
  return out;
}

function distinctiveLabels(): Map<FormatId, string[]> {
  if (distinctive) return distinctive;
  const sets = new Map(formatIds.map((id) => [id, labelsOf(formats[id])]));
  distinctive = new Map(
    formatIds.map((id) => {
      const others = formatIds.filter((o) => o !== id).map((o) => sets.get(o)!);
      return [id, [...sets.get(id)!].filter((l) => others.every((s) => !s.has(l)))];
    }),
  );
  return distinctive;
}

export interface FormatScore {
  format: FormatId;
  score: number;
}

/** Scores, best first; `detected` is undefined when no format has a distinctive label or the best two tie. */
export function detectFormat(index: LabelIndex): { detected?: FormatDef; scores: FormatScore[] } {
  const scores = [...distinctiveLabels()]
    .map(([format, labels]) => ({ format, score: labels.filter((l) => index.has(l)).length }))
    .sort((a, b) => b.score - a.score);
  const [best, second] = scores;
  if (!best || best.score === 0 || (second && second.score === best.score)) return { scores };
  return { detected: formats[best.format], scores };
}
