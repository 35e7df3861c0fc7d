/**
 * The portal's use cases, independent of HTTP: set up from a roster, take a unit's upload (checked by the library's
 * own `checkFiles`, exactly as `nianbao check`), explain warnings, return a version, the office's status table, the
 * zip of accepted workbooks and the consolidation (the library's `consolidate`). Storage stays in store.ts.
 */
import { basicInfoLabel } from '../workbook/contract.js';
import { linkSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileFailure } from '../findings/factory.js';
import { zipSync } from 'fflate';
import ExcelJS from 'exceljs';
import { readAndCheck } from '../batch/readAndCheck.js';
import { unreadableFinding } from '../findings/factory.js';
import { decideSubmissions } from '../consolidate/submissions.js';
import { consolidate } from '../app/consolidate.js';
import { writeFeedbackCopy } from '../feedback/feedbackCopy.js';
import { formatForYear } from '../formats/index.js';
import type { Finding } from '../findings/finding.js';
import { sniffBytes, defaultMaxBytes } from '../grid/sniff.js';
import { writeAtomically } from '../io/atomicWrite.js';
import { safeFileNamePart, uniqueFileNames } from '../template/fileNames.js';
import { decodeCsv, parseCsv } from '../grid/csvGrid.js';
import type { RosterEntry } from '../template/roster.js';
import { templateBuffer } from '../template/workbook.js';
import { PortalStore, statusLabel, type Submission, type SubmissionStatus, type Unit } from './store.js';

export { statusLabel };

export interface PortalOptions {
  year: number;
  region: string;
  dataDir: string;
  /** the last day (yyyy-MM-dd, China Standard Time) of the submission period */
  deadline?: string;
  maxUploadBytes?: number;
  now?: () => Date;
}

export interface SubmitResult {
  status: SubmissionStatus;
  statusLabel: string;
  version: number;
  findings: Finding[];
  submission: Submission;
}

export interface UnitState {
  unit: Unit;
  status: SubmissionStatus | 'none';
  statusLabel: string;
  late: boolean;
  latest?: Submission;
  /** the newest accepted version (what consolidation uses) */
  accepted?: Submission;
  versions: number;
}

export interface ConsolidationJob {
  state: 'idle' | 'running' | 'done' | 'failed';
  done: number;
  total: number;
  message?: string;
  outputs: string[];
  startedAt?: string;
}

/** Links file columns (the clerk sends each unit its link). */
const linkHeaders = [basicInfoLabel('name'), basicInfoLabel('code'), '报送链接'] as const;
export const linksCsvName = '链接.csv';
export const linksXlsxName = '链接.xlsx';

/**
 * The file kind judged from the bytes → the extension the reader is handed (never the client's). The portal takes
 * workbooks: anything else is handed over as .xlsx, so the workbook reader names what it really is and refuses it.
 */
function extensionFor(kind: string): string {
  return kind === 'xls' ? '.xls' : kind === 'ods' ? '.ods' : kind === 'xlsb' ? '.xlsb' : '.xlsx';
}

/** The consolidation findings that concern one file on its own (not duplicates, lateness by 填报日期, missing units). */
const submissionCodes = new Set(['FORMAT_MISMATCH_IN_SUMMARY', 'REPORT_YEAR_MISMATCH_IN_SUMMARY', 'UNIT_NOT_IN_ROSTER']);

// the deadline day ends at midnight China Standard Time, as every date nianbao writes
const endOfDay = (date: string): Date => new Date(`${date}T23:59:59.999+08:00`);

export class Portal {
  readonly maxUploadBytes: number;
  private job: ConsolidationJob = { state: 'idle', done: 0, total: 0, outputs: [] };
  private readonly now: () => Date;

  private constructor(
    readonly store: PortalStore,
    readonly o: PortalOptions,
  ) {
    this.maxUploadBytes = o.maxUploadBytes ?? defaultMaxBytes;
    this.now = o.now ?? (() => new Date());
    formatForYear(o.year); // an unsupported year fails at start, not at the first download
  }

  static async open(o: PortalOptions): Promise<Portal> {
    return new Portal(await PortalStore.open(o.dataDir), o);
  }

