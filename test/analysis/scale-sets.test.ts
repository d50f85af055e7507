import { runAnalyses } from '../../src/analysis';
import { loadModel } from '../../src/lint';
import type { Model, NicNode, VmNode } from '../../src/model/domain';
import type { EgressProblem } from '../../src/model/facts';
import { isUnknown } from '../../src/model/unknown';
import { brief, FIXTURES, runCli, runJson } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';

async function analysed(cwd: string, paths: string[]): Promise<Model> {
  const { model } = await loadModel({ cwd, paths, ignore: [], parameterPairs: new Map(), context: {} });
  await runAnalyses(model);
  return model;
}

const scaleSets = (model: Model): VmNode[] => model.ofKind('vm').filter((vm) => vm.isScaleSet);

function problem(value: unknown): EgressProblem {
  if (value === null || isUnknown(value)) throw new Error(`expected a problem, got ${JSON.stringify(value)}`);
  return value as EgressProblem;
}

describe('scale sets in the model: one VM node for the VM profile, one NIC node per network interface configuration', () => {
  it('ARM: the NIC-level NSG of the network interface configuration is evaluated first: its deny decides before the subnet NSG allow', async () => {
    const model = await analysed(FIXTURES, ['BL101/invalid/arm-scale-set-nic-nsg.json']);
    const [vmss] = scaleSets(model);
    expect(vmss).toMatchObject({ label: 'app-vmss', orchestrationMode: 'Flexible', os: 'linux', size: 'Standard_D2s_v5', type: 'Microsoft.Compute/virtualMachineScaleSets' });
    const nic = model.resolve((vmss!.nicIds as string[])[0]) as NicNode;
    expect(nic).toMatchObject({ kind: 'nic', label: 'app-vmss/app-nic', at: { file: 'BL101/invalid/arm-scale-set-nic-nsg.json', pointer: '/resources/3/properties/virtualMachineProfile/networkProfile/networkInterfaceConfigurations/0' } });
    expect(String(nic.id)).toMatch(/\/virtualMachineScaleSets\/app-vmss\/networkInterfaceConfigurations\/app-nic$/);
    const egress = vmss!.facts!.egress!;
    expect(egress.paths.map((p) => [p.from, p.steps.map((s) => s.text)])).toEqual([
      [
        'nic app-vmss/app-nic, ip configuration ipconfig1',
        ['NIC NSG NicNSG: Deny by Deny_All_Outbound (priority 4000)', 'route table: none (system route to the Internet)'],
      ],
    ]);
    expect(problem(egress.nsgBlocked).text).toBe('outbound 443 to Storage is denied by Deny_All_Outbound (priority 4000) of NSG NicNSG on NIC app-vmss/app-nic');
  });

  it('ARM: a scale set without orchestrationMode is Uniform; its egress is still evaluated', async () => {
    const model = await analysed(FIXTURES, ['BL101/valid/arm-scale-set-uniform-deny-internet.json']);
    const [vmss] = scaleSets(model);
    expect(vmss!.orchestrationMode).toBe('Uniform');
    expect(problem(vmss!.facts!.egress!.nsgBlocked).text).toContain('Deny_Internet (priority 2000) of NSG AppNSG on subnet app-vnet/AppSubnet');
  });

  it('Terraform: linux, windows and legacy scale sets are Uniform, their network_interface / network_profile blocks NICs', async () => {
    const model = await analysed(FIXTURES, ['BL101/valid/tf-uniform-scale-sets']);
    const found = scaleSets(model).map((vm) => ({
      label: vm.label,
      os: vm.os,
      mode: vm.orchestrationMode,
      nics: vm.nicIds,
      nsgBlocked: problem(vm.facts!.egress!.nsgBlocked).text,
    }));
    const denied = 'outbound 443 to Storage is denied by Deny_Internet (priority 2000) of NSG azurerm_network_security_group.app on subnet azurerm_subnet.app';
    const dir = 'BL101/valid/tf-uniform-scale-sets';
    expect(found).toEqual([
      { label: 'azurerm_linux_virtual_machine_scale_set.linux', os: 'linux', mode: 'Uniform', nics: [`${dir}::azurerm_linux_virtual_machine_scale_set.linux.network_interface["linux-nic"]`], nsgBlocked: denied },
      { label: 'azurerm_windows_virtual_machine_scale_set.windows', os: 'windows', mode: 'Uniform', nics: [`${dir}::azurerm_windows_virtual_machine_scale_set.windows.network_interface["win-nic"]`], nsgBlocked: denied },
      { label: 'azurerm_virtual_machine_scale_set.legacy', os: 'linux', mode: 'Uniform', nics: [`${dir}::azurerm_virtual_machine_scale_set.legacy.network_profile["legacy-nic"]`], nsgBlocked: denied },
    ]);
  });

  it('Terraform: an orchestrated scale set is Flexible; network_security_group_id and application_security_group_ids of its blocks are read', async () => {
    const nicNsg = scaleSets(await analysed(FIXTURES, ['BL101/invalid/tf-orchestrated-nic-nsg']))[0]!;
    expect(nicNsg.orchestrationMode).toBe('Flexible');
    expect(problem(nicNsg.facts!.egress!.nsgBlocked).text).toBe(
      'outbound 443 to Storage is denied by Deny_All_Outbound (priority 4000) of NSG azurerm_network_security_group.nic on NIC azurerm_orchestrated_virtual_machine_scale_set.app.network_interface["app-nic"]',
    );
    const model = await analysed(FIXTURES, ['BL101/invalid/tf-orchestrated-asg']);
    const nic = model.ofKind('nic')[0]!;
    expect(nic.ipConfigurations).toEqual([expect.objectContaining({ name: 'internal', asgIds: ['BL101/invalid/tf-orchestrated-asg::azurerm_application_security_group.app'] })]);
  });
});

