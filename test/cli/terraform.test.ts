import { brief, type JsonReport, runJson } from '../helpers/run-cli';

// Issue #4: raw .tf modules. Findings name the Terraform address and point at the attribute line.

describe('BL201 on azurerm VMs in .tf files', () => {
  it('reports provision_vm_agent = false on azurerm_linux_virtual_machine and azurerm_windows_virtual_machine at the attribute line', async () => {
    const { code, report } = await runJson(['BL201/invalid/tf-literal']);
    expect(report.findings.map(brief)).toEqual([
      'BL201 BL201/invalid/tf-literal/main.tf:14 azurerm_linux_virtual_machine.web',
      'BL201 BL201/invalid/tf-literal/main.tf:42 azurerm_windows_virtual_machine.iis',
    ]);
    expect(report.findings.map((f) => f.column)).toEqual([3, 3]);
    expect(report.findings.map((f) => f.resource?.type)).toEqual(['azurerm_linux_virtual_machine', 'azurerm_windows_virtual_machine']);
    expect(report.findings[0]).toMatchObject({ rule: 'vm-agent-not-provisioned', severity: 'error', cause: 2 });
    expect(report.findings[0]!.message).toMatch(/provision_vm_agent = false/);
    expect(report.files).toEqual([{ path: 'BL201/invalid/tf-literal/main.tf', format: 'tf', status: 'ok', resources: 4 }]);
    expect(code).toBe(1);
  });

  it('evaluates provision_vm_agent = var.agent from the variable default (false)', async () => {
    const { report } = await runJson(['BL201/invalid/tf-variable-default']);
    expect(report.findings.map(brief)).toEqual(['BL201 BL201/invalid/tf-variable-default/main.tf:8 azurerm_linux_virtual_machine.app']);
    expect(report.files.map((f) => `${f.path} ${f.format} ${f.status}`)).toEqual([
      'BL201/invalid/tf-variable-default/main.tf tf ok',
      'BL201/invalid/tf-variable-default/variables.tf tf ok',
    ]);
  });

  it('stays silent when terraform.tfvars overrides the default with true (same .tf files as above)', async () => {
    const { code, report } = await runJson(['BL201/valid/tf-tfvars-override']);
    expect(report.findings).toEqual([]);
    expect(report.summary).toMatchObject({ resources: 1, skippedChecks: 3 }); // + BL101-BL103 per VM: its NIC is not in the file, so the egress checks are skipped
    expect(code).toBe(0);
  });

  it('reports each counted instance (count = 2) at the same line', async () => {
    const { report } = await runJson(['BL201/invalid/tf-count']);
    expect(report.findings.map(brief)).toEqual([
      'BL201 BL201/invalid/tf-count/main.tf:14 azurerm_linux_virtual_machine.vm[0]',
      'BL201 BL201/invalid/tf-count/main.tf:14 azurerm_linux_virtual_machine.vm[1]',
    ]);
    expect(report.findings.map((f) => f.column)).toEqual([3, 3]);
  });

  it('reports the for_each instances whose each.value sets the agent off, named by key', async () => {
    const { report } = await runJson(['BL201/invalid/tf-for-each']);
    expect(report.findings.map(brief)).toEqual([
      'BL201 BL201/invalid/tf-for-each/main.tf:18 azurerm_windows_virtual_machine.this["api"]',
      'BL201 BL201/invalid/tf-for-each/main.tf:18 azurerm_windows_virtual_machine.this["cron"]',
    ]);
    expect(report.files[0]!.resources).toBe(3);
  });

  it('stays silent for provision_vm_agent = var.x when x has no default, and counts the skipped check', async () => {
    const { code, report } = await runJson(['BL201/valid/tf-no-default']);
    expect(report.findings).toEqual([]);
    expect(report.summary).toMatchObject({ resources: 1, errors: 0, skippedChecks: 4 }); // + BL101-BL103 per VM: its NIC is not in the file, so the egress checks are skipped
    expect(code).toBe(0);
  });
});