  close(): void {
    this.store.close();
  }

  /**
   * Adds the roster's new units. Returns every unit's token that is known in clear: the new ones, and the old ones
   * read back from the links file written before (each verified against its stored hash).
   */
  async enrol(roster: readonly RosterEntry[]): Promise<{ added: number; tokens: Map<number, string> }> {
    const tokens = new Map<number, string>();
    for (const token of await this.previousTokens()) {
      const unit = this.store.unitByToken(token);
      if (unit) tokens.set(unit.id, token);
    }
    const added = this.store.addUnits(
      roster.map((e) => ({ name: e.name, ...(e.code ? { code: e.code } : {}), ...((e.region ?? this.o.region) ? { region: e.region ?? this.o.region } : {}) })),
      this.now(),
    );
    for (const a of added) tokens.set(a.unit.id, a.token);
    return { added: added.length, tokens };
  }

  private async previousTokens(): Promise<string[]> {
    try {
      const { rows } = parseCsv(decodeCsv(await readFile(path.join(this.o.dataDir, linksCsvName))));
      return rows.slice(1).flatMap((r) => {
        const hash = /#([A-Za-z0-9_-]{43})$/.exec(r[2] ?? '');
        return hash ? [hash[1]!] : [];
      });
    } catch {
      return [];
    }
  }

  /** Writes 链接.csv and 链接.xlsx in the data folder: one personal link per unit. */
  async writeLinks(baseUrl: string, tokens: ReadonlyMap<number, string>): Promise<string[]> {
    const rows = this.store.units().map((u) => [u.name, u.code ?? '', tokens.has(u.id) ? unitLink(baseUrl, tokens.get(u.id)!) : '（链接遗失，请重新发放）']);
    const csvPath = path.join(this.o.dataDir, linksCsvName);
    const quote = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const csv = `\uFEFF${[linkHeaders as readonly string[], ...rows].map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`;
    await writeAtomically(csvPath, (tmp) => writeFile(tmp, csv));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('链接');
    ws.addRow([...linkHeaders]).font = { bold: true };
    for (const r of rows) ws.addRow(r);
    ws.columns = [{ width: 36 }, { width: 22 }, { width: 90 }];
    const xlsxPath = path.join(this.o.dataDir, linksXlsxName);
    await writeAtomically(xlsxPath, async (tmp) => writeFile(tmp, Buffer.from(await wb.xlsx.writeBuffer())));
    return [xlsxPath, csvPath];
  }

  unitTemplate(unit: Unit): Promise<Buffer> {
    return templateBuffer({
      format: formatForYear(this.o.year),
      reportYear: this.o.year,
      unit: { name: unit.name, ...(unit.code ? { code: unit.code } : {}), ...(unit.region ? { region: unit.region } : {}) },
      region: this.o.region,
    });
  }

