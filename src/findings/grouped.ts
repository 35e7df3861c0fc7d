/**
 * Notes said once for a file instead of once per cell. A page that writes every figure in full-width digits (１２)
 * has some two hundred FULL_WIDTH_DIGITS notes, each correct and none asking anything of the clerk; listed one by
 * one they bury the errors and warnings above and below them. In the lists a clerk reads (the screen of `check` and
 * `parse`, 校验结果, the CSV, the page) the notes (提示) on how a cell's value was read (`readingNoteCodes`: text
 * numbers, units after numbers, full-width digits) of one code in one file, from `groupFrom` of them on, are one
 * entry: every cell in its `cells`, every note's own words in its `details`, and the code's description with their
 * number as its message. Other notes each say something of their own (which rule was not checked, what a unit
 * explained) and stay one per finding, as errors and warnings do. The JSON keeps every finding.
 */
import { findingCodes, readingNoteCodes, type FindingCode } from './codes.js';
import type { Finding } from './finding.js';

/** notes of one code in one file from which they are said once */
export const groupFrom = 4;

const grouped: ReadonlySet<FindingCode> = new Set(readingNoteCodes);

export function groupedNotes(findings: readonly Finding[]): Finding[] {
  const keyOf = (f: Finding) => `${f.file}\u0000${f.code}`;
  const notes = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.severity !== 'info' || !grouped.has(f.code)) continue;
    const same = notes.get(keyOf(f));
    if (same) same.push(f);
    else notes.set(keyOf(f), [f]);
  }
  const out: Finding[] = [];
  for (const f of findings) {
    const group = f.severity === 'info' ? notes.get(keyOf(f)) : undefined;
    if (!group || group.length < groupFrom) out.push(f);
    else if (group[0] === f) out.push(groupOf(group));
  }
  return out;
}

/** The entry that stands for `group` (notes of one code in one file), where the first of them stood. */
function groupOf(group: readonly Finding[]): Finding {
  const first = group[0]!;
  const cells = [...new Set(group.flatMap((f) => f.cells))];
  const keys = [...new Set(group.flatMap((f) => f.keys ?? []))];
  const { code, severity, rule, relation, file, sheet, unit } = first;
  const sameSheet = group.every((f) => f.sheet === sheet);
  return {
    code,
    severity,
    ...(rule ? { rule } : {}),
    ...(relation ? { relation } : {}),
    file,
    ...(sheet !== undefined && sameSheet ? { sheet } : {}),
    cells,
    ...(keys.length > 0 ? { keys } : {}),
    details: group.map((f) => f.message),
    message: `共 ${group.length} 处：${findingCodes[code].describe}`,
    ...(unit !== undefined ? { unit } : {}),
  };
}
