import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { main } from '../../src/cli/main';
import type { Finding } from '../../src/findings/finding';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(REPO_ROOT, 'fixtures');
export const BIN = path.join(REPO_ROOT, 'bin', 'backup-lint.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

const runEnv = (options: CliOptions): NodeJS.ProcessEnv => ({ ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...options.env });

/**
 * Runs the command in this process against the sources (src/, not dist/), as `main(argv, io)` with captured
 * stdout and stderr; stdout is not a terminal, as when piped. What only the real process shows (the bin script,
 * exit status, stream separation, EPIPE) is covered by spawnCli.
 */
export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text) },
    env: runEnv(options),
    cwd: options.cwd ?? FIXTURES,
  });
  return { code, stdout, stderr };
}

/** Runs the built command as a user would, in a child process (needs `npm run build`, which `npm test` does first). */
export function spawnCli(args: readonly string[], options: CliOptions = {}): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? FIXTURES, encoding: 'utf8', env: runEnv(options) });
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
export async function runJson(args: readonly string[], options: CliOptions = {}): Promise<CliRun & { report: JsonReport }> {
  const run = await runCli(['--format', 'json', ...args], options);
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
