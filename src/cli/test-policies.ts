import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../config/errors';
import type { Finding } from '../findings/finding';
import { lint } from '../lint';
import { formatPolicyError, loadPolicyDirectory } from '../policy/load';
import type { CompiledPolicy } from '../policy/types';

/**
 * `backup-lint test-policies <dir>`: every policy of a folder against its fixtures, like ESLint's RuleTester.
 * A policy `XX101` has `<fixtures>/XX101/valid/` (cases that must not produce its finding) and
 * `<fixtures>/XX101/invalid/` (cases that must), each case one file or folder linted alone; `invalid/expected.yaml`
 * lists, per case, the findings it must produce (rule, file, line, resource) and no others. See policies/README.md.
 */

export const EXPECTATIONS_FILE = 'expected.yaml';

export interface ExpectedFinding {
  rule: string;
  /** Relative to the `invalid/` folder. */
  file: string;
  line: number;
  resource?: string;
}

export interface CaseResult {
  /** `valid/arm-agent-on.json`, `invalid/tf-count`. */
  name: string;
  problems: string[];
}

export interface PolicyTestResult {
  policy: CompiledPolicy;
  /** Where its fixtures are (relative to the working directory), or undefined when it has none. */
  fixtures?: string;
  cases: CaseResult[];
  /** Problems of the policy as a whole (no fixtures, a broken expectation file). */
  problems: string[];
  /** Not run: a catalogue entry (`implemented: false`). */
  skipped?: string;
}

export interface TestPoliciesOptions {
  cwd: string;
  dir: string;
  /** Folder holding one folder per policy ID; default `fixtures/` beside `dir`, else inside it. */
  fixtures?: string;
}

/** Loads the folder's policies (exit 2 on a broken one) and runs each against its fixtures. */
export async function testPolicies(options: TestPoliciesOptions): Promise<PolicyTestResult[]> {
  const dir = path.resolve(options.cwd, options.dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`test-policies: no such folder '${options.dir}'`);
  const { policies, errors } = loadPolicyDirectory(dir, options.cwd);
  if (errors.length > 0) throw new UsageError(errors.map(formatPolicyError).join('\n'));
  if (policies.length === 0) throw new UsageError(`test-policies: no policy (*.yaml) in '${options.dir}'`);
  const fixtureRoots = options.fixtures
    ? [path.resolve(options.cwd, options.fixtures)]
    : [path.join(dir, '..', 'fixtures'), path.join(dir, 'fixtures')];
  if (options.fixtures && !existsSync(fixtureRoots[0]!)) throw new UsageError(`--fixtures: no such folder '${options.fixtures}'`);
  const results: PolicyTestResult[] = [];
  for (const policy of policies) {
    const folder = fixtureRoots.map((root) => path.join(root, policy.id)).find((candidate) => existsSync(candidate));
    results.push(await testPolicy(policy, folder, options.cwd));
  }
  return results;
}

async function testPolicy(policy: CompiledPolicy, folder: string | undefined, cwd: string): Promise<PolicyTestResult> {
  const result: PolicyTestResult = { policy, cases: [], problems: [] };
  if (folder) result.fixtures = relative(cwd, folder);
  if (!policy.implemented) {
    result.skipped = 'not implemented (catalogue entry)';
    return result;
  }
  const valid = folder ? casesIn(path.join(folder, 'valid')) : [];
  const invalid = folder ? casesIn(path.join(folder, 'invalid')) : [];
  if (valid.length === 0 || invalid.length === 0) {
    const where = folder ? relative(cwd, folder) : `fixtures/${policy.id}`;
    const missing = [valid.length === 0 ? 'valid/' : '', invalid.length === 0 ? 'invalid/' : ''].filter(Boolean).join(' and ');
    result.problems.push(`no fixtures: add cases to ${where}/${missing} (each a file or folder linted alone)`);
    if (!folder) return result;
  }
  // Undefined when the expectation file is missing or broken: that one problem is reported, not one per case.
  const expectations = folder && invalid.length > 0 ? readExpectations(path.join(folder, 'invalid'), invalid, result.problems) : undefined;
  for (const name of valid) {
    const findings = await findingsOf(policy, path.join(folder!, 'valid'), name);
    const problems = findings.problems.concat(findings.found.map((f) => `unexpected finding ${describe(f)}`));
    result.cases.push({ name: `valid/${name}`, problems });
  }
  for (const name of invalid) {
    const findings = await findingsOf(policy, path.join(folder!, 'invalid'), name);
    const expected = expectations?.get(name) ?? [];
    const problems = [...findings.problems];
    if (!expectations) {
      result.cases.push({ name: `invalid/${name}`, problems });
      continue;
    }
    if (!expectations.has(name)) problems.push(`no expected findings: list them under '${name}:' in invalid/${EXPECTATIONS_FILE}`);
    else if (expected.length === 0) problems.push(`an invalid case must expect at least one finding (move it to valid/ if it has none)`);
    if (findings.found.length === 0 && findings.problems.length === 0) problems.push(`produced no ${policy.id} finding`);
    problems.push(...compare(expected.map(describeExpected), findings.found.map(describe)));
    result.cases.push({ name: `invalid/${name}`, problems });
  }
  return result;
}

