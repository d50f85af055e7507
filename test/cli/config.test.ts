import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, runCli, runJson } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';

const agentOff = readFileSync(path.join(FIXTURES, 'BL201/invalid/arm-linux-agent-off.json'), 'utf8');

describe('.backup-lint.yaml', () => {
  it('turns a rule off', async () => {
    const project = tempProject({ 'vm.json': agentOff, '.backup-lint.yaml': 'rules:\n  BL201: off\n' });
    try {
      const { code, report } = await runJson(['.'], { cwd: project.dir });
      expect(report.findings).toEqual([]);
      expect(code).toBe(0);
    } finally {
      project.cleanup();
    }
  });

  it('is found upward from a subfolder and changes a severity', async () => {
    const project = tempProject({ 'infra/vm.json': agentOff, '.backup-lint.yml': 'rules:\n  BL201:\n    severity: warning\n' });
    try {
      const { code, report } = await runJson(['.'], { cwd: path.join(project.dir, 'infra') });
      expect(report.findings.map((f) => `${f.ruleId} ${f.severity} ${f.file}`)).toEqual(['BL201 warning vm.json']);
      expect(code).toBe(0);
    } finally {
      project.cleanup();
    }
  });

  it('skips files matched by ignore globs', async () => {
    const project = tempProject({ 'legacy/vm.json': agentOff, '.backup-lint.yaml': 'ignore:\n  - "legacy/**"\n' });
    try {
      expect((await runJson(['.'], { cwd: project.dir })).report.files).toEqual([]);
    } finally {
      project.cleanup();
    }
  });

  it('exits 2 naming file, line and problem for malformed YAML', async () => {
    const project = tempProject({ 'vm.json': agentOff, '.backup-lint.yaml': 'rules:\n  BL201: [off\n' });
    try {
      const run = await runCli(['.'], { cwd: project.dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^backup-lint: \.backup-lint\.yaml:\d+:\d+: /);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      project.cleanup();
    }
  });

  it('exits 2 at the line of an unknown key', async () => {
    const project = tempProject({ '.backup-lint.yaml': 'ignore: []\nrulez:\n  BL201: off\n' });
    try {
      const run = await runCli(['.'], { cwd: project.dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe("backup-lint: .backup-lint.yaml:2:1: unknown key 'rulez' in the document\n");
    } finally {
      project.cleanup();
    }
  });

  it('exits 2 at the line of an invalid severity', async () => {
    const project = tempProject({ '.backup-lint.yaml': 'rules:\n  BL201: loud\n' });
    try {
      const run = await runCli(['.'], { cwd: project.dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^backup-lint: \.backup-lint\.yaml:2:\d+: /);
    } finally {
      project.cleanup();
    }
  });

  it('exits 2 for a rule ID that does not exist', async () => {
    const project = tempProject({ '.backup-lint.yaml': 'rules:\n  BL999: off\n' });
    try {
      const run = await runCli(['.'], { cwd: project.dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe("backup-lint: .backup-lint.yaml:2:3: unknown rule 'BL999'\n");
    } finally {
      project.cleanup();
    }
  });
});

describe('command-line rule settings', () => {
  it('--rule BL201=off silences the rule', async () => {
    expect((await runJson(['--rule', 'BL201=off', 'BL201/invalid/arm-linux-agent-off.json'])).report.findings).toEqual([]);
  });

  it('--fail-on warning fails on a warning and --max-warnings bounds warnings', async () => {
    const args = ['--rule', 'BL201=warning', 'BL201/invalid/arm-linux-agent-off.json'];
    expect((await runCli(args)).code).toBe(0);
    expect((await runCli(['--fail-on', 'warning', ...args])).code).toBe(1);
    expect((await runCli(['--max-warnings', '0', ...args])).code).toBe(1);
    expect((await runCli(['--max-warnings', '1', ...args])).code).toBe(0);
  });

  it('--quiet reports errors only', async () => {
    const { report } = await runJson(['--quiet', '--rule', 'BL201=warning', 'BL201/invalid/arm-linux-agent-off.json']);
    expect(report.findings).toEqual([]);
  });

  it.each([
    [['--rule', 'BL201'], /--rule takes ID=off\|info\|warning\|error/],
    [['--rule', 'BL999=off'], /unknown rule 'BL999'/],
    [['--fail-on', 'never'], /--fail-on takes error, warning or info/],
    [['--max-warnings', 'many'], /--max-warnings takes a whole number/],
    [['--format', 'xml'], /unknown format 'xml'/],
  ])('%j exits 2 with one line', async (args, message) => {
    const run = await runCli([...args, 'clean']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
