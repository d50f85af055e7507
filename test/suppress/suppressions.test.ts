import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tempProject } from '../helpers/temp-project';
import { FIXTURES, runCli } from '../helpers/run-cli';

interface Reported {
  ruleId: string;
  file: string;
  line: number;
  resource?: { name: string };
  suppression?: { kind: string; reason: string; file: string; line?: number; expires?: string };
}
interface Report {
  findings: Reported[];
  suppressed: Reported[];
  summary: { errors: number; suppressed: number };
}

async function lintJson(args: string[], cwd?: string) {
  const run = await runCli(['-f', 'json', ...args], cwd ? { cwd } : {});
  return { ...run, report: JSON.parse(run.stdout) as Report };
}
const brief = (f: Reported) => `${f.ruleId} ${f.file}:${f.line} ${f.resource?.name ?? '-'}`;
const where = (f: Reported) => `${f.suppression!.kind} ${f.suppression!.file}:${f.suppression!.line}`;

describe('inline suppressions', () => {
  it('ARM resource metadata silences exactly the named rule on that resource; one without a reason is ignored with a warning', async () => {
    const { report, stderr, code } = await lintJson(['suppress/arm']);
    expect(report.suppressed.map(brief)).toEqual(['BL201 suppress/arm/metadata.json:29 appliance-01', 'BL201 suppress/arm/metadata.json:196 both-rules-01']);
    expect(report.suppressed.map(where)).toEqual(['inline suppress/arm/metadata.json:13', 'inline suppress/arm/metadata.json:179']);
    expect(report.suppressed[1]!.suppression!.reason).toBe('Build host, rebuilt from the image every night; not backed up.');
    // Unsuppressed, no reason, a suppression of another rule, and the other rule of a resource suppressed by name.
    expect(report.findings.map(brief)).toEqual([
      'BL201 suppress/arm/metadata.json:63 unsuppressed-01',
      'BL201 suppress/arm/metadata.json:106 no-reason-01',
      'BL201 suppress/arm/metadata.json:150 other-rule-01',
      'BL202 suppress/arm/metadata.json:193 both-rules-01',
    ]);
    expect(report.summary).toMatchObject({ errors: 4, suppressed: 2 });
    expect(stderr).toBe(
      'backup-lint: warning: suppress/arm/metadata.json:91: suppression of BL201 has no reason, so it is ignored; every suppression must say why\n',
    );
    expect(code).toBe(1);
  });

  it('a malformed metadata section is ignored with a warning naming its line', async () => {
    const vm = JSON.parse(readFileSync(path.join(FIXTURES, 'BL201/invalid/arm-linux-agent-off.json'), 'utf8')) as { resources: Record<string, unknown>[] };
    vm.resources[0]!['metadata'] = { 'backup-lint': { suppress: { rule: 'BL201', reason: 'not a list' } } };
    const p = tempProject({ 'vm.json': JSON.stringify(vm, null, 2) });
    try {
      const { report, stderr } = await lintJson(['vm.json'], p.dir);
      expect(report.findings.map(brief)).toEqual(['BL201 vm.json:28 web-01']);
      expect(stderr).toBe('backup-lint: warning: vm.json:48: metadata "backup-lint" must hold "suppress": [{"rule": …, "reason": …}]; ignored\n');
    } finally {
      p.cleanup();
    }
  });

  it('a .tf comment above the resource block or above the attribute silences that finding only', async () => {
    const { report, stderr } = await lintJson(['suppress/tf']);
    expect(report.suppressed.map(brief)).toEqual([
      'BL201 suppress/tf/main.tf:10 azurerm_linux_virtual_machine.appliance',
      'BL201 suppress/tf/main.tf:27 azurerm_linux_virtual_machine.builder',
    ]);
    expect(report.suppressed.map(where)).toEqual(['inline suppress/tf/main.tf:1', 'inline suppress/tf/main.tf:26']);
    expect(report.findings.map(brief)).toEqual([
      'BL202 suppress/tf/main.tf:28 azurerm_linux_virtual_machine.builder',
      'BL201 suppress/tf/main.tf:45 azurerm_linux_virtual_machine.noreason',
      'BL201 suppress/tf/main.tf:61 azurerm_linux_virtual_machine.plain',
    ]);
    expect(stderr).toContain('suppress/tf/main.tf:36: suppression of BL201 has no reason, so it is ignored');
  });

  it('a // comment in the .bicep beside compiled JSON maps by symbolic name, or by type when it is unique; ambiguous ones are not applied', async () => {
    const { report } = await lintJson(['suppress/bicep']);
    expect(report.suppressed.map(brief)).toEqual(['BL201 suppress/bicep/classic.json:41 appliance-classic-01', 'BL201 suppress/bicep/symbolic.json:33 appliance-bicep-01']);
    expect(report.suppressed.map(where)).toEqual(['inline suppress/bicep/classic.bicep:11', 'inline suppress/bicep/symbolic.bicep:3']);
    expect(report.findings.map(brief)).toEqual([
      'BL201 suppress/bicep/ambiguous.json:32 first-classic-01',
      'BL201 suppress/bicep/ambiguous.json:66 second-classic-01',
      'BL201 suppress/bicep/symbolic.json:67 plain-bicep-01',
    ]);
  });

  it('--explain lists suppressed findings with their reason; the summary counts them', async () => {
    const run = await runCli(['--explain', 'suppress/tf']);
    expect(run.stdout).toContain('Suppressed findings (not counted):');
    expect(run.stdout).toContain(
      "suppress/tf/main.tf:27:3  BL201  azurerm_linux_virtual_machine.builder  inline suppress/tf/main.tf:26: Ephemeral build host, recreated nightly; never backed up.",
    );
    expect(run.stdout).toMatch(/3 problems .*; 2 findings suppressed \(--explain lists them\)\n$/);
  });
});

