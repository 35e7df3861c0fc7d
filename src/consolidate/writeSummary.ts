/**
 * The summary workbook (issue 4), written with exceljs's streaming WorkbookWriter so that the per-unit rows of a
 * province are committed to disk as they are written instead of held:
 *
 *   汇总说明 · the three official tables (the template's own writer, filled with the region's totals) ·
 *   分单位明细 · 校验结果 · 报送情况 · 基本信息 · `_nianbao` (very hidden; marks the workbook as a summary)
 *
 * The file is written to a temporary path and renamed into place.
 */
import { writeFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
// the streaming writer alone, not the package's entry (which loads every part of exceljs): see exceljsWriter.d.ts
import WorkbookWriter from 'exceljs/lib/stream/xlsx/workbook-writer.js';
import { summarySheetNames } from '../workbook/contract.js';
import { beijingTime, chineseDate } from '../report/chinaTime.js';
import { writeTableSheets } from '../template/tableSheet.js';
import { writeBasicInfoSheet } from '../template/infoSheets.js';
import { writeMetadataSheet } from '../template/metadata.js';
import { allBorders, headerFill, labelFont, numberFormats, totalFill } from '../template/styles.js';
import { templateVersion, version } from '../version.js';
import { detailColumns, identityColumns } from './detailColumns.js';
import { severityLabels, type ConsolidationResult } from './result.js';
import { overviewLines } from './overview.js';

export { overviewLines };
import { writeAtomically } from '../io/atomicWrite.js';
import { detailRow, detailTotalsRow, exportTables, type ExportCell, type ExportTable } from '../export/table.js';
import { withBodies, type SheetBody } from './summaryBody.js';

export { beijingTime };

type Sheet = ExcelJS.Worksheet;

/** A4 with the margins of the official tables. */
const a4 = { paperSize: 9, margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 } } as const;
const pageFooter = { oddFooter: '&C第 &P 页，共 &N 页' };

/** A detail cell whose value is not what the unit stated (its own total differed, or money was rounded). */
const flaggedFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };

/**
 * One style object for every header cell: exceljs finds a style object it has seen before by identity, where styling
 * each cell field by field would make it serialise and look up a new style for each of the detail's 600 header cells.
 */
const headerStyle: Partial<ExcelJS.Style> = {
  font: labelFont(true),
  fill: headerFill,
  border: allBorders,
  alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
};

function headerRow(sheet: Sheet, values: (string | number)[], rowNumber?: number): ExcelJS.Row {
  const row = rowNumber ? sheet.getRow(rowNumber) : sheet.addRow([]);
  values.forEach((v, i) => {
    const cell = row.getCell(i + 1);
    cell.value = v;
    cell.style = headerStyle;
  });
  return row;
}