/** The findings of the policy on one case, linted alone with only this policy; a case that does not parse is a problem. */
async function findingsOf(policy: CompiledPolicy, folder: string, name: string): Promise<{ found: Finding[]; problems: string[] }> {
  const result = await lint({
    cwd: folder,
    paths: [name],
    ignore: [],
    parameterPairs: new Map(),
    context: {},
    policies: [policy],
    rules: {},
    quiet: false,
  });
  const problems = result.policyErrors.map((e) => `policy could not be evaluated: ${e}`);
  if (result.files.length === 0) problems.push('no file of a supported format in this case');
  // A policy without subject is reported by the command itself: BL001 tests parse errors.
  if (policy.subject !== undefined) {
    for (const file of result.files.filter((f) => f.status === 'error')) problems.push(`${file.path} does not parse (a case must, unless it tests parse errors)`);
  }
  return { found: result.findings.filter((f) => f.ruleId === policy.id), problems };
}

/** Every problem of comparing the expected with the found findings, as multisets. */
function compare(expected: string[], found: string[]): string[] {
  const remaining = [...found];
  const problems: string[] = [];
  for (const wanted of expected) {
    const index = remaining.indexOf(wanted);
    if (index >= 0) remaining.splice(index, 1);
    else problems.push(`missing finding ${wanted}`);
  }
  return problems.concat(remaining.map((extra) => `unexpected finding ${extra}`));
}

function describe(f: Finding): string {
  return `${f.ruleId} ${f.file}:${f.line} ${f.resource?.name ?? '-'}`;
}

function describeExpected(e: ExpectedFinding): string {
  return `${e.rule} ${e.file}:${e.line} ${e.resource ?? '-'}`;
}

/** Direct children of a cases folder (files and folders), without the expectation file and dotfiles. */
function casesIn(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => !name.startsWith('.') && name !== EXPECTATIONS_FILE)
    .sort();
}

/** `invalid/expected.yaml`: case name → findings. Problems (a malformed entry, a case that does not exist) are collected. */
function readExpectations(folder: string, cases: readonly string[], problems: string[]): Map<string, ExpectedFinding[]> | undefined {
  const file = path.join(folder, EXPECTATIONS_FILE);
  const expectations = new Map<string, ExpectedFinding[]>();
  if (!existsSync(file)) {
    problems.push(`invalid/${EXPECTATIONS_FILE} is missing: it lists the findings each invalid case must produce`);
    return undefined;
  }
  const { parseDocument } = require('yaml') as typeof import('yaml');
  const document = parseDocument(readFileSync(file, 'utf8'));
  if (document.errors.length > 0) {
    problems.push(`invalid/${EXPECTATIONS_FILE}: ${document.errors[0]!.message.split('\n')[0]}`);
    return undefined;
  }
  const data: unknown = document.toJS();
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    problems.push(`invalid/${EXPECTATIONS_FILE} must map each case name to a list of findings`);
    return undefined;
  }
  for (const [name, list] of Object.entries(data as Record<string, unknown>)) {
    if (!cases.includes(name)) {
      problems.push(`invalid/${EXPECTATIONS_FILE}: '${name}' is not a case in invalid/`);
      continue;
    }
    const findings = Array.isArray(list) ? list.map(toExpected) : [undefined];
    if (findings.some((f) => f === undefined)) {
      problems.push(`invalid/${EXPECTATIONS_FILE}: '${name}' must list findings as { rule, file, line, resource }`);
      continue;
    }
    expectations.set(name, findings as ExpectedFinding[]);
  }
  return expectations;
}

function toExpected(entry: unknown): ExpectedFinding | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { rule, file, line, resource, ...rest } = entry as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return undefined;
  if (typeof rule !== 'string' || typeof file !== 'string' || typeof line !== 'number' || !Number.isInteger(line)) return undefined;
  if (resource !== undefined && typeof resource !== 'string') return undefined;
  return { rule, file, line, ...(resource !== undefined ? { resource } : {}) };
}

function relative(cwd: string, target: string): string {
  const rel = path.relative(cwd, target);
  return (rel.startsWith('..') || rel === '' ? target : rel).split(path.sep).join('/');
}

/** The report: one line per policy, one per failing case with its problems; and whether everything passed. */
export function formatPolicyTests(results: readonly PolicyTestResult[]): { text: string; passed: boolean } {
  const lines: string[] = [];
  let failures = 0;
  let cases = 0;
  for (const result of results) {
    const { policy } = result;
    const name = `${policy.id} ${policy.name}`;
    if (result.skipped) {
      lines.push(`- ${name}: skipped, ${result.skipped}`);
      continue;
    }
    const failing = result.cases.filter((c) => c.problems.length > 0);
    cases += result.cases.length;
    const valid = result.cases.filter((c) => c.name.startsWith('valid/')).length;
    const counts = `${valid} valid, ${result.cases.length - valid} invalid`;
    if (failing.length === 0 && result.problems.length === 0) {
      lines.push(`✔ ${name}: ${counts} (${result.fixtures})`);
      continue;
    }
    failures += failing.length + result.problems.length;
    lines.push(`✖ ${name}: ${counts}${result.fixtures ? ` (${result.fixtures})` : ''}`);
    for (const problem of result.problems) lines.push(`    ${problem}`);
    for (const failed of failing) {
      for (const problem of failed.problems) lines.push(`    ${failed.name}: ${problem}`);
    }
  }
  const passed = failures === 0;
  lines.push('', passed ? `✔ ${cases} cases passed` : `✖ ${failures} failing (of ${cases} cases)`);
  return { text: lines.join('\n') + '\n', passed };
}
