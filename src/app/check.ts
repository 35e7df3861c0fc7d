/**
 * The check use case (`nianbao check`, the local page's 校验): every file read and checked (on worker threads for large
 * batches), with last year's data when given, each ending as one CheckedFile. A file that cannot be read is one
 * error finding naming it; the batch always goes on. Wrong requests (no files, last year unreadable) throw InputError.
 */
import { readingSummary } from '../report/readingSummary.js';
import { basename } from 'node:path';
import { readAndCheckMany, type BatchOptions } from '../batch/pool.js';
import type { FileResult } from '../batch/readAndCheck.js';
import { previousOfUnit, readPrevious, type PreviousSummary } from '../consolidate/previous.js';
import { fileFailure, unreadableFinding } from '../findings/factory.js';
import { collectInputs, InputError } from '../io/inputFiles.js';
import { ownFileCode } from '../feedback/ownFiles.js';
import type { FeedbackFolderResult } from '../feedback/feedbackFolder.js';
import type { Report } from '../report/report.js';
import { checkReport } from '../check/checkReport.js';
import { exitCodeFor, type CheckedFile } from '../check/present.js';

export interface CheckFilesOptions {
  /** last year's workbook, report or summary, for the cross-year rules */
  previous?: string;
  /** more warnings than this make the run fail (exit status 1); undefined: any number */
  maxWarnings?: number;
  batch?: Omit<BatchOptions, 'onResult'>;
  onResult?: (file: CheckedFile, done: number, total: number) => void;
  /** write a marked-up 审核意见 copy of every file and 审核情况.xlsx into `dir` (`--feedback DIR`) */
  feedback?: { dir: string; force?: boolean; checkedAt?: Date };
}

export interface CheckFilesResult {
  files: CheckedFile[];
  /** nianbao's own feedback files found among the inputs (an untouched 审核意见 copy, 审核情况), not checked */
  skipped: { file: string; message: string }[];
  /** how many files could be read at all */
  readCount: number;
  /** 0 no errors (and warnings within `maxWarnings`), 1 errors in the data, 2 nothing could be read */
  exitCode: 0 | 1 | 2;
  /** what `feedback` wrote */
  feedback?: FeedbackFolderResult;
}

/** Last year's data: one unit's report, or a summary with one row per unit. */
type Previous = { kind: 'report'; report: Report } | { kind: 'summary'; summary: PreviousSummary };

async function loadPrevious(file: string): Promise<Previous> {
  const read = await readPrevious(file);
  if (!read.ok) throw new InputError('PREVIOUS_UNREADABLE', `上年数据 ${basename(file)} 无法读取：${read.message}`);
  return read.summary ? { kind: 'summary', summary: read.summary } : { kind: 'report', report: read.report };
}

function previousFor(previous: Previous, report: Report): Report | undefined {
  if (previous.kind === 'report') return previous.report;
  // a summary checked against last year's summary of the same region; a unit against its own row
  if (report.source.isSummary) return previous.summary.region;
  return previousOfUnit(previous.summary, report.unit);
}

function checkedFile(r: FileResult, previous: Previous | undefined): CheckedFile {
  if (!r.ok || !r.report) {
    return { file: r.file, readable: false, findings: [unreadableFinding(r.file, r.error ?? fileFailure('READ_FAILED', { name: basename(r.file) }))] };
  }
  const report = r.report;
  const last = previous ? previousFor(previous, report) : undefined;
  const findings = last ? checkReport(report, { previous: last }) : r.findings;
  return {
    file: r.file,
    ...(report.unit.name ? { unit: report.unit.name } : {}),
    ...(report.unit.code ? { unitCode: report.unit.code } : {}),
    format: report.format,
    reportYear: report.reportYear,
    readable: true,
    findings,
    reading: readingSummary(report, findings),
  };
}

export async function checkFiles(inputs: readonly string[], o: CheckFilesOptions = {}): Promise<CheckFilesResult> {
  const files = await collectInputs(inputs, []);
  if (files.length === 0) {
    throw new InputError('NO_INPUT_FILES', `在 ${inputs.join('、')} 中没有找到可检查的文件（.xlsx/.xls/.et/.ods/.txt/.html/.docx/.doc/.wps/.pdf）。`);
  }
  const previous = o.previous ? await loadPrevious(o.previous) : undefined;
  const checked: (CheckedFile | undefined)[] = new Array(files.length);
  const skipped: CheckFilesResult['skipped'] = [];
  await readAndCheckMany(files, {
    ...o.batch,
    collect: false,
    onResult: (r, i, done, total) => {
      if (!r.ok && r.error?.code === ownFileCode) {
        skipped.push({ file: r.file, message: r.error.message });
        return;
      }
      checked[i] = checkedFile(r, previous);
      o.onResult?.(checked[i]!, done, total);
    },
  });
  const kept = checked.filter((c): c is CheckedFile => c !== undefined);
  const readCount = kept.filter((c) => c.readable).length;
  const exitCode = readCount === 0 ? 2 : exitCodeFor(kept.flatMap((f) => f.findings), o.maxWarnings);
  const feedback = o.feedback
    ? await (await import('../feedback/feedbackFolder.js')).writeFeedbackFolder(o.feedback.dir, kept, {
        inputs: files,
        ...(o.feedback.force ? { force: true } : {}),
        ...(o.feedback.checkedAt ? { checkedAt: o.feedback.checkedAt } : {}),
      })
    : undefined;
  return { files: kept, skipped, readCount, exitCode, ...(feedback ? { feedback } : {}) };
}
