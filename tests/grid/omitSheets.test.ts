/**
 * Reading a template-made workbook skips our own 填表说明 sheet (it holds only our instructions), and only then: a
 * workbook without our metadata sheet is read whole, whatever its sheets are called.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { formatForYear } from '../../src/formats/index.js';
import { readWorkbookGrid } from '../../src/grid/readWorkbook.js';
import { templateBuffer } from '../../src/template/workbook.js';
import { tempDir } from './workbooks.js';

const omit = { omitSheets: { names: ['填表说明'], when: '_nianbao' } };

describe('omitSheets', () => {
  it('leaves 填表说明 out of a template-made workbook, and only that sheet', async () => {
    const file = join(tempDir(), 'unit.xlsx');
    await writeFile(file, await templateBuffer({ format: formatForYear(2025), reportYear: 2025 }));
    const full = await readWorkbookGrid(file);
    const lean = await readWorkbookGrid(file, omit);
    if (!full.ok || !lean.ok) throw new Error('unreadable');
    expect(full.grid.sheets.map((s) => s.name)).toContain('填表说明');
    expect(lean.grid.sheets.map((s) => s.name)).toEqual(full.grid.sheets.map((s) => s.name).filter((n) => n !== '填表说明'));
    // the exceljs path leaves out the same sheet
    const viaExceljs = await readWorkbookGrid(file, { ...omit, reader: 'exceljs' });
    expect(viaExceljs.ok && viaExceljs.grid.sheets.map((s) => s.name)).toEqual(lean.grid.sheets.map((s) => s.name));
  });

  it('reads a unit’s own workbook whole, even with a sheet called 填表说明', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('填表说明').getCell('A1').value = '本单位自己的说明';
    wb.addWorksheet('三、依申请公开').getCell('A1').value = 1;
    const file = join(tempDir(), 'own.xlsx');
    await wb.xlsx.writeFile(file);
    const read = await readWorkbookGrid(file, omit);
    expect(read.ok && read.grid.sheets.map((s) => s.name)).toEqual(['填表说明', '三、依申请公开']);
  });
});
