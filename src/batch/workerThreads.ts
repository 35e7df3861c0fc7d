/**
 * The batch's worker threads: how one is started, and starting them early. A worker spends about 0.1 s loading its
 * modules before it can read a file; a command that is about to read a folder calls `prestartWorkers` first, so that
 * this loading overlaps the command's own start (loading the rest of the program, finding the input files) instead of
 * following it. The pool then takes the prestarted workers; any it does not take are ended (a prestarted worker is
 * unref'd, so it never keeps the process alive either).
 *
 * This module imports nothing of the reading code, so that calling it costs the command almost nothing.
 *
 * Workers run the compiled `dist/batch/worker.js` in production; under vitest/tsx this module is a `.ts` file and
 * the worker is started from `worker.ts` with tsx's loader; inside the single-file executable from its embedded bundle.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { embeddedText, workerAsset } from '../exe/sea.js';

/**
 * Worker threads a batch of `files` uses unless told otherwise: one per core but one, which is left to the thread that
 * takes the results and loads the writers, and to the JIT's compiler threads while the workers warm up; a large batch
 * (2,000 files or more) uses every core. Measured on two cores: 1000 units consolidated end to end in 1.19–1.24 s with
 * one worker, 1.22–1.41 s with two (beside another, a worker warms up about twice as slowly: its first 100 files took
 * 0.44–0.50 s, alone 0.27 s); 10,000 units were read in 3.3–3.7 s by two, 5.2–7.3 s by one. One core: in-process.
 */
export function defaultWorkerCount(files = 0): number {
  const cores = availableParallelism();
  return files >= largeBatch ? cores : cores - 1;
}
const largeBatch = 2000;

/** default heap limit of each worker in MB, so one hostile file cannot take the machine */
export const defaultWorkerHeapMb = 768;
/**
 * below this many files a batch is read in-process: starting a worker and warming its JIT costs more than a small
 * batch takes
 */
export const defaultInProcessBelow = 50;

/** How to start a worker: the embedded bundle, the compiled file, or (under vitest/tsx) the .ts source behind tsx's loader. */
export function startWorkerThread(heapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: heapMb };
  // inside the single-file executable there is no worker file: its bundled source is an embedded asset
  const embedded = embeddedText(workerAsset);
  if (embedded !== undefined) return new Worker(embedded, { eval: true, resourceLimits });
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./worker.js', here), { resourceLimits });
  // `execArgv: ['--import', 'tsx']` does not reach a worker's entry module on Node 20; register tsx inside it instead
  // require.resolve finds tsx's CommonJS build; the worker needs its ES module build next to it
  const cjs = createRequire(here).resolve('tsx/esm/api');
  const mjs = cjs.replace(/\.cjs$/, '.mjs');
  const tsxApi = existsSync(mjs) ? pathToFileURL(mjs).href : 'tsx/esm/api';
  const entry = new URL('./worker.ts', here).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, resourceLimits });
}

const prestartedKey: unique symbol = Symbol.for('nianbao.prestartedWorkers');

/** A worker started ahead of its batch: whether it has said it is ready, and whether it has already died. */
interface Prestarted {
  worker: Worker;
  heapMb: number;
  ready: boolean;
  dead: boolean;
  onMessage: (msg: { ready?: true }) => void;
  onGone: () => void;
}

/**
 * The process's prestarted workers. Kept on `globalThis`: the command line runs from a second copy of this
 * module (main.ts starts the workers, then hands the command to the code-cached bundle, src/cli/codeCache.ts), and
 * its pool must find the workers the first copy started.
 */
const prestarted: Prestarted[] = ((globalThis as { [prestartedKey]?: Prestarted[] })[prestartedKey] ??= []);

/** Starts `count` workers (default: the pool's) now, for a batch about to come; returns their thread ids. */
export function prestartWorkers(count = defaultWorkerCount(), heapMb = defaultWorkerHeapMb): number[] {
  for (let i = prestarted.length; i < count; i++) {
    let worker: Worker;
    try {
      worker = startWorkerThread(heapMb);
    } catch {
      break; // the pool will try again, and say why, when it needs them
    }
    const entry: Prestarted = {
      worker,
      heapMb,
      ready: false,
      dead: false,
      onMessage: (msg) => {
        if (msg?.ready) entry.ready = true;
      },
      onGone: () => {
        entry.dead = true;
      },
    };
    worker.on('message', entry.onMessage);
    worker.on('error', entry.onGone);
    worker.on('exit', entry.onGone);
    worker.unref();
    prestarted.push(entry);
  }
  return prestarted.map((p) => p.worker.threadId);
}

/**
 * Whether reading `inputs` is likely a batch the pool reads on workers: as many files and folder entries (one level
 * deep) as the pool's in-process threshold. A wrong guess costs little either way: workers started for nothing are
 * ended, and a batch not guessed starts its workers when the pool does.
 */
export function looksLikeBatch(inputs: readonly string[]): boolean {
  let entries = 0;
  for (const p of inputs) {
    try {
      entries += statSync(p).isDirectory() ? readdirSync(p).length : 1;
    } catch {
      entries += 1;
    }
    if (entries >= defaultInProcessBelow) return true;
  }
  return false;
}

/**
 * For a command line not yet parsed: `consolidate` or `check` with a folder of many files among its arguments starts
 * its reader threads now, so that they load while the command line parser loads (a third of the start-up).
 */
export function prestartForCommand(args: readonly string[]): void {
  if ((args[0] === 'consolidate' || args[0] === 'check') && looksLikeBatch(args.slice(1).filter((a) => !a.startsWith('-')))) prestartWorkers();
}

/**
 * A worker for the pool: a prestarted one with the same heap limit if there is one alive (`ready`: its modules have
 * loaded already, its ready message was seen), else a new one.
 */
export function takeWorker(heapMb: number): { worker: Worker; ready: boolean } {
  while (prestarted.length > 0) {
    const entry = prestarted.shift()!;
    entry.worker.off('message', entry.onMessage);
    entry.worker.off('error', entry.onGone);
    entry.worker.off('exit', entry.onGone);
    if (entry.dead || entry.heapMb !== heapMb) {
      void entry.worker.terminate();
      continue;
    }
    entry.worker.ref();
    return { worker: entry.worker, ready: entry.ready };
  }
  return { worker: startWorkerThread(heapMb), ready: false };
}

/** Ends every prestarted worker not taken (a batch read in-process after all). */
export function discardPrestarted(): void {
  for (const entry of prestarted.splice(0)) void entry.worker.terminate();
}
