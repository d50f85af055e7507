import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { FIXTURES, REPO_ROOT } from '../helpers/run-cli';

// The Action run exactly as the runner runs it: `node action/index.js` with INPUT_* variables (hyphens kept) and the
// GITHUB_* files, from a copy of the action/ folder alone (no node_modules anywhere above it), in a git repository.
let sandbox: string;
let actionDir: string;

beforeAll(() => {
  sandbox = mkdtempSync(path.join(os.tmpdir(), 'backup-lint-runner-'));
  actionDir = path.join(sandbox, 'action');
  cpSync(path.join(REPO_ROOT, 'action'), actionDir, { recursive: true });
});
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

const BAD_ARM = readFileSync(path.join(FIXTURES, 'BL201/invalid/arm-linux-agent-off.json'), 'utf8');
const CLEAN_ARM = readFileSync(path.join(FIXTURES, 'clean/vm.json'), 'utf8');
const TF_MAIN = readFileSync(path.join(FIXTURES, 'BL201/invalid/tf-variable-default/main.tf'), 'utf8');
const TF_VARIABLES = readFileSync(path.join(FIXTURES, 'BL201/invalid/tf-variable-default/variables.tf'), 'utf8');
/** customData base64 of a bash script running `systemctl disable --now walinuxagent` (line 3). */
const GUEST_BASH_ARM = readFileSync(path.join(FIXTURES, 'BL203/invalid/arm-literal-base64.json'), 'utf8');
/** A Custom Script Extension whose commandToExecute runs `Stop-Service -Name WindowsAzureGuestAgent -Force`. */
const GUEST_POWERSHELL_ARM = readFileSync(path.join(FIXTURES, 'BL203/invalid/arm-cse-windows.json'), 'utf8');

const ACTION_YML = parseYaml(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
const ACTION_DEFAULTS = Object.fromEntries(Object.entries(ACTION_YML.inputs).map(([name, input]) => [name, input.default ?? '']));

let repoCount = 0;
/** A git repository (the workspace) with the files committed; `run` files (event, summary, output) live outside it. */
function workspace(files: Record<string, string>) {
  const root = path.join(sandbox, `run-${++repoCount}`);
  const repo = path.join(root, 'repo');
  mkdirSync(repo, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { encoding: 'utf8' }).trim();
  git('init', '-q');
  const commit = (more: Record<string, string>) => {
    for (const [name, content] of Object.entries(more)) {
      mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
      writeFileSync(path.join(repo, name), content);
    }
    git('add', '-A');
    git('commit', '-q', '-m', 'change');
    return git('rev-parse', 'HEAD');
  };
  const first = commit(files);
  return { root, repo, first, commit };
}

interface RunnerRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

function runAction(root: string, inputs: Record<string, string>, event: object = {}): RunnerRun {
  const eventPath = path.join(root, 'event.json');
  const summaryPath = path.join(root, 'step-summary.md');
  const outputPath = path.join(root, 'output.txt');
  writeFileSync(eventPath, JSON.stringify(event));
  writeFileSync(summaryPath, '');
  writeFileSync(outputPath, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: root,
    RUNNER_TEMP: root,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: path.join(root, 'repo'),
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_OUTPUT: outputPath,
  };
  // Like the runner: every input of action.yml, with its default unless the workflow sets it.
  for (const [name, value] of Object.entries({ ...ACTION_DEFAULTS, ...inputs })) env[`INPUT_${name.toUpperCase()}`] = value;
  const result = spawnSync(process.execPath, [path.join(actionDir, 'index.js')], { cwd: path.join(root, 'repo'), env, encoding: 'utf8' });
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    outputs: parseOutputs(readFileSync(outputPath, 'utf8')),
    summary: readFileSync(summaryPath, 'utf8'),
  };
}