function writeOverview(wb: ExcelJS.Workbook, r: ConsolidationResult): void {
  const sheet = wb.addWorksheet(summarySheetNames.overview, {
    views: [{ showGridLines: false }],
    // A4, one page wide: the headline and the notes are merged across the three columns and wrap, never cut
    pageSetup: { ...a4, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.getColumn(1).width = 30;
  sheet.getColumn(2).width = 12;
  sheet.getColumn(3).width = 60;
  const [title, rule, line] = overviewLines(r);
  const wide = (text: string, font: Partial<ExcelJS.Font>, height: number) => {
    const row = sheet.addRow([text]);
    sheet.mergeCells(row.number, 1, row.number, 3);
    row.getCell(1).font = font;
    row.getCell(1).alignment = { wrapText: true, vertical: 'middle', horizontal: row.number === 1 ? 'center' : 'left' };
    row.height = height;
  };
  wide(title!, { ...labelFont(true), size: 14 }, 30);
  wide(rule!, { ...labelFont(true), color: { argb: 'FFC00000' } }, 36);
  wide(line!, labelFont(false), 36);
  sheet.addRow([]);
  headerRow(sheet, ['项目', '数量', '说明']);
  const c = r.counts;
  const countRows: [string, number | string, string][] = [
    ['名单内应报单位', c.expected ?? '—', c.expected === null ? '未提供报送名单（--roster）' : ''],
    ['收到文件', c.received, '每个文件的状态见“报送情况”'],
    ['成功读取', c.read, ''],
    ['无法读取', c.unreadable, ''],
    ['计入合计的单位', c.included, '同一单位多个文件只计一次'],
    ['有错误的单位', c.withErrors, r.excludeInvalid ? '已剔除，未计入合计' : '已计入合计（默认）'],
    ['已剔除的单位', c.excluded, r.excludeInvalid ? '--exclude-invalid' : '未使用 --exclude-invalid，不剔除'],
    ['重复报送的文件', c.duplicates, '采用哪一个文件及原因见“报送情况”'],
    ['混在报送文件中的汇总表', c.summariesAmongUnits, '汇总表不与单位报表一起计入合计，见“报送情况”'],
    ['格式不符的文件', c.otherFormat, '使用另一版统计表，未计入合计'],
    ['不在名单内的单位', c.notInRoster, '已计入合计，请核实名单'],
    ['逾期报送', c.late, `填报日期晚于 ${chineseDate(r.deadline)}${r.deadlineGiven ? '（--deadline）' : ''}`],
    ['未报送的名单内单位', c.missing, ''],
    ['已说明的警告', c.explainedWarnings, '单位在“情况说明”中说明了原因的警告，不再计为警告；说明内容见“校验结果”'],
  ];
  for (const row of countRows) sheet.addRow(row);
  sheet.addRow([]);
  headerRow(sheet, ['出现最多的问题（代码）', '次数', '示例']);
  for (const rule of r.topRules.slice(0, 10)) {
    const row = sheet.addRow([`${rule.code}（${severityLabels[rule.severity]}）`, rule.count, rule.example]);
    row.getCell(3).alignment = { wrapText: true, vertical: 'top' };
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  }
  if (r.topRules.length === 0) sheet.addRow(['（无）', 0, '']);
  sheet.addRow([]);
  const incomplete = [...r.tallies.entries()].filter(([, t]) => t.notSummable.length > 0);
  if (incomplete.length > 0) sheet.addRow(['不完整的合计数', incomplete.length, '有单位该项填写了文字或错误值，未计入合计；见“校验结果” SUM_INCOMPLETE']);
  if (r.disagreements.length > 0) {
    sheet.addRow(['单位自报合计与分项不符', r.disagreements.length, '汇总表的合计数一律按分项重新计算，不采用单位自报的合计数']);
  }
  sheet.addRow(['合计口径', '', '汇总表中的合计（总计）单元格均由分项之和重新计算；金额按万元精确到 4 位小数求和']);
  sheet.addRow(['生成时间', '', beijingTime(r.generatedAt)]);
  sheet.addRow(['生成程序', '', `nianbao ${version}（模板版本 ${templateVersion}，统计表 ${r.format.id} 版，${r.format.issuedBy}）`]);
  sheet.commit();
}

/**
 * 分单位明细. With `bodies`, a unit row without notes is not written through exceljs but handed to `bodies` (see
 * summaryBody.ts), which writes it as exceljs would; rows with notes and the totals row are exceljs's at their numbers.
 */
function writeDetail(wb: ExcelJS.Workbook, r: ConsolidationResult, bodies?: SheetBody[]): void {
  const columns = detailColumns(r.format);
  const first = identityColumns.length;
  const sheet = wb.addWorksheet(summarySheetNames.detail, {
    views: [{ state: 'frozen', xSplit: 2, ySplit: 3 }],
    // A4 landscape; every page repeats the header rows and the unit-name columns (printTitles below), so a page far to
    // the right still says whose row and which column it is
    pageSetup: { ...a4, orientation: 'landscape', scale: 60, printTitlesRow: '1:3', printTitlesColumn: 'A:B' },
    headerFooter: { ...pageFooter, oddHeader: `&L${r.region.replace(/&/g, '&&')} ${r.reportYear}年度&C${summarySheetNames.detail}` },
  });
  identityColumns.forEach((_, i) => (sheet.getColumn(i + 1).width = [6, 30, 22, 16, 8, 30][i] ?? 12));
  columns.forEach((_, i) => (sheet.getColumn(first + i + 1).width = 14));
  const h1 = headerRow(sheet, [...identityColumns.map((c) => c.label), ...columns.map((c) => c.rowLabel)], 1);
  h1.height = 60;
  h1.commit();
  const h2 = headerRow(sheet, [...identityColumns.map((c) => c.label), ...columns.map((c) => c.columnLabel)], 2);
  h2.height = 45;
  h2.commit();
  // the machine-readable keys, hidden: how `--previous` finds last year's figures of each unit
  const keys = sheet.getRow(3);
  keys.values = [...identityColumns.map((c) => c.key), ...columns.map((c) => c.spec.key)];
  keys.hidden = true;
  keys.commit();
  const formats = columns.map((c) => numberFormats[c.spec.domain]);
  // one style object per number format, shared by every cell that uses it: exceljs resolves a style object it has seen
  // before by identity, where a per-cell `numFmt` would be serialised and looked up again for each of a province's cells
  const sharedStyles = new Map(formats.map((f) => [f, { numFmt: f }]));
  const styles = formats.map((f) => sharedStyles.get(f)!);
  // and one per number format for a flagged cell (a style object made per flagged cell cost a serialisation each)
  const sharedFlagged = new Map(formats.map((f) => [f, { numFmt: f, fill: flaggedFill }]));
  const flaggedStyles = formats.map((f) => sharedFlagged.get(f)!);
  const plain: { row: number; values: ExportCell[] }[] = [];
  if (bodies) {
    bodies.push({
      sheet: summarySheetNames.detail,
      columns: first + columns.length,
      numbersFrom: first,
      rows: () => plain,
      style: (i) => (i >= first ? { numFmt: formats[i - first]! } : undefined),
    });
  }
  const rows = function* (): Generator<{ values: ExportCell[]; notes?: ReadonlyMap<number, string> }> {
    for (let n = 0; n < r.units.length; n++) yield detailRow(r, n);
    yield { values: detailTotalsRow(r) };
  };
  let rowNumber = 3;
  for (const { values, notes } of rows()) {
    rowNumber += 1;
    if (bodies && notes && notes.size === 0) {
      plain.push({ row: rowNumber, values });
      // an empty row committed: exceljs writes nothing for it but moves past it, so the next row it is given is never
      // far ahead (a row 10,000 ahead makes its row buffer sparse, and committing it then costs seconds)
      sheet.getRow(rowNumber).commit();
      continue;
    }
    const row = sheet.getRow(rowNumber);
    row.values = values;
    if (!notes) {
      // the totals row: the only one without a unit number
      // shared style objects again (see headerStyle): one for the labels, one per number format
      const label: Partial<ExcelJS.Style> = { font: labelFont(true), fill: totalFill };
      const totals = new Map(formats.map((f) => [f, { ...label, numFmt: f }]));
      row.eachCell((cell, col) => {
        cell.style = col > first ? totals.get(formats[col - first - 1]!)! : label;
      });
      columns.forEach((c, i) => {
        const t = r.tallies.get(c.spec.key);
        const parts = [
          ...(t && t.rounded.length > 0 ? [`含按四舍五入计入的金额：${t.rounded.slice(0, 10).join('、')}${t.rounded.length > 10 ? ' 等' : ''}。`] : []),
          ...(t && t.reasons.length > 0 ? [`未计入（不是可汇总的数字）：${t.reasons.slice(0, 10).join('、')}${t.reasons.length > 10 ? ' 等' : ''}。`] : []),
        ];
        if (parts.length > 0) row.getCell(first + i + 1).note = parts.join('\n');
      });
    } else {
      styles.forEach((style, i) => {
        const cell = row.getCell(first + i + 1);
        const note = notes.get(i);
        // a flagged cell takes the flagged style object: the plain one must not take the fill
        cell.style = note === undefined ? style : flaggedStyles[i]!;
        if (note !== undefined) cell.note = note;
      });
    }
    row.commit();
  }
  sheet.commit();
}

/** 校验结果 and 报送情况: the export table as a sheet, filterable, header frozen; with `bodies`, its rows go there. */
function writeListSheet(wb: ExcelJS.Workbook, name: string, table: ExportTable, widths: readonly number[], bodies?: SheetBody[]): void {
  const sheet = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { ...a4, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
    headerFooter: pageFooter,
  });
  widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.headers.length } };
  headerRow(sheet, table.headers).commit();
  const last = table.headers.length - 1;
  if (bodies) {
    bodies.push({
      sheet: name,
      columns: table.headers.length,
      rows: function* () {
        let row = 1;
        for (const values of table.rows()) yield { row: ++row, values };
      },
      // long notes wrap inside their column instead of running off the printed page
      style: (i) => (i === last ? { wrapTop: true } : undefined),
    });
  } else {
    for (const values of table.rows()) {
      const row = sheet.addRow(values);
      row.getCell(last + 1).alignment = { wrapText: true, vertical: 'top' };
      row.commit();
    }
  }
  sheet.commit();
}