describe('backup rules on scale sets', () => {
  it('report BL101 and BL102 on Flexible scale sets at their network interface configurations, in ARM, Bicep and Terraform', async () => {
    const { report } = await runJson(['BL101/invalid', 'BL102/invalid', '--rule', 'BL103=off']);
    const onScaleSets = report.findings.filter((f) => /scale.?set/i.test(f.resource?.type ?? '')).map(brief);
    expect(onScaleSets).toEqual([
      'BL101 BL101/invalid/arm-scale-set-deny-from-asg.json:93 app-vmss',
      'BL101 BL101/invalid/arm-scale-set-deny-internet.json:82 app-vmss',
      'BL101 BL101/invalid/arm-scale-set-nic-nsg.json:118 app-vmss',
      'BL101 BL101/invalid/bicep-scale-set-deny-internet.json:85 app-vmss',
      'BL101 BL101/invalid/tf-orchestrated-asg/main.tf:66 azurerm_orchestrated_virtual_machine_scale_set.app',
      'BL101 BL101/invalid/tf-orchestrated-deny-internet/main.tf:59 azurerm_orchestrated_virtual_machine_scale_set.app',
      'BL101 BL101/invalid/tf-orchestrated-nic-nsg/main.tf:87 azurerm_orchestrated_virtual_machine_scale_set.app',
      'BL101 BL101/invalid/tfplan-orchestrated/plan.json:95 azurerm_orchestrated_virtual_machine_scale_set.app',
      'BL102 BL102/invalid/arm-scale-set-route-none.json:76 app-vmss',
      'BL102 BL102/invalid/tf-orchestrated-route-none/main.tf:53 azurerm_orchestrated_virtual_machine_scale_set.app',
    ]);
    const nicNsg = report.findings.find((f) => f.file === 'BL101/invalid/arm-scale-set-nic-nsg.json')!;
    expect(nicNsg.message).toBe(
      "Scale set 'app-vmss' cannot reach Azure Storage for backup: outbound 443 to Storage is denied by Deny_All_Outbound (priority 4000) of NSG NicNSG on NIC app-vmss/app-nic",
    );
    expect(nicNsg.related?.[0]).toMatchObject({ file: 'BL101/invalid/arm-scale-set-nic-nsg.json', line: 12 });
  });

  it('stay silent on Uniform scale sets (Azure Backup cannot protect their instances), with no skipped check either', async () => {
    const { report, code } = await runJson(['BL101/valid/tf-uniform-scale-sets', 'BL101/valid/arm-scale-set-uniform-deny-internet.json', 'BL102/valid/arm-scale-set-uniform-route-none.json']);
    expect(report.findings.map(brief)).toEqual([]);
    expect(report.summary['skippedChecks']).toBe(0);
    expect(code).toBe(0);
  });

  it('--explain prints the evaluated path of the scale set, and why a Uniform one has no finding', async () => {
    const { stdout } = await runCli(['BL101/invalid/arm-scale-set-nic-nsg.json', 'BL101/valid/arm-scale-set-uniform-deny-internet.json', '--explain']);
    expect(stdout).toContain(
      '  scale set app-vmss: nic app-vmss/app-nic, ip configuration ipconfig1: NIC NSG NicNSG: Deny by Deny_All_Outbound (priority 4000) (BL101/invalid/arm-scale-set-nic-nsg.json:12); route table: none (system route to the Internet)',
    );
    expect(stdout).toContain('  scale set app-vmss: verdict BL101 PROBLEM, BL102 ok, BL103 ok, BL104 ok\n');
    expect(stdout).toContain('  scale set app-vmss: verdict BL101 PROBLEM, BL102 ok, BL103 ok, BL104 ok (Uniform scale set: Azure Backup cannot protect its instances, the rules stay silent)');
  });

  it('read the scale set profile extensions as its guest text: a proxy configured there replaces the direct path, in its own file', async () => {
    // Three templates declare the same scale set ID (the default resource group): each extension joins its own file's.
    const { report } = await runJson([
      'BL101/valid/arm-scale-set-proxy-in-extension.json',
      'BL101/valid/arm-scale-set-storage-allowed-first.json',
      'BL101/invalid/arm-scale-set-deny-internet.json',
      '--rule',
      'BL104=off',
    ]);
    expect(report.findings.map(brief)).toEqual(['BL101 BL101/invalid/arm-scale-set-deny-internet.json:82 app-vmss']);
    const model = await analysed(FIXTURES, ['BL301/invalid/tf-orchestrated-vmsnapshotlinux']);
    expect(model.ofKind('extension').map((e) => [e.label, e.vmId, e.handlerType])).toEqual([
      [
        'azurerm_orchestrated_virtual_machine_scale_set.app.extension["VMSnapshotLinux"]',
        'BL301/invalid/tf-orchestrated-vmsnapshotlinux::azurerm_orchestrated_virtual_machine_scale_set.app',
        'VMSnapshotLinux',
      ],
    ]);
  });

  it('scale set extension resources (ARM virtualMachineScaleSets/extensions, azurerm_virtual_machine_scale_set_extension) belong to their scale set', async () => {
    const template = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [
        { type: 'Microsoft.Compute/virtualMachineScaleSets', apiVersion: '2023-03-01', name: 'web', location: 'westeurope', properties: { orchestrationMode: 'Flexible' } },
        {
          type: 'Microsoft.Compute/virtualMachineScaleSets/extensions', apiVersion: '2023-03-01', name: 'web/snapshot',
          properties: { publisher: 'Microsoft.Azure.RecoveryServices', type: 'VMSnapshot', typeHandlerVersion: '1.0' },
        },
      ],
    };
    const tf = `resource "azurerm_linux_virtual_machine_scale_set" "web" {
  name = "web"
}

resource "azurerm_virtual_machine_scale_set_extension" "snapshot" {
  name                         = "snapshot"
  virtual_machine_scale_set_id = azurerm_linux_virtual_machine_scale_set.web.id
  publisher                    = "Microsoft.Azure.RecoveryServices"
  type                         = "VMSnapshotLinux"
  type_handler_version         = "1.0"
}
`;
    const project = tempProject({ 'arm/main.json': JSON.stringify(template, null, 2), 'tf/main.tf': tf });
    try {
      const model = await analysed(project.dir, ['.']);
      const owners = model.ofKind('extension').map((e) => [e.label, e.onScaleSet, (model.resolve(e.vmId, e.file) as VmNode | undefined)?.label]);
      expect(owners).toEqual([
        ['web/snapshot', true, 'web'],
        ['azurerm_virtual_machine_scale_set_extension.snapshot', true, 'azurerm_linux_virtual_machine_scale_set.web'],
      ]);
      // BL301 on the Flexible scale set's extension; the Uniform one's is silent.
      const { report } = await runJson(['.'], { cwd: project.dir });
      expect(report.findings.map(brief)).toEqual(['BL301 arm/main.json:20 web/snapshot']);
    } finally {
      project.cleanup();
    }
  });

  it('a protected item never joins a scale set, by source ID or by name, so the protected-VM rules stay silent on it', async () => {
    const scaleSet = {
      type: 'Microsoft.Compute/virtualMachineScaleSets', apiVersion: '2023-03-01', name: 'web', location: 'westeurope', sku: { name: 'Standard_B1ls', capacity: 2 },
      properties: { orchestrationMode: 'Flexible', platformFaultDomainCount: 1, virtualMachineProfile: { osProfile: { computerNamePrefix: 'web', adminUsername: 'u', linuxConfiguration: {} } } },
    };
    const item = (name: string, source: string) => ({
      type: 'Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems', apiVersion: '2023-04-01', name,
      properties: { protectedItemType: 'Microsoft.Compute/virtualMachines', sourceResourceId: source, policyId: "[resourceId('Microsoft.RecoveryServices/vaults/backupPolicies', 'vault', 'DefaultPolicy')]" },
    });
    const template = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [
        scaleSet,
        item('vault/Azure/iaasvmcontainer;iaasvmcontainerv2;rg;web/vm;iaasvmcontainerv2;rg;web', "[resourceId('Microsoft.Compute/virtualMachineScaleSets', 'web')]"),
        // A VM ID not in the run: the item would join by its name, `web`.
        item('vault2/Azure/iaasvmcontainer;iaasvmcontainerv2;rg;web/vm;iaasvmcontainerv2;rg;web', '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/web'),
      ],
    };
    const project = tempProject({ 'main.json': JSON.stringify(template, null, 2) });
    try {
      const model = await analysed(project.dir, ['.']);
      expect(model.ofKind('protectedItem')).toHaveLength(2);
      expect(scaleSets(model)[0]!.facts!.backup).toBeUndefined();
      // Joined, BL404 (Standard_B1ls has 0.5 GiB) and BL405 (two protected items) would fire.
      const { report } = await runJson(['.'], { cwd: project.dir });
      expect(report.findings.map(brief)).toEqual([]);
    } finally {
      project.cleanup();
    }
  });
});
