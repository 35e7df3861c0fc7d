/**
 * The marked-up copy a clerk sends back: the unit's workbook with a first sheet 审核意见, fills and notes at exactly
 * the cells the errors and warnings name, and nothing else changed; read back it gives the same Report and findings,
 * and a later run does not take it for a submission. Seen through our reader, exceljs and LibreOffice.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAndCheck } from '../../src/batch/readAndCheck.js';
import { checkFiles } from '../../src/app/check.js';
import { writeFeedbackCopy, writeFeedbackFolder, type FeedbackCopyResult } from '../../src/index.js';
import { readReport } from '../../src/io/readReport.js';
import type { Finding } from '../../src/findings/finding.js';
import { convertWithLibreOffice } from '../helpers/libreoffice.js';
import { fodsSheets } from '../helpers/fods.js';
import { repoRoot, seedFile } from '../helpers/paths.js';

const county = join(repoRoot, 'samples', '2025-示例县');
const sample = (name: string) => join(county, `${name}`);
const files = {
  balance: sample('示例县人力资源和社会保障局.xlsx'),
  typedOver: sample('示例县交通运输局.xlsx'),
  blank: sample('示例县农业农村局.xlsx'),
  corrupt: sample('示例县民政局.xlsx'),
  legacy: sample('示例县文化广电和旅游局.xls'),
};
const checkedAt = new Date(2026, 1, 3, 9, 30);

const withoutFile = (findings: readonly Finding[]) => findings.map(({ file: _file, ...f }) => f);
const valuesWithoutFile = (values: object) => JSON.parse(JSON.stringify(values, (k, v) => (k === 'file' ? undefined : v)));

/** The cells error/warning findings name, as `sheet!A1` (what must carry a fill and a note, and nothing else). */
function findingCells(findings: readonly Finding[]): string[] {
  return [...new Set(findings.filter((f) => f.severity !== 'info').flatMap((f) => f.cells))].sort();
}

interface Made {
  file: string;
  findings: Finding[];
  copy: FeedbackCopyResult;
  path: string;
}

let dir: string;
const made: Record<string, Made> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nianbao-feedback-'));
  for (const [key, file] of Object.entries(files)) {
    const r = await readAndCheck(file);
    const copy = await writeFeedbackCopy({ file, ...(r.report?.unit.name ? { unit: r.report.unit.name } : {}), readable: r.ok, findings: r.ok ? r.findings : [{ code: r.error!.code, severity: 'error', file, cells: [], message: r.error!.message }] }, { checkedAt });
    const path = join(dir, `${key}.xlsx`);
    await writeFile(path, copy.bytes);
    made[key] = { file, findings: r.findings, copy, path };
  }
}, 120_000);

