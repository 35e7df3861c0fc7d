/**
 * The Report schema of one format, generated from its cell specs: every data point of the format must be present
 * (a value of kind `missing` says "not found in the source"; an absent key says nothing and is refused). A Report
 * handed in as JSON is checked against it, so `values: {}` cannot pass as a report with nothing wrong.
 */
import { z } from 'zod';
import { cellSpecs, formats } from '../formats/index.js';
import type { FormatDef, FormatId } from '../formats/types.js';
import { reportSchema, reportValueSchema } from './report.js';

const cache = new Map<FormatId, z.ZodType>();

export function reportSchemaFor(format: FormatDef) {
  let schema = cache.get(format.id);
  if (!schema) {
    const values = Object.fromEntries(cellSpecs(format).map((s) => [s.key, reportValueSchema]));
    schema = reportSchema.extend({ format: z.literal(format.id), values: z.object(values) });
    cache.set(format.id, schema);
  }
  return schema;
}

/** The cell keys of the report's format that its values lack (empty when complete). */
export function missingValueKeys(report: { format: FormatId; values: Record<string, unknown> }): string[] {
  return cellSpecs(formats[report.format])
    .map((s) => s.key)
    .filter((k) => !Object.hasOwn(report.values, k));
}
