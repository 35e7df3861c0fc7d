/**
 * Who submitted what: every input file matched to a roster unit and given a status, and every roster unit without a
 * file listed as missing. Pure: takes what reading found, returns decisions; nothing here touches the filesystem.
 *
 * Decisions (issue 4), each said in the status's note:
 * - matching, in order: the 统一社会信用代码 the file states = the roster's; the unit name (normalised) = the roster's;
 *   the file name contains a roster unit's name (the longest such name, so 县财政局 beats 财政局);
 * - duplicate: two or more files for one unit are all listed with status `duplicate`; the totals count the unit once,
 *   from the file with the later 填报日期, else the later modification time, else the path that sorts last;
 * - late: 填报日期 after the deadline (`--deadline`, else 1月31日 of the following year for units; a summary handed up
 *   is judged only against a given deadline); a flag (`late`), still counted;
 * - other format: a unit in the other official format (2019 tables in a 2021 summary) does NOT enter the totals,
 *   because its keys are not the summary's; it is listed with an error FORMAT_MISMATCH_IN_SUMMARY;
 * - not in roster: counted (the roster may be out of date; nothing handed in is dropped), with a warning;
 * - another report year (a 2024 file in a 2025 summary, same format): an error REPORT_YEAR_MISMATCH_IN_SUMMARY; it
 *   counts like any unit with an error (included by default, left out with `excludeInvalid`);
 * - excluded: with `excludeInvalid`, a unit whose read and checks found an error is left out of the totals;
 *   by default it is included, and the summary says so;
 * - without a roster every readable unit is included; duplicates are still found by code, else by name.
 */
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import { chineseDate } from '../report/chinaTime.js';
import type { FormatId } from '../formats/types.js';
import { normaliseLabel } from '../formats/labels.js';
import { finding } from '../findings/factory.js';
import type { FileFailure } from '../findings/factory.js';
import type { Finding } from '../findings/finding.js';

export interface RosterUnit {
  name: string;
  /** 统一社会信用代码 */
  code?: string;
}

/** What reading one input file found, reduced to what matching needs. */
export interface InputFile {
  file: string;
  /** false: the file could not be read at all */
  ok: boolean;
  format?: FormatId;
  reportYear?: number | null;
  unitName?: string;
  unitCode?: string;
  /** 填报日期, ISO `yyyy-MM-dd` */
  filledDate?: string;
  /** modification time of the file, for choosing between duplicates */
  mtimeMs?: number;
  /** read from a published report (text, web page, Word, PDF) rather than a workbook */
  published?: boolean;
  /** true when reading or checking found at least one error */
  hasErrors?: boolean;
  /** a consolidated summary written by nianbao (its metadata or its sheets say so) */
  isSummary?: boolean;
  error?: FileFailure;
}

export type SubmissionStatus =
  | 'submitted'
  | 'duplicate'
  | 'summaryAmongUnits'
  | 'unreadable'
  | 'otherFormat'
  | 'excluded'
  | 'notInRoster'
  | 'missing';

export const statusLabels: Record<SubmissionStatus, string> = {
  submitted: '已报送',
  duplicate: '重复报送',
  summaryAmongUnits: '汇总表（未计入）',
  unreadable: '无法读取',
  otherFormat: '格式不符',
  excluded: '已剔除（有错误）',
  notInRoster: '不在名单内',
  missing: '未报送',
};

export type MatchedBy = 'code' | 'name' | 'fileName' | 'nameEnding' | 'none';

export const matchedByLabels: Record<MatchedBy, string> = {
  code: '按统一社会信用代码',
  name: '按单位名称',
  fileName: '按文件名',
  nameEnding: '按单位名称（省略了地名）',
  none: '未匹配',
};

/** the shortest name matched by its ending (`财政局` for `某县财政局`), and the longest place name it may leave out */
const nameEnding = { minLength: 3, maxLeftOut: 12 } as const;