describe('marked-up copy of a unit workbook', () => {
  it('reads back to the same Report and the same findings', async () => {
    for (const key of ['balance', 'typedOver', 'blank', 'legacy']) {
      const m = made[key]!;
      const original = await readReport(m.file);
      // check the edited copy as the unit would send it back: a copy we wrote reads as ours only while untouched
      const back = await readAndCheck(m.path);
      expect(back.ok, key).toBe(false);
      expect(back.error?.code).toBe('OWN_FEEDBACK_FILE');
      const read = await readReport(m.path, { acceptOwnCopies: true });
      expect(read.ok && original.ok, key).toBe(true);
      if (!read.ok || !original.ok) continue;
      expect(valuesWithoutFile(read.report.values), key).toEqual(valuesWithoutFile(original.report.values));
      expect(read.report.unit).toEqual(original.report.unit);
      const { checkReport } = await import('../../src/check/checkReport.js');
      expect(withoutFile(checkReport(read.report)), key).toEqual(withoutFile(m.findings));
    }
  });

  it('marks exactly the cells the errors and warnings name', () => {
    expect(made.balance!.copy.markedCells.sort()).toEqual(findingCells(made.balance!.findings));
    expect(made.balance!.copy.markedCells).toContain('三、依申请公开!E4');
    expect(made.blank!.copy.markedCells).toEqual(['四、复议诉讼!D4']);
    expect(made.typedOver!.copy.markedCells.sort()).toEqual(findingCells(made.typedOver!.findings));
    expect(made.typedOver!.copy.markedCells).toHaveLength(22);
  });

  it('through exceljs: 审核意见 first with links, notes and fills only at the finding cells, values, formulas, validations and protection as they were', async () => {
    for (const key of ['balance', 'typedOver', 'blank']) {
      const m = made[key]!;
      const original = new ExcelJS.Workbook();
      await original.xlsx.load((await readFile(m.file)) as unknown as ArrayBuffer);
      const copy = new ExcelJS.Workbook();
      await copy.xlsx.load(m.copy.bytes as unknown as ArrayBuffer);
      expect(copy.worksheets[0]!.name).toBe('审核意见');
      expect(copy.worksheets.map((w) => w.name).slice(1, 1 + original.worksheets.length)).toEqual(original.worksheets.map((w) => w.name));
      // exceljs 4.4 drops internal hyperlinks (a `location` without a relationship); LibreOffice shows them (below)
      const expectedCells = findingCells(m.findings);
      const noted: string[] = [];
      for (const ws of original.worksheets) {
        const cws = copy.getWorksheet(ws.name)!;
        expect(cws.state).toBe(ws.state);
        expect((cws as unknown as { sheetProtection?: unknown }).sheetProtection, ws.name).toEqual((ws as unknown as { sheetProtection?: unknown }).sheetProtection);
        expect(JSON.stringify((cws as unknown as { dataValidations: { model: unknown } }).dataValidations.model)).toBe(
          JSON.stringify((ws as unknown as { dataValidations: { model: unknown } }).dataValidations.model),
        );
        expect(cws.getSheetValues(), ws.name).toEqual(ws.getSheetValues());
        cws.eachRow({ includeEmpty: true }, (row, r) =>
          row.eachCell({ includeEmpty: true }, (c, col) => {
            const o = ws.getRow(r).getCell(col);
            expect(c.formula, c.address).toEqual(o.formula);
            expect(c.numFmt, c.address).toEqual(o.numFmt);
            expect(c.protection, c.address).toEqual(o.protection);
            if (c.note) noted.push(`${ws.name}!${c.address}`);
            const fill = (c.fill as { fgColor?: { argb?: string } } | undefined)?.fgColor?.argb;
            if (c.note) {
              const severe = m.findings.some((f) => f.severity === 'error' && f.cells.includes(`${ws.name}!${c.address}`));
              expect(fill, c.address).toBe(severe ? 'FFFFC7CE' : 'FFFFD59A');
              expect(JSON.stringify(c.note)).toContain(m.findings.find((f) => f.cells.includes(`${ws.name}!${c.address}`))!.message.slice(0, 20));
            } else {
              expect(JSON.stringify(c.fill ?? null), c.address).toBe(JSON.stringify(o.fill ?? null));
            }
          }),
        );
      }
      expect(noted.sort(), key).toEqual(expectedCells);
    }
  });

  it('keeps every part it did not need to touch byte for byte, and in the marked sheets changes only the marked cells’ style', () => {
    const m = made.balance!;
    return readFile(m.file).then((bytes) => {
      const before = unzipSync(bytes);
      const after = unzipSync(m.copy.bytes);
      const touched = new Set(['[Content_Types].xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/worksheets/sheet4.xml']);
      // sheet parts move up one number so that 审核意见 is sheet1.xml, the tab-order numbering Excel uses
      const moved = (name: string) => name.replace(/^xl\/worksheets\/(_rels\/)?sheet(\d+)\.xml/, (_m, rels: string | undefined, n: string) => `xl/worksheets/${rels ?? ''}sheet${Number(n) + 1}.xml`);
      const strip = (xml: string) => xml.replace(/(<c r="E(?:4|5|27|28)") s="\d+"/g, '$1').replace(/<legacyDrawing [^>]*\/>/, '').replace(/ tabSelected="1"/g, '');
      for (const [name, data] of Object.entries(before)) {
        if (touched.has(name)) continue;
        const a = Buffer.from(data).toString('utf8');
        const b = Buffer.from(after[moved(name)]!).toString('utf8');
        expect(strip(b), name).toBe(strip(a));
      }
      const sheet = (p: Record<string, Uint8Array>, name: string) => strip(Buffer.from(p[name]!).toString('utf8'));
      expect(sheet(after, 'xl/worksheets/sheet5.xml')).toBe(sheet(before, 'xl/worksheets/sheet4.xml'));
      expect(Object.keys(after).filter((n) => n.startsWith('xl/worksheets/sheet')).sort()).toEqual(
        Array.from({ length: 8 }, (_x, i) => `xl/worksheets/sheet${i + 1}.xml`).sort(),
      );
    });
  });

  it('through LibreOffice headless: notes and fills at exactly the finding cells, 审核意见 the first sheet', async () => {
    const out = await mkdtemp(join(tmpdir(), 'nianbao-feedback-lo-'));
    const keys = ['balance', 'typedOver', 'blank', 'legacy'];
    const converted = await convertWithLibreOffice(keys.map((k) => made[k]!.path), 'fods', out);
    for (const key of keys) {
      const m = made[key]!;
      const fods = converted.find((p) => p.endsWith(`/${key}.fods`))!;
      const { names, cells } = fodsSheets(await readFile(fods, 'utf8'));
      expect(names[0], key).toBe('审核意见');
      const noted: string[] = [];
      for (const [sheet, sheetCells] of cells) {
        if (sheet === '审核意见') continue;
        for (const [address, c] of sheetCells) {
          if (c.note !== undefined) {
            noted.push(`${sheet}!${address}`);
            expect(c.note).toContain('nianbao 审核');
            expect(['#ffc7ce', '#ffd59a']).toContain(c.background);
          } else {
            expect(['#ffc7ce', '#ffd59a'], `${sheet}!${address}`).not.toContain(c.background);
          }
        }
      }
      expect(noted.sort(), key).toEqual(findingCells(m.findings));
      // every finding cell is a link on the 审核意见 sheet that LibreOffice follows to the cell
      const links = [...cells.get('审核意见')!.values()].map((c) => c.link).filter(Boolean);
      for (const cell of findingCells(m.findings)) expect(links, key).toContain(`#${cell.split('!')[0]}.${cell.split('!')[1]}`);
      // the result and one row per finding
      const opinion = [...cells.get('审核意见')!.values()].map((c) => c.text).join('\n');
      expect(opinion).toContain(m.findings.some((f) => f.severity !== 'info') ? '需修改' : '通过');
      for (const f of m.findings) expect(opinion, key).toContain(f.message);
    }
  }, 120_000);

  it('says on the sheet when the copy was made from the LibreOffice conversion of an .xls', async () => {
    expect(made.legacy!.copy.kind).toBe('markedFromConversion');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(made.legacy!.copy.bytes as unknown as ArrayBuffer);
    const texts: string[] = [];
    wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
    expect(texts.join('\n')).toMatch(/由 LibreOffice 转换为 \.xlsx 后标注/);
  });
});

