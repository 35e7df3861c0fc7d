/**
 * A finding: one thing wrong (or worth a look) in one unit's data, with a stable code, the cells involved and a
 * Chinese message a clerk can act on. Everything that checks or reads produces these; nothing throws at a user.
 */
import { z } from 'zod';
import { findingCodeList, type FindingCode, type Severity } from './codes.js';

export type { FindingCode, Severity };
export const severities = ['error', 'warning', 'info'] as const satisfies readonly Severity[];

export const findingSchema = z.object({
  /** stable English code, e.g. `BALANCE`, `ROW_TOTAL`, `BLANK_INPUT`: one of the registry's (src/findings/codes.ts) */
  code: z.enum(findingCodeList as [FindingCode, ...FindingCode[]]),
  severity: z.enum(severities),
  /** the rule id of the definition it comes from (`balance`, `row-total`, …), when it comes from one */
  rule: z.string().optional(),
  /** for a finding about another rule (not assessable, a total typed over): that rule's id */
  relation: z.string().optional(),
  /** the file the user gave */
  file: z.string(),
  sheet: z.string().optional(),
  /** every cell involved, as `sheet!A1` (or a line reference for text sources) */
  cells: z.array(z.string()),
  /** the data points involved, as cell keys */
  keys: z.array(z.string()).optional(),
  expected: z.union([z.number(), z.string()]).optional(),
  actual: z.union([z.number(), z.string()]).optional(),
  difference: z.number().optional(),
  /** the places, units or files the message speaks of, one line each (the message itself stays short) */
  details: z.array(z.string()).optional(),
  /** the Chinese message */
  message: z.string(),
  /** the unit's name, when known */
  unit: z.string().optional(),
  /** an `EXPLAINED` finding: the code of the warning the unit explained */
  explains: z.string().optional(),
  /** an `EXPLAINED` finding: the unit's words from 情况说明 */
  explanation: z.string().optional(),
});

export type Finding = z.infer<typeof findingSchema>;

export { cellRef } from './cellRef.js';
