/**
 * Findings about single cells: what the reader classified a value as (text, error value, formula without result,
 * blank, a not-applicable mark) and whether a number fits its column's domain. A blank or a mark is counted as 0
 * only in the arithmetic its warning names.
 */
import { cellSpecs, type CellKey, type CellSpec } from '../formats/index.js';
import type { FormatDef } from '../formats/types.js';
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
    if (!value) continue;
    const at = (code: string, severity: Finding['severity'], rule: string, message: string, extra: Partial<Finding> = {}): void => {
      const loc = locationOf(value);
      out.push({
        code,
        severity,
        rule,
        file: report.source.file,
        ...(value.provenance.sheet ? { sheet: value.provenance.sheet } : {}),
        cells: loc ? [loc] : [],
        keys: [spec.key],
        ...extra,
        message,
        ...(report.unit.name ? { unit: report.unit.name } : {}),
      });
    };
    // built only for a value that has something to say: most pass
    const where = () => `${tableName(spec.table)}${cellName(spec.table, spec.key)}`;
    const usedIn = () => [...(involvement.get(spec.key) ?? []).map(relationTitle), ...(o.crossYearUse?.get(spec.key) ?? [])];
    switch (value.kind) {
      case 'blank': {
        const names = usedIn();
        at(
          'BLANK_INPUT',
          'warning',
          'blank',
          names.length > 0
            ? `${where()}为空白。无数据时应填 0；本次检查仅在${names.join('、')}的核对中将其按 0 计算，请补填。`
            : `${where()}为空白。无数据时应填 0，请补填（该格不参与合计核对）。`,
          { actual: '' },
        );
        break;
      }
      case 'notApplicable': {
        const names = usedIn();
        at(
          'NOT_APPLICABLE_MARK',
          'warning',
          'not-applicable',
          `${where()}填写了“${value.raw}”。统计表中无数据应填 0；本次检查${names.length > 0 ? `仅在${names.join('、')}的核对中将其按 0 计算` : '未将其用于任何合计核对'}，请改填数字。`,
          { actual: value.raw },
        );
        break;
      }
      case 'text':
        at('NOT_A_NUMBER', 'error', 'value-kind', `${where()}应填写数字，实际为文字“${value.raw}”，无法参与计算。`, { actual: value.raw });
        break;
      case 'error':
        at('NOT_A_NUMBER', 'error', 'value-kind', `${where()}为错误值“${value.raw}”，无法参与计算，请检查该单元格的公式或改填数字。`, {
          actual: value.raw,
        });
        break;
      case 'formulaWithoutResult':
        // said once for the whole file below: one unevaluable formula kind repeats over every total
        unevaluated.push({ spec, value });
        break;
      case 'number':
      case 'zero':
        domainFinding(spec.domain, value, where, at);
        break;
      case 'missing':
        // the reader reports rows and columns it could not find; the sums they feed say they are not assessable
        break;
    }
  }
  if (unevaluated.length > 0) out.push(unevaluatedFormulas(report, unevaluated));
  return out;
}

/**
 * Formulas the file stores no result for and that `formulaEval` could not compute: one finding per file. An input
 * cell among them cannot be summed (an error); totals alone are recomputed from their items (a warning).
 */
function unevaluatedFormulas(report: Report, cells: { spec: CellSpec; value: ReportValue }[]): Finding {
  const inputs = cells.filter((c) => !c.spec.isTotal);
  const locations = cells.map((c) => locationOf(c.value)).filter((l): l is string => !!l);
  const first = cells[0]!;
  const example = first.value.formula ? `（如 ${locationOf(first.value) ?? ''} 的“=${first.value.formula.replace(/^=/, '')}”）` : '';
  const consequence =
    inputs.length > 0
      ? `其中 ${inputs.length} 个是填报项，其数值无法取得，不参与计算和汇总`
      : '它们都是合计项，已按各分项重新计算并核对勾稽关系';
  return {
    code: 'FORMULA_NOT_EVALUATED',
    severity: inputs.length > 0 ? 'error' : 'warning',
    file: report.source.file,
    ...(first.value.provenance.sheet ? { sheet: first.value.provenance.sheet } : {}),
    cells: locations,
    keys: cells.map((c) => c.spec.key),
    actual: first.value.formula ?? first.value.raw,
    message:
      `${cells.length} 个单元格的公式${example}在文件中没有保存计算结果，且不是 nianbao 能计算的形式（单元格引用、SUM、加减）；` +
      `${consequence}。用 Excel、WPS 或 LibreOffice 打开该文件、保存后再提交即可保存计算结果。`,
    ...(report.unit.name ? { unit: report.unit.name } : {}),
  };
}

function domainFinding(
  domain: 'count' | 'signedCount' | 'money',
  value: ReportValue,
  where: () => string,
  at: (code: string, severity: Finding['severity'], rule: string, message: string, extra?: Partial<Finding>) => void,
): void {
  const shownRaw = value.raw || String(value.number);
  if (value.scaled === null) {
    if (domain === 'money') {
      at('DOMAIN_MONEY_PRECISION', 'error', 'domain', `${where()}金额“${shownRaw}”超过 4 位小数（单位：万元），无法精确计算，请保留不超过 4 位小数。`, {
        actual: shownRaw,
        expected: '不超过 4 位小数的金额',
      });
    } else if (value.number !== null && !Number.isInteger(value.number)) {
      at('DOMAIN_FRACTION', 'error', 'domain', `${where()}为小数“${shownRaw}”，此处应填写整数。`, {
        actual: shownRaw,
        expected: domain === 'count' ? '非负整数' : '整数',
      });
    } else {
      at('NOT_A_NUMBER', 'error', 'value-kind', `${where()}的数值“${shownRaw}”超出可精确计算的范围，请核实。`, { actual: shownRaw });
    }
    return;
  }
  if (value.scaled < 0 && domain !== 'signedCount') {
    at('DOMAIN_NEGATIVE', 'error', 'domain', `${where()}为负数“${shownRaw}”，此处${domain === 'money' ? '金额' : '数量'}不能为负。`, {
      actual: value.number ?? shownRaw,
      expected: domain === 'money' ? '非负金额' : '非负整数',
    });
  }
}