export interface Submission {
  /** absent for a roster unit that sent nothing */
  file?: string;
  /** index into the inputs, when there is a file */
  input?: number;
  status: SubmissionStatus;
  /** submitted after the deadline */
  late: boolean;
  /** true when this file's figures enter the totals */
  included: boolean;
  /** the unit as the totals and the detail sheet name it: the roster's name when matched, else the file's */
  unitName: string;
  unitCode?: string;
  rosterUnit?: RosterUnit;
  matchedBy: MatchedBy;
  /** why, in Chinese: which duplicate was used, why excluded, what could not be read */
  note: string;
  /** for a unit that sent more than one file: which submission this is and what the newest resolved */
  history?: string;
}

export interface SubmissionOptions {
  reportYear: number;
  format: FormatId;
  roster?: readonly RosterUnit[];
  excludeInvalid?: boolean;
  /**
   * the collecting office's deadline (ISO date, CST), when given (`--deadline`). Without it, units are judged against
   * 1月31日 of the following year and summaries (a county's, handed to the city) are not judged late at all: county
   * governments publish by 3月31日, and only the collecting office knows its own date.
   */
  deadline?: string;
}

export interface SubmissionResult {
  /** one per input file, in input order, then one per missing roster unit */
  submissions: Submission[];
  /** findings about submission (format mismatch, duplicates, late, not in roster, missing) */
  findings: Finding[];
}

export const normaliseUnitName = (name: string): string => normaliseLabel(name).replace(/[()（）]/g, '');
const normaliseCode = (code: string): string => code.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
const baseName = (file: string): string => file.split(/[\\/]/).pop() ?? file;

/** The units' deadline, ISO `yyyy-MM-dd` (CST): 1月31日 of the year after the report year (条例第四十九条). */
export function defaultDeadline(reportYear: number): string {
  return `${reportYear + 1}-01-31`;
}

/** 填报日期 (a CST calendar date) after the deadline (a CST calendar date): compared as dates, never as instants. */
export function isLate(filledDate: string | undefined, deadline: string): boolean {
  if (!filledDate) return false;
  let valid = validFilledDates.get(filledDate);
  if (valid === undefined) {
    if (validFilledDates.size >= 10_000) validFilledDates.clear();
    validFilledDates.set(filledDate, (valid = isValid(parseISO(filledDate))));
  }
  return valid && filledDate.slice(0, 10) > deadline;
}

/**
 * Whether each filled-in date seen is a date, remembered: a county's units fill in a few dozen different dates, and
 * parsing each unit's anew took 1,000 units 20 ms of the work left after the last file is read.
 */
const validFilledDates = new Map<string, boolean>();

/**
 * The roster looked up by code, by name and by names a file name may contain, each normalised once: a province's
 * roster has thousands of units, and matching every file against every unit's name normalised anew was quadratic
 * (1,000 files × 1,000 units took 0.6 s; 10,000 × 10,000 would take a minute).
 */
class RosterIndex {
  private readonly byCode = new Map<string, RosterUnit>();
  private readonly byName = new Map<string, RosterUnit>();
  /** non-empty normalised names, longest first (roster order among equals): the first a file name contains wins */
  private readonly names: { unit: RosterUnit; name: string }[] = [];

  constructor(roster: readonly RosterUnit[]) {
    roster.forEach((unit) => {
      // the first of a code or a name in the roster, as a search from the top finds it
      if (unit.code) {
        const code = normaliseCode(unit.code);
        if (!this.byCode.has(code)) this.byCode.set(code, unit);
      }
      const name = normaliseUnitName(unit.name);
      if (!this.byName.has(name)) this.byName.set(name, unit);
      if (name.length > 0) this.names.push({ unit, name });
    });
    this.names.sort((a, b) => b.name.length - a.name.length);
  }

