import type { AnalysisFailure } from '../analysis/types';
import type { SourceRef } from '../model/location';

/** Problems that stop a file from being linted, reported as BL001. */

/** A file that could not be parsed or evaluated at all: reported as BL001 at `at`. */
export interface ParseProblem {
  at: SourceRef;
  message: string;
  /** How to fix it, when the rule's own advice (fix the syntax) does not fit. */
  fix?: string;
  /** What became of the file, when not that it `could not be read`. */
  headline?: string;
}

/** The fix of a file the confined file access refused (SECURITY.md). */
export const NOT_READ_FIX =
  'backup-lint reads only regular files inside the repository, up to --max-file-size (see SECURITY.md): replace a link that leads outside with the file itself, make the file readable, or raise --root / --max-file-size; the file is not linted until then.';

/** What failed, for failureMessage: evaluating a whole file (loading), or an analysis on one of its resources. */
export interface FailedWork {
  /** `the file`, `the VM`. */
  subject: string;
  /** `evaluated`, `analysed by the egress analysis`. */
  done: string;
  /** `evaluating the file`, `running the egress analysis on the VM`. */
  doing: string;
  /** What the run does instead, said after every kind of failure (a file's only after an internal error). */
  outcome?: string;
}

const EVALUATING_FILE: FailedWork = { subject: 'the file', done: 'evaluated', doing: 'evaluating the file' };

/** The fix of an analysis that failed on one resource. */
const ANALYSIS_FAILED_FIX =
  'Simplify what this resource holds if it is nested this deeply or this large (a script, a chain of references); if it is ordinary, this is a bug in backup-lint: report it with a small template that shows it. The file is linted but for what depends on this analysis of this resource.';

/** Why a file (or an analysis on one of its resources) failed, in the engine's words only: never the error's text. */
export function failureMessage(error: unknown, work: FailedWork = EVALUATING_FILE): string {
  const then = work.outcome ? `; ${work.outcome}` : '';
  if (error instanceof RangeError) {
    if (/call stack/i.test(error.message)) return `${work.subject} is nested too deeply to be ${work.done}${then}`;
    return `${work.subject} is too large to be ${work.done} (a value exceeded what the linter can hold)${then}`;
  }
  const name = error instanceof Error ? error.name : typeof error;
  return `internal error while ${work.doing} (${name}); ${work.outcome ?? 'the other files are linted'}`;
}

/** The BL001 of an analysis that failed on one subject (see analyseSubject): at the subject, the file still linted. */
export function analysisProblem(failure: AnalysisFailure): ParseProblem {
  const subject = `the ${failure.subject}`;
  const work: FailedWork = {
    subject,
    done: `analysed by the ${failure.analysis} analysis`,
    doing: `running the ${failure.analysis} analysis on ${subject}`,
    outcome: `${failure.leftOut ?? 'its findings that depend on that analysis are left out'}, the rest of the file is linted`,
  };
  return { at: failure.at, message: failureMessage(failure.error, work), headline: 'could not be analysed in full', fix: ANALYSIS_FAILED_FIX };
}
