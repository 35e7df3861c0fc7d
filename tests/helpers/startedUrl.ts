import type { ChildProcess } from 'node:child_process';

/** The address a started `nianbao serve` or `ui` prints (`…已启动：URL`); rejects with its stderr if it exits first. */
export function startedUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /已启动：(\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before it started: ${err}`)));
  });
}
