/**
 * A unit's explanations applied to its warnings: a warning on a cell of the table and row (item) the unit explained
 * becomes an info finding `EXPLAINED` carrying the unit's words (the original code in `explains`). Errors are never
 * touched: a total that does not add up, an unbalanced table or a value out of its domain has to be corrected.
 * An explanation no warning needed is said once, so the unit knows it was not used.
 */
import { explainTables } from '../explain/items.js';
import { explanationSheetName } from '../workbook/contract.js';
import type { FormatDef } from '../formats/types.js';
import { finding } from '../findings/factory.js';
import type { Finding } from '../findings/finding.js';
import { cellRef } from '../findings/cellRef.js';
import type { Report } from '../report/report.js';

export function applyExplanations(findings: Finding[], report: Report, format: FormatDef): Finding[] {
  const explanations = report.explanations;
  if (!explanations || explanations.length === 0) return findings;
  const tables = explainTables(format);
  const resolved = explanations.map((e) => ({
    e,
    table: tables.find((t) => t.id === e.table),
    keys: tables.find((t) => t.id === e.table)?.items.find((i) => i.label === e.item)?.keys,
  }));
  const used = new Set<number>();
  const out = findings.map((f) => {
    if (f.severity !== 'warning' || !f.keys || f.keys.length === 0) return f;
    // the most specific explanation first: a row's own before （整张表）
    const candidates = resolved
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r.keys && f.keys!.some((k) => r.keys!.has(k)))
      .sort((a, b) => a.r.keys!.size - b.r.keys!.size);
    const hit = candidates[0];
    if (!hit) return f;
    for (const c of candidates) used.add(c.i);
    const { e } = hit.r;
    const made = finding('EXPLAINED', { explains: f.code, message: f.message, explanation: e.text }, { file: f.file });
    // the explained warning's place, with the code, severity and message of EXPLAINED
    const explained: Finding = { ...f, code: made.code, severity: made.severity, explains: f.code, explanation: e.text, message: made.message };
    return explained;
  });
  resolved.forEach(({ e, table }, i) => {
    if (used.has(i)) return;
    out.push(
      finding(
        'EXPLANATION_UNUSED',
        { sheet: explanationSheetName, item: `${table?.label ?? e.table}“${e.item}”` },
        {
          file: report.source.file,
          ...(e.provenance.sheet ? { sheet: e.provenance.sheet } : {}),
          cells: e.provenance.cell ? [cellRef(e.provenance.sheet, e.provenance.cell)] : [],
        },
      ),
    );
  });
  return out;
}
