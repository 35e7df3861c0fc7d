/**
 * The formulas of a table sheet, generated from the definition's `sums` and `balances` and placed by the layout:
 * nobody types "J12 = D12+…+I12". Also computes the result each formula shows for a given Report, so the written
 * file carries correct cached values (readers that never recalculate, and LibreOffice's CSV export, see them).
 * Which cells a total adds and which cells a balance joins come from the format's one expansion of its relations.
 */
import { cellSpecs, type CellKey, type CellSpec } from '../formats/index.js';
import type { BalanceDef, FormatDef, TableDef } from '../formats/types.js';
import { relationsFor } from '../formats/relations.js';
import { addExact, evaluateTotals, isExact, sumExact } from '../formats/evaluate.js';
import { address, parseAddress, type TableLayout } from '../layout/tableLayout.js';
import type { Report } from '../report/report.js';
import { scaledToNumber, toScaled } from '../report/money.js';

/** Report sources that are published documents: their totals are copied as shown, never recomputed. */
const publishedKinds: ReadonlySet<string> = new Set(['text', 'html', 'docx', 'pdf']);

export interface TotalFormula {
  key: CellKey;
  /** the sum rule of the definition it implements */
  rule: string;
  items: CellKey[];
  /** without the leading `=` */
  formula: string;
}

/** `SUM(D6:D24)` when the cells form one contiguous run, otherwise `SUM(D4,D5,…)`. */
export function sumFormula(addresses: readonly string[]): string {
  if (addresses.length === 0) return '0';
  const points = addresses.map(parseAddress);
  const first = points[0]!;
  const sameCol = points.every((p, i) => p.col === first.col && p.row === first.row + i);
  const sameRow = points.every((p, i) => p.row === first.row && p.col === first.col + i);
  if (addresses.length > 1 && (sameCol || sameRow)) return `SUM(${addresses[0]}:${addresses[addresses.length - 1]})`;
  return `SUM(${addresses.join(',')})`;
}

function valueAddress(layout: TableLayout, key: CellKey): string {
  const cell = layout.valueCells.get(key);
  if (!cell) throw new Error(`layout of ${layout.table.id} has no value cell for ${key}`);
  return address(cell.row, cell.col);
}

/** The formula of every total cell of a table: its tree in the format's one expansion of the relations. */
export function totalFormulas(format: FormatDef, table: TableDef, layout: TableLayout): Map<CellKey, TotalFormula> {
  const result = new Map<CellKey, TotalFormula>();
  for (const [key, tree] of relationsFor(format).totals) {
    if (tree.sum.table.id !== table.id) continue;
    const present = tree.items.filter((k) => layout.valueCells.has(k));
    result.set(key, { key, rule: tree.sum.id, items: present, formula: sumFormula(present.map((k) => valueAddress(layout, k))) });
  }
  return result;
}

/** Text the live balance check shows when the relation holds. */
export const balancedText = '平衡';

export interface BalanceCheck {
  balance: BalanceDef;
  /** the row (axis `rows`) or column (axis `columns`) key along which this check runs */
  along: string;
  left: CellKey[];
  right: CellKey[];
  /** without `=`: shows `平衡` when Σleft = Σright, else the difference Σleft − Σright */
  formula: string;
}

/** One live check per column (or row) of every balance of the table, from the format's one expansion. */
export function balanceChecks(format: FormatDef, table: TableDef, layout: TableLayout): BalanceCheck[] {
  const checks: BalanceCheck[] = [];
  for (const r of relationsFor(format).relations) {
    if (r.kind !== 'balance' || r.table.id !== table.id) continue;
    const left = r.left.filter((k) => layout.valueCells.has(k));
    const right = r.right.filter((k) => layout.valueCells.has(k));
    if (left.length === 0 || right.length === 0) continue;
    const diff = `${sumFormula(left.map((k) => valueAddress(layout, k)))}-${sumFormula(right.map((k) => valueAddress(layout, k)))}`;
    checks.push({ balance: r.def as BalanceDef, along: r.along, left, right, formula: `IF(${diff}=0,"${balancedText}",${diff})` });
  }
  return checks;
}

/**
 * What every cell of a format shows when `report` is written into the template: inputs as the report holds them
 * (non-numbers count as 0, as SUM ignores text), totals as their formula computes them, by the formats' exact
 * evaluator in base units. Where a total depends on an input its domain cannot hold exactly (1.5 in a count cell,
 * 万元 with more than 4 decimals) there is no exact result: the formula is written without a cached result, and
 * spreadsheet software computes it on opening (the workbook asks for a full calculation on load). A number we
 * computed inexactly therefore never appears in the file.
 */
