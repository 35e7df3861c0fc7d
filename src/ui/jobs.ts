/** Long runs (check, consolidate) as jobs the page polls: progress while reading, then the result. */
import { randomBytes } from 'node:crypto';

export interface Download {
  path: string;
  /** the file name the browser saves */
  name: string;
  type: string;
}

export interface Job {
  id: string;
  kind: 'check' | 'consolidate';
  state: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  /** the last file finished, as shown */
  last?: string;
  result?: unknown;
  error?: { code: string; message: string };
  downloads: Map<string, Download>;
}

export class Jobs {
  private readonly jobs = new Map<string, Job>();

  start(kind: Job['kind'], run: (job: Job) => Promise<unknown>): Job {
    const job: Job = { id: randomBytes(8).toString('hex'), kind, state: 'running', done: 0, total: 0, downloads: new Map() };
    this.jobs.set(job.id, job);
    void run(job).then(
      (result) => {
        job.result = result;
        job.state = 'done';
      },
      (err: unknown) => {
        const code = typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : 'FAILED';
        job.error = { code, message: err instanceof Error ? err.message : String(err) };
        job.state = 'failed';
      },
    );
    return job;
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  /** what the page polls */
  static status(job: Job): object {
    return {
      id: job.id,
      kind: job.kind,
      state: job.state,
      done: job.done,
      total: job.total,
      ...(job.last ? { last: job.last } : {}),
      ...(job.state === 'done' ? { result: job.result } : {}),
      ...(job.error ? { error: job.error } : {}),
    };
  }
}
