/**
 * The JSON export: the summary's counts and totals, the per-unit detail (with its totals row) and the submissions as
 * arrays of objects keyed by the stable column keys (the same tables as the CSV), and the findings in the one JSON
 * shape of findings that `check --json` prints (`check/jsonOutput.ts`: files, each with its findings, and totals).
 * Written row by row.
 */
import { chinaTimestamp } from '../report/chinaTime.js';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { ConsolidationResult } from '../consolidate/result.js';
import { writeAtomically } from '../io/atomicWrite.js';
import { detailColumns } from '../consolidate/detailColumns.js';
import { scaledToNumber } from '../report/money.js';
import { version } from '../version.js';
import { exportTables } from './table.js';
import { findingsJson } from '../check/present.js';

export async function writeJson(r: ConsolidationResult, path: string): Promise<void> {
  await writeAtomically(path, async (tmp) => {
    const out = createWriteStream(tmp, { encoding: 'utf8' });
    const write = async (s: string) => {
      if (!out.write(s)) await once(out, 'drain');
    };
    const totals = Object.fromEntries(
      detailColumns(r.format).map((c) => [c.spec.key, scaledToNumber(r.summary.values[c.spec.key]!.scaled!, c.spec.domain)]),
    );
    const head = {
      generator: `nianbao ${version}`,
      format: r.format.id,
      region: r.region,
      reportYear: r.reportYear,
      generatedAt: chinaTimestamp(r.generatedAt),
      excludeInvalid: r.excludeInvalid,
      counts: r.counts,
      totals,
    };
    await write(JSON.stringify(head, null, 1).replace(/\n}$/, ''));
    for (const table of exportTables(r)) {
      if (table.name === 'findings') {
        const doc = findingsJson(r.files);
        await write(`,\n "findings": {\n  "title": ${JSON.stringify(table.title)},\n  "files": [`);
        let first = true;
        for (const file of doc.files) {
          await write(`${first ? '\n' : ',\n'}   ${JSON.stringify(file)}`);
          first = false;
        }
        await write(`\n  ],\n  "totals": ${JSON.stringify(doc.totals)}\n }`);
        continue;
      }
      await write(`,\n "${table.name}": {\n  "title": ${JSON.stringify(table.title)},\n  "headers": ${JSON.stringify(table.headers)},\n  "rows": [`);
      let first = true;
      for (const row of table.rows()) {
        const obj = Object.fromEntries(table.keys.map((k, i) => [k, row[i] ?? null]));
        await write(`${first ? '\n' : ',\n'}   ${JSON.stringify(obj)}`);
        first = false;
      }
      await write('\n  ]\n }');
    }
    await write('\n}\n');
    out.end();
    await once(out, 'finish');
  });
}
