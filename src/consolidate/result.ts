/** What a consolidation produces: the one value the workbook, JSON and CSV writers all start from. */
import type { CellKey } from '../formats/index.js';
import type { FormatDef } from '../formats/types.js';
import type { Finding, Severity } from '../findings/finding.js';
import type { Report } from '../report/report.js';
import type { FeedbackFolderResult } from '../feedback/feedbackFolder.js';
import type { CheckedFile } from '../check/present.js';
import type { KeyTally, StatedTotalDisagreement, UnitFigures } from './sumReports.js';
import type { Submission, SubmissionStatus } from './submissions.js';

/** One row of 分单位明细: a file that was read in the summary's format. */
export interface UnitRow {
  /** index into `submissions` */
  submission: number;
  unitName: string;
  unitCode?: string;
  file: string;
  status: SubmissionStatus;
  included: boolean;
  late: boolean;
  figures: UnitFigures;
}

export interface ConsolidationCounts {
  /** roster units (null without a roster) */
  expected: number | null;
  /** input files */
  received: number;
  /** files read */
  read: number;
  unreadable: number;
  /** units whose figures are in the totals */
  included: number;
  /** units (files read) with at least one error */
  withErrors: number;
  excluded: number;
  duplicates: number;
  /** summaries found among unit workbooks, left out of the totals */
  summariesAmongUnits: number;
  otherFormat: number;
  notInRoster: number;
  late: number;
  missing: number;
  /** warnings the units explained in 情况说明 (findings EXPLAINED), not counted as warnings */
  explainedWarnings: number;
}

export interface RuleCount {
  code: string;
  severity: Severity;
  /** findings with this code */
  count: number;
  /** a message of one of them, as an example */
  example: string;
}

export interface ConsolidationResult {
  format: FormatDef;
  region: string;
  reportYear: number;
  generatedAt: Date;
  excludeInvalid: boolean;
  /** the units' deadline used, ISO date (CST) */
  deadline: string;
  /** true when the deadline was given (`--deadline`), not the default */
  deadlineGiven: boolean;
  /** the region's totals: a Report with `source.isSummary` */
  summary: Report;
  tallies: Map<CellKey, KeyTally>;
  disagreements: StatedTotalDisagreement[];
  counts: ConsolidationCounts;
  /** codes by number of findings, errors first */
  topRules: RuleCount[];
  /** every input file (input order), then every roster unit without a file */
  submissions: Submission[];
  units: UnitRow[];
  /** every finding: of every unit, of submission, and of the summary itself */
  findings: Finding[];
  /** the same findings grouped by file, as `check` groups them (the `findings` of the JSON export) */
  files: CheckedFile[];
  /** last year's summary the units were checked against (`--previous`), when one was given */
  previous?: string;
  /** true when any error-severity finding exists */
  hasErrors: boolean;
  /** 0 no errors, 1 errors in the data, 2 no file could be read */
  exitCode: 0 | 1 | 2;
  /** the files written */
  written: string[];
  /** what `feedback` wrote */
  feedback?: FeedbackFolderResult;
  /** milliseconds: reading and checking, and the whole run */
  timings: { readMs: number; totalMs: number };
}

export const severityLabels: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };
