/**
 * Reading and checking many files off the main thread: a pool of worker threads (one per core but one, at most the
 * number of files; see `defaultWorkerCount`), each given small batches of files and answering once per batch. A file
 * that takes longer than the time limit has its worker terminated and replaced, and is reported as unreadable
 * (TIMEOUT) while the batch goes on; so is a file whose worker dies (out of memory on a hostile file). Small batches
 * (and one file) are read in-process, where starting workers would cost more than it saves. How workers start (and
 * start early) is workerThreads.ts.
 */
import { basename } from 'node:path';
import { fileFailure, type FileFailure } from '../findings/factory.js';
import type { FileResult } from './readAndCheck.js';
import { mayBeLegacyWorkbook, type Conversion, type ConvertOptions } from '../grid/convert.js';
import { defaultInProcessBelow, defaultWorkerCount, defaultWorkerHeapMb, discardPrestarted, takeWorker } from './workerThreads.js';

export interface BatchOptions {
  /** worker threads (default: `defaultWorkerCount`, one per core but one, every core for a large batch; 0: in-process) */
  workers?: number;
  /**
   * read in-process when there are fewer files than this (default 50): starting a worker and warming its JIT costs
   * about a second, more than a small batch takes. Note: in-process reading has no per-file time limit.
   */
  inProcessBelow?: number;
  /** per-file time limit in ms (default 30 s) */
  timeoutMs?: number;
  /** heap limit of each worker in MB (default 768), so one hostile file cannot take the machine */
  workerHeapMb?: number;
  /** results carry a `digest` instead of the whole `report` (what a consolidation keeps; far cheaper between threads) */
  digest?: boolean;
  /** how legacy workbooks are converted (all of a batch in one LibreOffice run per kind, before reading) */
  convert?: ConvertOptions;
  /** called as each file finishes (in completion order) with its input index */
  onResult?: (result: FileResult, index: number, done: number, total: number) => void;
}

export const defaultTimeoutMs = 30_000;
/** files per message to a worker: few messages, small enough to share the tail */
const maxBatch = 24;
/**
 * batches each worker holds at once: while it reads one, the next are already there, so a worker never waits for this
 * thread, which takes each result as it comes and meanwhile loads the writers (exceljs: 0.1–0.2 s of compiling in one
 * go, during which two batches of 16, read in ~50 ms by a worker still warming up, left it idle)
 */
const ahead = 4;

function failed(file: string, error: FileFailure, ms: number): FileResult {
  return { file, ok: false, findings: [], error, ms };
}

/**
 * Read and check every file; `onResult` sees each as it completes. Resolves with the results in input order unless
 * `collect` is false (then with an empty array: a province-sized run keeps nothing it has already handed on).
 */
export async function readAndCheckMany(
  files: readonly string[],
  o: BatchOptions & { collect?: boolean } = {},
): Promise<FileResult[]> {
  // every legacy workbook converted at once, in one LibreOffice run (per kind), before any file is read
  // (the readers load in this thread only when there is something to convert)
  const conversion = files.some(mayBeLegacyWorkbook)
    ? await (await import('../grid/readWorkbook.js')).convertLegacyFiles(files, o.convert ? { convert: o.convert } : {})
    : undefined;
  try {
    return await readConverted(files, o, conversion);
  } finally {
    await conversion?.cleanup();
  }
}