describe('BL201 on the legacy azurerm_virtual_machine', () => {
  let report!: JsonReport;
  beforeAll(async () => {
    ({ report } = await runJson(['BL201/invalid/tf-legacy']));
  });

  it('reports a Windows VM (os_profile_windows_config) without provision_vm_agent at the block line, since its default is false', () => {
    expect(report.findings.map(brief)).toEqual(['BL201 BL201/invalid/tf-legacy/main.tf:30 azurerm_virtual_machine.dc']);
    expect(report.findings[0]).toMatchObject({ column: 3, resource: { type: 'azurerm_virtual_machine', name: 'azurerm_virtual_machine.dc' } });
    expect(report.findings[0]!.message).toMatch(/defaults os_profile_windows_config\.provision_vm_agent to false/);
  });

  it('stays silent for a Windows VM with provision_vm_agent = true and for a Linux VM (os_profile_linux_config)', () => {
    const names = report.findings.map((f) => f.resource?.name);
    expect(names).not.toContain('azurerm_virtual_machine.file');
    expect(names).not.toContain('azurerm_virtual_machine.bastion');
    expect(report.files[0]!.resources).toBe(3);
  });
});

describe('local modules', () => {
  it('reports a VM inside ./modules/vm, named module.vm.…, at the line inside the module file', async () => {
    const { code, report } = await runJson(['BL201/invalid/tf-module']);
    expect(report.findings.map(brief)).toEqual([
      'BL201 BL201/invalid/tf-module/modules/vm/main.tf:8 module.vm.azurerm_linux_virtual_machine.this',
    ]);
    expect(report.findings[0]!.column).toBe(3);
    expect(report.files.map((f) => `${f.path} ${f.format} ${f.status}`)).toEqual([
      'BL201/invalid/tf-module/main.tf tf ok',
      'BL201/invalid/tf-module/modules/vm/main.tf tf ok',
      'BL201/invalid/tf-module/modules/vm/variables.tf tf ok',
    ]);
    expect(code).toBe(1);
  });
});

describe('BL202 on azurerm VMs in .tf files', () => {
  it('reports allow_extension_operations = false at the attribute line and ignores = true', async () => {
    const { code, report } = await runJson(['BL202/invalid/tf-extensions-disabled']);
    expect(report.findings.map(brief)).toEqual(['BL202 BL202/invalid/tf-extensions-disabled/main.tf:9 azurerm_windows_virtual_machine.kiosk']);
    expect(report.findings[0]).toMatchObject({ rule: 'extension-operations-disabled', column: 3, cause: 2 });
    expect(report.findings[0]!.message).toMatch(/allow_extension_operations = false/);
    expect(code).toBe(1);
  });
});

describe('a module folder with one broken .tf file', () => {
  it('reports BL001 at the missing "]" and still lints the good file of the same module', async () => {
    const { code, report } = await runJson(['BL001/invalid/tf-broken-module']);
    expect(report.findings.map(brief)).toEqual([
      'BL001 BL001/invalid/tf-broken-module/network.tf:6 -',
      'BL201 BL001/invalid/tf-broken-module/vm.tf:8 azurerm_linux_virtual_machine.app',
    ]);
    expect(report.findings[0]).toMatchObject({ rule: 'parse-error', line: 6, column: 1 });
    expect(report.findings[0]!.message).toMatch(/missing "\]"/);
    expect(report.files.map((f) => `${f.path} ${f.format} ${f.status}`)).toEqual([
      'BL001/invalid/tf-broken-module/network.tf tf error',
      'BL001/invalid/tf-broken-module/vm.tf tf ok',
    ]);
    expect(code).toBe(1);
  });

  it('reports BL001 at the end of a file whose block is never closed, and BL202 in the other file', async () => {
    const { report } = await runJson(['BL001/invalid/tf-unclosed-block']);
    expect(report.findings.map(brief)).toEqual([
      'BL001 BL001/invalid/tf-unclosed-block/nsg.tf:18 -',
      'BL202 BL001/invalid/tf-unclosed-block/vm.tf:9 azurerm_windows_virtual_machine.app',
    ]);
    expect(report.findings[0]!.column).toBe(1);
    expect(report.findings[0]!.message).toMatch(/missing "\}"/);
    expect(report.summary).toMatchObject({ files: 2, errors: 2 });
  });
});
