/**
 * Running LibreOffice headless from tests: "another reader, not exceljs". Each call uses its own profile directory
 * (concurrent runs with a shared profile collide) and passes files in chunks (soffice silently ignores arguments past
 * about 253).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

let available: boolean | undefined;

export function hasLibreOffice(): boolean {
  if (available === undefined) {
    try {
      execFileSync('soffice', ['--version'], { stdio: 'ignore', timeout: 60_000 });
      available = true;
    } catch {
      available = false;
    }
  }
  return available;
}

/** Filter option that makes the CSV export write every sheet (`<name>-<sheet>.csv`), UTF-8, comma, quotes. */
export const csvAllSheets = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';

/**
 * Convert `inputPath` (one file or several) with `soffice --headless --convert-to <targetFormat>` into `outDir`;
 * returns the paths of the files LibreOffice wrote for these inputs (several per input for CSV of all sheets).
 * `targetFormat` is `pdf`, `fods`, `xlsx`, `csv` (all sheets) or any full `ext:Filter:options` string.
 */
export async function convertWithLibreOffice(
  inputPath: string | readonly string[],
  targetFormat: string,
  outDir: string,
): Promise<string[]> {
  const inputs = typeof inputPath === 'string' ? [inputPath] : [...inputPath];
  const target = targetFormat === 'csv' ? csvAllSheets : targetFormat;
  const profile = await mkdtemp(join(tmpdir(), 'lo-'));
  try {
    for (let i = 0; i < inputs.length; i += 100) {
      const chunk = inputs.slice(i, i + 100);
      await new Promise<void>((resolve, reject) => {
        execFile(
          'soffice',
          [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--convert-to', target, '--outdir', outDir, ...chunk],
          { timeout: 240_000, maxBuffer: 16 * 1024 * 1024 },
          (err, stdout, stderr) => {
            if (err) reject(new Error(`soffice failed: ${err.message}\n${stdout}\n${stderr}`));
            else if (/Error:/i.test(stderr) || /Error:/i.test(stdout)) reject(new Error(`soffice reported an error:\n${stdout}\n${stderr}`));
            else resolve();
          },
        );
      });
    }
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
  const ext = target.split(':')[0]!;
  const stems = inputs.map((p) => basename(p, extname(p)));
  const written = (await readdir(outDir)).filter(
    (f) => extname(f) === `.${ext}` && stems.some((s) => f === `${s}.${ext}` || f.startsWith(`${s}-`)),
  );
  if (written.length === 0) throw new Error(`soffice wrote no .${ext} file for ${inputs.join(', ')}`);
  return written.sort().map((f) => join(outDir, f));
}