describe('the 审核意见 workbook alone', () => {
  it('for a file that cannot be read: the reason, result 无法读取', async () => {
    const m = made.corrupt!;
    expect(m.copy.kind).toBe('opinionOnly');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(m.copy.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.filter((w) => w.state === 'visible').map((w) => w.name)).toEqual(['审核意见']);
    const texts: string[] = [];
    wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
    expect(texts).toContain('无法读取');
    expect(texts.join('\n')).toContain('ZIP_CORRUPT');
  });

  it('for a published text report: the findings by line, and why it is not marked up', async () => {
    const r = await readAndCheck(seedFile);
    const findings: Finding[] = [...r.findings, { code: 'ROW_NOT_FOUND', severity: 'error', file: seedFile, cells: ['第 40 行'], message: '示例：缺少一行。' }];
    const copy = await writeFeedbackCopy({ file: seedFile, readable: true, findings }, { checkedAt });
    expect(copy.kind).toBe('opinionOnly');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(copy.bytes as unknown as ArrayBuffer);
    const texts: string[] = [];
    wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
    expect(texts.join('\n')).toMatch(/文本格式的年度报告，无法在原文件上标注/);
    expect(texts).toContain('第 40 行');
  });
});

describe('--feedback DIR as a library call', () => {
  it('writes one copy per file named after the unit and the date, and 审核情况.xlsx; refuses to overwrite; a later check skips them', async () => {
    const out = await mkdtemp(join(tmpdir(), 'nianbao-feedback-dir-'));
    const checked = await checkFiles([files.balance, files.blank, files.corrupt]);
    const written = await writeFeedbackFolder(out, checked.files, { checkedAt });
    expect(written.copies.map((c) => c.copy.slice(out.length + 1)).sort()).toEqual(
      ['示例县人力资源和社会保障局_审核意见_20260203.xlsx', '示例县农业农村局_审核意见_20260203.xlsx', '示例县民政局_审核意见_20260203.xlsx'].sort(),
    );
    const summary = new ExcelJS.Workbook();
    await summary.xlsx.load((await readFile(written.summary)) as unknown as ArrayBuffer);
    const rows: string[] = [];
    summary.getWorksheet('审核情况')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v && typeof v === 'object' && 'text' in v ? (v as { text: string }).text : String(v ?? ''))).join('|')));
    expect(rows.find((r) => r.includes('示例县人力资源和社会保障局'))).toMatch(/\|需修改\|1\|0\|/);
    expect(rows.find((r) => r.includes('示例县民政局'))).toMatch(/\|无法读取\|/);
    await expect(writeFeedbackFolder(out, checked.files, { checkedAt })).rejects.toThrow(/审核意见文件已存在.*未写入任何文件/);
    const again = await checkFiles([out]);
    expect(again.files).toHaveLength(0);
    expect(again.skipped).toHaveLength(4);
  });
});

describe('our 审核意见 sheet is never data', () => {
  it('is left out of the grid of a marked copy (ours by the marker), while a unit’s own sheet of that name is read', async () => {
    const { readWorkbookGrid } = await import('../../src/grid/readWorkbook.js');
    const { workbookOptions } = await import('../../src/io/readReport.js');
    const copy = await readWorkbookGrid(made.balance!.path, workbookOptions);
    expect(copy.ok && copy.grid.sheets.map((s) => s.name)).not.toContain('审核意见');
    expect(copy.ok && copy.grid.sheets.map((s) => s.name)).toContain('三、依申请公开');
    // a unit's workbook with a sheet it named 审核意见 itself (no marker): read like any other sheet
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(files.blank)) as unknown as ArrayBuffer);
    wb.addWorksheet('审核意见').getCell('A1').value = '本单位内部审核记录';
    const own = join(dir, 'own-sheet.xlsx');
    await writeFile(own, Buffer.from(await wb.xlsx.writeBuffer()));
    const read = await readWorkbookGrid(own, workbookOptions);
    expect(read.ok && read.grid.sheets.map((s) => s.name)).toContain('审核意见');
  });
});
