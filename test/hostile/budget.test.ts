import { runCli, runJson, type JsonReport } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';
import { BYSTANDER, hostileCases, type HostileCase } from './cases';

/**
 * Issue #14, evaluation budgets: every hostile case of the issue in one run (each in its own folder, so each is
 * its own file or Terraform module), with the limits lowered by configuration so that they trip within a second.
 * Each must give BL002 at its place, the run must finish with one JSON document, and the ordinary template beside
 * them must keep its finding.
 */

const cases = hostileCases('test');
const folder = (index: number) => `case-${String(index).padStart(2, '0')}`;

function projectFiles(config: string): Record<string, string> {
  const files: Record<string, string> = { '.backup-lint.yaml': config, [BYSTANDER.file]: BYSTANDER.text };
  cases.forEach((c, i) => {
    for (const [name, text] of Object.entries(c.files)) files[`${folder(i)}/${name}`] = text;
  });
  return files;
}

describe('hostile inputs against the evaluation budget', () => {
  let report: JsonReport;
  let code: number | null;
  let seconds: number;

  beforeAll(async () => {
    const project = tempProject(projectFiles('limits:\n  steps: 200000\n  instances: 2000\n'));
    try {
      const started = Date.now();
      const run = await runJson(['.'], { cwd: project.dir, env: { SECRET_TOKEN: 'hostile-secret-9f1c' } });
      seconds = (Date.now() - started) / 1000;
      report = run.report;
      code = run.code;
      expect(run.stderr).toBe('');
    } finally {
      project.cleanup();
    }
  });

  it('finishes quickly with exit 1 and one JSON document', () => {
    expect(code).toBe(1);
    expect(seconds).toBeLessThan(20);
    expect(report.version).toBe(1);
  });

  it('keeps the findings of the ordinary template beside the hostile ones', () => {
    expect(report.findings.filter((f) => f.file === BYSTANDER.file).map((f) => `${f.ruleId}:${f.line}`)).toEqual(['BL201:18']);
  });

  const limited = cases.map((c, i) => [c.name, c, i] as const).filter(([, c]) => c.limitAt);
  it.each(limited)('%s: BL002 where the limit was hit', (_name, hostile: HostileCase, index: number) => {
    const file = `${folder(index)}/${hostile.limitAt!.file}`;
    const limits = report.findings.filter((f) => f.ruleId === 'BL002' && f.file.startsWith(`${folder(index)}/`));
    expect(limits.length).toBeGreaterThan(0);
    expect(limits[0]).toMatchObject({ rule: 'evaluation-limit', severity: 'warning', file, line: hostile.limitAt!.line });
    expect(limits[0]!.message).toMatch(hostile.limit!);
    expect(limits[0]!.message).toMatch(/findings for .* may be incomplete$/);
  });

  it('runs the ReDoS pattern on RE2 without a limit being needed, and lints the VM beside it', () => {
    const index = cases.findIndex((c) => c.name.startsWith('ReDoS'));
    const findings = report.findings.filter((f) => f.file.startsWith(`${folder(index)}/`));
    expect(findings.map((f) => f.ruleId)).toEqual(['BL201']);
  });

  it('never prints the runner environment', () => {
    expect(JSON.stringify(report)).not.toContain('hostile-secret-9f1c');
  });
});

describe('the default limits', () => {
  it('stop count = 1000000000 and padLeft(\'\', 400000000) without configuration', async () => {
    const picked = cases.filter((c) => c.name.startsWith('count =') || c.name.startsWith('padLeft'));
    const files: Record<string, string> = {};
    picked.forEach((c, i) => Object.entries(c.files).forEach(([name, text]) => (files[`${folder(i)}/${name}`] = text)));
    const project = tempProject(files);
    try {
      const { report } = await runJson(['.'], { cwd: project.dir });
      expect(report.findings.filter((f) => f.ruleId === 'BL002').map((f) => `${f.file}:${f.line} ${f.message.replace(/;.*/, '')}`)).toEqual([
        `case-00/hostile/main.json:${picked[0]!.limitAt!.line} evaluation of padLeft() stopped at the limit of 16 MB per value`,
        `case-01/hostile/main.tf:${picked[1]!.limitAt!.line} evaluation of resource \`azurerm_linux_virtual_machine.vm\` stopped at the limit of 10,000 instances`,
      ]);
    } finally {
      project.cleanup();
    }
  });

  it('refuses a configuration that raises a limit (the configuration comes from the repository too)', async () => {
    const project = tempProject({ '.backup-lint.yaml': 'limits:\n  steps: 1000001\n', [BYSTANDER.file]: BYSTANDER.text });
    try {
      const run = await runCli(['.'], { cwd: project.dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe("backup-lint: .backup-lint.yaml:2:3: 'limits.steps' must be <= 1000000\n");
    } finally {
      project.cleanup();
    }
  });
});
