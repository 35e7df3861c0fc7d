/** A batch worker thread: takes `{ id, file }`, answers `{ id, result }` (see pool.ts). */
import { parentPort, threadId } from 'node:worker_threads';
import { readAndCheck } from './readAndCheck.js';

if (!parentPort) throw new Error('batch worker must run in a worker thread');
const port = parentPort;
port.postMessage({ ready: true });
port.on('message', (task: { id: number; file: string }) => {
  void readAndCheck(task.file).then((result) => port.postMessage({ id: task.id, result: { ...result, threadId } }));
});
