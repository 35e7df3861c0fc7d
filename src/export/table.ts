/**
 * The content `--json` and `--csv` share: three tables (per-unit detail with its totals row, every finding, every
 * submission), built from a ConsolidationResult row by row so a large run is streamed, not held twice.
 */
import { basename } from 'node:path';
import { detailColumns, identityColumns, unitDetail } from '../consolidate/detailColumns.js';
import type { ConsolidationResult } from '../consolidate/result.js';
import { severityLabels } from '../consolidate/result.js';
import { matchedByLabels, statusText } from '../consolidate/submissions.js';
import { scaledToNumber } from '../report/money.js';
import type { Finding } from '../findings/finding.js';
import { basicInfoLabel, includedText, summarySheetNames } from '../workbook/contract.js';
import { groupedNotes } from '../findings/grouped.js';

export type ExportCell = string | number | null;

export interface ExportTable {
  name: 'detail' | 'findings' | 'submissions';
  /** Chinese name (the CSV file suffix, the sheet name) */
  title: string;
  /** machine keys of the columns (JSON property names) */
  keys: string[];
  /** Chinese headers */
  headers: string[];
  rows: () => Iterable<ExportCell[]>;
}

/** Unit `n`'s row of the detail (identity columns, then its values) and the notes on its data cells (by data column). */
export function detailRow(r: ConsolidationResult, n: number): { values: ExportCell[]; notes: ReadonlyMap<number, string> } {
  const u = r.units[n]!;
  const { values, notes } = unitDetail(u.figures, r.format);
  return {
    values: [n + 1, u.unitName, u.unitCode ?? '', statusText(u.status, u.late), u.included ? includedText.yes : includedText.no, basename(u.file), ...values],
    notes,
  };
}

/** The detail's last row: the totals, without a unit number. */
export function detailTotalsRow(r: ConsolidationResult): ExportCell[] {
  return [
    null,
    `合计（${r.counts.included} 个单位）`,
    '',
    '',
    '',
    '',
    ...detailColumns(r.format).map((c) => scaledToNumber(r.summary.values[c.spec.key]!.scaled!, c.spec.domain)),
  ];
}

/**
 * The findings as the lists a clerk reads show them (校验结果 in the workbook, the CSV, the page). Without last year's
 * summary no unit's cross-year rules can be checked, and every unit has the same note per rule: each rule's note is
 * said once, for all those units, where the first of them stood, so that the list shows what needs fixing (1000
 * units: 2000 such rows among 160 real findings). The JSON keeps every finding, as `check --json` does. With last
 * year's summary given, a unit that still has the note lacks its row there: that is said per unit. A file's many
 * notes of one code are one row too (`groupedNotes`).
 */
export function listedFindings(r: ConsolidationResult): Finding[] {
  return groupedNotes(unitsNotesOnce(r));
}

function unitsNotesOnce(r: ConsolidationResult): Finding[] {
  if (r.previous !== undefined) return r.findings;
  const isUnitsNote = (f: Finding): boolean => f.code === 'CROSS_YEAR_NOT_ASSESSABLE' && f.file !== r.summary.source.file;
  const units = new Map<string, Set<string>>();
  for (const f of r.findings) {
    if (!isUnitsNote(f)) continue;
    const of = units.get(f.message) ?? new Set<string>();
    of.add(f.file);
    units.set(f.message, of);
  }
  if (units.size === 0) return r.findings;
  const said = new Set<string>();
  const out: Finding[] = [];
  for (const f of r.findings) {
    if (!isUnitsNote(f)) out.push(f);
    else if (!said.has(f.message)) {
      said.add(f.message);
      const n = units.get(f.message)!.size;
      const { code, severity, rule, relation } = f;
      out.push({
        code,
        severity,
        ...(rule ? { rule } : {}),
        ...(relation ? { relation } : {}),
        unit: `${n} 个单位`,
        file: '',
        cells: [],
        message: `${n} 个单位：${f.message}提供上年的汇总表即可逐单位核对。`,
      });
    }
  }
  return out;
}

export function exportTables(r: ConsolidationResult): ExportTable[] {
  const columns = detailColumns(r.format);
  const detail: ExportTable = {
    name: 'detail',
    title: summarySheetNames.detail,
    keys: [...identityColumns.map((c) => c.key.slice(1)), ...columns.map((c) => c.spec.key)],
    headers: [...identityColumns.map((c) => c.label), ...columns.map((c) => `${c.rowLabel} / ${c.columnLabel}`)],
    rows: function* () {
      for (let n = 0; n < r.units.length; n++) yield detailRow(r, n).values;
      yield detailTotalsRow(r);
    },
  };
  const findings: ExportTable = {
    name: 'findings',
    title: summarySheetNames.findings,
    keys: ['unit', 'file', 'sheet', 'cells', 'code', 'severity', 'message', 'explanation'],
    headers: ['单位', '文件', '工作表', '单元格', '代码', '严重程度', '说明', '单位的情况说明'],
    rows: function* () {
      for (const f of listedFindings(r)) {
        yield [f.unit ?? '', f.file, f.sheet ?? '', f.cells.join('，'), f.code, severityLabels[f.severity], f.message, f.explanation ?? ''];
      }
    },
  };
  const submissions: ExportTable = {
    name: 'submissions',
    title: summarySheetNames.submissions,
    keys: ['file', 'status', 'included', 'rosterUnit', 'unitName', 'unitCode', 'matchedBy', 'note', 'history'],
    headers: ['文件', '报送状态', '计入汇总', '对应名单单位', basicInfoLabel('name'), basicInfoLabel('code'), '匹配方式', '说明', '报送记录'],
    rows: function* () {
      for (const s of r.submissions) {
        yield [
          s.file ?? '（无文件）',
          statusText(s.status, s.late),
          s.included ? includedText.yes : includedText.no,
          s.rosterUnit?.name ?? '',
          s.unitName,
          s.unitCode ?? '',
          matchedByLabels[s.matchedBy],
          s.note,
          s.history ?? '',
        ];
      }
    },
  };
  return [detail, findings, submissions];
}
