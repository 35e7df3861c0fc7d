/**
 * The unit of work of a batch: read one file into a Report and run the checks on it. Never throws: a file that
 * cannot be read at all ends as `{ ok: false, error }` with a Chinese message naming it. The result is plain data
 * (structured-clone friendly) so it can cross from a worker thread.
 */
import { statSync } from 'node:fs';
import { readReport } from '../io/readReport.js';
import type { ConversionOutcome } from '../grid/convert.js';
import { checkReport } from '../check/checkReport.js';
import type { Report, UnitInfo } from '../report/report.js';
import { fileFailure, type FileFailure } from '../findings/factory.js';
import { basename } from 'node:path';
import type { Finding } from '../findings/finding.js';
import { unitFigures, type UnitFigures } from '../consolidate/sumReports.js';

/**
 * What a consolidation keeps of a Report: its format, year, unit and values as two typed arrays. Sending this instead
 * of the Report (every value with its provenance object) makes a worker's answer a few KB of cheap-to-clone data.
 */
export interface ReportDigest {
  format: Report['format'];
  reportYear: Report['reportYear'];
  unit: UnitInfo;
  figures: UnitFigures;
  /** a consolidated summary (never summed together with units) */
  isSummary?: boolean;
}

export function digestOf(report: Report): ReportDigest {
  const digest: ReportDigest = { format: report.format, reportYear: report.reportYear, unit: report.unit, figures: unitFigures(report) };
  if (report.source.isSummary) digest.isSummary = true;
  return digest;
}

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
    // synchronous: a worker reads one file at a time anyway, and an async stat costs a round trip through the thread pool
    mtimeMs = statSync(file).mtimeMs;
    const read = await readReport(file, o.converted ? { converted: o.converted } : {});
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

/** Reading findings plus check findings, without listing one finding twice when the checks repeat the report's. */
export function mergeFindings(a: readonly Finding[], b: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of [...a, ...b]) {
    const id = `${f.code}|${f.file}|${f.cells.join(',')}|${f.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(f);
  }
  return out;
}
