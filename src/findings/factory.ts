/**
 * The one way a finding is made: its code's registry entry gives the severity, the rule and the message; the caller
 * gives only the parameters and where it was found.
 */
import { findingCodes, messageOf, type FindingCode, type ParamsOf, type Severity } from './codes.js';
import type { Finding } from './finding.js';
import { basename } from 'node:path';

/** Where a finding was found and what it is about, beside its message. */
export interface FindingPlace {
  file: string;
  sheet?: string;
  cells?: readonly string[];
  keys?: readonly string[];
  expected?: number | string;
  actual?: number | string;
  difference?: number;
  unit?: string;
  /** for a finding about another rule (not assessable, a total typed over): that rule's id */
  relation?: string;
  /** the places, units or files the message speaks of, one line each */
  details?: readonly string[];
}

export function finding<C extends FindingCode>(code: C, params: ParamsOf<C>, place: FindingPlace): Finding {
  const message = messageOf(code, params);
  const def = findingCodes[code];
  const rule = 'rule' in def ? def.rule : undefined;
  const f: Finding = {
    code,
    severity: 'severityOf' in def ? (def.severityOf as (p: ParamsOf<C>) => Severity)(params) : def.severity,
    ...(rule ? { rule } : {}),
    ...(place.relation ? { relation: place.relation } : {}),
    file: place.file,
    ...(place.sheet ? { sheet: place.sheet } : {}),
    cells: [...(place.cells ?? [])],
    ...(place.keys ? { keys: [...place.keys] } : {}),
    ...(place.expected !== undefined ? { expected: place.expected } : {}),
    ...(place.actual !== undefined ? { actual: place.actual } : {}),
    ...(place.difference !== undefined ? { difference: place.difference } : {}),
    ...(place.details && place.details.length > 0 ? { details: [...place.details] } : {}),
    message,
    ...(place.unit ? { unit: place.unit } : {}),
  };
  return f;
}

/** A file that could not be read: its code and the sentence naming it (a finding once a batch reports it). */
export interface FileFailure<C extends FindingCode = FindingCode> {
  code: C;
  message: string;
}

export function fileFailure<C extends FindingCode>(code: C, params: ParamsOf<C>): FileFailure<C> {
  return { code, message: messageOf(code, params) };
}

/** A file that could not be read, as the one finding that names it (its message made when the failure was). */
export function unreadableFinding(file: string, error: FileFailure): Finding {
  return { ...finding(error.code as 'READ_FAILED', { name: basename(file) }, { file }), message: error.message };
}
