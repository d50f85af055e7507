import type { GroupKind } from '../model/facts';
import type { UnknownKind } from '../model/unknown';
import type { SuppressedFinding } from '../suppress/types';

/** The one severity type: findings, policies, rule settings (`RuleSeverity` adds `off`) and `--fail-on`. */
export type Severity = 'error' | 'warning' | 'info';
export type RuleSeverity = Severity | 'off';

export interface RelatedLocation {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** One reported problem, exactly as the JSON report contract (DESIGN §7) spells it. */
export interface Finding {
  ruleId: string;
  rule: string;
  severity: Severity;
  cause: number | null;
  errorCodes: string[];
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  resource?: { type: string; name: string };
  related: RelatedLocation[];
  fix: string;
  /**
   * Identity that survives moved lines (rule, file, resource, message without positions; see fingerprint.ts):
   * SARIF `partialFingerprints` and the baseline use it. An addition to the JSON report of DESIGN §7.
   */
  fingerprint: string;
}

export interface FileReport {
  path: string;
  format: 'arm' | 'arm-parameters' | 'bicep-json' | 'tfplan' | 'tf';
  status: 'ok' | 'error' | 'skipped';
  resources: number;
}

export interface Summary {
  files: number;
  resources: number;
  errors: number;
  warnings: number;
  infos: number;
  skippedChecks: number;
  /** Findings not counted because a suppression or the baseline covers them (an addition to DESIGN §7). */
  suppressed: number;
  durationMs: number;
}

/** A check that was not made because its inputs are unknown (`--explain` lists them). */
export interface SkippedCheck {
  /** The rule that was not checked. */
  ruleId: string;
  /** The node's name, else its ID, else its type and file. */
  resource: string;
  /** The node's file. */
  file: string;
  reason: string;
  /** Why the deciding value is unknown; `--explain` groups skipped checks by it. Not in the JSON report. */
  kind: UnknownKind;
}

/** Something the user should know was not evaluated (e.g. a linked template not available offline). */
export interface EvaluationNote {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface LintResult {
  files: FileReport[];
  findings: Finding[];
  /** Findings a suppression or the baseline covers: not counted, not failing; listed by `--explain`. */
  suppressed: SuppressedFinding[];
  skippedChecks: SkippedCheck[];
  /** Shown by `--explain`; not part of the JSON report. Empty unless the lint was asked for them (LintOptions.notes). */
  notes: EvaluationNote[];
  /** What the analyses found (the per-VM network join, groups), with `--explain` only; not part of the JSON report. */
  explanations?: { title: string; lines: string[] }[];
  /**
   * The backup start times of each group (availability set, scale set, subnet, resource group, vault) that has
   * scheduled or unknown starts, for the markdown chart. Not part of the JSON report.
   */
  schedules?: BackupSchedule[];
  /** Policies that failed to evaluate (a policy bug): `file:line:column: message`, shown on stderr. */
  policyErrors: string[];
  /** How well ARM/Bicep resource names evaluated; not part of the JSON report (the corpus snapshot counts them). */
  armNames: ArmNameStats;
  /** Suppressions that were ignored (no reason, unknown rule, expired): one line each, shown on stderr. */
  suppressionWarnings: string[];
  summary: Summary;
}

/** One group's backup starts (from the schedule analysis), as reporters show them. */
export interface BackupSchedule {
  groupKind: GroupKind;
  label: string;
  /** The group's anchor (the availability set, the vault…), else where its first member names it. */
  file: string;
  line: number;
  /** Members of the group. */
  vms: number;
  /** BL402's window: how long a start counts as running together with the next. */
  windowMinutes: number;
  /** UTC days of the reference weeks with starts, in order. */
  days: BackupScheduleDay[];
  /** Members whose starts are Unknown (schedule, time zone or policy cannot be told). */
  unknownStarts: number;
}

export interface BackupScheduleDay {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  /** Each UTC time of day (`HH:MM`) with starts, in order, and how many distinct VMs start then. */
  starts: { time: string; vms: number }[];
}

/** ARM/Bicep resources deployed, and how many of their names are literal or symbolic (`{prefix}-vm`); the rest are Unknown. */
export interface ArmNameStats {
  resources: number;
  literal: number;
  symbolic: number;
}

/** Order of places in the report: by file, then line, then column. */
export function comparePositions(a: { file: string; line: number; column: number }, b: { file: string; line: number; column: number }): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}

/** DESIGN §7: findings are sorted by file, line, column, rule. */
export function compareFindings(a: Omit<Finding, 'fingerprint'>, b: Omit<Finding, 'fingerprint'>): number {
  return comparePositions(a, b) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}