  match(input: InputFile): { unit?: RosterUnit; by: MatchedBy } {
    if (input.unitCode) {
      const unit = this.byCode.get(normaliseCode(input.unitCode));
      if (unit) return { unit, by: 'code' };
    }
    if (input.unitName) {
      const unit = this.byName.get(normaliseUnitName(input.unitName));
      if (unit) return { unit, by: 'name' };
    }
    const byFile = this.namedInFileName(input.file);
    if (byFile) return { unit: byFile, by: 'fileName' };
    const byEnding = input.unitName ? this.endingWith(normaliseUnitName(input.unitName)) : undefined;
    return byEnding ? { unit: byEnding, by: 'nameEnding' } : { by: 'none' };
  }

  /**
   * The one roster unit whose name is `name` with a place name before it (a unit that writes `财政局` on a roster of
   * `某县财政局`): none when `name` is short, or when two roster units end with it (`某县财政局`, `某市财政局`).
   */
  private endingWith(name: string): RosterUnit | undefined {
    if (name.length < nameEnding.minLength) return undefined;
    let found: RosterUnit | undefined;
    for (const n of this.names) {
      if (n.name.length <= name.length || n.name.length - name.length > nameEnding.maxLeftOut || !n.name.endsWith(name)) continue;
      if (found && found !== n.unit) return undefined;
      found = n.unit;
    }
    return found;
  }

  /** The roster unit a file's name names (the longest roster name it contains), if any. */
  namedInFileName(file: string): RosterUnit | undefined {
    const name = normaliseUnitName(baseName(file));
    return this.names.find((n) => name.includes(n.name))?.unit;
  }

  /**
   * The other roster unit a file's name names when its content was matched to `unit` (by code or name): the name
   * does not contain `unit`'s own name but another's. Undefined when the name names `unit`, or no unit.
   */
  otherUnitNamed(file: string, unit: RosterUnit): RosterUnit | undefined {
    const named = this.namedInFileName(file);
    if (!named || named === unit) return undefined;
    const own = normaliseUnitName(unit.name);
    return own.length > 0 && normaliseUnitName(baseName(file)).includes(own) ? undefined : named;
  }
}

/**
 * Of several files for one unit, the one the totals use, and why: the latest 填报日期; then a workbook before a
 * published report's text (a unit often sends both, and a page or a PDF may not give every figure: a PDF exported
 * after the workbook must not replace it); then the latest modification.
 */
export function chooseAmongDuplicates(inputs: readonly InputFile[]): { chosen: InputFile; reason: string } {
  const sorted = [...inputs].sort((a, b) => {
    const da = a.filledDate ?? '';
    const db = b.filledDate ?? '';
    if (da !== db) return da < db ? 1 : -1;
    if (!!a.published !== !!b.published) return a.published ? 1 : -1;
    const ma = a.mtimeMs ?? 0;
    const mb = b.mtimeMs ?? 0;
    if (ma !== mb) return mb - ma;
    return a.file < b.file ? 1 : a.file > b.file ? -1 : 0;
  });
  const chosen = sorted[0]!;
  const second = sorted[1]!;
  let reason: string;
  if ((chosen.filledDate ?? '') !== (second.filledDate ?? '')) reason = `其填报日期（${chosen.filledDate}）最晚`;
  else if (!chosen.published && second.published) reason = '填报日期相同或未填，统计表工作簿优先于已发布的报告文本，后者可能读不全';
  else if ((chosen.mtimeMs ?? 0) !== (second.mtimeMs ?? 0)) reason = '填报日期相同或未填，其文件修改时间最晚';
  else reason = '填报日期和修改时间均相同，按文件路径排序取最后一个';
  return { chosen, reason };
}

