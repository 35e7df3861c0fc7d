/**
 * The formulas of a table sheet, generated from the definition's `sums` and `balances` and placed by the layout:
 * nobody types "J12 = D12+…+I12". Also computes the result each formula shows for a given Report, so the written
 * file carries correct cached values (readers that never recalculate, and LibreOffice's CSV export, see them).
 */
import { cellKey, cellSpecMap, leafColumns, leafRows, type CellKey } from '../formats/index.js';
import type { BalanceDef, FormatDef, TableDef } from '../formats/types.js';
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

/** The formula of every total cell of a table: the first sum of the definition whose total it is. */
export function totalFormulas(table: TableDef, layout: TableLayout): Map<CellKey, TotalFormula> {
  const result = new Map<CellKey, TotalFormula>();
  for (const block of table.blocks) {
    const rows = leafRows(block).map((r) => r.key);
    const columns = leafColumns(block).map((c) => c.key);
    for (const row of rows) {
      for (const column of columns) {
        const key = cellKey(table.id, row, column);
        const sum = table.sums.find((s) =>
          s.axis === 'rows'
            ? s.total === row && (s.along?.includes(column) ?? true)
            : s.total === column && (s.along?.includes(row) ?? true),
        );
        if (!sum) continue;
        const items = sum.items.map((item) => (sum.axis === 'rows' ? cellKey(table.id, item, column) : cellKey(table.id, row, item)));
        const present = items.filter((k) => layout.valueCells.has(k));
        result.set(key, { key, rule: sum.id, items: present, formula: sumFormula(present.map((k) => valueAddress(layout, k))) });
      }
    }
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

/** One live check per column (or row) of every balance of the table. */
export function balanceChecks(table: TableDef, layout: TableLayout): BalanceCheck[] {
  const checks: BalanceCheck[] = [];
  for (const balance of table.balances) {
    for (const block of table.blocks) {
      const others = balance.axis === 'rows' ? leafColumns(block).map((c) => c.key) : leafRows(block).map((r) => r.key);
      for (const along of others) {
        const key = (k: string) => (balance.axis === 'rows' ? cellKey(table.id, k, along) : cellKey(table.id, along, k));
        const left = balance.left.map(key).filter((k) => layout.valueCells.has(k));
        const right = balance.right.map(key).filter((k) => layout.valueCells.has(k));
        if (left.length === 0 || right.length === 0) continue;
        const diff = `${sumFormula(left.map((k) => valueAddress(layout, k)))}-${sumFormula(right.map((k) => valueAddress(layout, k)))}`;
        checks.push({ balance, along, left, right, formula: `IF(${diff}=0,"${balancedText}",${diff})` });
      }
    }
  }
  return checks;
}

/** A number as a spreadsheet holds it, plus whether it is exact in its domain's base unit. */
interface Amount {
  scaled: number;
  exact: boolean;
  float: number;
}

/**
 * What every cell of a format shows when `report` is written into the template: inputs as the report holds them
 * (non-numbers count as 0, as SUM ignores text), totals as their formula computes them — exactly, in base units.
 */
export class TemplateValues {
  private readonly specs;
  private readonly formulas = new Map<CellKey, TotalFormula>();
  private readonly memo = new Map<CellKey, Amount>();

  constructor(
    readonly format: FormatDef,
    layouts: ReadonlyMap<string, TableLayout>,
    private readonly report?: Report,
  ) {
    this.specs = cellSpecMap(format);
    for (const table of format.tables) {
      const layout = layouts.get(table.id);
      if (layout) for (const [k, f] of totalFormulas(table, layout)) this.formulas.set(k, f);
    }
  }

  /** What to write into an input cell: a number, a text the user had, or null for an empty cell. */
  inputValue(key: CellKey): number | string | null {
    if (!this.report) return 0;
    const v = this.report.values[key];
    const domain = this.specs.get(key)?.domain ?? 'count';
    if (!v || v.kind === 'blank' || v.kind === 'missing') return null;
    if (v.kind === 'number' || v.kind === 'zero') {
      if (v.scaled !== null) return scaledToNumber(v.scaled, domain);
      if (v.number !== null) return v.number;
    }
    return v.raw === '' ? null : v.raw;
  }

  /**
   * A published report written into the template keeps the totals it shows: a total cell gets its formula only where
   * the source states that total and it equals the sum of items that are all stated; otherwise the stated number, or
   * nothing when the source shows none, with a note saying why (a formula would show a sum the source never showed).
   */
  statedTotal(key: CellKey): { value: number | null; note: string } | undefined {
    const formula = this.formulas.get(key);
    if (!formula || !this.report || !publishedKinds.has(this.report.source.kind)) return undefined;
    const v = this.report.values[key];
    const domain = this.specs.get(key)?.domain ?? 'count';
    const stated = v && (v.kind === 'number' || v.kind === 'zero') && v.scaled !== null ? v.scaled : null;
    const itemsStated = formula.items.every((k) => {
      const iv = this.report!.values[k];
      return iv !== undefined && (iv.kind === 'number' || iv.kind === 'zero') && iv.scaled !== null;
    });
    if (stated !== null && itemsStated && this.computed(formula).scaled === stated) return undefined;
    if (stated !== null) {
      return { value: scaledToNumber(stated, domain), note: itemsStated ? '原文所列合计与各分项之和不一致，按原文照录（未改为公式）。' : '部分分项原文未显示，按原文所列合计照录（未改为公式）。' };
    }
    const why = !v || v.kind === 'missing' ? '原文未显示此合计' : v.kind === 'blank' ? '原文此合计为空' : `原文此合计为“${v.raw}”`;
    return { value: null, note: `${why}，未填入（不由分项推算）。` };
  }

  private computed(formula: TotalFormula): Amount {
    let a: Amount = { scaled: 0, exact: true, float: 0 };
    for (const item of formula.items) {
      const b = this.amount(item);
      a = { scaled: a.scaled + b.scaled, exact: a.exact && b.exact, float: a.float + b.float };
    }
    return a;
  }

  private amount(key: CellKey): Amount {
    const known = this.memo.get(key);
    if (known) return known;
    const domain = this.specs.get(key)?.domain ?? 'count';
    const formula = this.formulas.get(key);
    const stated = formula ? this.statedTotal(key) : undefined;
    let a: Amount;
    if (stated) {
      const scaled = stated.value === null ? 0 : toScaled(stated.value, domain);
      a = { scaled: scaled ?? 0, exact: scaled !== null, float: stated.value ?? 0 };
    } else if (formula) {
      a = { scaled: 0, exact: true, float: 0 };
      for (const item of formula.items) {
        const b = this.amount(item);
        a = { scaled: a.scaled + b.scaled, exact: a.exact && b.exact, float: a.float + b.float };
      }
    } else {
      const v = this.inputValue(key);
      if (typeof v !== 'number') a = { scaled: 0, exact: true, float: 0 };
      else {
        const scaled = toScaled(v, domain);
        a = scaled === null ? { scaled: 0, exact: false, float: v } : { scaled, exact: true, float: v };
      }
    }
    this.memo.set(key, a);
    return a;
  }

  /** The number a cell shows (an input's number, or a total's computed result). */
  numberOf(key: CellKey): number {
    const a = this.amount(key);
    const domain = this.specs.get(key)?.domain ?? 'count';
    return a.exact ? scaledToNumber(a.scaled, domain) : a.float;
  }

  /** The cached result of a balance check. */
  balanceResult(check: BalanceCheck): number | string {
    const side = (keys: CellKey[]) => keys.reduce((s, k) => s + this.amount(k).scaled, 0);
    const diffScaled = side(check.left) - side(check.right);
    const domain = this.specs.get(check.left[0]!)?.domain ?? 'count';
    return diffScaled === 0 ? balancedText : scaledToNumber(diffScaled, domain);
  }

  formulaOf(key: CellKey): TotalFormula | undefined {
    return this.formulas.get(key);
  }
}
