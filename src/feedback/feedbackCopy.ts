/**
 * The feedback writer as a library call: a unit's file and what the check found → the workbook to send back.
 * - an .xlsx (or .xlsm) is marked up in place (markup.ts);
 * - an .xls/.et/.ods/.xlsb is converted by LibreOffice to .xlsx first and the copy made from that (the 审核意见 sheet
 *   says so, and asks the unit to send the corrected copy back as .xlsx);
 * - a file that cannot be read, a text/HTML/Word/PDF report, or a package we cannot edit safely gets the 审核意见
 *   sheet alone, saying why.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../findings/finding.js';
import { convertToXlsx, findSoffice, type ConvertibleKind } from '../grid/convert.js';
import { defaultMaxBytes, readFileCapped, sniffBytes } from '../grid/sniff.js';
import { MarkupUnsupported } from './xmlParts.js';
import { markUpWorkbook, opinionWorkbook } from './markup.js';
import { feedbackResult, type FeedbackDocument, type FeedbackResult } from './opinion.js';

export interface FeedbackInput {
  /** the unit's file (read here unless `bytes` are given) */
  file: string;
  bytes?: Uint8Array;
  /** the name the 审核意见 sheet shows (default: the file's base name) */
  fileName?: string;
  unit?: string;
  /** false when the file could not be read at all */
  readable: boolean;
  findings: readonly Finding[];
  /** lines for the 审核意见 sheet about this file (its submission history, …) */
  notes?: readonly string[];
}

export interface FeedbackCopyOptions {
  checkedAt?: Date;
  /** an .xlsx LibreOffice already made of this legacy file (saves a second conversion) */
  convertedXlsx?: Uint8Array;
}

export type FeedbackCopyKind = 'marked' | 'markedFromConversion' | 'opinionOnly';

export interface FeedbackCopyResult {
  bytes: Buffer;
  kind: FeedbackCopyKind;
  result: FeedbackResult;
  /** the cells that carry a fill and a note, as `sheet!A1` */
  markedCells: string[];
  /** what the 审核意见 sheet says about the copy itself (converted, could not be marked up, …) */
  notes: string[];
}

const publishedKinds: Record<string, string> = {
  '.txt': '文本', '.md': '文本', '.markdown': '文本', '.text': '文本',
  '.html': '网页', '.htm': '网页', '.xhtml': '网页',
  '.doc': 'Word', '.docx': 'Word', '.wps': 'Word', '.pdf': 'PDF', '.json': '数据（JSON）',
};
const legacy: Partial<Record<string, ConvertibleKind>> = { xls: 'xls', ods: 'ods', xlsb: 'xlsb' };
const legacyName: Record<ConvertibleKind, string> = { xls: 'Excel 97-2003（.xls）或 WPS（.et）', ods: 'OpenDocument（.ods）', xlsb: 'Excel 二进制（.xlsb）' };

async function convertOne(file: string, kind: ConvertibleKind): Promise<Uint8Array | string> {
  if (!findSoffice()) return '本机没有 LibreOffice，无法转换';
  const conversion = await convertToXlsx([{ file, kind }]);
  try {
    const outcome = conversion.outcomes.get(file);
    if (!outcome?.ok) return outcome?.detail ?? '转换失败';
    return await readFile(outcome.xlsx);
  } finally {
    await conversion.cleanup();
  }
}

/** The workbook to send back to the unit for one checked file. Never changes the unit's file. */
export async function writeFeedbackCopy(input: FeedbackInput, o: FeedbackCopyOptions = {}): Promise<FeedbackCopyResult> {
  const fileName = input.fileName ?? path.basename(input.file);
  const doc: FeedbackDocument = {
    fileName,
    ...(input.unit ? { unit: input.unit } : {}),
    readable: input.readable,
    findings: input.findings,
    checkedAt: o.checkedAt ?? new Date(),
  };
  const result = feedbackResult(input.findings, input.readable);
  const given = input.notes ?? [];
  const opinionOnly = (more: string[]): FeedbackCopyResult => {
    const notes = [...given, ...more];
    return { bytes: opinionWorkbook({ ...doc, notes }), kind: 'opinionOnly', result, markedCells: [], notes };
  };
  if (!input.readable) return opinionOnly([]);
  const published = publishedKinds[path.extname(fileName).toLowerCase()];
  if (published) {
    return opinionOnly([`报送的是${published}格式的年度报告，无法在原文件上标注；问题所在位置见下表（行号指原文的行）。建议按下发的 Excel 模板填报统计表。`]);
  }
  let bytes: Uint8Array;
  try {
    bytes = input.bytes ?? (await readFileCapped(input.file, defaultMaxBytes));
  } catch (err) {
    return opinionOnly([`读取原文件失败（${err instanceof Error ? err.message : String(err)}），未能在原文件上标注。`]);
  }
  const kind = sniffBytes(bytes);
  const notes: string[] = [...given];
  let copyKind: FeedbackCopyKind = 'marked';
  const legacyKind = legacy[kind];
  if (legacyKind) {
    const converted = o.convertedXlsx ?? (await convertOne(input.file, legacyKind));
    if (typeof converted === 'string') return opinionOnly([`原文件是 ${legacyName[legacyKind]} 格式，${converted}，未能在原文件上标注。`]);
    bytes = converted;
    copyKind = 'markedFromConversion';
    notes.push(`原文件是 ${legacyName[legacyKind]} 格式，本副本由 LibreOffice 转换为 .xlsx 后标注（转换可能丢失冻结窗格和字体），请在本副本上修改，并以 .xlsx 格式重新报送。`);
  } else if (kind !== 'xlsx' && kind !== 'zip') {
    return opinionOnly(['原文件不是 Excel 工作簿，无法在原文件上标注。']);
  }
  try {
    const copy = markUpWorkbook(bytes, { ...doc, notes });
    return { bytes: copy.bytes, kind: copyKind, result, markedCells: copy.markedCells, notes };
  } catch (err) {
    if (!(err instanceof MarkupUnsupported)) throw err;
    return opinionOnly([...notes.slice(given.length), `未能在原文件上直接标注（${err.message}），问题清单见下表，请对照原文件修改。`]);
  }
}