/** `name<<delimiter\nvalue\ndelimiter` entries of $GITHUB_OUTPUT, as @actions/core writes them. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1]!] = match[3]!;
  return outputs;
}

const commands = (stdout: string, name: string) => stdout.split('\n').filter((line) => line.startsWith(`::${name} `) || line.startsWith(`::${name}::`));
const annotatedFiles = (stdout: string) => commands(stdout, 'error').map((line) => /file=([^,]+),line=(\d+)/.exec(line)?.slice(1, 3).join(':'));

describe('the GitHub Action run as the runner runs it', () => {
  it('annotates, writes the job summary, the outputs and the SARIF file, and fails the step on an error finding', () => {
    const { root, repo } = workspace({ 'infra/vm.json': BAD_ARM, 'infra/clean.json': CLEAN_ARM });
    const run = runAction(root, { paths: 'infra', 'fail-on': 'error', 'sarif-file': 'reports/backup-lint.sarif' });
    expect(run.code).toBe(1);
    expect(commands(run.stdout, 'error')[0]).toMatch(
      /^::error title=BL201 vm-agent-not-provisioned,file=infra\/vm\.json,line=21,endLine=21,col=13,endColumn=38::VM 'web-01' is deployed without the Azure VM agent/,
    );
    expect(run.stdout).toContain('::notice title=backup-lint::1 errors, 0 warnings, 0 infos in 2 files. Full report: the job summary and reports/backup-lint.sarif');
    // setFailed: the step's failure reason, last.
    expect(commands(run.stdout, 'error').pop()).toBe('::error::backup-lint: 1 errors, 0 warnings, 0 infos (fail-on: error)');
    // The stylish report in the log.
    expect(run.stdout).toContain('21:13  error    BL201 vm-agent-not-provisioned');
    expect(run.outputs).toEqual({ 'error-count': '1', 'warning-count': '0', 'sarif-file': 'reports/backup-lint.sarif' });
    expect(run.summary).toMatch(/^## backup-lint/);
    expect(run.summary).toContain('### `infra/vm.json`');
    const sarif = JSON.parse(readFileSync(path.join(repo, 'reports/backup-lint.sarif'), 'utf8'));
    expect(sarif.runs[0].results.map((r: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }) =>
      `${r.ruleId} ${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region.startLine}`,
    )).toEqual(['BL201 infra/vm.json:21']);
  });

  it('reads Terraform from the copied WASM grammar and passes with fail-on none, still counting', () => {
    const { root } = workspace({ 'tf/main.tf': TF_MAIN, 'tf/variables.tf': TF_VARIABLES });
    const run = runAction(root, { 'fail-on': 'none', annotations: 'false', summary: 'false', 'sarif-file': '' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/tf\/main\.tf\n\s+\d+:\d+\s+error\s+BL201/);
    expect(commands(run.stdout, 'error')).toEqual([]);
    expect(run.outputs).toEqual({ 'error-count': '1', 'warning-count': '0', 'sarif-file': '' });
    expect(run.summary).toBe('');
  });

  it('reads guest scripts with the copied bash and PowerShell grammars (BL203 on a decoded customData and an extension command)', () => {
    const { root } = workspace({ 'infra/linux.json': GUEST_BASH_ARM, 'infra/windows.json': GUEST_POWERSHELL_ARM });
    const run = runAction(root, { paths: 'infra', 'sarif-file': '' });
    expect(run.stderr).toBe('');
    const guest = commands(run.stdout, 'error').filter((line) => line.includes('title=BL203 '));
    expect(guest).toEqual([
      expect.stringMatching(/^::error title=BL203 guest-agent-disabled,file=infra\/linux\.json,line=28,.*the script runs `systemctl disable --now walinuxagent` \(line 3 of the decoded osProfile\.customData\)/),
      expect.stringMatching(/^::error title=BL203 guest-agent-disabled,file=infra\/windows\.json,line=57,.*the script runs `Stop-Service -Name WindowsAzureGuestAgent -Force`/),
    ]);
    expect(run.outputs['error-count']).toBe('2');
    expect(run.code).toBe(1);
  }, 60_000); // compiling two grammars (2 MB of WASM) takes about a second alone, much longer on a loaded machine

  it('reads nothing outside the workspace (--root): a path leading out of it fails the step with one line', () => {
    const { root } = workspace({ 'vm.json': CLEAN_ARM });
    // A git repository beside the workspace: without --root the CLI would take its work tree as the root and lint it.
    const outside = path.join(root, 'outside');
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'vm.json'), BAD_ARM);
    execFileSync('git', ['-C', outside, 'init', '-q']);
    const run = runAction(root, { paths: '../outside' });
    expect(run.code).toBe(1);
    expect(commands(run.stdout, 'error')).toEqual([`::error::'../outside' is outside the run's root ${path.join(root, 'repo')} (set --root)`]);
    expect(run.stdout).not.toContain('BL201');
  });

  it('passes on a clean repository', () => {
    const { root } = workspace({ 'vm.json': CLEAN_ARM });
    const run = runAction(root, {});
    expect(run.code).toBe(0);
    expect(commands(run.stdout, 'error')).toEqual([]);
    expect(run.outputs['error-count']).toBe('0');
  });

  it('fails the step with one line on a bad input or configuration, without a stack trace', () => {
    const { root } = workspace({ 'vm.json': CLEAN_ARM, 'bad.yaml': 'rules:\n  BL999: error\n' });
    const badInput = runAction(root, { 'fail-on': 'sometimes' });
    expect(badInput.code).toBe(1);
    expect(badInput.stdout.trim()).toBe("::error::fail-on must be one of error, warning, info, none (got 'sometimes')");
    const badConfig = runAction(root, { config: 'bad.yaml' });
    expect(badConfig.code).toBe(1);
    expect(commands(badConfig.stdout, 'error')).toEqual([expect.stringMatching(/^::error::bad\.yaml:2:3: unknown rule 'BL999'$/)]);
    expect(badConfig.stdout + badConfig.stderr).not.toMatch(/\n\s+at /);
  });

  it('runs user policies from the configuration (the expression parser is the separate action/typescript-estree.js)', () => {
    const policy = [
      'id: ACME001',
      'name: vm-needs-availability-set',
      'title: Every VM belongs to an availability set',
      'cause: 4',
      'severity: warning',
      'errorCodes: []',
      'subject: vm',
      'assert: vm.availabilitySetId !== null',
      'at: availabilitySetId',
      'message: "VM \'{{ vm.name }}\' is in no availability set"',
      'rationale: Our platform standard.',
      'remediation:',
      '  arm: Set properties.availabilitySet.id.',
      'docs: []',
    ].join('\n');
    const windowsVm = readFileSync(path.join(FIXTURES, 'BL201/valid/arm-windows-agent-default.json'), 'utf8');
    const { root } = workspace({ 'vm.json': windowsVm, '.backup-lint.yaml': 'policies:\n  - acme\n', 'acme/ACME001.yaml': policy });
    const run = runAction(root, { 'fail-on': 'warning' });
    expect(commands(run.stdout, 'warning')[0]).toMatch(/^::warning title=ACME001 vm-needs-availability-set,file=vm\.json,.*::VM 'app-01' is in no availability set/);
    expect(run.outputs['warning-count']).toBe('1');
    expect(run.code).toBe(1);
  });

  describe('only-changed on a pull request', () => {
    it('lints the changed files against the base commit, with their folder for context, and reports only on them', () => {
      const { root, first, commit } = workspace({ 'old/vm.json': BAD_ARM, 'tf/main.tf': TF_MAIN, 'tf/variables.tf': 'variable "unused" {}\n' });
      // The pull request adds a bad template and changes variables.tf, whose default turns the agent off in main.tf.
      commit({ 'new/vm.json': BAD_ARM, 'tf/variables.tf': TF_VARIABLES, 'README.md': 'docs\n' });
      const run = runAction(root, { 'only-changed': 'true' }, { pull_request: { base: { sha: first } } });
      expect(run.stdout).toContain('only-changed: linting 2 changed files');
      // old/vm.json is as bad, but unchanged; main.tf is unchanged but its finding comes from the changed variables.tf.
      expect(annotatedFiles(run.stdout)).toEqual(['new/vm.json:21', 'tf/main.tf:8', undefined]);
      expect(run.outputs['error-count']).toBe('2');
      expect(run.code).toBe(1);
    });

    it('lints a changed file whose name looks like an option as a file', () => {
      const { root, first, commit } = workspace({ 'clean.json': CLEAN_ARM });
      commit({ '--fail-on=info.json': BAD_ARM });
      const run = runAction(root, { 'only-changed': 'true' }, { pull_request: { base: { sha: first } } });
      expect(annotatedFiles(run.stdout)[0]).toBe('--fail-on=info.json:21');
      expect(run.outputs['error-count']).toBe('1');
    });

    it('passes with zero counts and an empty SARIF run when no lintable file under paths changed', () => {
      const { root, repo, first, commit } = workspace({ 'infra/vm.json': CLEAN_ARM });
      commit({ 'README.md': 'docs\n', 'elsewhere/vm.json': BAD_ARM });
      const run = runAction(root, { 'only-changed': 'true', paths: 'infra' }, { pull_request: { base: { sha: first } } });
      expect(run.stdout).toContain('only-changed: no ARM, Bicep or Terraform file under infra changed since');
      expect(run.code).toBe(0);
      expect(run.outputs).toEqual({ 'error-count': '0', 'warning-count': '0', 'sarif-file': 'backup-lint.sarif' });
      const sarif = JSON.parse(readFileSync(path.join(repo, 'backup-lint.sarif'), 'utf8'));
      expect(sarif.runs[0].results).toEqual([]);
      expect(run.summary).toContain('No ARM, Bicep or Terraform file changed');
    });

    it('warns and lints all of paths when the base commit is not in the clone (shallow checkout)', () => {
      const { root } = workspace({ 'old/vm.json': BAD_ARM });
      const missing = 'a'.repeat(40);
      const run = runAction(root, { 'only-changed': 'true' }, { pull_request: { base: { sha: missing } } });
      expect(commands(run.stdout, 'warning')).toEqual([
        `::warning::only-changed: the base commit aaaaaaaaaaaa is not in this clone (actions/checkout fetches a single commit unless fetch-depth: 0); linting all of paths instead`,
      ]);
      expect(annotatedFiles(run.stdout)[0]).toBe('old/vm.json:21');
      expect(run.code).toBe(1);
    });

    it('lints all of paths on an event that is not a pull request', () => {
      const { root } = workspace({ 'old/vm.json': BAD_ARM });
      const run = runAction(root, { 'only-changed': 'true' }, { push: {} });
      expect(run.stdout).toContain('only-changed applies to pull_request events; linting all of paths');
      expect(annotatedFiles(run.stdout)[0]).toBe('old/vm.json:21');
    });
  });
});

it('the bundle was copied without node_modules (the test above runs it alone)', () => {
  expect(existsSync(path.join(actionDir, 'node_modules'))).toBe(false);
});