export interface SummaryWriteOptions {
  /**
   * `direct` (default): the long sheets' plain rows written as SpreadsheetML text (summaryBody.ts); `exceljs`: every
   * row through exceljs, the reference the differential test compares the direct rows with.
   */
  rows?: 'direct' | 'exceljs';
}

/** Write the summary workbook to `path` (atomically). */
export async function writeSummaryWorkbook(r: ConsolidationResult, path: string, o: SummaryWriteOptions = {}): Promise<void> {
  const direct = (o.rows ?? 'direct') === 'direct';
  await writeAtomically(path, async (tmp) => {
    // the direct package is zipped once, by ZipWriter: exceljs's parts are collected as they are, not zipped
    const wb = direct ? new PartsWorkbookWriter() : new WorkbookWriter({ filename: tmp, useStyles: true, useSharedStrings: false });
    const bodies: SheetBody[] | undefined = direct ? [] : undefined;
    wb.creator = 'nianbao';
    wb.title = `${r.region}${r.reportYear}年度政府信息公开工作年度报告统计表汇总`;
    writeOverview(wb, r);
    // printed like the official form: no yellow input fill, region and year in the page header, protected
    const tableOptions = { protect: true, inputFill: false, pageHeaderLeft: `${r.region} ${r.reportYear}年度` };
    for (const sheet of writeTableSheets(wb, r.format, r.summary, tableOptions)) sheet.commit();
    const tables = exportTables(r);
    const table = (name: ExportTable['name']) => tables.find((t) => t.name === name)!;
    writeDetail(wb, r, bodies);
    writeListSheet(wb, summarySheetNames.findings, table('findings'), [22, 30, 14, 18, 22, 8, 64], bodies);
    writeListSheet(wb, summarySheetNames.submissions, table('submissions'), [34, 14, 8, 22, 22, 20, 14, 50], bodies);
    writeBasicInfoSheet(wb, r.reportYear, r.summary.unit).commit();
    const meta = writeMetadataSheet(wb, {
      format: r.format.id,
      templateVersion,
      reportYear: r.reportYear,
      unitName: r.region,
      unitCode: '',
      region: r.region,
      generatorVersion: version,
    }, { summary: true });
    meta.commit();
    await wb.commit();
    if (bodies && wb instanceof PartsWorkbookWriter) await writeFile(tmp, await withBodies(wb.parts(), bodies));
  });
}

