/**
 * The parse use case (`nianbao parse`, a page's "读取年报"): read published reports (or any source) into Reports,
 * check each, and optionally write them into our template so a published report can join a consolidation.
 *
 * Wrong requests are refused before anything is read (InputError). A refusal that only shows once the files are read
 * (no year to write under, two reports onto one target, an unwritable target) comes back as `refused` beside the
 * results, so a front-end can show both; nothing is written then.
 */
import { readingSummary } from '../report/readingSummary.js';
import { stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { checkReport } from '../check/checkReport.js';
import type { CheckedFile } from '../check/present.js';
import { formatForYear, formats } from '../formats/index.js';
import { refuseOutputAmongInputs, writeAtomically } from '../io/atomicWrite.js';
import { checkOutputFiles, refuseExistingOutputs } from '../io/outputPaths.js';
import { InputError } from '../io/inputError.js';
import { readReport } from '../io/readReport.js';
import type { Report } from '../report/report.js';
import { templateFileName } from '../template/fileNames.js';
import { unreadableFinding } from '../findings/factory.js';

export interface ParseOptions {
  /** write into our template: a .xlsx path for one input (or an existing folder), a folder for several */
  out?: string;
  /** overwrite an existing `out` (refused by default) */
  force?: boolean;
  /** the report year when a report does not state it */
  year?: number;
}

/** One input's outcome: what check gives for it, plus the Report when it could be read. */
export interface ParsedFile extends CheckedFile {
  report?: Report;
}

export interface ParseResult {
  files: ParsedFile[];
  /** templates written, in input order */
  written: { path: string; from: string }[];
  /** why nothing was written although `out` was given (the results stand) */
  refused?: InputError;
  /** 0 every report read without error, 1 errors in a report (or a file unreadable), 2 nothing read or refused */
  exitCode: 0 | 1 | 2;
}

/** `某局，2020 年度，国办公开办函〔2019〕60号格式：识别出 198 个数据项。` */
export function describeParsedReport(report: Report): string {
  const values = Object.values(report.values);
  const missing = values.filter((v) => v.kind === 'missing').length;
  const unit = report.unit.name ?? '（未识别出单位名称）';
  const year = report.reportYear ?? '（未识别出年度）';
  return `${unit}，${year} 年度，${formats[report.format].issuedBy}格式：识别出 ${values.length - missing} 个数据项${missing > 0 ? `，缺少 ${missing} 个` : ''}。`;
}

export async function parseFiles(inputs: readonly string[], o: ParseOptions = {}): Promise<ParseResult> {
  // the same years `template` accepts, refused with the same reason
  if (o.year !== undefined) {
    try {
      formatForYear(o.year);
    } catch (err) {
      throw new InputError('UNSUPPORTED_YEAR', err instanceof Error ? err.message : String(err));
    }
  }
  const out = o.out;
  const outIsFolder =
    out !== undefined && (inputs.length > 1 || /[\\/]$/.test(out) || (await stat(out).then((s) => s.isDirectory(), () => false)));
  // refused before anything is read, so a mistyped command never touches what the user handed in
  if (out !== undefined && !outIsFolder) {
    refuseOutputAmongInputs(out, inputs);
    if (extname(out).toLowerCase() !== '.xlsx') {
      throw new InputError('OUTPUT_NOT_XLSX', `输出文件“${out}”应为 Excel 工作簿（.xlsx），例如 --out 单位.xlsx。`);
    }
  }

  const files: ParsedFile[] = [];
  for (const file of inputs) {
    const read = await readReport(file);
    if (!read.ok) {
      files.push({ file, readable: false, findings: [unreadableFinding(file, read)] });
      continue;
    }
    const report = read.report;
    if (report.reportYear === null && o.year !== undefined) report.reportYear = o.year;
    const findings = checkReport(report);
    files.push({
      file,
      ...(report.unit.name ? { unit: report.unit.name } : {}),
      format: report.format,
      reportYear: report.reportYear,
      readable: true,
      findings,
      reading: readingSummary(report, findings),
      report,
    });
  }
  const readable = files.filter((f): f is ParsedFile & { report: Report } => f.report !== undefined);
  const failed = files.filter((f) => !f.report || f.findings.some((x) => x.severity === 'error')).length;
  const result: ParseResult = { files, written: [], exitCode: readable.length === 0 ? 2 : failed > 0 ? 1 : 0 };
  if (out === undefined || readable.length === 0) return result;

  const refuse = (code: string, message: string): ParseResult => ({ ...result, refused: new InputError(code, message), exitCode: 2 });
  // every target is settled before the first is written: no half-done folder when one input cannot be written
  const undated = readable.filter((r) => r.report.reportYear === null);
  if (undated.length > 0) {
    return refuse(
      'YEAR_MISSING',
      `${undated.map((r) => r.file).join('、')} 中没有写明报告年度，无法写入模板；请用 --year 指定年度（例如 --year 2020），未写入任何文件。`,
    );
  }
  const targets = readable.map((r) => ({
    r,
    target: outIsFolder ? join(out, templateFileName(r.report.reportYear!, r.report.unit.name ?? undefined)) : out,
  }));
  const seen = new Map<string, string>();
  for (const { r, target } of targets) {
    try {
      refuseOutputAmongInputs(target, inputs);
    } catch (err) {
      if (err instanceof InputError) return { ...result, refused: err, exitCode: 2 };
      throw err;
    }
    const other = seen.get(target);
    if (other !== undefined) {
      return refuse('OUTPUTS_COLLIDE', `${other} 和 ${r.file} 都会写入 ${target}（同一单位、同一年度），为避免相互覆盖，未写入任何文件。`);
    }
    seen.set(target, r.file);
  }
  try {
    await checkOutputFiles(targets.map((t) => t.target));
    await refuseExistingOutputs(targets.map((t) => t.target), o.force);
  } catch (err) {
    if (err instanceof InputError) return { ...result, refused: err, exitCode: 2 };
    throw err;
  }
  // exceljs is loaded only when a template is written
  const { writeTemplate } = await import('../template/workbook.js');
  for (const { r, target } of targets) {
    const report = r.report;
    try {
      await writeAtomically(target, (tmp) =>
        writeTemplate({ format: formats[report.format], reportYear: report.reportYear!, unit: report.unit, report }, tmp),
      );
    } catch (err) {
      if (err instanceof InputError) return { ...result, refused: err, exitCode: 2 };
      // a clerk reads the reason, not the system's code (ENOENT)
      const code = (err as NodeJS.ErrnoException).code;
      const reason = code === 'EBUSY' ? '文件正被其他程序占用' : code === 'EACCES' || code === 'EPERM' ? '没有写入权限' : code === 'ENOSPC' ? '磁盘空间不足' : '写入失败';
      return refuse('OUTPUT_UNWRITABLE', `无法写入“${target}”（${reason}）：请确认文件夹存在、可写，且该文件未被其他程序打开。`);
    }
    result.written.push({ path: target, from: basename(r.file) });
  }
  return result;
}
