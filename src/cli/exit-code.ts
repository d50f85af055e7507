import type { FailOn } from './args';
import type { Summary } from '../findings/finding';

/** ESLint's convention: 1 when findings reach --fail-on or warnings exceed --max-warnings, else 0. */
export function exitCode(summary: Summary, failOn: FailOn, maxWarnings: number | undefined): 0 | 1 {
  const failing =
    summary.errors > 0 ||
    (failOn !== 'error' && summary.warnings > 0) ||
    (failOn === 'info' && summary.infos > 0) ||
    (maxWarnings !== undefined && summary.warnings > maxWarnings);
  return failing ? 1 : 0;
}
