/**
 * Who reports and for which year: the 基本信息 fields (label in one cell, value in the next non-empty cell to its
 * right, or `标签：值` in one cell), the metadata sheet, and in published text the title
 * (`嵩县科技和工业信息化局2020年政府信息公开工作年度报告`) and the statistics period sentence.
 */
import { reportTitleSuffix } from '../formats/index.js';
import { simplifyLabelChars } from '../formats/labelChars.js';
import { normaliseLabel } from '../formats/labels.js';
import { finding } from '../findings/factory.js';
import type { Finding } from '../findings/finding.js';
import { gridCell, type GridCell, type GridSheet, type GridWorkbook } from '../grid/grid.js';
import type { UnitInfo } from '../report/report.js';
import { basicInfoFields, basicInfoSheetName, isMetadataSheet, metadataKey, type BasicInfoKey, type GridMetadata } from '../workbook/contract.js';
import { isoDateOf } from '../extract/dateText.js';
import { cellText } from './labelIndex.js';
import { findingSheet, placeRef } from './location.js';
import { readPublication, yearFromPublication } from './publication.js';

export interface StatedInfo {
  unit: UnitInfo;
  /** the report year the source states, null when it says nothing */
  statedYear: number | null;
  findings: Finding[];
}

interface FieldValue {
  sheet: GridSheet;
  cell: GridCell;
  /** the value text when label and value share one cell */
  inline?: string;
}

const fieldNorms = basicInfoFields.map((f) => ({ ...f, norm: normaliseLabel(f.label), withColon: `${normaliseLabel(f.label)}:` }));
/** The field labels as our template writes them, already normalised: most label cells need no normalising. */
const fieldLabelNorms = new Map<string, string>(fieldNorms.map((f) => [f.label, f.norm.replace(/^\*+/, '')]));
/** How far right of its label a value may be. */
const maxValueDistance = 10;

/** A label's normalised form without the `*` of a required field (`*单位名称`). */
function starless(text: string): string {
  return fieldLabelNorms.get(text) ?? normaliseLabel(text).replace(/^\*+/, '');
}

function findFields(grid: GridWorkbook): Map<BasicInfoKey, FieldValue> {
  const found = new Map<BasicInfoKey, FieldValue>();
  const sheets = grid.sheets.filter((s) => !isMetadataSheet(s));
  const ordered = [...sheets.filter((s) => s.name === basicInfoSheetName), ...sheets.filter((s) => s.name !== basicInfoSheetName)];
  for (const sheet of ordered) {
    const cells = [...sheet.cells.values()].sort((a, b) => a.row - b.row || a.col - b.col);
    for (const cell of cells) {
      if (typeof cell.value === 'number') continue;
      const text = cellText(cell);
      if (text.length > 40) continue;
      const norm = starless(text);
      // the label without a trailing colon (`单位名称：`)
      const form = norm.replace(/[:：]+$/, '');
      for (const field of fieldNorms) {
        if (found.has(field.key)) continue;
        if (form === field.norm) {
          found.set(field.key, valueRightOf(sheet, cell) ?? { sheet, cell, inline: '' });
        } else if (norm.startsWith(field.withColon)) {
          const inline = text.slice(text.search(/[:：]/) + 1).trim();
          found.set(field.key, { sheet, cell, inline });
        }
      }
    }
    if (found.size === fieldNorms.length) break;
  }
  return found;
}

/** Where a field was found (named only for the fields whose reading can go wrong). */
function fieldRef(grid: GridWorkbook, v: FieldValue): string {
  return placeRef(grid, v.sheet, v.cell.row, v.cell.col);
}

function valueRightOf(sheet: GridSheet, label: GridCell): FieldValue | undefined {
  for (let col = label.col + 1; col <= label.col + maxValueDistance; col++) {
    const cell = gridCell(sheet, label.row, col);
    if (cell && cellText(cell).trim() !== '') return { sheet, cell };
  }
  return undefined;
}

function yearOf(v: FieldValue): number | undefined {
  if (v.inline === undefined && typeof v.cell.value === 'number') return Number.isInteger(v.cell.value) ? v.cell.value : undefined;
  const m = /^(\d{4})(?:年度?)?$/.exec((v.inline ?? cellText(v.cell)).normalize('NFKC').replace(/\s+/g, ''));
  return m ? Number(m[1]) : undefined;
}

