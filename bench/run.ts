/**
 * The province-scale benchmark (issue 6):
 *
 *   npm run bench -- --units N [--keep DIR | --reuse DIR] [--sample S]
 *
 * Generates N units' workbooks from the real template writer (bench/generate.ts, on every core), then measures, each
 * project figure in a child process of its own running the compiled code (as the installed CLI does):
 * - template generation per unit;
 * - read+check per unit on one thread (reading and checking also shown apart), and with the worker pool;
 * - consolidation end to end (the summary workbook written), its wall time, units per second and peak RSS;
 * - the lower bound (central directory + node:zlib + regex scan of the cell XML), and each figure as a multiple of it.
 *
 * `--keep DIR` generates into DIR and leaves it; `--reuse DIR` reads what DIR holds (generating only the units it
 * lacks), so a 10,000-unit folder is written once. Without either, a temporary folder is removed at the end.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { lowerBoundScan } from './lowerBound.js';
// @ts-expect-error: a plain .mjs build script without types
import { bundleCli } from '../scripts/bundle-cli.mjs';
import { benchRegion, benchYear, unitFileName } from './generate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const units = Number(option('units') ?? 1000);
const keep = option('keep');
const reuse = option('reuse');
const sampleSize = Math.min(units, Number(option('sample') ?? 1000));
if (!Number.isInteger(units) || units < 1) throw new Error('--units must be a positive integer');
const cores = os.availableParallelism();

/** src, the benchmark's children and the fixtures, compiled file by file (imports keep their `.js`). */
async function compile(): Promise<string> {
  const outdir = path.join(root, 'bench', 'out', 'dist');
  rmSync(outdir, { recursive: true, force: true });
  const ts = (dir: string): string[] =>
    readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .map((f) => path.join(root, dir, f));
  await build({
    entryPoints: [...ts('src'), path.join(root, 'bench/child.ts'), path.join(root, 'bench/portal.ts'), path.join(root, 'bench/generate.ts'), path.join(root, 'tests/consolidate/fixtures.ts'), path.join(root, 'tests/helpers/random.ts')],
    outdir,
    outbase: root,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
  });
  writeFileSync(path.join(outdir, 'package.json'), '{"type":"module"}\n');
  return outdir;
}

/** Runs a compiled script; resolves with its last stdout line parsed as JSON and the wall time. */
function runNode(script: string, args: string[]): Promise<{ json: Record<string, number>; wallMs: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const wallMs = performance.now() - started;
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${path.basename(script)} ${args[0]} exited with ${code}: ${stdout}`));
      resolve({ json: JSON.parse(last) as Record<string, number>, wallMs });
    });
  });
}

/** Wall time of a command run to completion, in ms (output discarded); rejects on a non-zero exit unless allowed. */
function wall(args: string[], okCodes: number[] = [0]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => (okCodes.includes(code ?? -1) ? resolve(performance.now() - started) : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

/** Median of `runs` sequential runs (the machine is shared: the median resists a neighbour's burst), and the load then. */
async function medianWall(args: string[], runs: number, okCodes?: number[]): Promise<{ ms: number; load: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await wall(args, okCodes));
  times.sort((x, y) => x - y);
  return { ms: times[Math.floor(times.length / 2)]!, load: os.loadavg()[0]! };
}

/** Peak RSS and wall of a command, through /usr/bin/time when the machine has it. */
function wallAndRss(args: string[], okCodes: number[]): Promise<{ ms: number; rssKb?: number; load: number }> {
  const timeBin = '/usr/bin/time';
  const useTime = (() => {
    try {
      statSync(timeBin);
      return true;
    } catch {
      return false;
    }
  })();
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = useTime
      ? spawn(timeBin, ['-f', 'maxrss=%M', process.execPath, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
      : spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      if (!okCodes.includes(code ?? -1)) return reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr.slice(-2000)}`));
      const m = /maxrss=(\d+)/.exec(stderr);
      resolve({ ms, ...(m ? { rssKb: Number(m[1]) } : {}), load: os.loadavg()[0]! });
    });
  });
}

