import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, runCli, runJson } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';

const windowsVm = readFileSync(path.join(FIXTURES, 'BL201/arm/windows-agent-default.json'), 'utf8');

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
});