/** What exceljs's workbook writer hands its zip: a part as text or bytes, or as its own stream of the part's bytes. */
type PartSource = string | Buffer | { on(event: 'finish', listener: () => void): unknown; read(): Buffer };

/**
 * Stands in for the archiver exceljs zips with: keeps each part as it comes, in order. exceljs's streams (a sheet,
 * its notes) are paused and keep what is written to them, which is read whole when they end; `finalize` ends the
 * writer's own stream, which is what exceljs waits for. Zipping the parts (stored) and unzipping them again before
 * ZipWriter compresses them took 30–40 ms of a 1000-unit summary.
 */
class PartCollector {
  readonly parts = new Map<string, string | Buffer>();

  constructor(private readonly end: () => void) {}

  append(source: PartSource, options: { name: string }): this {
    // exceljs names some parts with a leading slash, which a zip's names do not have
    const name = options.name.replace(/^\//, '');
    if (typeof source === 'string' || Buffer.isBuffer(source)) this.parts.set(name, source);
    else {
      this.parts.set(name, Buffer.alloc(0));
      source.on('finish', () => this.parts.set(name, source.read()));
    }
    return this;
  }

  pipe(): void {}

  on(): this {
    return this;
  }

  finalize(): void {
    this.end();
  }
}

const collectors = new WeakMap<object, PartCollector>();

/**
 * exceljs's streaming workbook writer whose parts are collected (`parts()`) instead of zipped: its constructor
 * assigns and uses `this.zip`, which this class answers with a `PartCollector` (kept outside the instance, since
 * the constructor uses it before any field of a subclass exists).
 */
class PartsWorkbookWriter extends WorkbookWriter {
  constructor() {
    super({ stream: new Writable({ write: (_chunk, _encoding, done) => done() }), useStyles: true, useSharedStrings: false });
  }

  get zip(): PartCollector {
    let collector = collectors.get(this);
    if (!collector) collectors.set(this, (collector = new PartCollector(() => (this as unknown as { stream: Writable }).stream.end())));
    return collector;
  }

  set zip(_archiver: unknown) {
    // exceljs's own archiver is not used
  }

  parts(): ReadonlyMap<string, string | Buffer> {
    return this.zip.parts;
  }
}
