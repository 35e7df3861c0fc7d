/**
 * Running LibreOffice headless from tests: "another reader, not exceljs". Every test that starts soffice goes through
 * here. Each call uses its own profile directory (concurrent runs with a shared profile collide), passes files in
 * chunks (soffice silently ignores arguments past about 253) and runs in the environment the product gives soffice
 * (`sofficeEnvironment`: about 40 % less CPU per start on Linux).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sofficeEnvironment } from '../../src/grid/convert.js';

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

export interface SofficeOptions {
  /** the import filter, named (`--infilter=`), when LibreOffice must not guess it */
  infilter?: string;
}

/**
 * Convert `inputPath` (one file or several) with `soffice --headless --convert-to <targetFormat>` into `outDir`;
 * returns the paths of the files LibreOffice wrote for these inputs (several per input for CSV of all sheets).
 * `targetFormat` is `pdf`, `fods`, `xlsx`, `csv` (all sheets) or any full `ext:Filter:options` string.
 */
export async function convertWithLibreOffice(
  inputPath: string | readonly string[],
  targetFormat: string,
  outDir: string,
  o: SofficeOptions = {},
): Promise<string[]> {
  const inputs = typeof inputPath === 'string' ? [inputPath] : [...inputPath];
  const profile = mkdtempSync(join(tmpdir(), 'lo-'));
  try {
    for (const chunk of chunks(inputs)) {
      await new Promise<void>((resolve, reject) => {
        execFile(
          'soffice',
          sofficeArgs(profile, targetFormat, outDir, chunk, o),
          { timeout: 240_000, maxBuffer: 16 * 1024 * 1024, env: sofficeEnvironment() },
          (err, stdout, stderr) => {
            if (err) reject(new Error(`soffice failed: ${err.message}\n${stdout}\n${stderr}`));
            else if (/Error:/i.test(stderr) || /Error:/i.test(stdout)) reject(new Error(`soffice reported an error:\n${stdout}\n${stderr}`));
            else resolve();
          },
        );
      });
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  return written(inputs, targetFormat, outDir);
}

/** `convertWithLibreOffice` for fixtures made synchronously. */
export function convertWithLibreOfficeSync(inputPath: string | readonly string[], targetFormat: string, outDir: string, o: SofficeOptions = {}): string[] {
  const inputs = typeof inputPath === 'string' ? [inputPath] : [...inputPath];
  const profile = mkdtempSync(join(tmpdir(), 'lo-'));
  try {
    for (const chunk of chunks(inputs)) {
      execFileSync('soffice', sofficeArgs(profile, targetFormat, outDir, chunk, o), { stdio: 'ignore', timeout: 240_000, env: sofficeEnvironment() });
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  return written(inputs, targetFormat, outDir);
}

function sofficeArgs(profile: string, targetFormat: string, outDir: string, inputs: readonly string[], o: SofficeOptions): string[] {
  const target = targetFormat === 'csv' ? csvAllSheets : targetFormat;
  return [
    `-env:UserInstallation=${pathToFileURL(profile).href}`,
    '--headless',
    '--norestore',
    ...(o.infilter ? [`--infilter=${o.infilter}`] : []),
    '--convert-to',
    target,
    '--outdir',
    outDir,
    ...inputs,
  ];
}

function chunks(inputs: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < inputs.length; i += 100) out.push(inputs.slice(i, i + 100));
  return out;
}

/** What LibreOffice wrote into `outDir` for these inputs; every input must have its file. */
function written(inputs: readonly string[], targetFormat: string, outDir: string): string[] {
  const ext = (targetFormat === 'csv' ? csvAllSheets : targetFormat).split(':')[0]!;
  const files = readdirSync(outDir);
  const missing: string[] = [];
  const out: string[] = [];
  for (const input of inputs) {
    const stem = basename(input, extname(input));
    const mine = files.filter((f) => extname(f) === `.${ext}` && (f === `${stem}.${ext}` || f.startsWith(`${stem}-`)));
    if (mine.length === 0) missing.push(basename(input));
    out.push(...mine);
  }
  if (missing.length > 0) throw new Error(`soffice wrote no .${ext} file for ${missing.join(', ')}`);
  return [...new Set(out)].sort().map((f) => join(outDir, f));
}
