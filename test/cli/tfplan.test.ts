import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brief, FIXTURES, type JsonReport, runJson } from '../helpers/run-cli';

// Issue #4: Terraform plans (`terraform show -json`, format_version 1.2) read from planned_values and
// resource_changes (after / after_unknown), named by address, located in the .tf files when they are beside the plan.

describe('a plan on its own (no .tf files beside it)', () => {
  let code!: number | null, report!: JsonReport;
  beforeAll(async () => {
    ({ code, report } = await runJson(['BL201/invalid/tfplan-standalone']));
  });

  it('is recognised as tfplan and reports only the three known problems', () => {
    expect(report.files).toEqual([{ path: 'BL201/invalid/tfplan-standalone/plan.json', format: 'tfplan', status: 'ok', resources: 3 }]);
    expect(report.findings.map(brief)).toEqual([
      'BL202 BL201/invalid/tfplan-standalone/plan.json:20 azurerm_linux_virtual_machine.web',
      'BL201 BL201/invalid/tfplan-standalone/plan.json:21 azurerm_linux_virtual_machine.web',
      'BL201 BL201/invalid/tfplan-standalone/plan.json:119 module.app.azurerm_linux_virtual_machine.vm',
    ]);
    expect(code).toBe(1);
  });

  it('reports provision_vm_agent: false from the plan at the line and column of the attribute in the plan JSON', () => {
    const web = report.findings.find((f) => f.ruleId === 'BL201' && f.resource?.name === 'azurerm_linux_virtual_machine.web')!;
    expect(web).toMatchObject({ line: 21, column: 13, resource: { type: 'azurerm_linux_virtual_machine' } });
    // Named as written where the finding points: the plan's JSON, not a .tf file.
    expect(web.message).toMatch(/\(provision_vm_agent: false\)/);
  });

  it('names child module resources (planned_values.root_module.child_modules[]) by their full address', () => {
    const child = report.findings.find((f) => f.resource?.name === 'module.app.azurerm_linux_virtual_machine.vm')!;
    expect(child).toMatchObject({ ruleId: 'BL201', line: 119, column: 17 });
  });

  it('stays silent when after_unknown.provision_vm_agent is true, and counts the skipped check', () => {
    expect(report.findings.map((f) => f.resource?.name)).not.toContain('azurerm_linux_virtual_machine.pending');
    expect(report.summary.skippedChecks).toBe(10); // + BL101-BL103 per VM: its NIC is not in the file, so the egress checks are skipped
  });

  it('stays silent for a VM being deleted (actions: ["delete"]) even though its before state has the agent off', () => {
    expect(report.findings.map((f) => f.resource?.name)).not.toContain('azurerm_linux_virtual_machine.retired');
    expect(report.summary.resources).toBe(3);
  });
});

describe('a plan as terraform show -json prints it (one line)', () => {
  it('reports line 1 with the exact column of each attribute', async () => {
    const { report } = await runJson(['BL201/invalid/tfplan-minified']);
    const text = readFileSync(path.join(FIXTURES, 'BL201/invalid/tfplan-minified/plan.json'), 'utf8');
    const agentOff = text.indexOf('"provision_vm_agent":false') + 1;
    const extensionsOff = text.indexOf('"allow_extension_operations":false') + 1;
    const childAgentOff = text.indexOf('"provision_vm_agent":false', text.indexOf('child_modules')) + 1;
    expect(report.findings.map((f) => `${brief(f)}:${f.column}`)).toEqual([
      `BL202 BL201/invalid/tfplan-minified/plan.json:1 azurerm_linux_virtual_machine.web:${extensionsOff}`,
      `BL201 BL201/invalid/tfplan-minified/plan.json:1 azurerm_linux_virtual_machine.web:${agentOff}`,
      `BL201 BL201/invalid/tfplan-minified/plan.json:1 module.app.azurerm_linux_virtual_machine.vm:${childAgentOff}`,
    ]);
    expect(report.files.map((f) => f.format)).toEqual(['tfplan']);
  });
});

describe('a plan in the same folder as its .tf files', () => {
  it('points findings at the .tf attribute lines: the root module, and inside the local module for module.app', async () => {
    const { code, report } = await runJson(['BL201/invalid/tfplan-with-tf']);
    expect(report.findings.map(brief)).toEqual([
      'BL201 BL201/invalid/tfplan-with-tf/main.tf:26 azurerm_linux_virtual_machine.web',
      'BL201 BL201/invalid/tfplan-with-tf/modules/app/main.tf:17 module.app.azurerm_linux_virtual_machine.vm',
    ]);
    expect(report.findings.map((f) => f.column)).toEqual([3, 3]);
    expect(report.files.find((f) => f.path === 'BL201/invalid/tfplan-with-tf/tfplan.json')).toEqual({
      path: 'BL201/invalid/tfplan-with-tf/tfplan.json',
      format: 'tfplan',
      status: 'ok',
      resources: 2,
    });
    // The plan supersedes the root module's .tf files: they give locations, not a second evaluation.
    expect(report.files.find((f) => f.path === 'BL201/invalid/tfplan-with-tf/main.tf')).toMatchObject({ format: 'tf', status: 'skipped' });
    expect(code).toBe(1);
  });

  it('reports the findings when only the plan file is named (as CI runs it after terraform show -json)', async () => {
    const { code, report } = await runJson(['BL201/invalid/tfplan-with-tf/tfplan.json']);
    expect(report.findings.map(brief)).toEqual([
      'BL201 BL201/invalid/tfplan-with-tf/main.tf:26 azurerm_linux_virtual_machine.web',
      'BL201 BL201/invalid/tfplan-with-tf/modules/app/main.tf:17 module.app.azurerm_linux_virtual_machine.vm',
    ]);
    expect(code).toBe(1);
  });

  it('does not evaluate the local module folder behind the plan as a root module of its own', async () => {
    const { report } = await runJson(['BL201/invalid/tfplan-with-tf']);
    expect(report.files.find((f) => f.path === 'BL201/invalid/tfplan-with-tf/modules/app/main.tf')).toMatchObject({ status: 'skipped', resources: 0 });
    expect(report.summary['resources']).toBe(2);
  });
});

