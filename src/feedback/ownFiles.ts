/**
 * Recognising nianbao's own feedback files among inputs. A marked-up copy exactly as we wrote it (its digest still
 * matches) and the 审核情况 summary are ours, not a unit's submission: a later check or consolidation of a folder
 * that holds them skips them instead of counting a unit twice. A copy the unit opened, corrected and saved is the
 * unit's new submission and is read (its 审核意见 sheet left out).
 */
import { unzipSync } from 'fflate';
import { gridCell, type GridSheet } from '../grid/grid.js';
import { markerPartOf, packageDigest } from './markup.js';
import { feedbackMarkerSheetName } from './opinion.js';

export type OwnFileKind = 'untouchedCopy' | 'summary';

/** The key/value rows of the marker sheet, when the grid has one. */
export function markerFields(sheets: readonly GridSheet[]): Map<string, string> | undefined {
  const sheet = sheets.find((s) => s.name === feedbackMarkerSheetName);
  if (!sheet) return undefined;
  const out = new Map<string, string>();
  // grid rows and columns count from 0
  for (let row = 0; row < Math.min(sheet.rowCount, 50); row += 1) {
    const key = gridCell(sheet, row, 0)?.text;
    if (key) out.set(key, gridCell(sheet, row, 1)?.text ?? '');
  }
  return out;
}

/** Whether a workbook carrying our marker is one of our own files, from its marker and (for a copy) its bytes. */
export function ownFileKind(marker: ReadonlyMap<string, string>, bytes: () => Uint8Array): OwnFileKind | undefined {
  const kind = marker.get('kind');
  if (kind === 'feedback-summary') return 'summary';
  if (kind !== 'feedback') return undefined;
  const digest = marker.get('digest');
  if (!digest) return undefined;
  try {
    const parts = unzipSync(bytes());
    const markerPart = markerPartOf(parts);
    if (!markerPart) return undefined;
    return packageDigest(parts, markerPart) === digest ? 'untouchedCopy' : undefined;
  } catch {
    return undefined;
  }
}

export const ownFileCode = 'OWN_FEEDBACK_FILE' as const;

