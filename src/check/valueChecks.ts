/**
 * Findings about single cells: what the reader classified a value as (text, error value, formula without result,
 * blank, a not-applicable mark) and whether a number fits its column's domain. A blank or a mark is counted as 0
 * only in the arithmetic its warning names.
 */
import { cellSpecs, type CellKey, type CellSpec } from '../formats/index.js';
import type { FormatDef } from '../formats/types.js';
import type { FindingCode, ParamsOf } from '../findings/codes.js';
import { finding, type FindingPlace } from '../findings/factory.js';
import type { Finding } from '../findings/finding.js';
import type { Report, ReportValue } from '../report/report.js';
import { alongName, axisKeyName, cellName, tableName } from './names.js';
import { locationOf } from './operands.js';
import { relationsOf, rulesFor, type Relation } from './rules.js';

/** The name of one relation instance, as a blank's warning lists it: `“自然人”列勾稽关系`. */
export function relationTitle(r: Relation): string {
  const along = alongName(r.table, r.axis, r.along);
  return r.kind === 'balance' ? `${along}勾稽关系` : `${along}“${axisKeyName(r.table, r.axis, r.leftTerms[0]!)}”合计`;
}

export interface ValueCheckOptions {
  /** cell keys → names of the cross-year comparisons they took part in (only when last year's report was used) */
  crossYearUse?: ReadonlyMap<CellKey, string[]>;
}

export function valueFindings(report: Report, format: FormatDef, o: ValueCheckOptions = {}): Finding[] {
  const involvement = relationsOf(rulesFor(format));
  const out: Finding[] = [];
  const unevaluated: { spec: CellSpec; value: ReportValue }[] = [];
  for (const spec of cellSpecs(format)) {
    const value = report.values[spec.key];
    // most values have nothing to say: decided before anything is built for them
    if (!value || value.kind === 'missing' || fitsDomain(value, spec.domain)) continue;
    // said once for the whole file below: one unevaluable formula kind repeats over every total
    if (value.kind === 'formulaWithoutResult') unevaluated.push({ spec, value });
    else valueFinding(report, spec, value, involvement, o, out);
  }
  if (unevaluated.length > 0) out.push(unevaluatedFormulas(report, unevaluated));
  return out;
}

/** A number held exactly within its domain (the common case): no finding. */
function fitsDomain(value: ReportValue, domain: CellSpec['domain']): boolean {
  return (value.kind === 'number' || value.kind === 'zero') && value.scaled !== null && (value.scaled >= 0 || domain === 'signedCount');
}

/** What one value that is not a plain number of its domain has to say (`missing` and unevaluated formulas aside). */
function valueFinding(
  report: Report,
  spec: CellSpec,
  value: ReportValue,
  involvement: ReadonlyMap<CellKey, Relation[]>,
  o: ValueCheckOptions,
  out: Finding[],
): void {
  const at: At = (code, params, extra = {}) => {
    const loc = locationOf(value);
    out.push(
      finding(code, params as never, {
        file: report.source.file,
        ...(value.provenance.sheet ? { sheet: value.provenance.sheet } : {}),
        cells: loc ? [loc] : [],
        keys: [spec.key],
        ...extra,
        ...(report.unit.name ? { unit: report.unit.name } : {}),
      }),
    );
  };
  const where = () => `${tableName(spec.table)}${cellName(spec.table, spec.key)}`;
  const usedIn = () => [...(involvement.get(spec.key) ?? []).map(relationTitle), ...(o.crossYearUse?.get(spec.key) ?? [])].join('、');
  switch (value.kind) {
    case 'blank':
      at('BLANK_INPUT', { where: where(), usedIn: usedIn() }, { actual: '' });
      break;
    case 'notApplicable':
      at('NOT_APPLICABLE_MARK', { where: where(), mark: value.raw, usedIn: usedIn() }, { actual: value.raw });
      break;
    case 'text':
    case 'error':
      at('NOT_A_NUMBER', { where: where(), kind: value.kind, text: value.raw }, { actual: value.raw });
      break;
    case 'number':
    case 'zero':
      domainFinding(spec.domain, value, where, at);
      break;
  }
}

/**
 * Formulas the file stores no result for and that `formulaEval` could not compute: one finding per file. An input
 * cell among them cannot be summed (an error); totals alone are recomputed from their items (a warning).
 */
function unevaluatedFormulas(report: Report, cells: { spec: CellSpec; value: ReportValue }[]): Finding {
  const inputs = cells.filter((c) => !c.spec.isTotal);
  const locations = cells.map((c) => locationOf(c.value)).filter((l): l is string => !!l);
  const first = cells[0]!;
  const example = first.value.formula ? `${locationOf(first.value) ?? ''} 的“=${first.value.formula.replace(/^=/, '')}”` : '';
  return finding(
    'FORMULA_NOT_EVALUATED',
    { count: cells.length, example, inputs: inputs.length },
    {
      file: report.source.file,
      ...(first.value.provenance.sheet ? { sheet: first.value.provenance.sheet } : {}),
      cells: locations,
      keys: cells.map((c) => c.spec.key),
      actual: first.value.formula ?? first.value.raw,
      ...(report.unit.name ? { unit: report.unit.name } : {}),
    },
  );
}

type At = <C extends FindingCode>(code: C, params: ParamsOf<C>, extra?: Partial<FindingPlace>) => void;

function domainFinding(domain: 'count' | 'signedCount' | 'money', value: ReportValue, where: () => string, at: At): void {
  const shownRaw = value.raw || String(value.number);
  if (value.scaled === null) {
    if (domain === 'money') {
      at('DOMAIN_MONEY_PRECISION', { where: where(), text: shownRaw }, { actual: shownRaw, expected: '不超过 4 位小数的金额' });
    } else if (value.number !== null && !Number.isInteger(value.number)) {
      at('DOMAIN_FRACTION', { where: where(), text: shownRaw }, { actual: shownRaw, expected: domain === 'count' ? '非负整数' : '整数' });
    } else {
      at('NOT_A_NUMBER', { where: where(), kind: 'outOfRange', text: shownRaw }, { actual: shownRaw });
    }
    return;
  }
  if (value.scaled < 0 && domain !== 'signedCount') {
    at(
      'DOMAIN_NEGATIVE',
      { where: where(), text: shownRaw, what: domain === 'money' ? '金额' : '数量' },
      { actual: value.number ?? shownRaw, expected: domain === 'money' ? '非负金额' : '非负整数' },
    );
  }
}
