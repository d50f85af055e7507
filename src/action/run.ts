import * as core from '@actions/core';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { changedFiles } from './changed-files';
import { InputError, readInputs, type ActionInputs } from './inputs';
import { main } from '../cli/main';
import type { Finding, LintResult, Summary } from '../findings/finding';
import { catalogue, loadBuiltinPolicies } from '../policy';
import { sanitizeBlock, sanitizeText } from '../findings/sanitize';
import { formatSarif } from '../report/sarif';
import { annotations } from '../report/github';

/** The JSON report (DESIGN §7): what the Action reads back from the CLI run. */
interface JsonReport {
  findings: Finding[];
  summary: Summary;
}

/**
 * The Action: a thin wrapper around the CLI's main(), run in process. The CLI writes the JSON report, the markdown
 * job summary and the SARIF file and prints the stylish report to the log; the Action turns them into annotations,
 * the job summary and step outputs, and fails the step as fail-on says (exit code 1 of the CLI).
 */
export async function run(): Promise<void> {
  let inputs: ActionInputs;
  try {
    inputs = readInputs();
  } catch (error) {
    if (error instanceof InputError) return core.setFailed(error.message);
    throw error;
  }
  const workspace = process.env['GITHUB_WORKSPACE'] || process.cwd();
  let paths = inputs.paths;
  if (inputs.onlyChanged) {
    const changed = changedFiles(workspace, process.env['GITHUB_EVENT_PATH'], inputs.paths);
    if (changed.kind === 'all') {
      (changed.warn ? core.warning : core.info)(changed.reason);
    } else if (changed.files.length === 0) {
      core.info(`only-changed: no ARM, Bicep or Terraform file under ${inputs.paths.join(', ')} changed since ${changed.base.slice(0, 12)}; nothing to lint`);
      return finishWithoutFiles(inputs, workspace);
    } else {
      core.info(`only-changed: linting ${changed.files.length} changed files (with their modules and parameter files for context):\n  ${changed.files.join('\n  ')}`);
      paths = changed.files;
    }
  }

  const scratch = mkdtempSync(path.join(process.env['RUNNER_TEMP'] || os.tmpdir(), 'backup-lint-'));
  try {
    const jsonFile = path.join(scratch, 'report.json');
    const markdownFile = path.join(scratch, 'summary.md');
    const argv = [
      ...paths.map(asPathArgument),
      ...['--format', 'json', '--output-file', jsonFile],
      ...['--format', 'markdown', '--output-file', markdownFile],
      ...(inputs.sarifFile ? ['--format', 'sarif', '--output-file', inputs.sarifFile] : []),
      ...['--format', 'stylish'],
      ...['--fail-on', inputs.failOn === 'none' ? 'error' : inputs.failOn],
      ...(inputs.config ? ['--config', inputs.config] : []),
      // Confinement: a pull request's links and `../` paths read nothing outside the checked-out repository.
      ...['--root', workspace],
    ];
    let stderr = '';
    const code = await main(argv, {
      stdout: process.stdout,
      stderr: { write: (text: string) => ((stderr += text), process.stderr.write(text)) },
      env: process.env,
      cwd: workspace,
    });
    if (code === 2) {
      const reason = stderr.trim().split('\n').filter((l) => !l.includes('warning:')).pop() ?? 'backup-lint failed';
      return core.setFailed(reason.replace(/^backup-lint: /, ''));
    }
    const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as JsonReport;
    if (inputs.annotations) annotate(report, inputs);
    if (inputs.summary) await writeSummary(readFileSync(markdownFile, 'utf8'));
    setOutputs(report.summary, inputs);
    if (code === 1 && inputs.failOn !== 'none') {
      const { errors, warnings, infos } = report.summary;
      core.setFailed(`backup-lint: ${errors} errors, ${warnings} warnings, ${infos} infos (fail-on: ${inputs.failOn})`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A path (a pull request's file name, too), never read as an option (`--config=x.json`) or a subcommand (`rules`). */
function asPathArgument(file: string): string {
  return /^(-|rules$|explain$)/.test(file) ? `./${file}` : file;
}

/** Annotations through @actions/core, chosen as the github format chooses them (errors first, 10 per level). */
function annotate(report: JsonReport, inputs: ActionInputs): void {
  const where = [inputs.summary ? 'the job summary' : undefined, inputs.sarifFile].filter(Boolean).join(' and ') || undefined;
  // Built-in rules' docs links; a custom policy's annotation goes without one.
  const rules = catalogue(loadBuiltinPolicies());
  for (const a of annotations(report, rules, where ? { fullReport: where } : {})) {
    const { file, line, col, endLine, endColumn, title } = a.properties;
    core[a.level](sanitizeBlock(a.message), {
      title: sanitizeText(title),
      ...(file !== undefined ? { file: sanitizeText(file) } : {}),
      ...(line !== undefined ? { startLine: line } : {}),
      ...(endLine !== undefined ? { endLine } : {}),
      ...(col !== undefined ? { startColumn: col } : {}),
      ...(endColumn !== undefined ? { endColumn } : {}),
    });
  }
}

async function writeSummary(markdown: string): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) return core.info('GITHUB_STEP_SUMMARY is not set; no job summary written');
  await core.summary.addRaw(markdown, true).write();
}

function setOutputs(summary: Pick<Summary, 'errors' | 'warnings'>, inputs: ActionInputs): void {
  core.setOutput('error-count', summary.errors);
  core.setOutput('warning-count', summary.warnings);
  core.setOutput('sarif-file', inputs.sarifFile ?? '');
}

/** only-changed with nothing to lint: zero counts, an empty SARIF run (so an upload step still succeeds), a one-line summary. */
async function finishWithoutFiles(inputs: ActionInputs, workspace: string): Promise<void> {
  if (inputs.sarifFile) {
    const target = path.resolve(workspace, inputs.sarifFile);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, formatSarif(emptyResult(), catalogue(loadBuiltinPolicies())));
  }
  if (inputs.summary) await writeSummary('## backup-lint\n\nNo ARM, Bicep or Terraform file changed in this pull request.\n');
  setOutputs({ errors: 0, warnings: 0 }, inputs);
}

function emptyResult(): LintResult {
  const summary: Summary = { files: 0, resources: 0, errors: 0, warnings: 0, infos: 0, skippedChecks: 0, suppressed: 0, durationMs: 0 };
  return {
    files: [],
    findings: [],
    suppressed: [],
    skippedChecks: [],
    notes: [],
    policyErrors: [],
    armNames: { resources: 0, literal: 0, symbolic: 0 },
    suppressionWarnings: [],
    summary,
  };
}
