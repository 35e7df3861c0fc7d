/** The library API (`src/index.ts`) a program uses without the CLI: read a returned workbook, check it, render it. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as nianbao from '../../src/index.js';
import { repoRoot } from '../helpers/paths.js';

describe('library API', () => {
  it('reads, checks and renders a sample unit through the exported functions alone', async () => {
    const read = await nianbao.readReport(join(repoRoot, 'samples', '2025-示例县', '示例县人力资源和社会保障局.xlsx'));
    if (!read.ok) throw new Error(read.message);
    expect(read.report.unit.name).toBe('示例县人力资源和社会保障局');
    const findings = nianbao.checkReport(read.report);
    expect(findings.filter((f) => f.severity === 'error').map((f) => f.code)).toEqual(['BALANCE']);
    expect(nianbao.exitCodeFor(findings)).toBe(1);
    const html = nianbao.renderReport(read.report, 'html');
    expect(html).toContain('colspan="7"');
    expect(nianbao.formatForYear(2025).id).toBe('2021');
  });
});
