/**
 * A batch worker thread: takes `{ files: [{ id, file }], digest }`, reads them one after the other and answers
 * `{ id, result }` for each as it finishes (see pool.ts). A batch per message keeps the worker busy while the main
 * thread is still handling the previous answer.
 */
import { parentPort, threadId } from 'node:worker_threads';
import { readAndCheck } from './readAndCheck.js';
import type { ConversionOutcome } from '../grid/convert.js';

if (!parentPort) throw new Error('batch worker must run in a worker thread');
const port = parentPort;
port.postMessage({ ready: true });
port.on('message', (task: { files: { id: number; file: string; converted?: ConversionOutcome }[]; digest: boolean }) => {
  void (async () => {
    for (const { id, file, converted } of task.files) {
      const result = await readAndCheck(file, { digest: task.digest, ...(converted ? { converted } : {}) });
      port.postMessage({ id, result: { ...result, threadId } });
    }
  })();
});
