/**
 * A zip package written part by part, each part given as a sequence of chunks so that a province's 分单位明细 (tens of
 * megabytes of sheet XML at 10,000 units) is compressed as it is produced instead of being held whole.
 *
 * Each chunk is deflated on its own with node:zlib at level 1 (what exceljs writes with) and a sync flush, and the
 * pieces are joined into one raw deflate stream: a sync-flushed piece ends on a byte boundary without the final-block
 * bit, so the next piece's blocks follow it validly (as pigz joins its pieces). The CRC is carried across chunks.
 */
import * as zlib from 'node:zlib';

const { constants, deflateRaw, deflateRawSync } = zlib;
/** chunks being deflated at once (each at most about 1 MiB): enough to keep libuv's threads busy */
const inFlight = 4;
/** parts smaller than this are deflated on the calling thread */
const syncBelow = 64 * 1024;
const zlibMinChunk = 16 * 1024;
// a named import would fail to load on a Node 20 older than 20.15
const zlibCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** CRC-32 of `data` continuing from `crc`: node:zlib's (Node ≥ 20.15), else a table-driven one. */
const crc32: (data: Uint8Array, crc: number) => number =
  typeof zlibCrc32 === 'function'
    ? (data, crc) => zlibCrc32(data, crc)
    : (() => {
        const table = new Uint32Array(256);
        for (let n = 0; n < 256; n++) {
          let c = n;
          for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
          table[n] = c >>> 0;
        }
        return (data: Uint8Array, crc: number) => {
          let c = (crc ^ 0xffffffff) >>> 0;
          for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
          return (c ^ 0xffffffff) >>> 0;
        };
      })();

interface Written {
  name: Buffer;
  crc: number;
  size: number;
  compressedSize: number;
  offset: number;
}

/** 2019-01-01 00:00 in DOS time, the fixed date every part carries (a package's bytes then depend on its content only). */
const dosTime = 0;
const dosDate = ((2019 - 1980) << 9) | (1 << 5) | 1;

export class ZipWriter {
  private readonly out: Buffer[] = [];
  private readonly entries: Written[] = [];
  private offset = 0;

  /**
   * Adds a part; `chunks` are its content in order (strings are written as UTF-8). Chunks are deflated on libuv's
   * threads while the next one is produced (the summary's writing otherwise leaves the second core idle), at most
   * `inFlight` at a time so that a province's sheet is never held whole. Parts must be added one after another.
   */
  async add(name: string, chunks: Iterable<string | Uint8Array>): Promise<void> {
    const pieces: Promise<Buffer>[] = [];
    let crc = 0;
    let size = 0;
    let pending: Buffer | undefined;
    const deflate = (data: Buffer, last: boolean): Promise<Buffer> => {
      // an output buffer as large as the worst case, so that a chunk is deflated in one go on libuv's thread: with
      // zlib's 16 KiB default each piece came back to this thread a dozen times, waiting each time for it to be free
      const options = { level: 1, chunkSize: Math.max(zlibMinChunk, data.length + (data.length >> 8) + 64), ...(last ? {} : { finishFlush: constants.Z_SYNC_FLUSH }) };
      // a small part costs less deflated here than a round trip through the thread pool
      if (data.length < syncBelow) return Promise.resolve(deflateRawSync(data, options));
      return new Promise<Buffer>((resolve, reject) => deflateRaw(data, options, (err, piece) => (err ? reject(err) : resolve(piece))));
    };
    for (const chunk of chunks) {
      const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (data.length === 0) continue;
      crc = crc32(data, crc);
      size += data.length;
      // one chunk behind, so that the last one is deflated with the final block
      if (pending) {
        pieces.push(deflate(pending, false));
        if (pieces.length > inFlight) await pieces[pieces.length - 1 - inFlight];
      }
      pending = data;
    }
    pieces.push(deflate(pending ?? Buffer.alloc(0), true));
    const compressed = await Promise.all(pieces);
    const compressedSize = compressed.reduce((n, piece) => n + piece.length, 0);
    const nameBytes = Buffer.from(name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed: deflate
    header.writeUInt16LE(0x0800, 6); // UTF-8 names
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(dosTime, 10);
    header.writeUInt16LE(dosDate, 12);
    header.writeUInt32LE(crc >>> 0, 14);
    header.writeUInt32LE(compressedSize, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    header.writeUInt16LE(0, 28);
    this.entries.push({ name: nameBytes, crc: crc >>> 0, size, compressedSize, offset: this.offset });
    this.out.push(header, nameBytes, ...compressed);
    this.offset += header.length + nameBytes.length + compressedSize;
  }

  /** The whole package: every part, then the central directory. */
  finish(): Buffer[] {
    const start = this.offset;
    let length = 0;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4); // made by
      h.writeUInt16LE(20, 6); // needed
      h.writeUInt16LE(0x0800, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(dosTime, 12);
      h.writeUInt16LE(dosDate, 14);
      h.writeUInt32LE(e.crc, 16);
      h.writeUInt32LE(e.compressedSize, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      this.out.push(h, e.name);
      length += h.length + e.name.length;
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(length, 12);
    end.writeUInt32LE(start, 16);
    this.out.push(end);
    return this.out;
  }
}
