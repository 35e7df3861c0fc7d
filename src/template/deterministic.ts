/**
 * Same inputs, same bytes: exceljs's zip writer stamps every entry with the current time. Re-pack the archive with
 * a fixed timestamp, keeping the entry order (`[Content_Types].xml` first, as Office expects).
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';

/**
 * Local-time components, because the zip format stores DOS local time: a `Date` built this way gives the same
 * bytes in every time zone.
 */
const fixedZipTime = () => new Date(2019, 0, 1, 0, 0, 0);

export function repackDeterministic(xlsx: Uint8Array): Buffer {
  const entries = unzipSync(xlsx);
  const files: Zippable = {};
  for (const [name, data] of Object.entries(entries)) files[name] = [data, { mtime: fixedZipTime(), level: 6 }];
  return Buffer.from(zipSync(files));
}
