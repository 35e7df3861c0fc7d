/**
 * The 审核意见 sheet and the feedback marker sheet as SpreadsheetML, with inline strings (so the unit's shared
 * strings part is never touched) and internal hyperlinks (a `location`, no relationship needed).
 */
import { format as formatDate } from 'date-fns/format';
import { version } from '../version.js';
import { feedbackSheetName, markerComment, markerKey, markerKinds, type MarkerField } from '../workbook/contract.js';
import {
  actionFor,
  countsText,
  feedbackCounts,
  feedbackResult,
  feedbackResultLabel,
  orderedFindings,
  severityWord,
  splitCellRef,
  type FeedbackDocument,
} from './opinion.js';
import { MAIN_NS, REL_NS, columnLetters, escapeXml } from './xmlParts.js';

/** Style indexes (cellXfs) the sheet uses, added to the workbook's styles by the caller. */
export interface OpinionStyles {
  title: number;
  label: number;
  header: number;
  text: number;
  link: number;
  error: number;
  warning: number;
}

type Cell = { text: string | number; style?: number; link?: string };

function cellXml(column: number, row: number, cell: Cell): string {
  const r = `${columnLetters(column)}${row}`;
  const s = cell.style !== undefined ? ` s="${cell.style}"` : '';
  if (typeof cell.text === 'number') return `<c r="${r}"${s}><v>${cell.text}</v></c>`;
  if (cell.text === '') return cell.style !== undefined ? `<c r="${r}"${s}/>` : '';
  return `<c r="${r}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(cell.text)}</t></is></c>`;
}

/** `'三、依申请公开'!J14`: a hyperlink location always quotes the sheet name, which every reader accepts. */
function location(sheet: string, cell: string): string {
  return `'${sheet.replace(/'/g, "''")}'!${cell}`;
}

/** Cells listed per finding row, each its own link; longer lists end with a count. */
const maxLinkedCells = 40;

export interface OpinionSheetOptions {
  styles: OpinionStyles;
  /** sheets that exist in the workbook: only cells on them become links */
  linkableSheets: ReadonlySet<string>;
}

