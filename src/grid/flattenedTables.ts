/**
 * Tables flattened into one line: a scraper's `get_text(' ')`, a search snippet or a reader mode joins every cell of
 * a table with spaces (`第二十条第（一）项 信息内容 本年制发件数 … 规章 0 0 0 行政规范性文件 2 1 15 …`), often the whole
 * report on one line. Such a line is put back one cell per line — the layout the text reader already knows — when it
 * plainly holds a table: official labels and numbers among many space-separated fields. Each new line
 * remembers the line it came from, so findings still name a line the clerk can find.
 */
import { labelKey } from '../formats/labels.js';
import { labelVocabulary } from '../formats/vocabulary.js';
import { unitAlternation } from '../formats/valueWords.js';

const separator = /[ \u00a0\u2002\u2003\u3000]+/;
const numberField = new RegExp(`^[-−－]?\\d[\\d,]*(?:\\.\\d+)?(?:${unitAlternation})?$`);
/** fewer fields than this is a row of a table, which the spaced layout reads as it is */
const minFields = 12;
/**
 * What makes it a table and not one row of one (`三、本年度办理结果 （一）予以公开 5 件 1 件 …`): two row labels that are
 * not also a parent's, or three column headers (table 四 has no row labels at all)
 */
const minRowLabels = 2;
const minHeaders = 3;
const minNumbers = 6;

export interface Unflattened {
  lines: string[];
  /** the source line (0-based) of each line, when a line was split; undefined when nothing was */
  sourceLines?: number[];
}

/** Lines that hold a flattened table split into one field per line; other lines as they are. */
export function unflattenTables(lines: readonly string[]): Unflattened {
  const vocab = labelVocabulary();
  const isRowLabel = (key: string) => vocab.rows.has(key) && !vocab.parents.has(key);
  const out: string[] = [];
  const sourceLines: number[] = [];
  let split = false;
  lines.forEach((line, i) => {
    const fields = line.includes('\t') || line.includes('|') ? [] : line.trim().split(separator);
    const flattened =
      fields.length >= minFields &&
      (fields.filter((f) => isRowLabel(labelKey(f))).length >= minRowLabels || fields.filter((f) => vocab.headers.has(labelKey(f))).length >= minHeaders) &&
      fields.filter((f) => numberField.test(f.normalize('NFKC'))).length >= minNumbers;
    for (const f of flattened ? fields : [line]) {
      out.push(f);
      sourceLines.push(i);
    }
    split ||= flattened;
  });
  return split ? { lines: out, sourceLines } : { lines: [...lines] };
}
