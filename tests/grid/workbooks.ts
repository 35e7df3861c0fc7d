/**
 * Real workbooks for the grid reader tests, written to disk with exceljs (and LibreOffice where a test needs its
 * output). Each one exercises something a filled-in return really contains.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync, zipSync } from 'fflate';
import { convertWithLibreOfficeSync, hasLibreOffice } from '../helpers/libreoffice.js';

export const hasSoffice = hasLibreOffice();

export function tempDir(prefix = 'nianbao-grid-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A workbook with everything the readers must agree on. */
export function richWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const main = wb.addWorksheet('三、依申请公开');
  main.mergeCells('A1:I1');
  main.getCell('A1').value = '三、收到和处理政府信息公开申请情况';
  main.mergeCells('A2:C3');
  main.getCell('A2').value = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
  main.getCell('D2').value = { richText: [{ text: '自然人', font: { bold: true } }, { text: '（个人）' }] };
  main.getCell('A4').value = '一、本年新收政府信息公开申请数量';
  main.getCell('D4').value = 12;
  main.getCell('E4').value = 0;
  main.getCell('F4').value = '3'; // a number stored as text
  main.getCell('G4').value = 2.5;
  main.getCell('H4').value = { formula: 'D4+E4', result: 12 };
  main.getCell('I4').value = { formula: 'SUM(D4:G4)' }; // no cached result
  main.getCell('D5').value = { error: '#REF!' };
  main.getCell('E5').value = { formula: 'D4/0', result: { error: '#DIV/0!' } };
  main.getCell('F5').value = true;
  main.getCell('G5').value = 'A & B < C > "D" \'E\'';
  main.getCell('H5').value = '  前后空格  ';
  main.getCell('I5').value = '第一行\n第二行';
  // a shared formula over D7:D9
  main.getCell('C7').value = 1;
  main.getCell('C8').value = 2;
  main.getCell('C9').value = 3;
  main.fillFormula('D7:D9', 'C7*2', [2, 4, 6]);
  main.getCell('E7').value = new Date(Date.UTC(2025, 11, 31));
  main.getCell('E7').numFmt = 'yyyy-mm-dd';
  main.getCell('F7').value = 0.125;
  main.getCell('F7').numFmt = '0.00%';
  main.getCell('G7').value = 1234.5678;
  main.getCell('G7').numFmt = '0.0000';
  main.getCell('H7').value = 0.1 + 0.2;
  main.getCell('I7').value = { text: '政府网站', hyperlink: 'https://www.gov.cn' };
  main.getCell('A9').value = '—';
  for (let r = 20; r < 40; r++) main.mergeCells(r, 1, r, 3); // many merges
  main.getCell('J40').value = -7;

  const second = wb.addWorksheet('二、主动公开');
  second.getCell('B2').value = '规章';
  second.getCell('C2').value = { formula: 'B3&"x"', result: '文本结果' };
  second.getCell('C3').value = { formula: 'TRUE()', result: true };
  second.getCell('D3').value = 1e-7;
  second.getCell('E3').value = 123456789012345;

  const hidden = wb.addWorksheet('hidden-sheet', { state: 'hidden' });
  hidden.getCell('A1').value = '隐藏';
  const meta = wb.addWorksheet('_meta', { state: 'veryHidden' });
  meta.getCell('A1').value = 'format';
  meta.getCell('B1').value = '2021';
  wb.addWorksheet('空表');
  return wb;
}

export async function writeWorkbook(wb: ExcelJS.Workbook, file: string): Promise<string> {
  const buffer = await wb.xlsx.writeBuffer();
  writeFileSync(file, Buffer.from(buffer as ArrayBuffer));
  return file;
}

/**
 * The same workbook with every shared string written inline (`t="inlineStr"`), as some generators do; exceljs always
 * writes shared strings. `<is>` has the content model of `<si>`, so each item moves over unchanged.
 */
export function inlineAllStrings(from: string, to: string): string {
  const sst = Buffer.from(unzipSync(readFileSync(from))['xl/sharedStrings.xml']!).toString('utf8');
  const items = [...sst.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => m[1]!);
  return patchXlsx(from, to, (name, xml) =>
    name.startsWith('xl/worksheets/')
      ? xml.replace(/<c ([^>]*?)t="s"([^>]*)><v>(\d+)<\/v><\/c>/g, (_, a: string, b: string, i: string) => `<c ${a}t="inlineStr"${b}><is>${items[Number(i)]}</is></c>`)
      : xml,
  );
}

/** Rewrites parts of an xlsx (e.g. to put in constructs exceljs never writes); returns the new file. */
export function patchXlsx(from: string, to: string, patch: (name: string, xml: string) => string): string {
  const entries = unzipSync(readFileSync(from));
  const out: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(entries)) {
    out[name] = name.endsWith('.xml') || name.endsWith('.rels') ? Buffer.from(patch(name, Buffer.from(data).toString('utf8'))) : data;
  }
  writeFileSync(to, zipSync(out));
  return to;
}


/** LibreOffice conversion (tests/helpers/libreoffice.ts); returns the converted files in the order of `files`. */
export function sofficeConvert(files: string[], to: string, outDir: string): string[] {
  convertWithLibreOfficeSync(files, to, outDir);
  return files.map((f) => path.join(outDir, `${path.parse(f).name}.${to.split(':')[0]!}`));
}