  /**
   * Checks an upload with the library (the file handed to it under the unit's own name in a private folder, never
   * the client's name) and stores it with its status: errors → 未通过; warnings → 待说明 unless explained; else 已报送.
   */
  async submit(unit: Unit, bytes: Uint8Array, clientName: string, explanation?: string): Promise<SubmitResult> {
    const receivedAt = this.now();
    const kind = sniffBytes(bytes);
    const dir = this.store.tempDir();
    let findings: Finding[];
    let readable = false;
    try {
      const displayName = `${safeFileNamePart(unit.name) || '单位'}${extensionFor(kind)}`;
      const file = path.join(dir, displayName);
      writeFileSync(file, bytes);
      // the messages name the file as it was handed over: the unit sees its own name, never a server path
      const checked = await readAndCheck(file);
      readable = checked.ok && !!checked.report;
      findings = this.judge(checked, unit, clientName).map((f) => ({ ...f, file: displayName, message: f.message.split(file).join(displayName) }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const errors = findings.filter((f) => f.severity === 'error').length;
    const warnings = findings.filter((f) => f.severity === 'warning').length;
    const explained = explanation?.trim() ? explanation.trim() : undefined;
    const status: SubmissionStatus = errors > 0 ? 'failed' : warnings > 0 && !explained ? 'needs_explanation' : 'accepted';
    const submission = this.store.addSubmission({
      unitId: unit.id,
      bytes,
      fileName: clientName.slice(0, 200),
      kind,
      readable,
      status,
      findings,
      ...(explained && warnings > 0 ? { explanation: explained } : {}),
      receivedAt,
    });
    return { status, statusLabel: statusLabel[status], version: submission.version, findings, submission };
  }

  /**
   * What `nianbao check` says of the file, plus what consolidation would say of it as this unit's submission
   * (the library's decideSubmissions with this unit as the roster): another format or report year is an error, a
   * workbook naming another unit a warning. Lateness is the portal's own (time received against --deadline).
   */
  private judge(r: Awaited<ReturnType<typeof readAndCheck>>, unit: Unit, clientName: string): Finding[] {
    if (!r.ok || !r.report) return [unreadableFinding(r.file, r.error ?? fileFailure('READ_FAILED', { name: path.basename(r.file) }))];
    const report = r.report;
    const decided = decideSubmissions(
      [
        {
          // the name the unit knows the file by (text only): the stored file is named after the unit, and matching
          // by file name would always find it
          file: clientName.trim() || '上传的文件',
          ok: true,
          format: report.format,
          reportYear: report.reportYear,
          ...(report.unit.name ? { unitName: report.unit.name } : {}),
          ...(report.unit.code ? { unitCode: report.unit.code } : {}),
        },
      ],
      { reportYear: this.o.year, format: formatForYear(this.o.year).id, roster: [unit.code ? { name: unit.name, code: unit.code } : { name: unit.name }] },
    );
    const asSubmission = decided.findings.filter((f) => submissionCodes.has(f.code));
    return [...asSubmission, ...r.findings];
  }

  /**
   * The marked-up copy of a stored version (the feedback writer of `check --feedback`): the unit's workbook with the
   * finding cells filled and noted and a 审核意见 sheet, or that sheet alone for a file that could not be marked up.
   */
  async feedbackCopy(unit: Unit, s: Submission): Promise<{ bytes: Buffer; name: string }> {
    const displayName = `${safeFileNamePart(unit.name) || '单位'}${extensionFor(s.kind)}`;
    const copy = await writeFeedbackCopy(
      { file: this.store.filePath(s.sha256), bytes: this.store.readFile(s.sha256), fileName: displayName, unit: unit.name, readable: s.readable, findings: this.store.findings(s.id) },
      { checkedAt: new Date(s.receivedAt) },
    );
    return { bytes: copy.bytes, name: `${safeFileNamePart(unit.name) || '单位'}-第${s.version}版-审核意见.xlsx` };
  }

  explain(unit: Unit, version: number, text: string): Submission | undefined {
    const s = this.store.submissionOf(unit.id, version);
    if (!s || s.status !== 'needs_explanation' || !text.trim()) return undefined;
    return this.store.explain(s.id, text.trim().slice(0, 4000), this.now());
  }

  returnSubmission(submissionId: number, note: string): Submission | undefined {
    const s = this.store.submission(submissionId);
    if (!s) return undefined;
    return this.store.returnSubmission(s.id, note.trim().slice(0, 4000), this.now());
  }

  isLate(at: Date | undefined): boolean {
    if (!this.o.deadline) return false;
    return (at ?? this.now()) > endOfDay(this.o.deadline);
  }

  unitState(unit: Unit): UnitState {
    const history = this.store.history(unit.id);
    const latest = history[0];
    // the newest accepted version counts, unless the office sent back a newer one: 退回 sends back the unit's report,
    // so an older version does not silently take its place
    const returned = history.findIndex((s) => s.status === 'returned');
    const accepted = (returned < 0 ? history : history.slice(0, returned)).find((s) => s.status === 'accepted');
    // late: the first accepted version came after the deadline, or none yet and the deadline has passed
    const firstAccepted = [...history].reverse().find((s) => s.status === 'accepted');
    const late = this.isLate(firstAccepted ? new Date(firstAccepted.receivedAt) : undefined) && (firstAccepted !== undefined || this.isLate(undefined));
    const status = latest?.status ?? 'none';
    return {
      unit,
      status,
      statusLabel: statusLabel[status],
      late,
      ...(latest ? { latest } : {}),
      ...(accepted ? { accepted } : {}),
      versions: history.length,
    };
  }

  statusTable(): UnitState[] {
    return this.store.units().map((u) => this.unitState(u));
  }

  counts(): Record<SubmissionStatus | 'none' | 'late', number> {
    const c = { none: 0, failed: 0, needs_explanation: 0, accepted: 0, returned: 0, late: 0 };
    for (const s of this.statusTable()) {
      c[s.status]++;
      if (s.late) c.late++;
    }
    return c;
  }

  /** The newest accepted workbook of every unit, under the units' names. */
  acceptedFiles(): { unit: Unit; submission: Submission; name: string }[] {
    const rows = this.statusTable().filter((s) => s.accepted);
    const names = uniqueFileNames(rows.map((s) => `${safeFileNamePart(s.unit.name) || '单位'}${extensionFor(s.accepted!.kind)}`));
    return rows.map((s, i) => ({ unit: s.unit, submission: s.accepted!, name: names[i]! }));
  }

  acceptedZip(): Buffer {
    const entries: Record<string, Uint8Array> = {};
    for (const f of this.acceptedFiles()) entries[f.name] = this.store.readFile(f.submission.sha256);
    return Buffer.from(zipSync(entries, { level: 0 }));
  }

  consolidationJob(): ConsolidationJob {
    return { ...this.job, outputs: [...this.job.outputs] };
  }

  /** Outputs of the last consolidation, by file name (the office downloads them by name from this list only). */
  outputPath(name: string): string | undefined {
    const found = this.job.outputs.find((p) => path.basename(p) === name);
    return found;
  }

  /** Starts consolidating the newest accepted versions (the library's `consolidate`, same outputs as the CLI). */
  startConsolidation(): ConsolidationJob {
    if (this.job.state === 'running') return this.consolidationJob();
    const files = this.acceptedFiles();
    this.job = { state: 'running', done: 0, total: files.length, outputs: [], startedAt: this.now().toISOString() };
    void this.runConsolidation(files).catch((err: unknown) => {
      this.job = { ...this.job, state: 'failed', message: err instanceof Error ? err.message : String(err) };
    });
    return this.consolidationJob();
  }

  private async runConsolidation(files: { submission: Submission; name: string }[]): Promise<void> {
    if (files.length === 0) {
      this.job = { ...this.job, state: 'failed', message: '还没有任何单位的报送被接受，无法汇总。' };
      return;
    }
    const dir = this.store.tempDir();
    try {
      for (const f of files) linkSync(this.store.filePath(f.submission.sha256), path.join(dir, f.name));
      const outDir = path.join(this.o.dataDir, '汇总');
      const base = path.join(outDir, `${safeFileNamePart(this.o.region)}${this.o.year}年度汇总`);
      const { mkdir } = await import('node:fs/promises');
      await mkdir(outDir, { recursive: true });
      const result = await consolidate({
        inputs: [dir],
        year: this.o.year,
        region: this.o.region,
        out: `${base}.xlsx`,
        json: `${base}.json`,
        csv: `${base}.csv`,
        roster: this.store.units().map((u) => (u.code ? { name: u.name, code: u.code } : { name: u.name })),
        // the outputs are the portal's own, made again from the newest accepted versions each time
        force: true,
        ...(this.o.deadline ? { deadline: this.o.deadline } : {}),
        now: this.now(),
        onFile: (_f, done, total) => {
          this.job = { ...this.job, done, total };
        },
      });
      const errors = result.findings.filter((f) => f.severity === 'error').length;
      this.store.audit('admin', 'consolidated', JSON.stringify({ units: files.length }));
      this.job = {
        ...this.job,
        state: 'done',
        done: files.length,
        outputs: result.written,
        message: `已汇总 ${result.counts.included} 个单位；发现错误 ${errors} 个。`,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

export const unitLink = (baseUrl: string, token: string): string => `${baseUrl}/u#${token}`;
export const adminLink = (baseUrl: string, token: string): string => `${baseUrl}/admin#${token}`;
