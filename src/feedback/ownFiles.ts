/**
 * Recognising nianbao's own feedback files among inputs. A marked-up copy exactly as we wrote it (its digest still
 * matches) and the 审核情况 summary are ours, not a unit's submission: a later check or consolidation of a folder
 * that holds them skips them instead of counting a unit twice. A copy the unit opened, corrected and saved is the
 * unit's new submission and is read (its 审核意见 sheet left out).
 */
import { ZipArchive } from '../grid/zipArchive.js';
import { markerPartOf, packageDigest } from './packageDigest.js';
import { markerKey, markerKinds } from '../workbook/contract.js';

export type OwnFileKind = 'untouchedCopy' | 'summary';

/** Whether a workbook carrying our marker is one of our own files, from its marker and (for a copy) its bytes. */
export function ownFileKind(marker: ReadonlyMap<string, string>, bytes: () => Uint8Array): OwnFileKind | undefined {
  const kind = marker.get(markerKey.kind);
  if (kind === markerKinds.summary) return 'summary';
  if (kind !== markerKinds.copy) return undefined;
  const digest = marker.get(markerKey.digest);
  if (!digest) return undefined;
  try {
    // our zip reader, not the markup's: reading a workbook then never loads the markup's modules
    const zip = new ZipArchive(bytes());
    const parts = Object.fromEntries([...zip.entries.keys()].map((name) => [name, zip.read(name)!]));
    const markerPart = markerPartOf(parts);
    if (!markerPart) return undefined;
    return packageDigest(parts, markerPart) === digest ? 'untouchedCopy' : undefined;
  } catch {
    return undefined;
  }
}

export const ownFileCode = 'OWN_FEEDBACK_FILE' as const;

