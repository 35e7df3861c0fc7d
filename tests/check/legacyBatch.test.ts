/**
 * Legacy workbooks in a batch (.xls, WPS .et) are converted by one LibreOffice run for the whole batch, not one per
 * file, in `check` and in `consolidate`, on worker threads as in-process. LibreOffice is started through a wrapper
 * that logs each start, the files it was given and the allocator settings it was started with.
 */
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFiles } from '../../src/app/check.js';
import { consolidate } from '../../src/app/consolidate.js';
import { findSoffice, sofficeEnvironment, sofficeMallocTunables } from '../../src/grid/convert.js';
import { repoRoot } from '../helpers/paths.js';

const sample = join(repoRoot, 'samples', '2025-示例县', '示例县文化广电和旅游局.xls');

let dir: string;
let wrapper: string;
let log: string;
let tunablesLog: string;
const starts = (): string[][] =>
  readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t').filter((a) => /\.(xls|et)$/.test(a)));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-legacy-'));
  const inputs = join(dir, 'in');
  mkdirSync(inputs);
  // four legacy returns (one under WPS's .et) and one .xlsx that needs no conversion
  for (const name of ['甲.xls', '乙.xls', '丙.xls', '丁.et']) copyFileSync(sample, join(inputs, name));
  copyFileSync(join(repoRoot, 'samples', '2025-示例县', '示例县公安局.xlsx'), join(inputs, '戊.xlsx'));
  log = join(dir, 'soffice.log');
  writeFileSync(log, '');
  tunablesLog = join(dir, 'tunables.log');
  wrapper = join(dir, 'soffice');
  const real = findSoffice();
  if (!real) throw new Error('LibreOffice (soffice) is needed for this test');
  writeFileSync(
    wrapper,
    `#!/bin/sh\n(IFS='\t'; printf '%s\\n' "$*") >> '${log}'\nprintf '%s\\n' "$GLIBC_TUNABLES" >> '${tunablesLog}'\nexec '${real}' "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
});

describe('a batch with legacy workbooks', () => {
  it('check converts them all in one LibreOffice run and reads each (on worker threads)', async () => {
    writeFileSync(log, '');
    const result = await checkFiles([join(dir, 'in')], { batch: { workers: 2, inProcessBelow: 0, convert: { soffice: wrapper } } });
    expect(starts()).toHaveLength(1);
    expect(starts()[0]).toHaveLength(4); // the four legacy files, under neutral names in a private folder
    expect(result.files.map((f) => [f.file.slice(dir.length + 4), f.readable, f.unit])).toEqual([
      ['丁.et', true, '示例县文化广电和旅游局'],
      ['丙.xls', true, '示例县文化广电和旅游局'],
      ['乙.xls', true, '示例县文化广电和旅游局'],
      ['戊.xlsx', true, '示例县公安局'],
      ['甲.xls', true, '示例县文化广电和旅游局'],
    ]);
    // the converted copies read as the sample reads on its own: no error
    expect(result.files.filter((f) => f.file.endsWith('.xls')).every((f) => f.findings.every((x) => x.severity !== 'error'))).toBe(true);
  });

  it('consolidate converts them all in one LibreOffice run too', async () => {
    writeFileSync(log, '');
    const result = await consolidate({ inputs: [join(dir, 'in')], year: 2025, region: '某县', batch: { convert: { soffice: wrapper } } });
    expect(starts()).toHaveLength(1);
    expect(starts()[0]).toHaveLength(4);
    expect(result.counts).toMatchObject({ received: 5, read: 5, unreadable: 0 });
  });

  it('starts LibreOffice with glibc told to use huge pages for its heap (about 40 % less CPU per start on Linux)', () => {
    // both runs above went through the wrapper
    // (what this machine's own GLIBC_TUNABLES, if any, comes to with ours in front)
    const started = sofficeEnvironment().GLIBC_TUNABLES!;
    expect(started.startsWith(sofficeMallocTunables)).toBe(true);
    expect(readFileSync(tunablesLog, 'utf8').split('\n').filter(Boolean)).toEqual([started, started]);
    // a setting of the user's own is kept, after ours, so that it wins; nothing else in the environment changes
    const env = sofficeEnvironment({ PATH: '/bin', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' });
    expect(env).toEqual({ PATH: '/bin', GLIBC_TUNABLES: `${sofficeMallocTunables}:glibc.malloc.hugetlb=0` });
  });
});
