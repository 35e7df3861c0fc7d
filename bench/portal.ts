/**
 * The portal's figures for the benchmark (run by bench/run.ts in a child process, compiled):
 *
 *   node portal.js LISTFILE [CLIENTS]
 *
 * Starts `nianbao serve`'s portal on the loopback address with a fresh data folder and a roster of the listed units,
 * then uploads every listed workbook with its unit's token from CLIENTS concurrent clients (default 16), each upload
 * timed from the start of the request to the JSON result (checked and stored, fsync included). Prints one JSON line:
 * submissions, wall time, the median and 95th percentile of upload→result.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPortal } from '../src/portal/start.js';
import { linksCsvName } from '../src/portal/service.js';
import { decodeCsv, parseCsv } from '../src/grid/csvGrid.js';
import { unitCode } from '../tests/consolidate/fixtures.js';
import { benchRegion, benchYear } from './generate.js';

const [listFile, clientsArg] = process.argv.slice(2);
const files = readFileSync(listFile!, 'utf8').split('\n').filter(Boolean);
const clients = Number(clientsArg ?? 16);
const indexOf = (file: string): number => Number(/-基准单位(\d+)\.xlsx$/.exec(path.basename(file))![1]);

const dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-bench-portal-'));
try {
  const roster = path.join(dir, '名单.csv');
  writeFileSync(roster, `单位名称,统一社会信用代码\n${files.map((f) => `基准单位${indexOf(f)},${unitCode(indexOf(f))}`).join('\n')}\n`);
  const running = await startPortal({ year: benchYear, region: benchRegion, roster, dataDir: path.join(dir, 'data'), port: 0 });
  try {
    const { rows } = parseCsv(decodeCsv(readFileSync(path.join(dir, 'data', linksCsvName))));
    const tokens = new Map(rows.slice(1).map((r) => [r[0]!, r[2]!.split('#')[1]!]));
    const bodies = files.map((f) => ({ token: tokens.get(`基准单位${indexOf(f)}`)!, bytes: readFileSync(f), name: path.basename(f) }));
    const times: number[] = [];
    let next = 0;
    let failed = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < bodies.length) {
          const b = bodies[next++]!;
          const form = new FormData();
          form.append('file', new Blob([b.bytes]), b.name);
          const t = performance.now();
          const r = await fetch(`${running.url}/api/v1/submissions`, { method: 'POST', headers: { Authorization: `Bearer ${b.token}` }, body: form });
          await r.json();
          times.push(performance.now() - t);
          if (r.status !== 201) failed += 1;
        }
      }),
    );
    const wallMs = performance.now() - started;
    times.sort((x, y) => x - y);
    const pct = (p: number): number => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!;
    console.log(JSON.stringify({ submissions: times.length, failed, clients, wallMs, p50: pct(50), p95: pct(95), maxRssKb: process.resourceUsage().maxRSS }));
  } finally {
    await running.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
