/**
 * When and by whom a published report was issued, from the page's publication line (`发布时间：2023-01-20`,
 * `发布日期：2023年01月18日`, `时间：2022-01-25 来源：某某局`) or the signature at its end (`某某局` / `2023年1月20日`,
 * also `二〇二三年一月二十日`). Annual reports are published for the year before, by 31 January and sometimes into
 * spring; so a publication date in January–March of year Y says the report is for Y−1, and any later date says
 * nothing sure (a report can be published late in the year it covers, or a page updated later), so no year is taken.
 */
import type { GridSheet, GridWorkbook } from '../grid/grid.js';
import { cellText } from './labelIndex.js';
import { placeRef } from './location.js';
import { isMetadataSheet } from '../workbook/contract.js';
import { isoDateOfParts, writtenDate } from '../extract/dateText.js';

export interface PublicationDate {
  /** ISO `yyyy-MM-dd` */
  date: string;
  year: number;
  month: number;
  /** the line as written, for the finding */
  line: string;
  /** the cell the line starts in */
  where: string;
  kind: 'published' | 'signed';
}

export interface PublicationInfo {
  dates: PublicationDate[];
  /** the unit named by `来源：` or the signature line, where it looks like a unit and not a web site */
  unit?: { name: string; where: string };
}

// composed from regular expressions' sources, not String.raw text: the command's code-cached bundle is kept ASCII by
// writing CJK characters as \u escapes, which mean the same in a pattern (scripts/bundle-cli.mjs)
const datePart = writtenDate;
/** `发布时间：…`, `发布日期：…`, `时间：…`, `成文日期：…`, at the start of the line or after a space or `|` */
const labelledDate = new RegExp(`${/(?:^|[\s|｜])(?:发布|公开|发文|成文|印发|更新)?(?:时间|日期)\s*[:：]\s*/.source}${datePart}`);
const dateOnly = new RegExp(`^${datePart}$`);
const chineseDateOnly = /^([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$/;
const sourceLabel = /(?:^|[\s|｜])(?:信息来源|来源|发布机构|发布单位|发文机关)\s*[:：]\s*([^\s|｜:：]{2,40})/;
/** what a unit's name ends with; a source ending in 网/网站/门户 is the site, not the unit */
const unitEnding = /(?:局|委|委员会|办|办公室|室|政府|院|所|中心|厅|部|处|队|站|会|馆|署|社|镇|乡|街道|公司|集团)$/;
const siteEnding = /(?:网|网站|门户|平台|本站|客户端|公众号)$/;
/** How many of the document's last non-empty lines may hold the closing signature (a page number or a note may follow). */
const signatureWindow = 4;

const digit: Record<string, number> = { '〇': 0, '○': 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** `二十一` → 21, `十` → 10, `三十` → 30; undefined for anything else */
function chineseNumber(s: string): number | undefined {
  const m = /^([一二三])?十([一二三四五六七八九])?$/.exec(s);
  if (m) return (m[1] ? digit[m[1]]! : 1) * 10 + (m[2] ? digit[m[2]]! : 0);
  return s.length === 1 && s in digit ? digit[s] : undefined;
}

function dateOf(y: number, m: number, d: number, line: string, where: string, kind: PublicationDate['kind']): PublicationDate | undefined {
  const date = isoDateOfParts(y, m, d);
  return date ? { date, year: y, month: m, line, where, kind } : undefined;
}

interface Line {
  /** NFKC-normalised, for matching */
  text: string;
  /** as the source writes it, for the finding */
  written: string;
  where: string;
}

/** Each non-empty row of a sheet as one line, its fields joined by a space (text readers split lines on spaces). */
function linesOf(grid: GridWorkbook, sheet: GridSheet): Line[] {
  const rows = new Map<number, { col: number; text: string }[]>();
  for (const cell of sheet.cells.values()) {
    const text = cellText(cell).trim();
    if (text === '') continue;
    let row = rows.get(cell.row);
    if (!row) rows.set(cell.row, (row = []));
    row.push({ col: cell.col, text });
  }
  return [...rows.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([row, fields]) => {
      fields.sort((a, b) => a.col - b.col);
      const written = fields.map((f) => f.text).join(' ');
      return { text: written.normalize('NFKC'), written, where: placeRef(grid, sheet, row, fields[0]!.col) };
    });
}

export function readPublication(grid: GridWorkbook): PublicationInfo {
  const dates: PublicationDate[] = [];
  let unit: PublicationInfo['unit'];
  for (const sheet of grid.sheets) {
    if (isMetadataSheet(sheet)) continue;
    const lines = linesOf(grid, sheet);
    for (const line of lines) {
      const m = labelledDate.exec(line.text);
      if (m) {
        const d = dateOf(Number(m[1]), Number(m[2]), Number(m[3]), line.written, line.where, 'published');
        if (d) dates.push(d);
      }
      const s = sourceLabel.exec(line.text);
      if (s && !unit && !siteEnding.test(s[1]!) && unitEnding.test(s[1]!)) unit = { name: s[1]!, where: line.where };
    }
    // the signature: a date alone on one of the last lines, the unit on the line above it
    const tail = lines.slice(-signatureWindow);
    for (let i = tail.length - 1; i >= 0; i--) {
      const line = tail[i]!;
      const text = line.text.replace(/\s+/g, '');
      const n = dateOnly.exec(text);
      const c = n ? undefined : chineseDateOnly.exec(text);
      let d: PublicationDate | undefined;
      if (n) d = dateOf(Number(n[1]), Number(n[2]), Number(n[3]), line.written, line.where, 'signed');
      else if (c) {
        const year = Number([...c[1]!].map((ch) => digit[ch]).join(''));
        const month = chineseNumber(c[2]!);
        const day = chineseNumber(c[3]!);
        if (month !== undefined && day !== undefined) d = dateOf(year, month, day, line.written, line.where, 'signed');
      }
      if (!d) continue;
      dates.push(d);
      const above = lines[lines.length - tail.length + i - 1];
      const name = above?.text.replace(/\s+/g, '');
      if (!unit && name && name.length >= 3 && name.length <= 40 && !/[\d。，；：！？,;:!?]/.test(name) && unitEnding.test(name)) {
        unit = { name, where: above!.where };
      }
      break;
    }
  }
  return { dates, ...(unit ? { unit } : {}) };
}

/**
 * The report year the publication dates give, when they give one without doubt: every date in January–March points
 * to the year before, and they all agree. A date later in the year gives no year (not guessed).
 */
export function yearFromPublication(info: PublicationInfo): { year: number; from: PublicationDate } | undefined {
  const early = info.dates.filter((d) => d.month <= 3);
  if (early.length === 0) return undefined;
  const year = early[0]!.year - 1;
  if (early.some((d) => d.year - 1 !== year)) return undefined;
  // a signature late in the report year itself is fine; a date before the report year contradicts it
  if (info.dates.some((d) => d.year < year)) return undefined;
  return { year, from: early[0]! };
}
