/**
 * The JSON document `nianbao check --json` prints to stdout: one object, stable field names, checked by this schema
 * in the tests.
 *
 * ```jsonc
 * {
 *   "tool": "nianbao",
 *   "version": "0.1.0",                  // nianbao's version
 *   "generatedAt": "2026-01-20T08:00:00.000Z", // optional, ISO 8601
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
import { formatIdSchema } from '../report/report.js';

export const fileStatuses = ['passed', 'warnings', 'failed', 'unreadable'] as const;
export type FileStatus = (typeof fileStatuses)[number];

export const checkedFileJsonSchema = z.object({
  file: z.string(),
  unit: z.string().nullable(),
  format: formatIdSchema.nullable(),
  reportYear: z.number().int().nullable(),
  status: z.enum(fileStatuses),
  findings: z.array(findingSchema),
});

export const checkOutputSchema = z.object({
  tool: z.literal('nianbao'),
  version: z.string(),
  generatedAt: z.string().optional(),
  files: z.array(checkedFileJsonSchema),
  totals: z.object({
    files: z.number().int(),
    errors: z.number().int(),
    warnings: z.number().int(),
    infos: z.number().int(),
  }),
});

export type CheckOutput = z.infer<typeof checkOutputSchema>;
