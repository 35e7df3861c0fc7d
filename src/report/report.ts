/**
 * The one data type every reader ends in and every writer starts from: one unit's (or one region's) statistics for
 * one year, each value classified and carrying where it came from.
 */
import { z } from 'zod';
import { findingSchema } from '../findings/finding.js';
import { formatIds } from '../formats/index.js';
import type { FormatId } from '../formats/types.js';
import { valueKinds } from './valueKinds.js';

export const formatIdSchema = z.enum(formatIds as [FormatId, ...FormatId[]]);

/** Where a value was read: the file the user gave, and the sheet and cell (or the line of a text source). */
export const provenanceSchema = z.object({
  file: z.string(),
  sheet: z.string().optional(),
  cell: z.string().optional(),
  line: z.number().int().optional(),
});
export type Provenance = z.infer<typeof provenanceSchema>;

export { valueKinds, type ValueKind } from './valueKinds.js';

export const reportValueSchema = z.object({
  kind: z.enum(valueKinds),
  /**
   * The exact value in the domain's base unit: counts as whole numbers, money as integer ten-thousandths of 万元
   * (i.e. 元). Null when the kind is not a number, or when the number cannot be held exactly in its domain (a
   * fractional count, money with more than 4 decimals): such values carry a finding and `number` shows what was read.
   */
  scaled: z.number().int().nullable(),
  /** the number as read, in the cell's display unit (万元 for money), when it was a number */
  number: z.number().nullable(),
  /** the cell's text as the user wrote it */
  raw: z.string(),
  /** a formula found in the cell (returned files are never trusted on it: totals are recomputed) */
  formula: z.string().optional(),
  /** how the number was read when it was not a plain number: `fullWidth`, `textNumber`, `unitSuffix`, `yuanToWan`, `plusSign` */
  readAs: z.array(z.string()).optional(),
  provenance: provenanceSchema,
});
export type ReportValue = z.infer<typeof reportValueSchema>;

export const unitInfoSchema = z.object({
  name: z.string().optional(),
  /** 统一社会信用代码 */
  code: z.string().optional(),
  region: z.string().optional(),
  filler: z.string().optional(),
  phone: z.string().optional(),
  /** 填报日期 as ISO `yyyy-MM-dd` */
  filledDate: z.string().optional(),
});
export type UnitInfo = z.infer<typeof unitInfoSchema>;

/** A unit's explanation of a warning, from our 情况说明 sheet: the table, the row (item) it picked, and its words. */
export const explanationSchema = z.object({
  table: z.enum(['active', 'applications', 'reviews']),
  /** the item as listed (a row name, a column group of table 四, or （整张表）) */
  item: z.string(),
  text: z.string(),
  provenance: provenanceSchema,
});
export type Explanation = z.infer<typeof explanationSchema>;

export const reportSchema = z.object({
  format: formatIdSchema,
  /** the report year the source states (metadata, 基本信息 or title); null when it does not say */
  reportYear: z.number().int().nullable(),
  unit: unitInfoSchema,
  source: z.object({
    file: z.string(),
    /** how it was read: our template (by its metadata), any workbook carrying the tables, published text/HTML */
    kind: z.enum(['template', 'workbook', 'text', 'html', 'docx', 'pdf']),
    templateVersion: z.string().optional(),
    /** true when the source is a consolidated summary written by nianbao */
    isSummary: z.boolean().optional(),
    /** the sheet each table was found on */
    sheets: z.record(z.string(), z.string()).optional(),
    convertedFrom: z.string().optional(),
  }),
  /** every data point of the format, by cell key */
  values: z.record(z.string(), reportValueSchema),
  /** what reading found (tables or rows not found, odd cells); the checks add their own */
  findings: z.array(findingSchema),
  /** the unit's explanations of warnings (情况说明), when its workbook has our sheet */
  explanations: z.array(explanationSchema).optional(),
});
export type Report = z.infer<typeof reportSchema>;