/**
 * A report's title as units write it: the unit and the year in either order (`某某局2022年度…`, `2022年某某局…`), `关于`
 * before or after the unit, `工作`/`的` present or not (`…政府信息公开年度报告`, `…公开工作的年度报告`), the year absent.
 * The whole line must be the title, so a sentence that mentions the report is not taken for it.
 */
const titleWords = `${reportTitleSuffix.replace(/^年/, '').replace('工作年度报告', '')}(?:工作)?的?年度报告`;
const titlePattern = new RegExp(`^(?:关于)?(?:(\\d{4})年度?)?(.*?)(?:关于)?(?:(\\d{4})年度?)?(?:关于)?${titleWords}$`);
/**
 * What a unit's name cannot be: a sentence (punctuation, a long run of words), or the rest of a title whose year
 * stands in a field of its own (`年政府信息公开…` after a PDF's `2020`), which the joined line reads instead.
 */
const notAUnit = /[，。；：！？、,.;:!?“”"（）()]|^.{41,}$|^[年度]|^.$/;
/** a line that is a unit's name alone, above a title that names none (`某某县市场监督管理局` / `2022年政府信息公开工作年度报告`) */
const unitLine = /^[^，。；：！？,.;:!?\d]{2,40}(?:局|厅|委|委员会|办|办公室|政府|中心|院|所|站|馆|队|处|会|街道|街道办事处|镇|乡|部|署|社|公司)$/;
const periodPattern = /(\d{4})年1月1日(?:起)?至(\d{4})年12月31日/;

export function readUnitInfo(grid: GridWorkbook, metadata?: GridMetadata): StatedInfo {
  const file = grid.source.file;
  const findings: Finding[] = [];
  const unit: UnitInfo = {};
  const years: { year: number; where: string }[] = [];
  const fields = findFields(grid);
  for (const [key, v] of fields) {
    const text = (v.inline ?? cellText(v.cell)).trim();
    if (text === '') continue;
    if (key === 'reportYear') {
      const year = yearOf(v);
      if (year !== undefined) years.push({ year, where: `${basicInfoSheetName}（${fieldRef(grid, v)}）` });
      else {
        findings.push(finding('REPORT_YEAR_UNREADABLE', { text }, { file, ...findingSheet(grid, v.sheet), cells: [fieldRef(grid, v)], actual: text }));
      }
    } else if (key === 'filledDate') {
      const iso = v.inline !== undefined ? isoDateOf({ ...v.cell, value: v.inline, text: v.inline }) : isoDateOf(v.cell);
      if (iso) unit.filledDate = iso;
      else {
        findings.push(finding('DATE_UNREADABLE', { text }, { file, ...findingSheet(grid, v.sheet), cells: [fieldRef(grid, v)], actual: text }));
      }
    } else {
      unit[key] = text;
    }
  }
  if (metadata) {
    unit.name ??= nonEmpty(metadata.get(metadataKey.unitName));
    unit.code ??= nonEmpty(metadata.get(metadataKey.unitCode));
    unit.region ??= nonEmpty(metadata.get(metadataKey.region));
    const y = Number(metadata.get(metadataKey.reportYear));
    if (Number.isInteger(y) && y > 0) years.push({ year: y, where: '模板元数据' });
  }
  // published text: the title and the statistics period
  if (grid.source.kind !== 'xlsx' || years.length === 0) {
    let titleSeen = false;
    let periodSeen = false;
    for (const sheet of grid.sheets) {
      if (isMetadataSheet(sheet)) continue;
      let previousLine = '';
      let lineRow = -1;
      let lineText = '';
      for (const { cell, whole } of titleCandidates(sheet, grid.source.kind !== 'xlsx')) {
        if (titleSeen && periodSeen) break;
        if (cell.row !== lineRow) {
          if (lineText.trim() !== '') previousLine = lineText;
          lineRow = cell.row;
          lineText = '';
        }
        lineText = whole ?? (lineText === '' ? cellText(cell) : lineText);
        if (typeof cell.value === 'number' && whole === undefined) continue;
        const text = (whole ?? cellText(cell)).normalize('NFKC').replace(/\s+/g, '');
        if (!titleSeen) {
          const simplified = simplifyLabelChars(text);
          const m = titlePattern.exec(simplified);
          if (m && (m[1] === undefined || m[3] === undefined) && !notAUnit.test(m[2]!)) {
            titleSeen = true;
            // the unit as the title writes it: the fixed words around it were matched in simplified characters
            const start = simplified.indexOf(m[2]!, m[1] ? m[1].length : 0);
            const name = (text.length === simplified.length ? text : simplified).slice(start, start + m[2]!.length);
            const above = previousLine.normalize('NFKC').replace(/\s+/g, '');
            if (name !== '') unit.name ??= name;
            else if (unitLine.test(simplifyLabelChars(above))) unit.name ??= above;
            const year = m[1] ?? m[3];
            if (year !== undefined) years.push({ year: Number(year), where: `标题（${placeRef(grid, sheet, cell.row, cell.col)}）` });
            continue;
          }
        }
        if (!periodSeen) {
          const p = periodPattern.exec(text);
          if (p && p[1] === p[2]) {
            periodSeen = true;
            years.push({ year: Number(p[1]), where: `统计期限（${placeRef(grid, sheet, cell.row, cell.col)}）` });
          }
        }
      }
    }
  }
  // published pages: the publication line or the closing signature, for what the title and period do not say
  if (grid.source.kind !== 'xlsx') {
    const publication = readPublication(grid);
    if (unit.name === undefined && publication.unit) unit.name = publication.unit.name;
    const derived = yearFromPublication(publication);
    const line = derived && shortened(derived.from.line);
    if (derived && years.length === 0) {
      years.push({ year: derived.year, where: `发布日期（${derived.from.where}）` });
      findings.push(
        finding(
          'REPORT_YEAR_FROM_PUBLICATION',
          { year: derived.year, line: line!, where: derived.from.where },
          { file, cells: [derived.from.where], actual: derived.from.date },
        ),
      );
    } else if (derived && derived.year !== years[0]!.year) {
      findings.push(
        finding(
          'REPORT_YEAR_PUBLICATION_CONFLICT',
          { stated: years[0]!.year, statedWhere: years[0]!.where, derived: derived.year, line: line!, where: derived.from.where },
          { file, cells: [derived.from.where], expected: years[0]!.year, actual: derived.year },
        ),
      );
    }
  }
  const statedYear = years[0]?.year ?? null;
  const conflicting = years.filter((y) => y.year !== statedYear);
  if (conflicting.length > 0) {
    findings.push(
      finding(
        'REPORT_YEAR_CONFLICT',
        { statements: years.map((y) => `${y.where}为 ${y.year} 年`).join('，'), used: statedYear! },
        { file, expected: statedYear!, actual: conflicting[0]!.year },
      ),
    );
  }
  return { unit, statedYear, findings };
}

const shortened = (line: string): string => (line.length > 60 ? `${line.slice(0, 60)}…` : line);

function nonEmpty(s: string | undefined): string | undefined {
  return s && s.trim() !== '' ? s.trim() : undefined;
}

/**
 * The cells in reading order; in published text and documents also each line's fields put back together, since a
 * PDF title set in two fonts (`某某局` `2022` `年政府信息公开工作年度报告`) comes out as separate fields.
 */
function titleCandidates(sheet: GridSheet, joinRows: boolean): { cell: GridCell; whole?: string }[] {
  const cells = [...sheet.cells.values()].sort((a, b) => a.row - b.row || a.col - b.col);
  if (!joinRows) return cells.map((cell) => ({ cell }));
  const out: { cell: GridCell; whole?: string }[] = [];
  for (let i = 0; i < cells.length; ) {
    let j = i;
    while (j < cells.length && cells[j]!.row === cells[i]!.row) j++;
    for (let k = i; k < j; k++) out.push({ cell: cells[k]! });
    if (j - i > 1 && j - i <= 4) out.push({ cell: cells[i]!, whole: cells.slice(i, j).map((c) => cellText(c)).join('') });
    i = j;
  }
  return out;
}
