/**
 * The application layer: the use cases every front-end calls (the CLI, the local page, the portal). Each takes values
 * and paths, returns a result (with the exit status the CLI uses), prints nothing and never ends the process. A
 * request that cannot be carried out throws InputError with a Chinese message; problems in users' files are findings.
 */
export { checkFiles, type CheckFilesOptions, type CheckFilesResult } from './check.js';
export { unreadableFinding } from '../findings/factory.js';
export { consolidate, type ConsolidateOptions } from './consolidate.js';
export type { ConsolidationResult } from '../consolidate/result.js';
export { parseFiles, describeParsedReport, type ParseOptions, type ParseResult, type ParsedFile } from './parse.js';
export { makeTemplates, type MakeTemplatesOptions, type MakeTemplatesResult } from './template.js';
export { InputError } from '../io/inputError.js';
export { OutputIsInputError } from '../io/atomicWrite.js';
export { formatFindingsText, findingsJson, exitCodeFor, type CheckedFile } from '../check/present.js';
export { checkOutputSchema, type CheckOutput } from '../check/jsonOutput.js';
