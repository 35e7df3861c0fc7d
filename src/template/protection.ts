/**
 * Sheet protection that keeps labels and formulas from being changed by accident while leaving input cells, cell
 * formatting and selection free. exceljs salts a password with random bytes, which would make two runs differ;
 * here the salt is derived from the password, so the same inputs give the same file (sheet protection is a guard
 * against slips, not a security boundary).
 */
import { createHash } from 'node:crypto';
import type ExcelJS from 'exceljs';

const spinCount = 100_000;
const hashCache = new Map<string, { saltValue: string; hashValue: string }>();

/** The ECMA-376 (agile) password hash Excel verifies: SHA-512 over salt + UTF-16LE password, spun `spinCount` times. */
function passwordHash(password: string): { saltValue: string; hashValue: string } {
  const cached = hashCache.get(password);
  if (cached) return cached;
  const salt = createHash('sha256').update(`nianbao sheet protection\u0000${password}`, 'utf8').digest().subarray(0, 16);
  let key = createHash('sha512').update(Buffer.concat([salt, Buffer.from(password, 'utf16le')])).digest();
  const iterator = Buffer.alloc(4);
  for (let i = 0; i < spinCount; i++) {
    iterator.writeUInt32LE(i, 0);
    key = createHash('sha512').update(Buffer.concat([key, iterator])).digest();
  }
  const result = { saltValue: salt.toString('base64'), hashValue: key.toString('base64') };
  hashCache.set(password, result);
  return result;
}

/** Protect a sheet: locked cells cannot be edited; selecting and formatting stay allowed. */
export function protectSheet(sheet: ExcelJS.Worksheet, password?: string): void {
  const protection: Record<string, unknown> = {
    sheet: true,
    objects: true,
    scenarios: true,
    formatCells: true,
    formatColumns: true,
    formatRows: true,
  };
  if (password) Object.assign(protection, { algorithmName: 'SHA-512', spinCount, ...passwordHash(password) });
  // exceljs's own protect() would add a random salt; its model accepts the same fields directly
  (sheet as unknown as { sheetProtection: unknown }).sheetProtection = protection;
}
