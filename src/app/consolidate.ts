/**
 * The consolidation use case (issue 4), end to end: find the input files, read and check them on worker threads, match them to the
 * roster, sum the units that count, check the summary, and write the summary workbook, JSON and CSV.
 *
 * Per-unit Reports are reduced to compact figures as soon as they arrive, so memory grows by a few KB per unit.
 *
 * What only some runs need (the readers, for files read here rather than on worker threads; last year's summary; the
 * roster; the checks, needed only once the summary is made) is imported where it is needed: this thread's start is
 * on the way to the workers' first files.
 */
import { basename, extname, resolve } from 'node:path';
import { formatForYear } from '../formats/index.js';
import type { Finding } from '../findings/finding.js';
import type { CheckedFile } from '../check/present.js';
import { unreadableFinding } from '../findings/factory.js';
import { readAndCheckMany, type BatchOptions } from '../batch/pool.js';
import type { FileResult } from '../batch/readAndCheck.js';
import { digestOf, mergeFindings } from '../batch/digest.js';
import { collectInputs, InputError } from '../io/inputFiles.js';
import { OutputIsInputError, refuseOutputAmongInputs } from '../io/atomicWrite.js';
import { checkOutputFiles, refuseExistingOutputs } from '../io/outputPaths.js';
import { isoCalendarDate } from '../report/chinaTime.js';
import type { PreviousSummary } from '../consolidate/previous.js';
import { decideSubmissions, defaultDeadline, type InputFile, type RosterUnit } from '../consolidate/submissions.js';
import { ReportSum, unitContribution, type UnitFigures } from '../consolidate/sumReports.js';
import { unitDetail } from '../consolidate/detailColumns.js';
import type { ConsolidationCounts, ConsolidationResult, RuleCount, UnitRow } from '../consolidate/result.js';
import { submissionHistories } from '../consolidate/history.js';
import { ownFileCode } from '../feedback/ownFiles.js';

/** What the progress line says about one file as it finishes. */
export interface FileProgress {
  file: string;
  ok: boolean;
  message?: string;
  errors: number;
  warnings: number;
  /** left out of the totals (`excludeInvalid` and errors) */
  excluded: boolean;
}

/** `通过`, `有 2 个警告`, `有 1 个错误，已剔除`: never 通过 for a file with warnings or errors. */
export function progressState(f: FileProgress): string {
  if (!f.ok) return `无法读取：${f.message ?? ''}`;
  if (f.errors > 0) return `有 ${f.errors} 个错误${f.warnings > 0 ? `、${f.warnings} 个警告` : ''}${f.excluded ? '，已剔除（不计入合计）' : ''}`;
  if (f.warnings > 0) return `有 ${f.warnings} 个警告`;
  return '通过';
}

export interface ConsolidateOptions {
  /** files and folders (folders are scanned recursively) */
  inputs: readonly string[];
  year: number;
  region: string;
  /** the summary workbook; omitted: no workbook is written (library use) */
  out?: string;
  /** a roster file, or the units themselves */
  roster?: string | readonly RosterUnit[];
  /** last year's summary workbook */
  previous?: string;
  excludeInvalid?: boolean;
  /** overwrite outputs that exist (without it an existing output is refused before anything is read) */
  force?: boolean;
  /**
   * the collecting office's own deadline, ISO `yyyy-MM-dd` (China Standard Time). Default: 1月31日 of the following
   * year for units; summaries handed up (a county's to the city) are judged late only against a deadline given here.
   */
  deadline?: string;
  json?: string;
  csv?: string;
  /** the clock (generated-at time) */
  now?: Date;
  batch?: Omit<BatchOptions, 'onResult'>;
  /** write a 审核意见 copy of every unit's file and 审核情况.xlsx (with the roster) into `dir` (`--feedback DIR`) */
  feedback?: { dir: string; force?: boolean };
  /** called as each file finishes */
  onFile?: (result: FileProgress, done: number, total: number) => void;
}

export { InputError as ConsolidateInputError };

/**
 * The findings grouped as `check` groups them (the one JSON shape of findings): each input file with its own findings
 * and those about its submission, then the rest (roster units without a file, the summary itself) by the file named.
 */
function findingsByFile(inputs: readonly InputFile[], own: readonly Finding[][], others: readonly Finding[]): CheckedFile[] {
  const byFile = new Map<string, CheckedFile>();
  inputs.forEach((input, i) => {
    byFile.set(input.file, {
      file: input.file,
      ...(input.unitName ? { unit: input.unitName } : {}),
      ...(input.format ? { format: input.format } : {}),
      reportYear: input.reportYear ?? null,
      readable: input.ok,
      findings: [...own[i]!],
    });
  });
  for (const f of others) {
    const entry = byFile.get(f.file);
    if (entry) entry.findings.push(f);
    else byFile.set(f.file, { file: f.file, ...(f.unit ? { unit: f.unit } : {}), reportYear: null, findings: [f] });
  }
  return [...byFile.values()];
}

