/**
 * A unit's submissions over time: when it sends a corrected file, every file it sent is listed in order (by 填报日期,
 * then file time, as the totals choose the newest), and the newest says which findings of the one before it no
 * longer has (corrected, or explained in 情况说明) and how many remain. Pure: takes the decided submissions, the
 * inputs and each input's findings.
 */
import type { Finding } from '../findings/finding.js';
import { chooseAmongDuplicates, sameUnitGroups, type InputFile, type Submission } from './submissions.js';

export interface SubmissionHistory {
  /** 1 for the first file, 2 for the first resubmission, … */
  order: number;
  of: number;
  /** the Chinese line for 报送情况 and 审核情况 */
  text: string;
  /** for the newest file: findings of the previous file it resolved, by how */
  resolved?: { corrected: Finding[]; explained: Finding[] };
  /** for the newest file: errors and warnings still open */
  open?: number;
}

const key = (f: Finding): string => `${f.code}|${[...f.cells].sort().join(',')}`;
const actionable = (f: Finding): boolean => f.severity === 'error' || f.severity === 'warning';
const listed = (fs: readonly Finding[]): string =>
  fs.slice(0, 5).map((f) => `${f.code}${f.cells[0] ? `（${f.cells[0]}${f.cells.length > 1 ? ' 等' : ''}）` : ''}`).join('、') + (fs.length > 5 ? ` 等 ${fs.length} 项` : '');

/** Oldest first, by the order the totals use (the newest is the last). */
function chronological(files: readonly InputFile[]): InputFile[] {
  const rest = [...files];
  const out: InputFile[] = [];
  while (rest.length > 1) {
    const { chosen } = chooseAmongDuplicates(rest);
    out.unshift(chosen);
    rest.splice(rest.indexOf(chosen), 1);
  }
  return [...rest, ...out];
}

const when = (f: InputFile): string => (f.filledDate ? `填报日期 ${f.filledDate}` : '未填填报日期');

/** History for every submission of a unit that sent more than one file (by input index). */
export function submissionHistories(
  submissions: readonly Submission[],
  inputs: readonly InputFile[],
  findingsOf: readonly (readonly Finding[])[],
): Map<number, SubmissionHistory> {
  const out = new Map<number, SubmissionHistory>();
  // the units' files as the totals grouped them (`sameUnitGroups`)
  const groups = sameUnitGroups(submissions.filter((s) => s.status === 'duplicate' && s.input !== undefined));
  for (const group of groups) {
    if (group.length < 2) continue;
    const ordered = chronological(group.map((s) => inputs[s.input!]!));
    const indexOf = (f: InputFile) => inputs.indexOf(f);
    ordered.forEach((file, k) => {
      const n = k + 1;
      const label = n === 1 ? '首次报送' : `第 ${n - 1} 次重新报送`;
      const newest = n === ordered.length;
      if (!newest) {
        out.set(indexOf(file), { order: n, of: ordered.length, text: `${label}（${when(file)}），已被第 ${ordered.length} 份文件取代，未计入汇总` });
        return;
      }
      const before = ordered[k - 1]!;
      const now = findingsOf[indexOf(file)] ?? [];
      const open = now.filter(actionable).length;
      const beforeName = before.file.split(/[\\/]/).pop();
      // a workbook and a published report's text are not two versions of one file: their findings name different
      // places (cells, lines) and may differ in code for one fault (a total typed over a formula, a wrong total), so
      // nothing is said to be corrected between them
      if (!!before.published !== !!file.published) {
        const parts = [
          `${label}（${when(file)}，最新，计入汇总）`,
          `上一份（${beforeName}）是${before.published ? '已发布的报告文本' : '统计表工作簿'}，与此文件不是同一种文件，不逐项比较`,
          open > 0 ? `此文件有 ${open} 个错误或警告` : '此文件没有错误或警告',
        ];
        out.set(indexOf(file), { order: n, of: ordered.length, text: parts.join('；') + '。', resolved: { corrected: [], explained: [] }, open });
        return;
      }
      const previous = (findingsOf[indexOf(before)] ?? []).filter(actionable);
      const nowKeys = new Set(now.filter(actionable).map(key));
      const explainedKeys = new Set(now.filter((f) => f.code === 'EXPLAINED').map((f) => `${f.explains}|${[...f.cells].sort().join(',')}`));
      const gone = previous.filter((f) => !nowKeys.has(key(f)));
      const explained = gone.filter((f) => explainedKeys.has(key(f)));
      const corrected = gone.filter((f) => !explainedKeys.has(key(f)));
      const parts = [
        `${label}（${when(file)}，最新，计入汇总）`,
        `上一份（${beforeName}）的 ${previous.length} 个问题中已改正 ${corrected.length} 个${corrected.length > 0 ? `：${listed(corrected)}` : ''}`,
        ...(explained.length > 0 ? [`已在情况说明中说明 ${explained.length} 个：${listed(explained)}`] : []),
        open > 0 ? `仍有 ${open} 个错误或警告未解决` : '没有未解决的错误或警告',
      ];
      out.set(indexOf(file), { order: n, of: ordered.length, text: parts.join('；') + '。', resolved: { corrected, explained }, open });
    });
  }
  return out;
}