export function opinionSheetXml(doc: FeedbackDocument, o: OpinionSheetOptions): string {
  const st = o.styles;
  const counts = feedbackCounts(doc.findings);
  const result = feedbackResult(doc.findings, doc.readable);
  const rows: Cell[][] = [];
  const hyperlinks: string[] = [];
  rows.push([{ text: feedbackSheetName, style: st.title }]);
  rows.push([{ text: '单位', style: st.label }, { text: doc.unit ?? '（未能读出单位名称）', style: st.text }]);
  rows.push([{ text: '报送文件', style: st.label }, { text: doc.fileName, style: st.text }]);
  rows.push([
    { text: '审核结果', style: st.label },
    { text: feedbackResultLabel[result], style: result === 'passed' ? st.text : result === 'needsChanges' ? st.error : st.error },
  ]);
  rows.push([{ text: '问题数', style: st.label }, { text: countsText(counts), style: st.text }]);
  rows.push([{ text: '审核时间', style: st.label }, { text: formatDate(doc.checkedAt, 'yyyy-MM-dd HH:mm'), style: st.text }]);
  const how =
    result === 'unreadable'
      ? '文件无法读取，原因见下表；请按要求处理后重新报送。'
      : '下表每一行是一个问题；点击“单元格”一列可跳到该单元格。有问题的单元格已标色（错误：红色，警告：橙色），鼠标移到单元格上可看批注。改正（或在“情况说明”表中说明警告的原因）后，直接用本文件重新报送即可，本表不必删除。';
  rows.push([{ text: '说明', style: st.label }, { text: how, style: st.text }]);
  for (const note of doc.notes ?? []) rows.push([{ text: '注意', style: st.label }, { text: note, style: st.text }]);
  rows.push([]);
  const headerRow = rows.length + 1;
  rows.push(['序号', '类别', '代码', '问题', '处理要求', '单元格'].map((text) => ({ text, style: st.header })));
  orderedFindings(doc.findings).forEach((f, i) => {
    const rowNumber = rows.length + 1;
    const row: Cell[] = [
      { text: i + 1, style: st.text },
      { text: f.code === 'EXPLAINED' ? '已说明' : severityWord[f.severity], style: f.severity === 'error' ? st.error : f.severity === 'warning' ? st.warning : st.text },
      { text: f.code, style: st.text },
      { text: f.message, style: st.text },
      { text: actionFor(f, doc.readable), style: st.text },
    ];
    const cells = f.cells.slice(0, maxLinkedCells);
    cells.forEach((ref, k) => {
      const split = splitCellRef(ref);
      const column = 6 + k;
      if (split && o.linkableSheets.has(split.sheet)) {
        row.push({ text: `${split.sheet}!${split.cell}`, style: st.link });
        const target = location(split.sheet, split.cell);
        hyperlinks.push(
          `<hyperlink ref="${columnLetters(column)}${rowNumber}" location="${escapeXml(target)}" display="${escapeXml(`${split.sheet}!${split.cell}`)}"/>`,
        );
      } else {
        row.push({ text: ref, style: st.text });
      }
    });
    if (f.cells.length > maxLinkedCells) row.push({ text: `等共 ${f.cells.length} 个单元格`, style: st.text });
    if (f.cells.length === 0) row.push({ text: '（整份文件）', style: st.text });
    rows.push(row);
  });
  if (doc.findings.length === 0) rows.push([{ text: '', style: st.text }, { text: '未发现问题。', style: st.text }]);

  const widestRow = Math.max(6, ...rows.map((r) => r.length));
  const widths = [8, 10, 22, 60, 36, ...Array.from({ length: widestRow - 5 }, () => 20)];
  const cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
  const sheetData = rows
    .map((cells, i) => {
      const r = i + 1;
      const content = cells.map((c, k) => cellXml(k + 1, r, c)).join('');
      return content ? `<row r="${r}">${content}</row>` : '';
    })
    .join('');
  const merges = rows
    .slice(1, headerRow - 2)
    .map((_r, i) => `<mergeCell ref="B${i + 2}:F${i + 2}"/>`)
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    `<sheetPr><tabColor rgb="FFC00000"/><pageSetUpPr fitToPage="1"/></sheetPr>` +
    `<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="${headerRow}" topLeftCell="A${headerRow + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A${headerRow + 1}" sqref="A${headerRow + 1}"/></sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/>` +
    `<cols>${cols}</cols>` +
    `<sheetData>${sheetData}</sheetData>` +
    (merges ? `<mergeCells count="${headerRow - 3}">${merges}</mergeCells>` : '') +
    (hyperlinks.length > 0 ? `<hyperlinks>${hyperlinks.join('')}</hyperlinks>` : '') +
    `<printOptions gridLines="1"/>` +
    `<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>` +
    `<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>` +
    `</worksheet>`
  );
}

export interface MarkerFields {
  sourceFile: string;
  checkedAt: Date;
  result: string;
  /** sha256 over every other part of the package (see `packageDigest`) */
  digest: string;
}

/** The very-hidden marker sheet: key/value rows saying this workbook is a nianbao feedback copy. */
export function markerSheetXml(m: MarkerFields): string {
  const values: Record<MarkerField, string> = {
    kind: markerKinds.copy,
    generatorVersion: version,
    sourceFile: m.sourceFile,
    checkedAt: m.checkedAt.toISOString(),
    result: m.result,
    digest: m.digest,
  };
  const rows = (Object.keys(markerKey) as MarkerField[])
    .map((k, i) => `<row r="${i + 1}">${cellXml(1, i + 1, { text: markerKey[k] })}${cellXml(2, i + 1, { text: values[k] })}</row>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${markerComment}<worksheet xmlns="${MAIN_NS}"><sheetData>${rows}</sheetData></worksheet>`;
}