async function readConverted(
  files: readonly string[],
  o: BatchOptions & { collect?: boolean },
  conversion: Conversion | undefined,
): Promise<FileResult[]> {
  const convertedOf = (file: string) => {
    const converted = conversion?.outcomes.get(file);
    return converted ? { converted } : {};
  };
  const collect = o.collect ?? true;
  const results: FileResult[] = collect ? new Array<FileResult>(files.length) : [];
  let done = 0;
  const finish = (r: FileResult, i: number) => {
    done += 1;
    if (collect) results[i] = r;
    o.onResult?.(r, i, done, files.length);
  };
  const workers = Math.max(0, Math.min(o.workers ?? defaultWorkerCount(files.length), files.length));
  // the readers load in this thread only for files read here (the workers load their own)
  const readHere = async () => (await import('./readAndCheck.js')).readAndCheck;
  if (files.length <= 1 || workers === 0 || files.length < (o.inProcessBelow ?? defaultInProcessBelow)) {
    discardPrestarted();
    const readAndCheck = await readHere();
    for (const [i, f] of files.entries()) finish(await readAndCheck(f, { digest: !!o.digest, ...convertedOf(f) }), i);
    return results;
  }
  const timeoutMs = o.timeoutMs ?? defaultTimeoutMs;
  const digest = !!o.digest;
  let next = 0;
  // files handed back by a worker that was stopped before reaching them
  const requeued: number[] = [];
  const remaining = () => requeued.length + files.length - next;
  const take = (): number | undefined => requeued.pop() ?? (next < files.length ? next++ : undefined);

  await new Promise<void>((resolveAll) => {
    let running = 0;
    const startWorker = (): void => {
      const { worker, ready } = takeWorker(o.workerHeapMb ?? defaultWorkerHeapMb);
      running += 1;
      // files sent to the worker and not yet answered, in the order it reads them, in at most `ahead` batches; the
      // worker counts every file it finishes in `progress[0]` (shared memory), so the time limit stays per file and a
      // crash or a timeout is pinned on the file being read
      let sent: number[] = [];
      let batches = 0;
      let answered = 0;
      const progress = new Int32Array(new SharedArrayBuffer(4));
      let doneBefore = 0;
      let movedAt = 0;
      let timer: NodeJS.Timeout | undefined;
      let retired = false;
      let online = false;
      /** Ends this worker; every file sent to it without a result goes back to the queue. */
      const retire = (replace: boolean) => {
        if (retired) return;
        retired = true;
        running -= 1;
        if (timer) clearTimeout(timer);
        requeued.push(...sent.reverse());
        sent = [];
        void worker.terminate();
        if (replace && remaining() > 0) startWorker();
        else if (running === 0) resolveAll();
      };
      /** The file being read when the worker stopped moving: taken out of what was sent, the rest is read again. */
      const stuckFile = (): number | undefined => {
        const at = Math.min(Atomics.load(progress, 0) - answered, sent.length - 1);
        const [index] = sent.splice(at, 1);
        return index;
      };
      // the time limit is per file: whenever the worker has moved on since the last look, the clock starts again
      const watch = () => {
        timer = undefined;
        if (retired || batches === 0) return;
        const done = Atomics.load(progress, 0);
        if (done !== doneBefore) {
          doneBefore = done;
          movedAt = performance.now();
        }
        const left = movedAt + timeoutMs - performance.now();
        // every file sent is done: the answer is on its way
        if (left > 0 || done - answered >= sent.length) {
          timer = setTimeout(watch, Math.max(left, 1));
          return;
        }
        const index = stuckFile();
        if (index !== undefined) {
          const file = files[index]!;
          finish(failed(file, fileFailure('TIMEOUT', { name: basename(file), seconds: Math.round(timeoutMs / 1000) }), timeoutMs), index);
        }
        retire(true);
      };
      /** Sends the next batch; false when there is nothing left to send. */
      const give = (): boolean => {
        // batches shrink towards the end so that both workers finish together
        const size = Math.max(1, Math.min(maxBatch, Math.floor(remaining() / (workers * ahead * 2))));
        const batch: number[] = [];
        for (let k = 0; k < size; k++) {
          const index = take();
          if (index === undefined) break;
          batch.push(index);
        }
        if (batch.length === 0) return false;
        // a worker with nothing left to read starts its clock now
        if (Atomics.load(progress, 0) - answered >= sent.length) movedAt = performance.now();
        sent.push(...batch);
        batches += 1;
        timer ??= setTimeout(watch, timeoutMs);
        worker.postMessage({ files: batch.map((id) => ({ id, file: files[id]!, ...convertedOf(files[id]!) })), digest, progress });
        return true;
      };
      /** Keeps `ahead` batches with the worker, so that it never waits while this thread is busy; retires it when done. */
      const topUp = () => {
        while (!retired && batches < ahead && give());
        if (!retired && batches === 0) retire(false);
      };
      const goOnline = () => {
        // the worker's modules have loaded: from now on a crash is the file's doing
        online = true;
        // NIANBAO_DEBUG=1 says which threads read (how the executable's test sees its workers run)
        if (process.env.NIANBAO_DEBUG) process.stderr.write(`[nianbao] worker thread ${worker.threadId} online\n`);
        topUp();
      };
      // a prestarted worker (workerThreads.ts) may have said it is ready before this batch began
      if (ready) queueMicrotask(goOnline);
      worker.on('message', (msg: { ready?: true; results?: { id: number; result: FileResult }[] }) => {
        if (msg.ready) {
          goOnline();
          return;
        }
        if (retired || !msg.results) return;
        // the whole batch at once: results go back in batches, not one message per file; the worker answers its
        // batches in the order they were sent, so they are the first files of `sent`
        sent.splice(0, msg.results.length);
        answered += msg.results.length;
        batches -= 1;
        for (const { id, result } of msg.results) finish(result, id);
        topUp();
      });
      const crashed = (reason: string) => {
        if (retired) return;
        const index = sent.length > 0 ? stuckFile() : undefined;
        if (index !== undefined) {
          const file = files[index]!;
          finish(failed(file, fileFailure('WORKER_CRASHED', { name: basename(file), detail: reason }), performance.now() - movedAt), index);
        }
        // a worker that never loaded (no loader, no memory) is not replaced; the rest is read in-process below
        if (!online && process.env.NIANBAO_DEBUG) process.stderr.write(`[nianbao] worker thread did not start (${reason}); reading in-process\n`);
        retire(online);
      };
      worker.on('error', (err) => crashed(err.message));
      worker.on('exit', (code) => crashed(`退出码 ${code}`));
    };
    for (let i = 0; i < workers; i++) startWorker();
    // prestarted beyond what this batch needs
    discardPrestarted();
  });
  for (let index = take(); index !== undefined; index = take()) finish(await (await readHere())(files[index]!, { digest, ...convertedOf(files[index]!) }), index);
  return results;
}
