import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, runCli, runJson } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';

const windowsVm = readFileSync(path.join(FIXTURES, 'BL201/valid/arm-windows-agent-default.json'), 'utf8');
const agentOff = readFileSync(path.join(FIXTURES, 'BL201/invalid/arm-linux-agent-off.json'), 'utf8');

const availabilityPolicy = `id: ACME001
name: vm-needs-availability-set
title: Every VM belongs to an availability set
cause: 4
severity: warning
errorCodes: []
subject: vm
assert: vm.availabilitySetId !== null
at: availabilitySetId
message: "VM '{{ vm.name }}' is in no availability set"
rationale: Our platform standard.
remediation:
  arm: Set properties.availabilitySet.id.
docs: []
`;

describe('user policies from .backup-lint.yaml', () => {
  it('runs a user policy next to the built-ins and reports its findings', async () => {
    const project = tempProject({
      'vm.json': windowsVm,
      '.backup-lint.yaml': 'policies:\n  - acme-policies\n',
      'acme-policies/ACME001.yaml': availabilityPolicy,
    });
    try {
      const { code, report } = await runJson(['vm.json'], { cwd: project.dir });
      expect(report.findings.map((f) => `${f.ruleId} ${f.severity} ${f.file} ${f.resource?.name} ${f.message}`)).toEqual([
        "ACME001 warning vm.json app-01 VM 'app-01' is in no availability set",
      ]);
      expect(code).toBe(0);
    } finally {
      project.cleanup();
    }
  });

  it('exits 2 naming the policy file, line and column of a forbidden expression', async () => {
    const project = tempProject({
      'vm.json': windowsVm,
      '.backup-lint.yaml': 'policies:\n  - acme-policies\n',
      'acme-policies/ACME001.yaml': availabilityPolicy.replace('assert: vm.availabilitySetId !== null', 'assert: vm.availabilitySetId = null'),
    });
    try {
      const run = await runCli(['vm.json'], { cwd: project.dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^backup-lint: acme-policies\/ACME001\.yaml:8:9: .*assign/i);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      project.cleanup();
    }
  });

  it.each([
    ['assert: vm.raw.values.osProfile !== null', /:8:12: in `assert`: `raw` is not readable: policies see the domain model, not the source format/],
    ['assert: vm.format !== "tf"', /:8:12: in `assert`: `format` is not readable/],
    ['assert: vm["raw"] !== null', /:8:12: in `assert`: `raw` is not readable/],
  ])('exits 2 at the file, line and column when a policy reads the source format (%s)', async (assertion, message) => {
    const project = tempProject({
      'vm.json': windowsVm,
      '.backup-lint.yaml': 'policies:\n  - acme-policies\n',
      'acme-policies/ACME001.yaml': availabilityPolicy.replace('assert: vm.availabilitySetId !== null', assertion),
    });
    try {
      const run = await runCli(['vm.json'], { cwd: project.dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^backup-lint: acme-policies/ACME001\\.yaml${message.source}`));
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      project.cleanup();
    }
  });
  it('exits 2 on a misspelt field (it would never fire), naming file, line, column and the field meant', async () => {
    const project = tempProject({
      'vm.json': windowsVm,
      '.backup-lint.yaml': 'policies:\n  - acme-policies\n',
      'acme-policies/ACME001.yaml': availabilityPolicy.replace('assert: vm.availabilitySetId !== null', 'assert: vm.agent.provisoned !== false'),
    });
    try {
      const run = await runCli(['vm.json'], { cwd: project.dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe("backup-lint: acme-policies/ACME001.yaml:8:18: vm.agent has no field 'provisoned'; did you mean 'provisioned'?\n");
      expect(run.stdout).toBe('');
    } finally {
      project.cleanup();
    }
  });

  it('exits 2 when a message reads the source format, and names the property as written with source() instead', async () => {
    const withMessage = (message: string) =>
      tempProject({
        'vm.json': agentOff,
        '.backup-lint.yaml': 'policies:\n  - acme-policies\n',
        'acme-policies/ACME001.yaml': availabilityPolicy
          .replace('assert: vm.availabilitySetId !== null', 'assert: vm.agent.provisioned !== false')
          .replace('at: availabilitySetId', 'at: agent.provisioned')
          .replace(`message: "VM '{{ vm.name }}' is in no availability set"`, `message: '${message}'`),
      });
    const bad = withMessage('{{ vm.format }}');
    const good = withMessage('{{ source(vm, "agent.provisioned").property }} is off ({{ source(vm, "agent.provisioned").setting }})');
    try {
      const refused = await runCli(['vm.json'], { cwd: bad.dir });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/^backup-lint: acme-policies\/ACME001\.yaml:10:17: in `message`: `format` is not readable/);
      const { report } = await runJson(['vm.json'], { cwd: good.dir });
      expect(report.findings.filter((f) => f.ruleId === 'ACME001').map((f) => f.message)).toEqual(['provisionVMAgent is off (provisionVMAgent: false)']);
    } finally {
      bad.cleanup();
      good.cleanup();
    }
  });
});