const withUnit = (f: Finding, unit: string): Finding => (f.unit ? f : { ...f, unit });

export async function consolidate(o: ConsolidateOptions): Promise<ConsolidationResult> {
  const started = performance.now();
  const now = o.now ?? new Date();
  if (!o.region.trim()) throw new InputError('REGION_MISSING', '请用 --region 指定汇总的地区名称（例如：某某县）。');
  let format;
  try {
    format = formatForYear(o.year);
  } catch (err) {
    throw new InputError('UNSUPPORTED_YEAR', err instanceof Error ? err.message : String(err));
  }
  if (o.deadline !== undefined && isoCalendarDate(o.deadline) === undefined) {
    throw new InputError('DEADLINE_INVALID', `截止日期“${o.deadline}”应写作 YYYY-MM-DD（北京时间的日期），例如 --deadline ${o.year + 1}-01-20。`);
  }
  const csvFiles = o.csv ? Object.values((await import('../export/csv.js')).csvPaths(o.csv)) : [];
  const outputs = [o.out, o.json, ...csvFiles].filter((p): p is string => !!p);
  // last year's summary and the roster are handed in too: an output over them is refused like one over a submission
  const companions = [o.previous, typeof o.roster === 'string' ? o.roster : undefined].filter((p): p is string => !!p);
  for (const out of outputs) refuseOutputAmongInputs(out, companions);
  const clash = outputs.find((p, i) => outputs.findIndex((q) => resolve(q) === resolve(p)) !== i);
  if (clash) throw new InputError('OUTPUTS_COLLIDE', `两个输出都指向 ${clash}（--out、--json、--csv 须各不相同），未写入任何文件。`);
  if (o.out !== undefined && extname(o.out).toLowerCase() !== '.xlsx') {
    throw new InputError('OUTPUT_NOT_XLSX', `汇总表 ${o.out} 须以 .xlsx 结尾：汇总表是 Excel 工作簿（JSON、CSV 请用 --json、--csv 指定）。`);
  }
  // before anything is read: a folder that cannot be made, or outputs that exist, are said at once
  await checkOutputFiles(outputs);
  const skipped: string[] = [];
  const files = await collectInputs(o.inputs, outputs, skipped);
  await refuseExistingOutputs(outputs, o.force);
  for (const file of skipped) {
    // --force over a file found among the submissions: only one of nianbao's own summaries may be replaced
    const { readReport } = await import('../io/readReport.js');
    const read = await readReport(file).catch(() => undefined);
    if (!read?.ok || !read.report.source.isSummary) {
      throw new OutputIsInputError(`输出文件 ${file} 在要汇总的文件夹中，且不是 nianbao 生成的汇总表，可能是单位报送的材料；为避免覆盖，已拒绝写入。请换一个输出路径。`);
    }
  }
  if (files.length === 0) throw new InputError('NO_INPUT_FILES', `在 ${o.inputs.join('、')} 中没有找到可汇总的文件（.xlsx/.xls/.et/.ods/.txt/.html）。`);

  let roster: readonly RosterUnit[] | undefined;
  try {
    roster = typeof o.roster === 'string' ? await (await import('../consolidate/roster.js')).readRoster(o.roster) : o.roster;
  } catch (err) {
    throw new InputError('ROSTER_INVALID', err instanceof Error ? err.message : String(err));
  }
  let previous: PreviousSummary | undefined;
  // with last year's summary each unit is checked again as it arrives, against its own row
  const previousModule = o.previous ? await import('../consolidate/previous.js') : undefined;
  const recheck = o.previous ? (await import('../check/checkReport.js')).checkReport : undefined;
  if (o.previous) {
    try {
      previous = await previousModule!.readPreviousSummary(o.previous);
    } catch (err) {
      throw new InputError('PREVIOUS_UNREADABLE', err instanceof Error ? err.message : String(err));
    }
  }

  let inputs: InputFile[] = new Array(files.length);
  let figures: (UnitFigures | undefined)[] = new Array(files.length);
  let findingsOf: Finding[][] = new Array(files.length);
  // nianbao's own feedback files (an untouched 审核意见 copy, 审核情况) are not submissions
  const ownFiles = new Set<number>();

  const take = (r: FileResult, i: number): void => {
    const report = r.report;
    const digest = r.digest ?? (report ? digestOf(report) : undefined);
    let findings = r.findings;
    if (report && previous && previousModule && recheck) {
      const last = previousModule.previousOfUnit(previous, report.unit);
      // the unit's checks again, now with its own row of last year's summary (carry-over per unit)
      if (last) findings = recheck(report, { previous: last });
    }
    const unitName = digest?.unit.name?.trim() || basename(r.file);
    findingsOf[i] = findings.map((f) => withUnit(f, unitName));
    inputs[i] = {
      file: r.file,
      ok: r.ok && !!digest,
      ...(digest
        ? {
            format: digest.format,
            reportYear: digest.reportYear,
            ...(digest.unit.name ? { unitName: digest.unit.name } : {}),
            ...(digest.unit.code ? { unitCode: digest.unit.code } : {}),
            ...(digest.unit.filledDate ? { filledDate: digest.unit.filledDate } : {}),
            ...(digest.isSummary ? { isSummary: true } : {}),
            ...(digest.published ? { published: true } : {}),
          }
        : {}),
      ...(r.mtimeMs !== undefined ? { mtimeMs: r.mtimeMs } : {}),
      hasErrors: findings.some((f) => f.severity === 'error'),
      ...(r.error ? { error: r.error } : {}),
    };
    if (!r.ok && r.error) {
      findingsOf[i] = [{ ...unreadableFinding(r.file, r.error), unit: basename(r.file) }];
    }
    if (digest) figures[i] = digest.figures;
    // what the unit adds to the sum, and its detail row (its totals recomputed from its items), are made now, while
    // the workers read the rest
    if (digest && digest.format === format.id) {
      unitContribution(digest.figures, format);
      if (o.out || o.json || o.csv) unitDetail(digest.figures, format);
    }
  };

  // the writers (exceljs for the summary) load while the files are read, once the first result is in: loading them
  // takes the main thread a tenth of a second, during which the workers, started or not, would wait for their files
  let loadWriters: () => void = () => undefined;
  const writers = new Promise<void>((resolve) => (loadWriters = resolve)).then(() =>
    Promise.all([
      o.out ? import('../consolidate/writeSummary.js') : undefined,
      o.feedback ? import('../feedback/feedbackFolder.js') : undefined,
      o.json ? import('../export/json.js') : undefined,
      o.csv ? import('../export/csv.js') : undefined,
      // the checks the summary gets once it is made
      import('../check/checkReport.js'),
    ]),
  );
  // a failed import is said where the writer is needed
  writers.catch(() => undefined);
  const readStarted = performance.now();
  await readAndCheckMany(files, {
    ...o.batch,
    collect: false,
    // with last year's summary each unit is checked again here, against its own row: that needs the whole Report
    digest: !previous,
    onResult: (r, i, done, total) => {
      if (done === 1) setImmediate(loadWriters);
      if (!r.ok && r.error?.code === ownFileCode) {
        ownFiles.add(i);
        findingsOf[i] = [];
        return;
      }
      take(r, i);
      o.onFile?.(
        {
          file: r.file,
          ok: r.ok,
          ...(r.error ? { message: r.error.message } : {}),
          errors: findingsOf[i]!.filter((f) => f.severity === 'error').length,
          warnings: findingsOf[i]!.filter((f) => f.severity === 'warning').length,
          excluded: !!o.excludeInvalid && findingsOf[i]!.some((f) => f.severity === 'error'),
        },
        done,
        total,
      );
    },
  });
  const readMs = performance.now() - readStarted;
  loadWriters();
  if (ownFiles.size > 0) {
    const keep = (_x: unknown, i: number) => !ownFiles.has(i);
    // Array.from first: filter skips the holes a sparse array has where a file had no figures
    inputs = Array.from(inputs).filter(keep);
    figures = Array.from(figures).filter(keep);
    findingsOf = Array.from(findingsOf).filter(keep);
    files.splice(0, files.length, ...files.filter(keep));
  }

  const decided = decideSubmissions(inputs, {
    reportYear: o.year,
    format: format.id,
    ...(roster ? { roster } : {}),
    ...(o.excludeInvalid ? { excludeInvalid: true } : {}),
    ...(o.deadline ? { deadline: o.deadline } : {}),
  });

  const submissionOfInput = new Map(decided.submissions.filter((s) => s.input !== undefined).map((s) => [s.input!, s]));
  for (const [i, h] of submissionHistories(decided.submissions, inputs, findingsOf)) {
    const s = submissionOfInput.get(i);
    if (s) s.history = h.text;
  }

  const sum = new ReportSum(format);
  const units: UnitRow[] = [];
  decided.submissions.forEach((s, n) => {
    if (s.input === undefined) return;
    const f = figures[s.input];
    if (!f || f.format !== format.id || s.status === 'summaryAmongUnits') return;
    if (s.included) sum.add(f, s.unitName, s.file!);
    units.push({
      submission: n,
      unitName: s.unitName,
      ...(s.unitCode ? { unitCode: s.unitCode } : {}),
      file: s.file!,
      status: s.status,
      included: s.included,
      late: s.late,
      figures: f,
    });
  });
  const summaryFile = o.out ?? '(汇总)';
  const summary = sum.toReport({ region: o.region, reportYear: o.year, file: summaryFile, generatedAt: now });
  const { checkReport } = await import('../check/checkReport.js');
  const summaryFindings = mergeFindings(summary.findings, checkReport(summary, previous ? { previous: previous.region } : {})).map((f) =>
    withUnit(f, o.region),
  );
  const tallies = sum.totals().tallies;

  // a file a newer one of the same unit replaced is history (报送情况 says what the newer one resolved): its findings
  // are not the summary's problems
  const superseded = new Set(decided.submissions.filter((s) => s.status === 'duplicate' && !s.included && s.input !== undefined).map((s) => s.input!));
  const current = findingsOf.filter((_f, i) => !superseded.has(i)).flat();
  const findings: Finding[] = [...current, ...decided.findings, ...summaryFindings];
  const byFile = findingsByFile(inputs, findingsOf, [...decided.findings, ...summaryFindings]);
  const readOk = inputs.filter((i) => i.ok).length;
  const count = (st: string) => decided.submissions.filter((s) => s.status === st).length;
  const counts: ConsolidationCounts = {
    expected: roster ? roster.length : null,
    received: files.length,
    read: readOk,
    unreadable: files.length - readOk,
    included: sum.units,
    withErrors: inputs.filter((inp, i) => inp.ok && inp.hasErrors && !superseded.has(i)).length,
    excluded: count('excluded'),
    duplicates: count('duplicate'),
    summariesAmongUnits: count('summaryAmongUnits'),
    otherFormat: count('otherFormat'),
    notInRoster: count('notInRoster'),
    late: decided.submissions.filter((s) => s.late).length,
    missing: count('missing'),
    explainedWarnings: current.filter((f) => f.code === 'EXPLAINED').length,
  };
  const byCode = new Map<string, RuleCount>();
  for (const f of findings) {
    const c = byCode.get(f.code);
    if (c) c.count += 1;
    else byCode.set(f.code, { code: f.code, severity: f.severity, count: 1, example: f.message });
  }
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const topRules = [...byCode.values()].sort((a, b) => rank[a.severity] - rank[b.severity] || b.count - a.count || (a.code < b.code ? -1 : 1));

  const result: ConsolidationResult = {
    format,
    region: o.region,
    reportYear: o.year,
    generatedAt: now,
    excludeInvalid: !!o.excludeInvalid,
    deadline: o.deadline ?? defaultDeadline(o.year),
    deadlineGiven: o.deadline !== undefined,
    summary,
    tallies,
    disagreements: sum.disagreements,
    counts,
    topRules,
    submissions: decided.submissions,
    units,
    findings,
    files: byFile,
    ...(o.previous ? { previous: o.previous } : {}),
    hasErrors: findings.some((f) => f.severity === 'error'),
    exitCode: readOk === 0 ? 2 : findings.some((f) => f.severity === 'error') ? 1 : 0,
    written: [],
    timings: { readMs, totalMs: 0 },
  };
  if (o.feedback) {
    // first: the names are known only now, and an existing copy refused must leave nothing written
    // one copy per unit's file the totals use (a superseded file's problems are history), unreadable files included
    const copies = decided.submissions.filter((s) => s.input !== undefined && (s.status !== 'duplicate' || s.included));
    const written = await (await writers)[1]!.writeFeedbackFolder(
      o.feedback.dir,
      copies.map((s) => ({
        file: s.file!,
        unit: s.unitName,
        ...(s.unitCode ? { unitCode: s.unitCode } : {}),
        readable: inputs[s.input!]!.ok,
        findings: findingsOf[s.input!]!,
        ...(s.history ? { history: s.history } : {}),
      })),
      {
        inputs: files,
        ...(o.feedback.force ? { force: true } : {}),
        checkedAt: now,
        missing: decided.submissions.filter((s) => s.status === 'missing').map((s) => ({ name: s.unitName, ...(s.unitCode ? { code: s.unitCode } : {}) })),
        title: `${o.region}${o.year}年度政府信息公开工作年度报告统计表审核情况`,
      },
    );
    result.feedback = written;
    result.written.push(...written.copies.map((c) => c.copy), written.summary);
  }
  if (o.out) {
    await (await writers)[0]!.writeSummaryWorkbook(result, o.out);
    result.written.push(o.out);
  }
  if (o.json) {
    await (await writers)[2]!.writeJson(result, o.json);
    result.written.push(o.json);
  }
  if (o.csv) result.written.push(...(await (await writers)[3]!.writeCsv(result, o.csv)));
  result.timings.totalMs = performance.now() - started;
  return result;
}
