/**
 * Files no spreadsheet program would write, built byte by byte for the hostile-file tests: a zip whose directory
 * declares whatever sizes a test likes, a deflate stream of gigabytes of zeros that costs megabytes, and an OLE
 * compound file (what an encrypted xlsx or a legacy .xls is on disk) holding given stream names.
 */
import { deflateRawSync, constants as zlibConstants } from 'node:zlib';

export interface ZipItem {
  name: string;
  deflated: Uint8Array;
  declaredSize: number;
}

/** A zip written field by field, so a test can declare whatever sizes it likes. */
export function zipOf(items: ZipItem[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const item of items) {
    const name = Buffer.from(item.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(item.deflated.length, 18);
    local.writeUInt32LE(item.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(item.deflated.length, 20);
    central.writeUInt32LE(item.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(item.deflated));
    centrals.push(central, name);
    offset += 30 + name.length + item.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(items.length, 8);
  end.writeUInt16LE(items.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * A genuine deflate stream of `mib` MiB of zeros, built without compressing them: a sync-flushed 1 MiB block of zeros
 * is byte-aligned and refers to nothing before it, so it can be repeated, then closed with an empty final block.
 */
export function zerosDeflated(mib: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  return Buffer.concat([...Array<Buffer>(mib).fill(block), Buffer.from([0x03, 0x00])]);
}

/** An OLE compound file header and directory holding the given stream names (enough for any sniffer). */
export function oleWith(streams: string[]): Buffer {
  const b = Buffer.alloc(512 + 512 * 2);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(b, 0);
  b.writeUInt16LE(0x3e, 0x18);
  b.writeUInt16LE(3, 0x1a);
  b.writeUInt16LE(0xfffe, 0x1c);
  b.writeUInt16LE(9, 0x1e);
  b.writeUInt16LE(6, 0x20);
  ['Root Entry', ...streams].forEach((name, i) => {
    const at = 512 + i * 128;
    b.write(name, at, 'utf16le');
    b.writeUInt16LE((name.length + 1) * 2, at + 64);
    b[at + 66] = i === 0 ? 5 : 2;
  });
  return b;
}
