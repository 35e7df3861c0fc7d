/**
 * Building a Report from plain numbers: for summaries (consolidation writes its totals as a Report), for tests and
 * for the benchmark's generated units. Readers build theirs value by value from what they found instead.
 */
import { cellSpecs, type CellKey } from '../formats/index.js';
import type { FormatDef } from '../formats/types.js';
import type { Report, ReportValue, UnitInfo } from './report.js';
import { formatScaled, toScaled } from './money.js';

export interface ReportFromNumbersOptions {
  format: FormatDef;
  reportYear: number | null;
  unit?: UnitInfo;
  file?: string;
  kind?: Report['source']['kind'];
  /** values in display units (money in 万元); keys not given are 0 */
  numbers?: Partial<Record<CellKey, number>>;
  /** the sheet name and cell address to record as each value's provenance */
  where?: (key: CellKey) => { sheet?: string; cell?: string };
}

/** A Report whose every value is a clean number (0 where not given). */
export function reportFromNumbers(o: ReportFromNumbersOptions): Report {
  const file = o.file ?? '(内存)';
  const values: Record<CellKey, ReportValue> = {};
  for (const spec of cellSpecs(o.format)) {
    const n = o.numbers?.[spec.key] ?? 0;
    const scaled = toScaled(n, spec.domain);
    values[spec.key] = {
      kind: n === 0 ? 'zero' : 'number',
      scaled,
      number: n,
      raw: scaled === null ? String(n) : formatScaled(scaled, spec.domain),
      provenance: { file, ...(o.where?.(spec.key) ?? {}) },
    };
  }
  return {
    format: o.format.id,
    reportYear: o.reportYear,
    unit: o.unit ?? {},
    source: { file, kind: o.kind ?? 'workbook' },
    values,
    findings: [],
  };
}
