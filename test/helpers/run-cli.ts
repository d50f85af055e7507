import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Finding } from '../../src/findings/finding';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(REPO_ROOT, 'fixtures');
const BIN = path.join(REPO_ROOT, 'bin', 'backup-lint.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built command as a user would (needs `npm run build`, which `npm test` does first). */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? FIXTURES,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export type JsonFinding = Finding;

export interface JsonReport {
  version: number;
  tool: { name: string; version: string };
  files: { path: string; format: string; status: string; resources: number }[];
  findings: JsonFinding[];
  summary: Record<string, number>;
}

/** Runs with `--format json` and parses stdout, failing loudly when stdout is not exactly one JSON object. */
export function runJson(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun & { report: JsonReport } {
  const run = runCli(['--format', 'json', ...args], options);
  let report: JsonReport;
  try {
    report = JSON.parse(run.stdout) as JsonReport;
  } catch {
    throw new Error(`stdout is not JSON (exit ${run.code}):\n${run.stdout}\n--- stderr:\n${run.stderr}`);
  }
  return { ...run, report };
}

/** The compact identity of a finding that tests compare: rule, file, line and resource name. */
export function brief(f: JsonFinding): string {
  return `${f.ruleId} ${f.file}:${f.line} ${f.resource?.name ?? '-'}`;
}
