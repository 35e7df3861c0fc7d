/**
 * A batch worker thread: takes `{ files: [{ id, file }], digest, progress }`, reads them one after the other and
 * answers once for the batch, `{ results: [{ id, result }] }` (see pool.ts): one message per batch instead of one
 * per file. `progress` (shared memory) counts every file this worker has finished, so the main thread's time limit
 * stays per file and it knows which file a crash or a timeout belongs to.
 */
import { parentPort, threadId } from 'node:worker_threads';
import { readAndCheck, type FileResult } from './readAndCheck.js';
import type { ConversionOutcome } from '../grid/convert.js';

if (!parentPort) throw new Error('batch worker must run in a worker thread');
const port = parentPort;
port.postMessage({ ready: true });
interface Task {
  files: { id: number; file: string; converted?: ConversionOutcome }[];
  digest: boolean;
  progress: Int32Array;
}
// batches are read one after the other, in the order they came (the pool sends the next before this one is done)
let queue: Promise<void> = Promise.resolve();
port.on('message', (task: Task) => {
  queue = queue.then(async () => {
    const results: { id: number; result: FileResult }[] = [];
    for (const { id, file, converted } of task.files) {
      const result = await readAndCheck(file, { digest: task.digest, ...(converted ? { converted } : {}) });
      results.push({ id, result: { ...result, threadId } });
      Atomics.add(task.progress, 0, 1);
    }
    port.postMessage({ results });
  });
});
