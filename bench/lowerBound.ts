/**
 * The floor of reading a workbook: find each sheet (and, optionally, the shared strings) in the zip's central
 * directory, inflate it with node:zlib, and regex-scan its `<c>` elements without interpreting them. Nothing real can
 * read our cells in less; the benchmark states every reading figure as a multiple of this.
 */
import { inflateRawSync } from 'node:zlib';

/** Number of `<c>` elements found (returned so the work cannot be optimised away). */
export function lowerBoundScan(bytes: Buffer, withSharedStrings: boolean): number {
  let end = bytes.length - 22;
  while (bytes.readUInt32LE(end) !== 0x06054b50) end--;
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  let cells = 0;
  for (let i = 0; i < count; i++) {
    const nameLength = bytes.readUInt16LE(at + 28);
    const name = bytes.toString('latin1', at + 46, at + 46 + nameLength);
    const size = bytes.readUInt32LE(at + 20);
    const local = bytes.readUInt32LE(at + 42);
    if (name.startsWith('xl/worksheets/sheet') || (withSharedStrings && name === 'xl/sharedStrings.xml')) {
      const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
      const method = bytes.readUInt16LE(at + 10);
      const raw = bytes.subarray(start, start + size);
      const xml = (method === 0 ? raw : inflateRawSync(raw)).toString('utf8');
      const re = name.endsWith('sharedStrings.xml') ? /<si>.*?<\/si>/gs : /<c [^>]*?(?:\/>|>.*?<\/c>)/g;
      while (re.exec(xml)) cells++;
    }
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return cells;
}
