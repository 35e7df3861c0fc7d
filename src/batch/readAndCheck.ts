/**
 * The unit of work of a batch: read one file into a Report and run the checks on it. Never throws: a file that
 * cannot be read at all ends as `{ ok: false, error }` with a Chinese message naming it. The result is plain data
 * (structured-clone friendly) so it can cross from a worker thread.
 */
import { statSync } from 'node:fs';
import { readReport } from '../io/readReport.js';
import type { ConversionOutcome } from '../grid/convert.js';
import type { FileSeen } from '../grid/sniff.js';
import { checkReport } from '../check/checkReport.js';
import type { Report } from '../report/report.js';
import { fileFailure, type FileFailure } from '../findings/factory.js';
import { basename } from 'node:path';
import type { Finding } from '../findings/finding.js';
import { digestOf, type ReportDigest } from './digest.js';

export interface ReadAndCheckOptions {
  /** return a `digest` instead of the `report` */
  digest?: boolean;
  /** the file as the batch's LibreOffice run converted it (legacy workbooks) */
  converted?: ConversionOutcome;
}

export interface FileResult {
  file: string;
  ok: boolean;
  report?: Report;
  /** instead of `report`, when asked for (`ReadAndCheckOptions.digest`) */
  digest?: ReportDigest;
  /** everything reading and checking found (the report's own reading findings included) */
  findings: Finding[];
  error?: FileFailure;
  /** modification time, used to choose between two files of one unit */
  mtimeMs?: number;
  /** milliseconds spent on this file */
  ms: number;
  /** the worker thread that read it (0: the main thread) */
  threadId?: number;
}

export async function readAndCheck(file: string, o: ReadAndCheckOptions = {}): Promise<FileResult> {
  const started = performance.now();
  let mtimeMs: number | undefined;
  try {
    // the modification time from the stat reading makes anyway; a JSON Report is not stat'ed by reading (synchronous:
    // a worker reads one file at a time, and an async stat costs a round trip through the thread pool)
    const seen: FileSeen = {};
    const read = await readReport(file, { ...(o.converted ? { converted: o.converted } : {}), seen });
    mtimeMs = seen.mtimeMs ?? modifiedAt(file);
    if (!read.ok) {
      return { file, ok: false, findings: [], error: { code: read.code, message: read.message }, mtimeMs, ms: performance.now() - started };
    }
    const report = read.report;
    const findings = checkReport(report); // includes what reading found
    if (o.digest) return { file, ok: true, digest: digestOf(report), findings, mtimeMs, ms: performance.now() - started };
    return { file, ok: true, report, findings, mtimeMs, ms: performance.now() - started };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return {
      file,
      ok: false,
      findings: [],
      error: fileFailure('READ_FAILED', { name: basename(file), detail: reason }),
      ...(mtimeMs !== undefined ? { mtimeMs } : {}),
      ms: performance.now() - started,
    };
  }
}

/** The file's modification time, or undefined when it cannot be stat'ed (reading has then said why). */
function modifiedAt(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}