describe('configuration suppressions', () => {
  const template = readFileSync(path.join(FIXTURES, 'suppress/arm/metadata.json'), 'utf8');

  function project(config: string) {
    return tempProject({ 'infra/vms.json': template, '.backup-lint.yaml': config });
  }

  it('an entry with rule, resource glob and reason silences the matching findings only', async () => {
    const p = project('suppress:\n  - rule: BL201\n    resource: "*-rule-01"\n    reason: Agentless by design, see ADR-12\n');
    try {
      const { report } = await lintJson(['infra'], p.dir);
      expect(report.suppressed.map(brief)).toEqual(['BL201 infra/vms.json:29 appliance-01', 'BL201 infra/vms.json:150 other-rule-01', 'BL201 infra/vms.json:196 both-rules-01']);
      expect(report.suppressed[1]!.suppression).toEqual({ kind: 'config', reason: 'Agentless by design, see ADR-12', file: '.backup-lint.yaml', line: 2 });
      expect(report.findings.map(brief)).toEqual(['BL201 infra/vms.json:63 unsuppressed-01', 'BL201 infra/vms.json:106 no-reason-01', 'BL202 infra/vms.json:193 both-rules-01']);
    } finally {
      p.cleanup();
    }
  });

  it('an expired entry no longer suppresses and says so; one expiring later still does', async () => {
    const p = project(
      'suppress:\n  - rule: vm-agent-not-provisioned\n    resource: unsuppressed-01\n    reason: temporary\n    expires: 2020-01-31\n' +
        '  - rule: BL201\n    resource: no-reason-*\n    file: "infra/**"\n    reason: until the rebuild\n    expires: 2999-12-31\n',
    );
    try {
      const { report, stderr } = await lintJson(['infra'], p.dir);
      expect(report.findings.map(brief)).toContain('BL201 infra/vms.json:63 unsuppressed-01');
      expect(report.suppressed.map(brief)).toContain('BL201 infra/vms.json:106 no-reason-01');
      expect(report.suppressed.find((f) => f.resource?.name === 'no-reason-01')!.suppression!.expires).toBe('2999-12-31');
      expect(stderr).toContain('backup-lint: warning: .backup-lint.yaml:2: suppression of BL201 expired on 2020-01-31; its findings are reported again\n');
    } finally {
      p.cleanup();
    }
  });

  it('an entry with a file glob silences a parse error (BL001, no resource) in those files only', async () => {
    const truncated = readFileSync(path.join(FIXTURES, 'BL001/invalid/arm-truncated.json'), 'utf8');
    const p = tempProject({
      'legacy/old.json': truncated,
      'infra/new.json': truncated,
      '.backup-lint.yaml': 'suppress:\n  - rule: parse-error\n    file: "legacy/**"\n    reason: Frozen export, never deployed again\n',
    });
    try {
      const { report } = await lintJson(['.'], p.dir);
      expect(report.suppressed.map((f) => `${f.ruleId} ${f.file}`)).toEqual(['BL001 legacy/old.json']);
      expect(report.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(['BL001 infra/new.json']);
    } finally {
      p.cleanup();
    }
  });

  it('an entry without a reason, or naming an unknown rule, is a configuration error (exit 2, one line)', async () => {
    for (const [config, message] of [
      ['suppress:\n  - rule: BL201\n    resource: web-*\n', /^backup-lint: \.backup-lint\.yaml:2:5: 'suppress\.0' must have required property 'reason'\n$/],
      ['suppress:\n  - rule: BL299\n    reason: x\n', /^backup-lint: \.backup-lint\.yaml:2:5: suppress names an unknown rule 'BL299'\n$/],
    ] as const) {
      const p = project(config);
      try {
        const run = await runCli(['infra'], { cwd: p.dir });
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(message);
        expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      } finally {
        p.cleanup();
      }
    }
  });
});
