/**
 * A zip is told apart by the part names in its central directory, which sits in the last 256 KiB of the file (sniff.ts):
 * a name that only appears before that (in a local header, or in stored content) says nothing.
 */
import { describe, expect, it } from 'vitest';
import { sniffBytes } from '../../src/grid/sniff.js';

/** A local file header named `first`, then `body`, then `tail` at the very end. */
function zipLike(first: string, body: string | number, tail: string): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(first.length, 26);
  const filler = typeof body === 'number' ? Buffer.alloc(body, 0x20) : Buffer.from(body, 'latin1');
  return Buffer.concat([header, Buffer.from(first, 'latin1'), filler, Buffer.from(tail, 'latin1')]);
}

describe('sniffing a zip', () => {
  it('by the names in its tail', () => {
    expect(sniffBytes(zipLike('a.xml', 100, 'PK\x01\x02 xl/workbook.xml'))).toBe('xlsx');
    expect(sniffBytes(zipLike('a.xml', 100, 'PK\x01\x02 xl/workbook.bin'))).toBe('xlsb');
    expect(sniffBytes(zipLike('a.xml', 100, 'xl/workbook.bin xl/workbook.xml'))).toBe('xlsx');
    expect(sniffBytes(zipLike('a.xml', 'application/vnd.oasis.opendocument.spreadsheet', 'mimetype content.xml'))).toBe('ods');
    expect(sniffBytes(zipLike('a.xml', 100, 'mimetype content.xml'))).toBe('zip');
    expect(sniffBytes(zipLike('a.xml', 100, 'word/document.xml'))).toBe('zip');
  });

  it('not by a name that only appears before its last 256 KiB', () => {
    const far = 256 * 1024;
    expect(sniffBytes(zipLike('xl/workbook.xml', far, 'PK\x01\x02'))).toBe('zip');
    expect(sniffBytes(zipLike('a.xml', `xl/workbook.xml${' '.repeat(far)}`, 'PK\x01\x02'))).toBe('zip');
    // the last occurrence decides, wherever earlier ones are
    expect(sniffBytes(zipLike('a.xml', `xl/workbook.xml${' '.repeat(far)}`, 'xl/workbook.xml'))).toBe('xlsx');
    // a name straddling the start of the tail does not count
    const straddling = zipLike('a.xml', far, '');
    straddling.write('xl/workbook.xml', straddling.length - far - 5, 'latin1');
    expect(sniffBytes(straddling)).toBe('zip');
    straddling.write('xl/workbook.xml', straddling.length - far, 'latin1');
    expect(sniffBytes(straddling)).toBe('xlsx');
  });
});
