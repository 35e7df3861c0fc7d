/**
 * `nianbao template`: one blank template, or one per unit of a roster, written into an output folder.
 */
import { writeFile } from 'node:fs/promises';
import { makeFolder, refuseExistingOutputs } from '../io/outputPaths.js';
import { writeAtomically } from '../io/atomicWrite.js';
import { formatForYear } from '../formats/index.js';
import type { UnitInfo } from '../report/report.js';
import { distinguishingTag, pathInside, templateFileName, uniqueFileNames } from './fileNames.js';
import type { RosterEntry } from './roster.js';
import { templateBuffer } from './workbook.js';

export interface GenerateTemplatesOptions {
  reportYear: number;
  outDir: string;
  /** one template for this unit (ignored when a roster is given) */
  unit?: UnitInfo;
  roster?: readonly RosterEntry[];
  region?: string;
  password?: string;
  /** overwrite templates of the same name already in `outDir` (a unit's filled return may carry that name) */
  force?: boolean;
}

export interface WrittenTemplate {
  path: string;
  unit?: UnitInfo;
}

/** Write the templates; throws `UnsupportedYearError` for a year before 2019. */
export async function generateTemplates(o: GenerateTemplatesOptions): Promise<WrittenTemplate[]> {
  const format = formatForYear(o.reportYear);
  const units: (UnitInfo | undefined)[] = o.roster
    ? o.roster.map((e) => ({ name: e.name, ...(e.code ? { code: e.code } : {}), ...((e.region ?? o.region) ? { region: e.region ?? o.region } : {}) }))
    : [o.unit];
  const names = uniqueFileNames(
    units.map((u) => templateFileName(o.reportYear, u?.name)),
    units.map((u, i) => distinguishingTag(u?.code, o.roster?.[i]?.row)),
  );
  await makeFolder(o.outDir);
  // units send their returns back under the template's name: a rerun must never reset a filled workbook to zeros
  await refuseExistingOutputs(names.map((n) => pathInside(o.outDir, n)), o.force, '同名文件');
  const written: WrittenTemplate[] = [];
  for (const [i, unit] of units.entries()) {
    const path = pathInside(o.outDir, names[i]!);
    const bytes = await templateBuffer({ format, reportYear: o.reportYear, unit, region: o.region, password: o.password });
    // a crash or full disk never leaves a half-written template where a unit would pick it up
    await writeAtomically(path, (tmp) => writeFile(tmp, bytes));
    written.push({ path, ...(unit ? { unit } : {}) });
  }
  return written;
}
