/**
 * What a cell was found to hold, decided before any arithmetic (a module of its own: reading and summing need the
 * kinds, not the Report's zod schema):
 * - `number` / `zero`: a usable number (see `scaled`)
 * - `blank`: nothing at all (a warning; never silently 0)
 * - `notApplicable`: `—`, `-`, `/`, `无`
 * - `text`: words where a number belongs
 * - `formulaWithoutResult`: a formula the file stores no result for
 * - `error`: a spreadsheet error value (`#REF!`)
 * - `missing`: the row or column was not found in the source at all (a cut-off published report)
 */
export const valueKinds = ['number', 'zero', 'blank', 'notApplicable', 'text', 'formulaWithoutResult', 'error', 'missing'] as const;
export type ValueKind = (typeof valueKinds)[number];
