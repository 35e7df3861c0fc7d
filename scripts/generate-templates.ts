/**
 * Regenerate the committed blank templates: templates/2021/ (the current format) and templates/2019/ (report years
 * 2019–2020). Run with `npx tsx scripts/generate-templates.ts [rootDir]`; a test fails when the committed files
 * differ from what this produces.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { generateTemplates } from '../src/template/index.js';

/** The report year each committed template is made for: the latest year of each format at the time of writing. */
export const committedTemplates = [
  { dir: '2021', reportYear: 2025 },
  { dir: '2019', reportYear: 2020 },
] as const;

export async function generateCommittedTemplates(root: string): Promise<string[]> {
  const paths: string[] = [];
  for (const t of committedTemplates) {
    // the committed blank templates are regenerated in place on purpose
    const written = await generateTemplates({ reportYear: t.reportYear, outDir: join(root, t.dir), force: true });
    paths.push(...written.map((w) => w.path));
  }
  return paths;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'templates');
  for (const p of await generateCommittedTemplates(root)) process.stdout.write(`已生成 ${p}\n`);
}