export function decideSubmissions(inputs: readonly InputFile[], o: SubmissionOptions): SubmissionResult {
  const findings: Finding[] = [];
  const wrongYear = new Set<number>();
  const rosterIndex = o.roster ? new RosterIndex(o.roster) : undefined;
  // a summary among unit workbooks (an earlier run's output left in the folder) would count its units twice; a run
  // over summaries only (the city over its counties) sums them as units
  const mixed = inputs.some((i) => i.ok && i.isSummary) && inputs.some((i) => i.ok && !i.isSummary);
  const submissions: Submission[] = inputs.map((input, i) => {
    const base: Submission = {
      file: input.file,
      input: i,
      status: 'submitted',
      late: false,
      included: false,
      unitName: input.unitName?.trim() || baseName(input.file),
      ...(input.unitCode ? { unitCode: input.unitCode } : {}),
      matchedBy: 'none',
      note: '',
    };
    if (!input.ok) {
      base.status = 'unreadable';
      base.note = input.error?.message ?? '无法读取';
      // the file name may still say whose it is, so that unit is not also listed as missing
      const m = rosterIndex?.match(input);
      if (m?.unit) {
        base.rosterUnit = m.unit;
        base.unitName = m.unit.name;
        base.matchedBy = m.by;
      }
      return base;
    }
    if (mixed && input.isSummary) {
      base.status = 'summaryAmongUnits';
      base.note = '这是 nianbao 生成的汇总表，不是单位报送的统计表；与单位报表一起汇总会重复计数，未计入汇总';
      findings.push(finding('SUMMARY_AMONG_UNITS', { file: input.file, unit: base.unitName }, { file: input.file, unit: base.unitName }));
      return base;
    }
    if (rosterIndex) {
      const m = rosterIndex.match(input);
      base.matchedBy = m.by;
      if (m.unit) {
        base.rosterUnit = m.unit;
        base.unitName = m.unit.name;
        if (m.unit.code) base.unitCode = m.unit.code;
        // matched by what the file says, named after another unit: a borrowed table whose 基本信息 was not changed
        const named = rosterIndex.otherUnitNamed(input.file, m.unit);
        if (named) {
          const name = baseName(input.file);
          findings.push(finding('FILE_NAME_OTHER_UNIT', { file: name, unit: m.unit.name, named: named.name }, { file: input.file, unit: m.unit.name }));
        }
      } else {
        base.status = 'notInRoster';
        base.note = '名单中没有这个单位；已计入汇总，请核实名单';
        findings.push(finding('UNIT_NOT_IN_ROSTER', { file: input.file, unit: base.unitName }, { file: input.file, unit: base.unitName }));
      }
    }
    const deadline = o.deadline ?? (input.isSummary ? undefined : defaultDeadline(o.reportYear));
    base.late = deadline !== undefined && isLate(input.filledDate, deadline);
    if (base.late) {
      findings.push(
        finding(
          'SUBMITTED_LATE',
          { file: input.file, unit: base.unitName, filled: input.filledDate!, deadline: chineseDate(deadline!), byOption: !!o.deadline },
          { file: input.file, unit: base.unitName, ...(input.filledDate ? { actual: input.filledDate } : {}), expected: deadline! },
        ),
      );
    }
    if (input.format !== o.format) {
      base.status = 'otherFormat';
      base.note = `使用 ${input.format} 版统计表，与本次汇总的 ${o.format} 版不一致，未计入汇总`;
      findings.push(
        finding(
          'FORMAT_MISMATCH_IN_SUMMARY',
          { file: input.file, unit: base.unitName, used: input.format ?? '未知', year: o.reportYear, expected: o.format },
          { file: input.file, unit: base.unitName, expected: o.format, actual: input.format },
        ),
      );
      return base;
    }
    if (input.reportYear !== null && input.reportYear !== undefined && input.reportYear !== o.reportYear) {
      // most likely last year's file sent again: counted like any unit with an error, and excluded by --exclude-invalid
      wrongYear.add(i);
      findings.push(
        finding(
          'REPORT_YEAR_MISMATCH_IN_SUMMARY',
          { file: input.file, unit: base.unitName, stated: input.reportYear, year: o.reportYear },
          { file: input.file, unit: base.unitName, expected: o.reportYear, actual: input.reportYear },
        ),
      );
    }
    base.included = true;
    return base;
  });

  const groups = sameUnitGroups(submissions.filter((s) => s.included));
  for (const group of groups) {
    if (group.length < 2) continue;
    const { chosen, reason } = chooseAmongDuplicates(group.map((s) => inputs[s.input!]!));
    for (const s of group) {
      const used = s.file === chosen.file;
      s.status = 'duplicate';
      s.included = used;
      s.note = used ? `同一单位有 ${group.length} 个文件，采用此文件：${reason}` : `同一单位另有文件 ${chosen.file} 被采用（${reason}），此文件未计入汇总`;
    }
    findings.push(
      finding(
        'DUPLICATE_SUBMISSION',
        { unit: group[0]!.unitName, count: group.length, chosen: chosen.file, reason },
        { file: chosen.file, unit: group[0]!.unitName, details: group.map((s) => s.file!) },
      ),
    );
  }

  if (o.excludeInvalid) {
    for (const s of submissions) {
      if (s.included && (inputs[s.input!]!.hasErrors || wrongYear.has(s.input!))) {
        s.included = false;
        s.status = 'excluded';
        s.note = '校验发现错误，按 --exclude-invalid 未计入汇总';
      }
    }
  }

  if (o.roster) {
    const received = new Set(submissions.filter((s) => s.rosterUnit).map((s) => s.rosterUnit));
    for (const unit of o.roster) {
      if (received.has(unit)) continue;
      submissions.push({
        status: 'missing',
        late: false,
        included: false,
        unitName: unit.name,
        ...(unit.code ? { unitCode: unit.code } : {}),
        rosterUnit: unit,
        matchedBy: 'none',
        note: '名单内单位，未收到文件',
      });
      findings.push(finding('SUBMISSION_MISSING', { unit: unit.name, ...(unit.code ? { code: unit.code } : {}) }, { file: '', unit: unit.name }));
    }
  }
  return { submissions, findings };
}

