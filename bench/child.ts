/**
 * The measured part of the benchmark, run by bench/run.ts in a child process of its own (compiled, like the
 * installed CLI), so that each figure and each peak RSS belongs to one job only:
 *
 *   node child.js readcheck LISTFILE   single thread: readReport then checkReport, file by file (and the two stages apart)
 *   node child.js pool LISTFILE        readAndCheckMany over every file on the worker pool
 *   node child.js consolidate DIR OUT  consolidate() end to end, writing the summary workbook
 *
 * Prints one JSON line with the figures and `maxRssKb` (process.resourceUsage: the whole process, worker threads
 * included).
 */
import { readFileSync } from 'node:fs';
import { readReport } from '../src/io/readReport.js';
import { checkReport } from '../src/check/checkReport.js';
import { readAndCheckMany } from '../src/batch/pool.js';
import { consolidate } from '../src/app/consolidate.js';
import type { Report } from '../src/report/report.js';
import { benchRegion, benchYear } from './generate.js';

const [mode, a, b] = process.argv.slice(2);
const listOf = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);
const out = (o: object) => console.log(JSON.stringify({ ...o, maxRssKb: process.resourceUsage().maxRSS }));

if (mode === 'readcheck') {
  const files = listOf(a!);
  // warm up the JIT on a few files, then best of two passes (the machine is shared)
  for (const f of files.slice(0, 30)) checkReport(((await readReport(f)) as { report: Report }).report);
  let readMs = Infinity;
  let checkMs = Infinity;
  let streamMs = Infinity;
  let findings = 0;
  // as the CLI works: read a file, check it, let it go (nothing kept, so no old-generation garbage to collect)
  for (let pass = 0; pass < 2; pass++) {
    const t = performance.now();
    for (const f of files) {
      const r = await readReport(f);
      if (!r.ok) throw new Error(r.message);
      checkReport(r.report);
    }
    streamMs = Math.min(streamMs, performance.now() - t);
  }
  // the same two stages apart: every Report is held between them, which costs garbage collection of its own
  for (let pass = 0; pass < 2; pass++) {
    const reports: Report[] = [];
    let t = performance.now();
    for (const f of files) {
      const r = await readReport(f);
      if (!r.ok) throw new Error(r.message);
      reports.push(r.report);
    }
    readMs = Math.min(readMs, performance.now() - t);
    t = performance.now();
    findings = 0;
    for (const r of reports) findings += checkReport(r).length;
    checkMs = Math.min(checkMs, performance.now() - t);
  }
  out({ files: files.length, readMs, checkMs, streamMs, findings });
} else if (mode === 'pool') {
  const files = listOf(a!);
  const started = performance.now();
  let failed = 0;
  let findings = 0;
  const threads = new Set<number>();
  await readAndCheckMany(files, {
    collect: false,
    digest: true, // as the consolidation asks
    onResult: (r) => {
      if (!r.ok) failed += 1;
      findings += r.findings.length;
      threads.add(r.threadId ?? 0);
    },
  });
  out({ files: files.length, wallMs: performance.now() - started, failed, findings, threads: threads.size });
} else if (mode === 'consolidate') {
  const started = performance.now();
  const result = await consolidate({ inputs: [a!], year: benchYear, region: benchRegion, out: b! });
  out({
    wallMs: performance.now() - started,
    readMs: result.timings.readMs,
    units: result.counts.included,
    received: result.counts.received,
    unreadable: result.counts.unreadable,
    withErrors: result.counts.withErrors,
    findings: result.findings.length,
  });
} else {
  throw new Error(`child.ts: unknown mode ${mode}`);
}
