import * as core from '@actions/core';

export type ActionFailOn = 'error' | 'warning' | 'info' | 'none';

export interface ActionInputs {
  /** Files and folders to lint, relative to the workspace. */
  paths: string[];
  config?: string;
  failOn: ActionFailOn;
  /** Where to write SARIF, relative to the workspace; undefined for none. */
  sarifFile?: string;
  annotations: boolean;
  summary: boolean;
  onlyChanged: boolean;
}

/** A bad input: the step fails with this one line. */
export class InputError extends Error {}

const FAIL_ON: readonly ActionFailOn[] = ['error', 'warning', 'info', 'none'];

/**
 * The inputs of action.yml, read as the runner passes them (`INPUT_<NAME>`, hyphens kept). The defaults are
 * repeated here because a local run (or a composite wrapper) may pass no variables at all.
 */
export function readInputs(): ActionInputs {
  const paths = core.getMultilineInput('paths').map((p) => p.trim()).filter((p) => p !== '');
  const config = core.getInput('config');
  const failOn = core.getInput('fail-on') || 'error';
  if (!FAIL_ON.includes(failOn as ActionFailOn)) throw new InputError(`fail-on must be one of ${FAIL_ON.join(', ')} (got '${failOn}')`);
  // The runner passes every input, with action.yml's default when the workflow gives none; unset means a local run.
  const sarifFile = process.env['INPUT_SARIF-FILE'] === undefined ? 'backup-lint.sarif' : core.getInput('sarif-file');
  return {
    paths: paths.length > 0 ? paths : ['.'],
    ...(config ? { config } : {}),
    failOn: failOn as ActionFailOn,
    ...(sarifFile ? { sarifFile } : {}),
    annotations: booleanInput('annotations', true),
    summary: booleanInput('summary', true),
    onlyChanged: booleanInput('only-changed', false),
  };
}

/** YAML 1.2 core-schema booleans, as core.getBooleanInput accepts them; empty means the default. */
function booleanInput(name: string, fallback: boolean): boolean {
  const value = core.getInput(name);
  if (value === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new InputError(`${name} must be true or false (got '${value}')`);
}
