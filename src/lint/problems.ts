import type { SourceRef } from '../model/location';

/** Problems that stop a file from being linted, reported as BL001. */

/** A file that could not be parsed or evaluated at all: reported as BL001 at `at`. */
export interface ParseProblem {
  at: SourceRef;
  message: string;
  /** How to fix it, when the rule's own advice (fix the syntax) does not fit. */
  fix?: string;
}

/** The fix of a file the confined file access refused (SECURITY.md). */
export const NOT_READ_FIX =
  'backup-lint reads only regular files inside the repository, up to --max-file-size (see SECURITY.md): replace a link that leads outside with the file itself, make the file readable, or raise --root / --max-file-size; the file is not linted until then.';

/** Why a file could not be evaluated, in the engine's words only. */
export function failureMessage(error: unknown): string {
  if (error instanceof RangeError) {
    if (/call stack/i.test(error.message)) return 'the file is nested too deeply to be evaluated';
    return 'the file is too large to be evaluated (a value exceeded what the linter can hold)';
  }
  const name = error instanceof Error ? error.name : typeof error;
  return `internal error while evaluating the file (${name}); the other files are linted`;
}
