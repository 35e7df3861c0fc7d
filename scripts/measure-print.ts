// Measure how the summary and the templates print: LibreOffice PDF export, page count and page sizes.
// Usage: npx tsx scripts/measure-print.ts <outDir> [units=30]
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { consolidate } from '../src/app/consolidate.js';
import { random, randomUnit, unitCode, writeUnit } from '../tests/consolidate/fixtures.js';
import { convertWithLibreOffice } from '../tests/helpers/libreoffice.js';
import { pdfPages } from '../tests/helpers/pdf.js';

const dir = process.argv[2]!;
const n = Number(process.argv[3] ?? 30);
mkdirSync(join(dir, 'units'), { recursive: true });
const rand = random(42);
for (let i = 0; i < n; i++) await writeUnit(join(dir, 'units'), `u${i}.xlsx`, { name: `示例县第${i + 1}单位`, code: unitCode(i + 1) }, randomUnit(rand));
const out = join(dir, 'summary.xlsx');
await consolidate({ inputs: [join(dir, 'units')], year: 2025, region: '示例县', out, force: true, now: new Date('2026-02-10T09:00:00+08:00') });
const [pdf] = await convertWithLibreOffice(out, 'pdf', dir);
const pages = pdfPages(readFileSync(pdf!));
console.log(`${n} units: ${pages.length} pages`, JSON.stringify(pages.reduce<Record<string, number>>((a, p) => ((a[p.size] = (a[p.size] ?? 0) + 1), a), {})));
