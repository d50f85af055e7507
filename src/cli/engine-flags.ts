/**
 * V8 settings for a lint run, set by the command (and the Action) before the pipeline loads; the library leaves the
 * process's engine alone. Flags are process-wide, so worker threads get them too.
 *
 * `--no-turbo-inlining`: a lint is a few seconds of code that meets JSON objects of ever new shapes (each template's
 * own keys), so TurboFan's optimised code keeps meeting maps it did not see and is thrown away and compiled again.
 * With inlining, each of those compilations is large: on the corpus they took 1.6 s of CPU on V8's background
 * threads, about a third of the run's CPU, and on two cores they compete with the lint itself. Without it, the
 * ARM + Bicep corpus lints in 18 % less time with 20 % less CPU, and the Terraform corpus in 15 % less (README,
 * Speed).
 */
const LINT_ENGINE_FLAGS = ['--no-turbo-inlining'];

let tuned = false;

export function tuneEngineForLint(): void {
  if (tuned) return;
  tuned = true;
  const v8 = require('node:v8') as typeof import('node:v8');
  for (const flag of LINT_ENGINE_FLAGS) v8.setFlagsFromString(flag);
}
