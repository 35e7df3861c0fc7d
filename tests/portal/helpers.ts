/**
 * Portal test helpers: a roster, real workbooks from the template writer (clean, with an error, with a warning
 * only), a started portal on the loopback address, and API calls as a script would make them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { random, randomUnit, unitCode, unitCopies, writeUnit } from '../consolidate/fixtures.js';
import { startPortal, type RunningPortal } from '../../src/portal/start.js';
import { linksCsvName } from '../../src/portal/service.js';
import { decodeCsv, parseCsv } from '../../src/grid/csvGrid.js';

export const unitName = (i: number): string => `某某县第${i}局`;

export function tempDir(prefix = 'nianbao-portal-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A roster CSV of units 1..n (name and a valid 统一社会信用代码). */
export function writeRoster(dir: string, n: number, from = 1): string {
  const file = path.join(dir, '名单.csv');
  const rows = ['单位名称,统一社会信用代码'];
  for (let i = from; i < from + n; i++) rows.push(`${unitName(i)},${unitCode(i)}`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

export type Kind = 'clean' | 'error' | 'warning';

/** Unit i's workbook: clean, with a broken 勾稽关系 (an error), or without a phone number (a warning only). */
export async function workbook(dir: string, i: number, kind: Kind, seed = i): Promise<string> {
  const v = randomUnit(random(seed));
  if (kind === 'error') v['applications.newReceived.natural'] = v['applications.newReceived.natural']! + 1;
  const unit = { name: unitName(i), code: unitCode(i), ...(kind === 'warning' ? { phone: '' } : {}) };
  return writeUnit(dir, `${kind}-${i}-${seed}.xlsx`, unit, v);
}

/** unit 0's workbook of each kind, per folder: what `derivedWorkbook` copies */
const bases = new Map<string, Promise<string>>();

/** Unit i's workbook of a kind, a copy of unit 0's (written by the template writer) for unit i (see `unitCopies`). */
export async function derivedWorkbook(dir: string, i: number, kind: Kind): Promise<string> {
  const key = `${dir}\u0000${kind}`;
  let base = bases.get(key);
  if (!base) {
    base = workbook(dir, 0, kind);
    bases.set(key, base);
  }
  const file = path.join(dir, `${kind}-${i}-derived.xlsx`);
  await unitCopies(await base, { name: unitName(0), code: unitCode(0) }, [{ name: unitName(i), code: unitCode(i), file }]);
  return file;
}

export async function start(dataDir: string, roster: string, extra: Partial<Parameters<typeof startPortal>[0]> = {}): Promise<RunningPortal> {
  return startPortal({ year: 2025, region: '某某县', roster, dataDir, port: 0, ...extra });
}

/** name → token, read from the links file the clerk sends out. */
export async function links(dataDir: string): Promise<Map<string, string>> {
  const { rows } = parseCsv(decodeCsv(await readFile(path.join(dataDir, linksCsvName))));
  return new Map(rows.slice(1).map((r) => [r[0]!, r[2]!.split('#')[1]!]));
}

export const tokenOf = (url: string): string => url.split('#')[1]!;

export async function submit(base: string, token: string, file: string | Buffer, name = 'upload.xlsx', extra: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  const form = new FormData();
  const bytes = typeof file === 'string' ? await readFile(file) : file;
  form.append('file', new Blob([bytes]), name);
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  return fetch(`${base}/api/v1/submissions`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form, ...(signal ? { signal } : {}) });
}

export async function get(base: string, token: string, p: string): Promise<Response> {
  return fetch(`${base}${p}`, { headers: { Authorization: `Bearer ${token}` } });
}
