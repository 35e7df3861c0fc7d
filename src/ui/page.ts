/**
 * The page: one self-contained HTML file (its style and script inline, no external font, script or request), read
 * from `page/index.html` next to the package, or from the executable's embedded assets. `__NONCE__` is replaced per
 * response so the content security policy admits only this page's own inline code.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { embeddedText } from '../exe/sea.js';

export const pageAsset = 'index.html';

export function pageHtml(): string {
  const embedded = embeddedText(pageAsset);
  if (embedded !== undefined) return embedded;
  // src/ui/page.ts and dist/ui/page.js are both two levels below the package root
  return readFileSync(fileURLToPath(new URL(`../../page/${pageAsset}`, import.meta.url)), 'utf8');
}
