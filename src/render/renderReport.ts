/** Any Report (one unit's, or a consolidated summary) printed as the official tables. */
import type { Report } from '../report/report.js';
import { reportDocument, type RenderOptions } from './document.js';
import { renderHtmlFragment, renderHtmlPage } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderText } from './text.js';

import type { RenderFormat } from './renderFormats.js';

export { renderFormats, type RenderFormat } from './renderFormats.js';

export interface RenderReportOptions extends RenderOptions {
  /** html only: the bare <div> for pasting into an editor instead of a complete page */
  fragment?: boolean;
}

export function renderReport(report: Report, format: RenderFormat, o: RenderReportOptions = {}): string {
  const doc = reportDocument(report, o);
  switch (format) {
    case 'html':
      return o.fragment ? renderHtmlFragment(doc) : renderHtmlPage(doc);
    case 'md':
      return renderMarkdown(doc);
    case 'txt':
      return renderText(doc);
  }
}

export { reportDocument, reportTitle, valueText, type RenderedDocument, type RenderedTable } from './document.js';
