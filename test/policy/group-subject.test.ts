import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, runCli, runJson } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';

const fixture = (name: string) => readFileSync(path.join(FIXTURES, 'analysis/groups', name), 'utf8');

const crowded = (groupKind: string, at: string) => `id: ACME402
name: crowded-group
title: Too many VMs in one group
cause: 4
severity: warning
subject: group
groupKind: ${groupKind}
assert: group.members.length <= options.max
at: ${at}
message: "{{ group.groupKind }} {{ group.label }} has {{ group.members.length }} VMs (more than {{ options.max }})"
related:
  - each: group.members
    at: ${groupKind}Id
    message: "{{ item.label }} is in {{ group.label }}"
options:
  type: object
  properties:
    max: { type: integer, minimum: 1, default: 2 }
rationale: Test policy over groups.
`;

function project(policy: string) {
  return tempProject({
    'arm/vms.json': fixture('arm/vms.json'),
    'arm/sets.json': fixture('arm/sets.json'),
    'tf/main.tf': fixture('tf/main.tf'),
    '.backup-lint.yaml': 'policies:\n  - acme\n',
    'acme/crowded.yaml': policy,
  });
}

describe('policies over groups (subject: group)', () => {
  it('runs on each availability set the analyses built, reports at the set, and relates every member VM', async () => {
    const p = project(crowded('availabilitySet', 'anchor'));
    try {
      const { report } = await runJson(['arm'], { cwd: p.dir });
      expect(report.findings).toHaveLength(1);
      const [finding] = report.findings;
      expect(finding).toMatchObject({
        ruleId: 'ACME402',
        file: 'arm/sets.json',
        line: 5,
        resource: { type: 'Microsoft.Compute/availabilitySets', name: 'web-as' },
        message: 'availabilitySet web-as has 3 VMs (more than 2)',
      });
      expect(finding!.related.map((r) => `${r.file}:${r.line} ${r.message}`)).toEqual([
        'arm/vms.json:12 web-0 is in web-as',
        'arm/vms.json:30 web-1 is in web-as',
        'arm/vms.json:48 web-2 is in web-as',
      ]);
    } finally {
      p.cleanup();
    }
  });

  it('runs on scale sets too; the scale set declared in the run is the anchor the finding names', async () => {
    const p = project(crowded('scaleSet', 'members.1.scaleSetId').replace('default: 2', 'default: 1'));
    try {
      const { report } = await runJson(['tf'], { cwd: p.dir });
      expect(report.findings.map((f) => `${f.file}:${f.line} ${f.resource?.type} ${f.resource?.name}`)).toEqual([
        'tf/main.tf:16 azurerm_orchestrated_virtual_machine_scale_set azurerm_orchestrated_virtual_machine_scale_set.workers',
      ]);
      expect(report.findings[0]!.related).toHaveLength(2);
    } finally {
      p.cleanup();
    }
    const atAnchor = project(crowded('scaleSet', 'anchor').replace('default: 2', 'default: 1'));
    try {
      const { report } = await runJson(['tf'], { cwd: atAnchor.dir });
      expect(report.findings.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
        'tf/main.tf:1 scaleSet azurerm_orchestrated_virtual_machine_scale_set.workers has 2 VMs (more than 1)',
      ]);
    } finally {
      atAnchor.cleanup();
    }
  });

  it('a scale set that no file of the run declares leaves its group without anchor: the finding names it with its Azure type', async () => {
    const p = tempProject({
      'tf/main.tf': fixture('tf/main.tf').replace(/resource "azurerm_orchestrated_virtual_machine_scale_set"[\s\S]*?\n}\n/, '').replace(
        'azurerm_orchestrated_virtual_machine_scale_set.workers.id',
        '"/subscriptions/0/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachineScaleSets/workers"',
      ),
      '.backup-lint.yaml': 'policies:\n  - acme\n',
      'acme/crowded.yaml': crowded('scaleSet', 'members.1.scaleSetId').replace('default: 2', 'default: 1'),
    });
    try {
      const { report } = await runJson(['tf'], { cwd: p.dir });
      expect(report.findings.map((f) => `${f.file}:${f.line} ${f.resource?.type} ${f.resource?.name}`)).toEqual([
        'tf/main.tf:10 Microsoft.Compute/virtualMachineScaleSets workers',
      ]);
    } finally {
      p.cleanup();
    }
  });

  it('refuses a group policy without groupKind, and groupKind on a node policy, naming the line', async () => {
    const without = project(crowded('availabilitySet', 'anchor').replace('groupKind: availabilitySet\n', ''));
    try {
      const run = await runCli(['arm'], { cwd: without.dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^backup-lint: acme\/crowded\.yaml:1:1: missing required field `groupKind`/);
    } finally {
      without.cleanup();
    }
    const misplaced = project(crowded('availabilitySet', 'anchor').replace('subject: group', 'subject: vm'));
    try {
      const run = await runCli(['arm'], { cwd: misplaced.dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/acme\/crowded\.yaml:7:\d+: `groupKind` is not allowed here \(only with `subject: group`\)/);
    } finally {
      misplaced.cleanup();
    }
  });
});