export class TemplateValues {
  private readonly specs: readonly CellSpec[];
  private readonly index: ReadonlyMap<CellKey, number>;
  private readonly formulas = new Map<CellKey, TotalFormula>();
  private readonly stated = new Map<CellKey, { value: number | null; note: string }>();
  /** every cell's value in base units as the written sheet computes it; NaN where it has no exact value */
  private readonly values: Float64Array;

  constructor(
    readonly format: FormatDef,
    layouts: ReadonlyMap<string, TableLayout>,
    private readonly report?: Report,
  ) {
    this.specs = cellSpecs(format);
    this.index = new Map(this.specs.map((s, i) => [s.key, i]));
    for (const table of format.tables) {
      const layout = layouts.get(table.id);
      if (layout) for (const [k, f] of totalFormulas(format, table, layout)) this.formulas.set(k, f);
    }
    this.values = evaluateTotals(
      format,
      (i) => this.inputScaled(this.specs[i]!),
      (i, computed) => this.settle(this.specs[i]!, computed),
    );
  }

  /** What to write into an input cell: a number, a text the user had, or null for an empty cell. */
  inputValue(key: CellKey): number | string | null {
    if (!this.report) return 0;
    const v = this.report.values[key];
    const domain = this.specs[this.index.get(key)!]?.domain ?? 'count';
    if (!v || v.kind === 'blank' || v.kind === 'missing') return null;
    if (v.kind === 'number' || v.kind === 'zero') {
      if (v.scaled !== null) return scaledToNumber(v.scaled, domain);
      if (v.number !== null) return v.number;
    }
    return v.raw === '' ? null : v.raw;
  }

  /** An input cell's exact base-unit value as SUM sees it: text and empty cells 0, a number its domain cannot hold NaN. */
  private inputScaled(spec: CellSpec): number {
    const v = this.inputValue(spec.key);
    if (typeof v !== 'number') return 0;
    const scaled = this.report?.values[spec.key]?.scaled;
    return scaled ?? toScaled(v, spec.domain) ?? Number.NaN;
  }

  /**
   * A published report written into the template keeps the totals it shows: a total cell gets its formula only where
   * the source states that total and it equals the sum of items that are all stated; otherwise the stated number, or
   * nothing when the source shows none, with a note saying why (a formula would show a sum the source never showed).
   * Returns the value the cell then holds for the totals above it.
   */
  private settle(spec: CellSpec, computed: number): number {
    const formula = this.formulas.get(spec.key);
    if (!formula || !this.report || !publishedKinds.has(this.report.source.kind)) return computed;
    const v = this.report.values[spec.key];
    const stated = v && (v.kind === 'number' || v.kind === 'zero') && v.scaled !== null ? v.scaled : null;
    const itemsStated = formula.items.every((k) => {
      const iv = this.report!.values[k];
      return iv !== undefined && (iv.kind === 'number' || iv.kind === 'zero') && iv.scaled !== null;
    });
    if (stated !== null && itemsStated && computed === stated) return computed;
    if (stated !== null) {
      const note = itemsStated ? '原文所列合计与各分项之和不一致，按原文照录（未改为公式）。' : '部分分项原文未显示，按原文所列合计照录（未改为公式）。';
      this.stated.set(spec.key, { value: scaledToNumber(stated, spec.domain), note });
      return stated;
    }
    const why = !v || v.kind === 'missing' ? '原文未显示此合计' : v.kind === 'blank' ? '原文此合计为空' : `原文此合计为“${v.raw}”`;
    this.stated.set(spec.key, { value: null, note: `${why}，未填入（不由分项推算）。` });
    return 0;
  }

  /** A published report's total written as stated (value and note) instead of its formula; undefined elsewhere. */
  statedTotal(key: CellKey): { value: number | null; note: string } | undefined {
    return this.stated.get(key);
  }

  /** The number a cell shows (an input's number, or a total's exact result); null when it has no exact value. */
  numberOf(key: CellKey): number | null {
    const i = this.index.get(key);
    const v = i === undefined ? Number.NaN : this.values[i]!;
    return isExact(v) ? scaledToNumber(v, this.specs[i!]!.domain) : null;
  }

  /** The cached result of a balance check; null when a side has no exact value. */
  balanceResult(check: BalanceCheck): number | string | null {
    const side = (keys: CellKey[]) => sumExact(keys.map((k) => this.values[this.index.get(k)!]!));
    const diff = addExact(side(check.left), -side(check.right));
    if (!isExact(diff)) return null;
    const domain = this.specs[this.index.get(check.left[0]!)!]!.domain;
    return diff === 0 ? balancedText : scaledToNumber(diff, domain);
  }

  formulaOf(key: CellKey): TotalFormula | undefined {
    return this.formulas.get(key);
  }
}
