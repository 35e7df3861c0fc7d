/**
 * The pages of a PDF written by LibreOffice: its page objects are plain dictionaries (`/Type/Page … /MediaBox[…]`),
 * so counting pages and reading their sizes needs no PDF library.
 */
export interface PdfPage {
  width: number;
  height: number;
  /** `A4 portrait`, `A4 landscape`, or `W×H pt` */
  size: string;
}

export function pdfPages(bytes: Uint8Array): PdfPage[] {
  const text = Buffer.from(bytes).toString('latin1');
  const pages: PdfPage[] = [];
  for (const m of text.matchAll(/\/Type\s*\/Page(?![s\w])([\s\S]*?)>>/g)) {
    const box = /\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(m[1]!);
    const width = box ? Number(box[3]) - Number(box[1]) : NaN;
    const height = box ? Number(box[4]) - Number(box[2]) : NaN;
    const a4 = (a: number, b: number) => Math.abs(a - 595.3) < 2 && Math.abs(b - 841.9) < 2;
    const size = a4(width, height) ? 'A4 portrait' : a4(height, width) ? 'A4 landscape' : `${width}×${height} pt`;
    pages.push({ width, height, size });
  }
  return pages;
}
