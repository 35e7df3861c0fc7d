/**
 * The one JSON shape of findings: `nianbao check --json` and `nianbao parse --json` print this document to stdout, and
 * the `findings` member of `consolidate --json` is this document too (one entry per input file, then the entries of
 * the roster and of the summary itself). Stable field names, checked by this schema in the tests.
 *
 * ```jsonc
 * {
 *   "tool": "nianbao",
 *   "version": "0.1.0",                  // nianbao's version
 *   "generatedAt": "2026-01-20T16:00:00+08:00", // optional, ISO 8601 in China Standard Time
 *   "files": [
 *     {
 *       "file": "samples/2025/某局.xlsx",  // the path as the user gave it
 *       "unit": "某局",                     // 单位名称 when known, else null
 *       "format": "2021",                   // the format read from the labels, null when the file could not be read
 *       "reportYear": 2025,                 // null when the file does not say
 *       "status": "failed",                 // passed | warnings | failed | unreadable
 *       "findings": [                       // in the order checkReport gives (report-wide, then by table and cell)
 *         { "code": "BALANCE", "severity": "error", "rule": "balance", "file": "…", "sheet": "三、依申请公开",
 *           "cells": ["三、依申请公开!D4", "…"], "keys": ["applications.newReceived.natural", "…"],
 *           "expected": 7, "actual": 6, "difference": -1, "message": "表三“…”“自然人”列不满足勾稽关系：…" }
 *       ]
 *     }
 *   ],
 *   "totals": { "files": 1, "errors": 1, "warnings": 0, "infos": 2 }
 * }
 * ```
 *
 * `expected`/`actual`/`difference` are numbers in display units (money in 万元 with up to 4 decimals) or, for
 * non-numeric findings, short strings; `difference` is `actual − expected`.
 */
import { z } from 'zod';
import { findingSchema } from '../findings/finding.js';
import { formatIdSchema, reportSchema } from '../report/report.js';

export const fileStatuses = ['passed', 'warnings', 'failed', 'unreadable'] as const;
export type FileStatus = (typeof fileStatuses)[number];

export const checkedFileJsonSchema = z.object({
  file: z.string(),
  unit: z.string().nullable(),
  format: formatIdSchema.nullable(),
  reportYear: z.number().int().nullable(),
  status: z.enum(fileStatuses),
  findings: z.array(findingSchema),
  /** data points read, missing, and the findings that say why */
  reading: z
    .object({
      values: z.number().int(),
      read: z.number().int(),
      missing: z.number().int(),
      missingBecause: z.array(z.object({ code: z.string(), message: z.string(), count: z.number().int() })),
    })
    .optional(),
  report: reportSchema.optional(),
});

/** The findings part every document shares: the files with their findings, and the counts. */
export const findingsDocumentSchema = z.object({
  files: z.array(checkedFileJsonSchema),
  totals: z.object({
    files: z.number().int(),
    errors: z.number().int(),
    warnings: z.number().int(),
    infos: z.number().int(),
  }),
});

/** What `check --json` and `parse --json` print. */
export const checkOutputSchema = findingsDocumentSchema.extend({
  tool: z.literal('nianbao'),
  version: z.string(),
  generatedAt: z.string().optional(),
});

export type FindingsDocument = z.infer<typeof findingsDocumentSchema>;
export type CheckOutput = z.infer<typeof checkOutputSchema>;
