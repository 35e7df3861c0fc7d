/**
 * What identifies one of our marked-up copies: the part holding our marker sheet, and a digest of every other part.
 * A module of its own (node:crypto only) because every read of a workbook may have to ask, while the markup itself
 * (sheet XML, styles, dates) is needed only when writing a copy.
 */
import { createHash } from 'node:crypto';
import { markerComment } from '../workbook/contract.js';

/** The part holding our marker sheet, if any. */
export function markerPartOf(parts: Record<string, Uint8Array>): string | undefined {
  const needle = Buffer.from(markerComment);
  return Object.keys(parts).find((name) => name.startsWith('xl/worksheets/') && Buffer.from(parts[name]!).includes(needle));
}

/** sha256 over every part but the marker, in name order: what says a copy is still exactly as we wrote it. */
export function packageDigest(parts: Record<string, Uint8Array>, markerPart: string | undefined): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(parts).sort()) {
    if (name === markerPart) continue;
    hash.update(name);
    hash.update('\0');
    hash.update(parts[name]!);
    hash.update('\0');
  }
  return hash.digest('hex');
}