/**
 * The submissions of each unit. One unit is: the same roster unit when matched; else the same stated code; else the
 * same name, where a file that states no code (a published report's text never does) joins the unit of that name
 * that states one (a unit that sent its workbook and its published report is one unit, counted once). A name with
 * two different codes is two units, and a file of that name without a code stays on its own.
 */
export function sameUnitGroups(submissions: readonly Submission[]): Submission[][] {
  const rosterUnits = new Map<RosterUnit, number>();
  const keyOf = (s: Submission): string => {
    if (s.rosterUnit) {
      if (!rosterUnits.has(s.rosterUnit)) rosterUnits.set(s.rosterUnit, rosterUnits.size);
      return `roster:${rosterUnits.get(s.rosterUnit)}`;
    }
    if (s.unitCode) return `code:${normaliseCode(s.unitCode)}`;
    return `name:${normaliseUnitName(s.unitName)}`;
  };
  // the one code each name of an unmatched coded file has (undefined: none; null: more than one)
  const codeOfName = new Map<string, string | null>();
  for (const s of submissions) {
    if (s.rosterUnit || !s.unitCode) continue;
    const name = normaliseUnitName(s.unitName);
    const code = normaliseCode(s.unitCode);
    const seen = codeOfName.get(name);
    codeOfName.set(name, seen === undefined || seen === code ? code : null);
  }
  const groups = new Map<string, Submission[]>();
  for (const s of submissions) {
    let key = keyOf(s);
    if (key.startsWith('name:')) {
      const code = codeOfName.get(normaliseUnitName(s.unitName));
      if (code) key = `code:${code}`;
    }
    const group = groups.get(key);
    if (group) group.push(s);
    else groups.set(key, [s]);
  }
  return [...groups.values()];
}

/** A submission's status as the summary shows it, with lateness said beside it. */
export function statusText(status: SubmissionStatus, late: boolean): string {
  return late ? `${statusLabels[status]}，逾期报送` : statusLabels[status];
}
