/**
 * The template use case (`nianbao template`): one blank template, or one per unit of a roster (a file or the units
 * themselves), written into a folder. A year without a format or a bad roster is an InputError naming the problem.
 */
import { UnsupportedYearError } from '../formats/index.js';
import { InputError } from '../io/inputError.js';
import type { UnitInfo } from '../report/report.js';
import { generateTemplates, type WrittenTemplate } from '../template/generate.js';
import { readRoster, RosterError, type RosterEntry } from '../template/roster.js';

export interface MakeTemplatesOptions {
  reportYear: number;
  outDir: string;
  /** one template for this unit (ignored when a roster is given) */
  unit?: UnitInfo;
  /** a roster file (.xlsx or .csv), or its entries */
  roster?: string | readonly RosterEntry[];
  region?: string;
  password?: string;
  /** overwrite files of the same name in `outDir` (refused by default: a unit's filled return may carry that name) */
  force?: boolean;
}

export interface MakeTemplatesResult {
  written: WrittenTemplate[];
  ms: number;
}

export async function makeTemplates(o: MakeTemplatesOptions): Promise<MakeTemplatesResult> {
  const started = performance.now();
  try {
    const roster = typeof o.roster === 'string' ? await readRoster(o.roster) : o.roster;
    const written = await generateTemplates({
      reportYear: o.reportYear,
      outDir: o.outDir,
      ...(o.unit !== undefined ? { unit: o.unit } : {}),
      ...(roster ? { roster } : {}),
      ...(o.region !== undefined ? { region: o.region } : {}),
      ...(o.password !== undefined ? { password: o.password } : {}),
      ...(o.force ? { force: true } : {}),
    });
    return { written, ms: performance.now() - started };
  } catch (err) {
    if (err instanceof UnsupportedYearError) throw new InputError('UNSUPPORTED_YEAR', err.message);
    if (err instanceof RosterError) throw new InputError('ROSTER_INVALID', err.message);
    throw err;
  }
}
