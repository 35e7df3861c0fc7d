/**
 * The unit and the year from a published report's title as units really write it: unit and year in either order,
 * `关于` before or after the unit, `工作`/`的` there or not, the year left out, the unit on the line above. A sentence
 * that only mentions the report is not a title.
 */
import { describe, expect, it } from 'vitest';
import { textToGrid } from '../../src/grid/textGrid.js';
import { table4Lines } from '../helpers/table4Text.js';
import { reportFromGrid } from '../../src/report/fromGrid.js';

const table4 = table4Lines;
const read = (...lines: string[]) => reportFromGrid(textToGrid([...lines, ...table4].join('\n'), '年报.txt'));

describe('the title of a published report', () => {
  it.each([
    ['某某县教育局2022年度政府信息公开工作年度报告', '某某县教育局', 2022],
    ['2022年某某县教育局政府信息公开工作年度报告', '某某县教育局', 2022],
    ['某某县人民政府办公室关于2022年度政府信息公开工作年度报告', '某某县人民政府办公室', 2022],
    ['关于某某县财政局2021年政府信息公开工作的年度报告', '某某县财政局', 2021],
    ['某某市某某区人民政府2022年度政府信息公开年度报告', '某某市某某区人民政府', 2022],
    ['某某縣財政局2022年政府信息公開工作年度報告', '某某縣財政局', 2022],
  ])('%s → %s, %i', (title, unit, year) => {
    const r = read(title);
    expect(r.unit.name).toBe(unit);
    expect(r.reportYear).toBe(year);
  });

  it('a title without a year names the unit and states no year', () => {
    const r = read('某某镇人民政府政府信息公开工作年度报告');
    expect(r.unit.name).toBe('某某镇人民政府');
    expect(r.reportYear).toBeNull();
  });

  it('the unit on the line above a title that names none', () => {
    const r = read('某某县市场监督管理局', '2022年政府信息公开工作年度报告');
    expect(r.unit.name).toBe('某某县市场监督管理局');
    expect(r.reportYear).toBe(2022);
    // a line above that is not a unit's name is not taken for one
    expect(read('来源：本站', '2022年政府信息公开工作年度报告').unit.name).toBeUndefined();
  });

  it('a sentence that mentions the report is not its title', () => {
    const r = read('现将本机关2022年政府信息公开工作年度报告公布如下，请予以监督。');
    expect(r.unit.name).toBeUndefined();
  });
});

describe('a title set in several fields (a PDF title in two fonts)', () => {
  it('`某某局` `2020` `年政府信息公开工作年度报告` is read as one line, not as a title of the unit “年”', () => {
    const r = read('某某县科技局\t2020\t年政府信息公开工作年度报告');
    expect(r.unit.name).toBe('某某县科技局');
    expect(r.reportYear).toBe(2020);
  });
});
