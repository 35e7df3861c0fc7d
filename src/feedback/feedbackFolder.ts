/**
 * `--feedback DIR`: one 审核意见 copy per checked file, named after the unit and the date, and the roster-wide
 * 审核情况.xlsx, all in DIR. Nothing is written unless every name is free: an existing file is never overwritten
 * (unless `force`), and a file the user handed in never is, even with `force`.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { format as formatDate } from 'date-fns/format';
import type { Finding } from '../findings/finding.js';
import { convertToXlsx, findSoffice, type ConvertibleKind } from '../grid/convert.js';
import { defaultMaxBytes, readFileCapped, sniffBytes } from '../grid/sniff.js';
import { refuseOutputAmongInputs, writeAtomically } from '../io/atomicWrite.js';
import { checkOutputFolder, makeFolder, refuseExistingOutputs } from '../io/outputPaths.js';
import { writeFeedbackCopy, type FeedbackCopyKind } from './feedbackCopy.js';
import type { FeedbackResult } from './opinion.js';
import { feedbackSummaryName, feedbackSummaryWorkbook } from './summary.js';

export interface FeedbackFileInput {
  file: string;
  unit?: string;
  unitCode?: string;
  /** false when the file could not be read (default true) */
  readable?: boolean;
  findings: readonly Finding[];
  /** resubmission history shown in 审核情况 */
  history?: string;
}

export interface FeedbackFolderOptions {
  /** the files the run read (never overwritten) */
  inputs?: readonly string[];
  /** replace existing files of the same names in DIR */
  force?: boolean;
  checkedAt?: Date;
  /** roster units that sent nothing */
  missing?: readonly { name: string; code?: string }[];
  title?: string;
}

export interface FeedbackFolderResult {
  dir: string;
  copies: { file: string; copy: string; kind: FeedbackCopyKind; result: FeedbackResult; markedCells: string[] }[];
  summary: string;
}

/** Characters Windows and macOS do not allow in a file name. */
const unsafe = /[\\/:*?"<>|\u0000-\u001f]/g;

export function copyNameFor(unit: string | undefined, file: string, when: Date): string {
  const stem = (unit?.trim() || path.basename(file, path.extname(file))).replace(unsafe, '_').slice(0, 80);
  return `${stem}_审核意见_${formatDate(when, 'yyyyMMdd')}.xlsx`;
}

/** Names for every file, the same unit twice (a resubmission among inputs) told apart by its file name. */
function plannedNames(files: readonly FeedbackFileInput[], when: Date): string[] {
  const names = files.map((f) => copyNameFor(f.unit, f.file, when));
  const uses = new Map<string, number>();
  for (const name of names) uses.set(name, (uses.get(name) ?? 0) + 1);
  const taken = new Set<string>();
  return names.map((name, i) => {
    let candidate = uses.get(name)! > 1 ? copyNameFor(`${files[i]!.unit ?? ''}_${path.basename(files[i]!.file, path.extname(files[i]!.file))}`, files[i]!.file, when) : name;
    for (let k = 2; taken.has(candidate); k += 1) candidate = name.replace(/\.xlsx$/, `(${k}).xlsx`);
    taken.add(candidate);
    return candidate;
  });
}

const legacyKinds: Partial<Record<string, ConvertibleKind>> = { xls: 'xls', ods: 'ods', xlsb: 'xlsb' };

export async function writeFeedbackFolder(dir: string, files: readonly FeedbackFileInput[], o: FeedbackFolderOptions = {}): Promise<FeedbackFolderResult> {
  const when = o.checkedAt ?? new Date();
  const names = plannedNames(files, when);
  const targets = [...names, feedbackSummaryName].map((n) => path.join(dir, n));
  for (const t of targets) refuseOutputAmongInputs(t, [...(o.inputs ?? []), ...files.map((f) => f.file)]);
  await checkOutputFolder(dir);
  await refuseExistingOutputs(targets, o.force, '审核意见文件');
  await makeFolder(dir);

  // every legacy file converted in one LibreOffice run
  const legacy: { file: string; kind: ConvertibleKind }[] = [];
  for (const f of files) {
    if (f.readable === false) continue;
    const kind = await readFileCapped(f.file, defaultMaxBytes).then((b) => legacyKinds[sniffBytes(b)], () => undefined);
    if (kind) legacy.push({ file: f.file, kind });
  }
  const conversion = legacy.length > 0 && findSoffice() ? await convertToXlsx(legacy) : undefined;
  const copies: FeedbackFolderResult['copies'] = [];
  try {
    for (const [i, f] of files.entries()) {
      const outcome = conversion?.outcomes.get(f.file);
      const convertedXlsx = outcome?.ok ? await readFileCapped(outcome.xlsx, defaultMaxBytes) : undefined;
      const copy = await writeFeedbackCopy(
        { file: f.file, ...(f.unit ? { unit: f.unit } : {}), readable: f.readable !== false, findings: f.findings, ...(f.history ? { notes: [f.history] } : {}) },
        { checkedAt: when, ...(convertedXlsx ? { convertedXlsx } : {}) },
      );
      const target = targets[i]!;
      await writeAtomically(target, (tmp) => writeFile(tmp, copy.bytes));
      copies.push({ file: f.file, copy: target, kind: copy.kind, result: copy.result, markedCells: copy.markedCells });
    }
  } finally {
    await conversion?.cleanup();
  }
  const summaryPath = targets[targets.length - 1]!;
  const summary = await feedbackSummaryWorkbook(
    files.map((f, i) => ({
      ...(f.unit ? { unit: f.unit } : {}),
      ...(f.unitCode ? { unitCode: f.unitCode } : {}),
      file: path.basename(f.file),
      readable: f.readable !== false,
      findings: f.findings,
      copy: names[i]!,
      ...(f.history ? { history: f.history } : {}),
    })),
    { checkedAt: when, ...(o.missing ? { missing: o.missing } : {}), ...(o.title ? { title: o.title } : {}) },
  );
  await writeAtomically(summaryPath, (tmp) => writeFile(tmp, summary));
  return { dir, copies, summary: summaryPath };
}