const dist = await compile();
// the command a clerk runs is the package's bundle (scripts/bundle-cli.mjs), built here from the same sources
const binDir = path.join(root, 'bench', 'out', 'bin');
await bundleCli(binDir);
const cli = path.join(binDir, 'nianbao.js');
const dir = reuse ?? keep ?? mkdtempSync(path.join(os.tmpdir(), 'nianbao-bench-'));
mkdirSync(dir, { recursive: true });
const work = mkdtempSync(path.join(os.tmpdir(), 'nianbao-bench-work-'));

let inputDir = dir;
try {
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (the machine is shared: figures move with it)`);
  console.log(`machine: ${cores} cores (${os.cpus()[0]?.model ?? '?'}), node ${process.version}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
  console.log(`units: ${units}; folder: ${dir}${reuse ? ' (reused)' : keep ? ' (kept)' : ' (temporary)'}\n`);

  // 1. generation, on every core: the figure is generator time per unit on one core
  const wanted = Array.from({ length: units }, (_, i) => path.join(dir, unitFileName(i)));
  const have = new Set(readdirSync(dir));
  const missing = wanted.map((f, i) => (have.has(path.basename(f)) ? -1 : i)).filter((i) => i >= 0);
  let generation: { perUnitMs: number; units: number; wallS: number } | undefined;
  if (missing.length > 0) {
    const from = missing[0]!;
    const to = missing[missing.length - 1]! + 1;
    const parts = Math.min(cores, to - from);
    const step = Math.ceil((to - from) / parts);
    const started = performance.now();
    const runs = await Promise.all(
      Array.from({ length: parts }, (_, p) =>
        runNode(path.join(dist, 'bench/generate.js'), ['--dir', dir, '--from', String(from + p * step), '--to', String(Math.min(to, from + (p + 1) * step))]),
      ),
    );
    const ms = runs.reduce((s, r) => s + r.json.ms!, 0);
    generation = { perUnitMs: ms / (to - from), units: to - from, wallS: (performance.now() - started) / 1000 };
    console.log(`template generation: ${generation.units} units in ${generation.wallS.toFixed(1)} s on ${parts} processes`);
  } else console.log('template generation: all units already in the folder (--reuse); not measured in this run');
  // exactly the N units asked for: a reused folder holding more is hard-linked down to N (same filesystem, no copy)
  if (readdirSync(dir).length !== units) {
    inputDir = mkdtempSync(path.join(path.dirname(path.resolve(dir)), '.nianbao-bench-n'));
    for (const f of wanted) {
      try {
        linkSync(f, path.join(inputDir, path.basename(f)));
      } catch {
        copyFileSync(f, path.join(inputDir, path.basename(f)));
      }
    }
  }
  const inputs = wanted.map((f) => path.join(inputDir, path.basename(f)));
  const kb = wanted.reduce((s, f) => s + statSync(f).size, 0) / wanted.length / 1024;

  // 2. the lower bound, on a sample, best of three passes (warm file cache, as for every figure below)
  const sample = wanted.filter((_, i) => i % Math.max(1, Math.floor(units / sampleSize)) === 0).slice(0, sampleSize);
  const lower = (shared: boolean): number => {
    let best = Infinity;
    for (let pass = 0; pass < 3; pass++) {
      const t = performance.now();
      for (const f of sample) lowerBoundScan(readFileSync(f), shared);
      best = Math.min(best, (performance.now() - t) / sample.length);
    }
    return best;
  };
  lower(true); // warm up
  const lowerSheets = lower(false);
  const lowerMs = lower(true);

  // 3. read+check on one thread, on the sample
  const listFile = path.join(work, 'sample.txt');
  writeFileSync(listFile, sample.join('\n'));
  const single = (await runNode(path.join(dist, 'bench/child.js'), ['readcheck', listFile])).json;
  const readMs = single.readMs! / sample.length;
  const checkMs = single.checkMs! / sample.length;
  const streamMs = single.streamMs! / sample.length;

  // 3b. what two cores give on this machine: the same single-thread job twice at once (no pool, no messages); the
  // ideal pool can be no faster than this
  const twin = await Promise.all([0, 1].map(() => runNode(path.join(dist, 'bench/child.js'), ['readcheck', listFile])));
  const twinMs = twin.reduce((s, t) => s + t.json.streamMs! / sample.length, 0) / 2;
  const bestPoolMs = twinMs / 2;

  // 4. read+check on the worker pool, every file
  const allFile = path.join(work, 'all.txt');
  writeFileSync(allFile, inputs.join('\n'));
  const pool = (await runNode(path.join(dist, 'bench/child.js'), ['pool', allFile])).json;
  const poolMs = pool.wallMs! / units;

  // 5. consolidation end to end in a fresh process: its wall time and its own peak RSS
  const consolidation = await runNode(path.join(dist, 'bench/child.js'), ['consolidate', inputDir, path.join(work, '汇总.xlsx')]);
  const c = consolidation.json;
  const wallS = consolidation.wallMs / 1000;

  // 6. the command itself, as a clerk runs it (before the portal: its thousand fsync'd uploads leave the disk
  //    writing back for a while, which slowed every process start measured after it, `node -e 0` 60 → 93 ms): start-up, one file, the whole consolidation (exit 1 = errors found)
  const bare = await medianWall(['-e', '0'], 11);
  const versionRun = await medianWall([cli, '--version'], 11);
  const helpRun = await medianWall([cli, '--help'], 11);
  const checkOne = await medianWall([cli, 'check', inputs[0]!], 7, [0, 1]);
  // three runs (each writing a summary of its own): the median wall time and the largest peak RSS. The machine is
  // shared and its speed drifts by a third within a minute, so each run is set against the lower bound measured just
  // before it (the same sample, best of three passes): the ratio compares the two under the same conditions
  const consolidations: { ms: number; rssKb?: number; load: number; lowerMs: number; ratio: number }[] = [];
  for (let run = 0; run < 3; run++) {
    const lowerNow = lower(true);
    const r = await wallAndRss([cli, 'consolidate', inputDir, '--year', String(benchYear), '--region', benchRegion, '--out', path.join(work, `CLI汇总${run}.xlsx`)], [0, 1]);
    consolidations.push({ ...r, lowerMs: lowerNow, ratio: r.ms / (lowerNow * units) });
  }
  const rssRuns = consolidations.map((r) => r.rssKb).filter((kb): kb is number => kb !== undefined);
  const byTime = [...consolidations].sort((x, y) => x.ms - y.ms);
  const byRatio = [...consolidations].sort((x, y) => x.ratio - y.ratio);
  const cliConsolidation = { ...byTime[1]!, ...(rssRuns.length > 0 ? { rssKb: Math.max(...rssRuns) } : {}) };
  const pairedRatio = byRatio[1]!;
  // 7. the portal (nianbao serve) on the loopback address: up to 1,000 uploads from 16 concurrent clients (each upload
  //    read, checked, its file and row stored with fsync before the answer)
  const portalFile = path.join(work, 'portal.txt');
  writeFileSync(portalFile, inputs.slice(0, 1000).join('\n'));
  const portal = (await runNode(path.join(dist, 'bench/portal.js'), [portalFile, '16'])).json;
  // one unit at a time: what a clerk waits for when nobody else is uploading
  writeFileSync(portalFile, inputs.slice(0, 100).join('\n'));
  const portalOne = (await runNode(path.join(dist, 'bench/portal.js'), [portalFile, '1'])).json;

  const readLowerBoundMs = lowerMs * units;

  const ratio = (ms: number) => `${(ms / lowerMs).toFixed(1)}×`;
  const load = (l: number) => `load ${l.toFixed(1)}`;
  const rows: [string, string, string][] = [
    ['machine cores', String(cores), ''],
    ['workbook size (KB, mean)', kb.toFixed(1), ''],
    ['lower bound: sheets + shared strings (ms/unit)', lowerMs.toFixed(3), '1.0×'],
    ['lower bound: sheets only (ms/unit)', lowerSheets.toFixed(3), ratio(lowerSheets)],
    ['template generation (ms/unit, one core)', generation ? generation.perUnitMs.toFixed(2) : 'reused', generation ? ratio(generation.perUnitMs) : ''],
    ['read (ms/unit, one thread, every Report kept)', readMs.toFixed(3), ratio(readMs)],
    ['check (ms/unit, one thread)', checkMs.toFixed(3), ratio(checkMs)],
    ['read+check (ms/unit, one thread, file by file as the CLI does)', streamMs.toFixed(3), ratio(streamMs)],
    ['read+check, two single-thread jobs at once (ms/unit each)', twinMs.toFixed(3), ratio(twinMs)],
    ['  → best a 2-thread pool can do here (ms/unit, wall / N)', bestPoolMs.toFixed(3), ratio(bestPoolMs)],
    [`read+check (ms/unit, pool wall / N, ${pool.threads} threads, startup included)`, poolMs.toFixed(3), ratio(poolMs)],
    ['consolidation end to end (wall s)', wallS.toFixed(2), ''],
    ['consolidation (ms/unit, wall / N)', ((wallS * 1000) / units).toFixed(3), ratio((wallS * 1000) / units)],
    ['consolidation throughput (units/s, N / wall)', (units / wallS).toFixed(0), ''],
    ['consolidation peak RSS (MiB)', (c.maxRssKb! / 1024).toFixed(0), ''],
    [`portal: submissions/s (${portal.submissions} uploads, ${portal.clients} concurrent clients, loopback)`, ((portal.submissions! * 1000) / portal.wallMs!).toFixed(1), ''],
    ['portal: upload → result, median (ms)', portal.p50!.toFixed(1), ''],
    ['portal: upload → result, p95 (ms)', portal.p95!.toFixed(1), ''],
    [`portal: upload → result, one client alone, median / p95 (ms, ${portalOne.submissions} uploads)`, `${portalOne.p50!.toFixed(1)} / ${portalOne.p95!.toFixed(1)}`, ''],
  ];
  const commandRows: [string, string, string][] = [
    ['node -e 0 (ms, median of 11)', bare.ms.toFixed(0), load(bare.load)],
    ['nianbao --version (ms, median of 11)', versionRun.ms.toFixed(0), `${(versionRun.ms / bare.ms).toFixed(2)}× node -e 0 (target ≤ 3×), ${load(versionRun.load)}`],
    ['nianbao --help (ms, median of 11)', helpRun.ms.toFixed(0), `${(helpRun.ms / bare.ms).toFixed(2)}× node -e 0 (target ≤ 3×), ${load(helpRun.load)}`],
    ['nianbao check one.xlsx (ms, median of 7)', checkOne.ms.toFixed(0), `target < 350 ms, ${load(checkOne.load)}`],
    [
      `nianbao consolidate, ${units} units, end to end (s, median of 3)`,
      (cliConsolidation.ms / 1000).toFixed(2),
      `${(cliConsolidation.ms / readLowerBoundMs).toFixed(1)}× the lower bound measured at the start (${(readLowerBoundMs / 1000).toFixed(2)} s), ${load(cliConsolidation.load)}`,
    ],
    [
      `  each run against the lower bound measured just before it (median of 3 ratios)`,
      `${pairedRatio.ratio.toFixed(1)}×`,
      `target ≤ 5×; runs: ${consolidations.map((c) => `${(c.ms / 1000).toFixed(2)} s / ${((c.lowerMs * units) / 1000).toFixed(2)} s = ${c.ratio.toFixed(1)}×`).join(', ')}`,
    ],
    [`nianbao consolidate, ${units} units, peak RSS (MiB, largest of 3)`, cliConsolidation.rssKb ? (cliConsolidation.rssKb / 1024).toFixed(0) : '?', 'target < 1024 MiB'],
  ];
  console.log(
    `\nconsolidated: ${c.received} files, ${c.units} units in the totals, ${c.unreadable} unreadable, ${c.withErrors} with errors, ${c.findings} findings; ` +
      `pool: ${pool.failed} failed, ${pool.findings} findings; single-thread sample: ${sample.length} files`,
  );
  console.log(`load average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`\n=== nianbao bench, N = ${units} ===`);
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  console.log(`${'figure'.padEnd(w0)}  ${'value'.padStart(w1)}  × lower bound`);
  for (const [label, value, r] of rows) console.log(`${label.padEnd(w0)}  ${value.padStart(w1)}  ${r}`);
  console.log(`\n=== the command, as a clerk runs it (load average is the 1-minute figure when each was taken) ===`);
  const c0 = Math.max(...commandRows.map((r) => r[0].length));
  const c1 = Math.max(...commandRows.map((r) => r[1].length));
  for (const [label, value, r] of commandRows) console.log(`${label.padEnd(c0)}  ${value.padStart(c1)}  ${r}`);
} finally {
  rmSync(work, { recursive: true, force: true });
  if (inputDir !== dir) rmSync(inputDir, { recursive: true, force: true });
  if (!keep && !reuse) rmSync(dir, { recursive: true, force: true });
}
