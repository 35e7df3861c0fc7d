/**
 * The columns of 分单位明细 (and of the CSV/JSON detail): a few identity columns, then one column per data point of
 * the format in definition order, each with two header labels derived from the definition — the table and row path,
 * and the column path — and its cell key (written in a hidden third header row so a summary can be read back as last
 * year's per-unit data for `--previous`).
 */
import { cellSpecs, tableNumeral, type CellSpec } from '../formats/index.js';
import type { FormatDef, HeaderNode } from '../formats/types.js';
import { kindAt, unitContribution, type UnitFigures } from './sumReports.js';
import { evaluateTotals } from '../formats/evaluate.js';
import { formatScaled, scaledToNumber } from '../report/money.js';
import { basicInfoLabel, detailKeys } from '../workbook/contract.js';

export interface DetailColumn {
  spec: CellSpec;
  /** header row 1: table, block title and row path */
  rowLabel: string;
  /** header row 2: column path */
  columnLabel: string;
}

/** The labels from the root of a header tree down to the node with `key`. */
function pathTo(nodes: readonly HeaderNode[], key: string): string[] | undefined {
  for (const n of nodes) {
    if (n.key === key && !n.children?.length) return [n.label];
    const below = n.children?.length ? pathTo(n.children, key) : undefined;
    if (below) return [n.label, ...below];
  }
  return undefined;
}

const columnsOfFormat = new WeakMap<FormatDef, readonly DetailColumn[]>();

/** The detail's data columns of a format (worked out once per format: the summary asks for them several times). */
export function detailColumns(format: FormatDef): readonly DetailColumn[] {
  let columns = columnsOfFormat.get(format);
  if (!columns) columnsOfFormat.set(format, (columns = columnsFor(format)));
  return columns;
}

function columnsFor(format: FormatDef): DetailColumn[] {
  return cellSpecs(format).map((spec) => {
    const rowPath = spec.block.rows.length ? (pathTo(spec.block.rows, spec.row.key) ?? [spec.row.label]) : [];
    const columnPath = pathTo(spec.block.columns, spec.column.key) ?? [spec.column.label];
    const rowLabel = [`表${tableNumeral[spec.table.id]}`, spec.block.title, ...rowPath].filter(Boolean).join(' ');
    return { spec, rowLabel, columnLabel: columnPath.join(' / ') };
  });
}

/** Identity columns before the data points: header text and the key written in the hidden key row. */
export const identityColumns = [
  { key: detailKeys.index, label: '序号' },
  { key: detailKeys.unitName, label: basicInfoLabel('name') },
  { key: detailKeys.unitCode, label: basicInfoLabel('code') },
  { key: detailKeys.status, label: '报送状态' },
  { key: detailKeys.included, label: '计入汇总' },
  { key: detailKeys.file, label: '文件' },
] as const;

/**
 * One data point of a unit as a detail cell: the exact number for numbers, nothing for a blank, and the text the unit
 * wrote for anything else (a mark, words, an error), so the detail shows what the unit handed in.
 */
export function detailValue(figures: UnitFigures, i: number, spec: CellSpec): number | string | null {
  const kind = kindAt(figures, i);
  const scaled = figures.scaled[i]!;
  if ((kind === 'number' || kind === 'zero') && !Number.isNaN(scaled)) return scaledToNumber(scaled, spec.domain);
  if (kind === 'blank') return null;
  return figures.raw[i] ?? (kind === 'missing' ? '（缺）' : '');
}

/**
 * A unit's row of 分单位明细 as it entered the sums: inputs as handed in (see `detailValue`), totals recomputed from
 * the unit's items (what the summary's totals are made of), so every column of the included rows adds up to the 合计
 * row. `notes` (by column index among the data columns) say where the unit's own total differed, or where money was
 * counted rounded to 4 decimals, with the stated value.
 */
export function unitDetail(figures: UnitFigures, format: FormatDef): UnitDetail {
  let detail = detailOfUnit.get(figures);
  if (!detail || detail.format !== format) detailOfUnit.set(figures, (detail = { format, ...detailFor(figures, format) }));
  return detail;
}

/** A unit's detail row, as `unitDetail` gives it. */
export interface UnitDetail {
  readonly values: readonly (number | string | null)[];
  readonly notes: ReadonlyMap<number, string>;
}

/**
 * Each unit's detail row, worked out once: a consolidation asks for it as each unit's result comes in (while a worker
 * reads the rest, this thread's core is free: 28 ms of the summary's writing at 1000 units) and again for the summary,
 * the CSV and the JSON.
 */
const detailOfUnit = new WeakMap<UnitFigures, UnitDetail & { format: FormatDef }>();

function detailFor(figures: UnitFigures, format: FormatDef): { values: (number | string | null)[]; notes: Map<number, string> } {
  const specs = cellSpecs(format);
  // the totals from what the unit's items add to the sum (an item that cannot enter it counts 0 here)
  const added = unitContribution(figures, format).values;
  const recomputed = evaluateTotals(format, (i) => (Number.isNaN(added[i]!) ? 0 : added[i]!));
  const notes = new Map<number, string>();
  const values = specs.map((spec, i) => {
    if (!spec.isTotal) {
      const stated = figures.rounded?.[i];
      if (stated !== undefined) {
        notes.set(i, `单位填报 ${stated} 万元，超过 4 位小数，按四舍五入计为 ${formatScaled(figures.scaled[i]!, spec.domain)} 万元计入合计。`);
      }
      return detailValue(figures, i, spec);
    }
    const computed = recomputed[i]!;
    if (Number.isNaN(computed)) {
      // only a sum past the exact range is not computable here (unusable items count as 0): show what the unit stated
      notes.set(i, '按分项重新计算的合计超出可精确计算的范围，此处为单位填报的原值。');
      return detailValue(figures, i, spec);
    }
    const kind = kindAt(figures, i);
    const stated = figures.scaled[i]!;
    const statedNumber = (kind === 'number' || kind === 'zero') && !Number.isNaN(stated);
    if (!statedNumber || stated !== computed) {
      const shown = statedNumber ? formatScaled(stated, spec.domain) : kind === 'blank' ? '空白' : kind === 'missing' ? '（未找到）' : `“${figures.raw[i] ?? ''}”`;
      notes.set(i, `单位自报合计为 ${shown}，与其分项之和不符；此处为按分项重新计算的 ${formatScaled(computed, spec.domain)}（计入汇总的数）。`);
    }
    return scaledToNumber(computed, spec.domain);
  });
  return { values, notes };
}
