/**
 * A finding about cells of one report: the file, sheet, cells and unit come from the report and the keys, the
 * severity, rule and message from the code's registry entry.
 */
import type { CellKey } from '../formats/index.js';
import type { FindingCode, ParamsOf } from '../findings/codes.js';
import { finding, type FindingPlace } from '../findings/factory.js';
import type { Finding } from '../findings/finding.js';
import type { Report } from '../report/report.js';
import { locationsOf, sheetOf } from './operands.js';

export function reportFinding<C extends FindingCode>(
  code: C,
  report: Report,
  keys: readonly CellKey[],
  params: ParamsOf<C>,
  extra: Omit<FindingPlace, 'file' | 'sheet' | 'cells' | 'keys' | 'unit'> = {},
): Finding {
  const sheet = sheetOf(report, keys);
  return finding(code, params, {
    file: report.source.file,
    ...(sheet ? { sheet } : {}),
    cells: locationsOf(report, keys),
    keys,
    ...extra,
    ...(report.unit.name ? { unit: report.unit.name } : {}),
  });
}
