/**
 * The page's charts are picked out of the library's consolidation, not computed by a second set of rules: on the
 * sample county the applicant bars add up to table 三's 本年新收 total, the outcome bars to （七）总计, and the
 * histogram counts every unit in the totals once.
 */
import { describe, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { consolidate } from '../../src/app/consolidate.js';
import { consolidationCharts, consolidationView } from '../../src/ui/views.js';
import { repoRoot } from '../helpers/paths.js';

const county = join(repoRoot, 'samples', '2025-示例县');

describe('consolidation view', () => {
  it('charts agree with the summary totals and the units counted', async () => {
    const r = await consolidate({ inputs: [county], year: 2025, region: '示例县', roster: join(county, '名单.csv') });
    const [outcomes, applicants, units] = consolidationCharts(r);
    const sum = (bars: { value: number }[]) => bars.reduce((s, b) => s + b.value, 0);
    expect(applicants!.bars.map((b) => b.label)).toEqual(['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']);
    expect(sum(applicants!.bars)).toBe(r.summary.values['applications.newReceived.total']!.scaled);
    expect(sum(outcomes!.bars)).toBe(r.summary.values['applications.resultsTotal.total']!.scaled);
    expect(outcomes!.bars[0]!.label).toBe('（一）予以公开');
    expect(sum(units!.bars)).toBe(r.counts.included);

    const view = consolidationView(r, county, []);
    // the file names are shown as handed in, not as temp paths; errors come first
    expect(view.submissions.rows.every((row) => typeof row[0] !== 'string' || !row[0].startsWith('/'))).toBe(true);
    expect(view.findings[0]!.severity).toBe('error');
    expect(view.tablesHtml).toContain('4812');
    // no last year's summary: each cross-year rule's note is one line for all the units, as in 校验结果, with its
    // words intact (it names no file)
    const unitNotes = r.findings.filter((f) => f.code === 'CROSS_YEAR_NOT_ASSESSABLE' && f.unit !== '示例县');
    expect(unitNotes.length).toBeGreaterThan(r.format.crossYear.length);
    const shown = view.findings.filter((f) => f.code === 'CROSS_YEAR_NOT_ASSESSABLE' && f.unit !== '示例县');
    expect(shown).toHaveLength(r.format.crossYear.length);
    const noted = new Set(unitNotes.map((f) => f.file)).size;
    for (const f of shown) expect(f).toMatchObject({ unit: `${noted} 个单位`, file: '', cells: [] });
    expect(shown[0]!.message).toMatch(new RegExp(`^${noted} 个单位：未提供上年报告，无法核对：`));
    expect(view.findings).toHaveLength(r.findings.length - unitNotes.length + shown.length);
    // shown from an upload folder that holds the working folder, too (path.relative reads '' as the working folder)
    const fromAbove = consolidationView(r, dirname(process.cwd()), []).findings.filter((f) => f.code === 'CROSS_YEAR_NOT_ASSESSABLE' && f.unit !== '示例县');
    expect(fromAbove.map((f) => [f.file, f.message])).toEqual(shown.map((f) => ['', f.message]));
  });
});
