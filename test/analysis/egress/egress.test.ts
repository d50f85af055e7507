import { runAnalyses } from '../../../src/analysis';
import { egressAnalysis, explainEgress, proxyOf } from '../../../src/analysis/egress';
import { networkAnalysis } from '../../../src/analysis/network';
import { loadModel } from '../../../src/lint';
import type { Model, VmNode } from '../../../src/model/domain';
import type { EgressProblem } from '../../../src/model/facts';
import { isUnknown, unknown } from '../../../src/model/unknown';
import { brief, FIXTURES, runCli, runJson } from '../../helpers/run-cli';
import { tempProject } from '../../helpers/temp-project';

async function modelOf(cwd: string, paths: string[]): Promise<Model> {
  const { model } = await loadModel({ cwd, paths, ignore: [], parameterPairs: new Map(), context: {} });
  return model;
}

function nsgTemplate(nicRules: object[] | null, subnetRules: object[] | null, extra: { subnetNsgId?: string; nics?: number } = {}): string {
  const nsg = (name: string, rules: object[]) => ({
    type: 'Microsoft.Network/networkSecurityGroups', apiVersion: '2023-04-01', name, location: 'westeurope', properties: { securityRules: rules },
  });
  const nics = Array.from({ length: extra.nics ?? 1 }, (_, i) => ({
    type: 'Microsoft.Network/networkInterfaces', apiVersion: '2023-04-01', name: `nic-${i}`, location: 'westeurope',
    properties: {
      ...(nicRules && i === 0 ? { networkSecurityGroup: { id: "[resourceId('Microsoft.Network/networkSecurityGroups', 'nic-nsg')]" } } : {}),
      ipConfigurations: [{ name: 'ipconfig1', properties: { privateIPAllocationMethod: 'Static', privateIPAddress: `10.0.1.${4 + i}`, subnet: { id: "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'app')]" } } }],
    },
  }));
  const template = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    resources: [
      ...(nicRules ? [nsg('nic-nsg', nicRules)] : []),
      ...(subnetRules ? [nsg('subnet-nsg', subnetRules)] : []),
      {
        type: 'Microsoft.Network/virtualNetworks', apiVersion: '2023-04-01', name: 'vnet', location: 'westeurope',
        properties: {
          addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
          subnets: [{ name: 'app', properties: { addressPrefix: '10.0.1.0/24', ...(subnetRules || extra.subnetNsgId ? { networkSecurityGroup: { id: extra.subnetNsgId ?? "[resourceId('Microsoft.Network/networkSecurityGroups', 'subnet-nsg')]" } } : {}) } }],
        },
      },
      ...nics,
      {
        type: 'Microsoft.Compute/virtualMachines', apiVersion: '2023-03-01', name: 'app-vm', location: 'westeurope',
        properties: { networkProfile: { networkInterfaces: nics.map((n) => ({ id: `[resourceId('Microsoft.Network/networkInterfaces', '${n.name}')]` })) } },
      },
    ],
  };
  return JSON.stringify(template, null, 2);
}

const rule = (name: string, priority: number, access: string, destination: string, extra: object = {}) => ({
  name,
  properties: { priority, direction: 'Outbound', access, protocol: '*', sourceAddressPrefix: '*', sourcePortRange: '*', destinationAddressPrefix: destination, destinationPortRange: '*', ...extra },
});

async function egressOf(template: string): Promise<{ vm: VmNode; model: Model }> {
  const project = tempProject({ 'main.json': template });
  try {
    const model = await modelOf(project.dir, ['main.json']);
    runAnalyses(model);
    return { vm: model.ofKind('vm')[0]!, model };
  } finally {
    project.cleanup();
  }
}

describe('egress analysis: vm.facts.egress', () => {
  it('a NIC NSG deny decides before the subnet NSG is consulted; the problem names rule, priority, NSG and NIC', async () => {
    const { vm } = await egressOf(nsgTemplate([rule('Deny_Internet', 2000, 'Deny', 'Internet')], [rule('Allow_All', 100, 'Allow', '*')]));
    expect((vm.facts!.egress!.nsgBlocked as EgressProblem).text).toBe(
      'outbound 443 to Storage is denied by Deny_Internet (priority 2000) of NSG nic-nsg on NIC nic-0',
    );
  });

  it('both NSGs must allow: a NIC NSG allow does not override a subnet NSG deny', async () => {
    const { vm } = await egressOf(nsgTemplate([rule('Allow_All', 100, 'Allow', '*')], [rule('Deny_AzureCloud', 300, 'Deny', 'AzureCloud')]));
    expect((vm.facts!.egress!.nsgBlocked as EgressProblem).text).toBe(
      'outbound 443 to Storage is denied by Deny_AzureCloud (priority 300) of NSG subnet-nsg on subnet vnet/app',
    );
  });

  it('a subnet NSG that is not in the run makes the verdict Unknown when the NIC NSG allows, but a NIC NSG deny still decides', async () => {
    const missing = "[resourceId('Microsoft.Network/networkSecurityGroups', 'elsewhere')]";
    const allowed = await egressOf(nsgTemplate(null, null, { subnetNsgId: missing }));
    const verdict = allowed.vm.facts!.egress!.nsgBlocked;
    expect(isUnknown(verdict) && verdict.kind).toBe('not-in-run');
    const denied = await egressOf(nsgTemplate([rule('Deny_All', 100, 'Deny', '*')], null, { subnetNsgId: missing }));
    expect((denied.vm.facts!.egress!.nsgBlocked as EgressProblem).text).toContain('Deny_All (priority 100) of NSG nic-nsg');
  });

  it('a VM with two NICs is blocked only when both paths are: the second NIC without NSG clears it', async () => {
    const { vm } = await egressOf(nsgTemplate([rule('Deny_All', 100, 'Deny', '*')], null, { nics: 2 }));
    expect(vm.facts!.egress!.nsgBlocked).toBeNull();
    expect(vm.facts!.egress!.paths.map((p) => p.from)).toEqual(['nic nic-0, ip configuration ipconfig1', 'nic nic-1, ip configuration ipconfig1']);
  });

  it('the fix is an Allow rule for Storage 443 at the first free priority below the deny', async () => {
    const { vm } = await egressOf(nsgTemplate(null, [rule('Deny_Internet', 2000, 'Deny', 'Internet'), rule('Taken', 1999, 'Allow', 'VirtualNetwork')]));
    const fix = (vm.facts!.egress!.nsgBlocked as EgressProblem).fix;
    expect(fix).toContain('"priority": 1998');
    expect(fix).toContain('"destinationAddressPrefix": "Storage"');
    expect(fix).toContain('"destinationPortRange": "443"');
  });

  it('--explain lists each NSG and route consulted with its verdict and line', async () => {
    const { vm } = await egressOf(nsgTemplate(null, [rule('Deny_Internet', 2000, 'Deny', 'Internet')]));
    const section = explainEgress([vm], (at) => `${at.file}${at.pointer ?? ''}`)!;
    expect(section.lines).toEqual([
      'VM app-vm: nic nic-0, ip configuration ipconfig1: NIC NSG: none (allowed); subnet NSG subnet-nsg: Deny by Deny_Internet (priority 2000) (main.json/resources/0/properties/securityRules/0); route table: none (system route to the Internet)',
      'VM app-vm: verdict BL101 PROBLEM, BL102 ok, BL103 ok, BL104 ok',
    ]);
  });
});

describe('egress analysis: the proxy path (guest facts of issue #8, read as vm.facts.guest.proxies)', () => {
  /** Runs the network analysis, puts a guest fact with `proxies` on the VM (as the guest analysis writes it), then egress. */
  async function withProxy(template: string, proxies: unknown): Promise<VmNode[]> {
    const project = tempProject({ 'main.json': template });
    try {
      const model = await modelOf(project.dir, ['main.json']);
      networkAnalysis.run(model, { groups: [], failures: [] });
      for (const vm of model.ofKind('vm')) if (vm.label === 'app-vm') vm.facts = { ...vm.facts, guest: { proxies } } as VmNode['facts'];
      egressAnalysis.run(model, { groups: [], failures: [] });
      return model.ofKind('vm');
    } finally {
      project.cleanup();
    }
  }
  const observation = { at: { file: 'main.json', line: 1 } };

  it('with a proxy the direct path is not needed (BL101 silent) and VM → proxy is checked instead: a deny on its port is BL104', async () => {
    const template = nsgTemplate(null, [rule('Deny_Internet', 2000, 'Deny', 'Internet'), rule('Deny_Proxy', 1000, 'Deny', '10.0.9.0/24', { protocol: 'Tcp', destinationPortRange: '3128' })]);
    const [vm] = await withProxy(template, [{ host: '10.0.9.10', port: 3128, observation }]);
    expect(vm!.facts!.egress!.nsgBlocked).toBeNull();
    expect((vm!.facts!.egress!.proxyBlocked as EgressProblem).text).toBe(
      'outbound 3128 to proxy 10.0.9.10 is denied by Deny_Proxy (priority 1000) of NSG subnet-nsg on subnet vnet/app',
    );
  });

  it('a proxy in a subnet of the run passes AllowVnetOutBound; one outside every known subnet, a host name or a missing port leave BL104 Unknown', async () => {
    const template = nsgTemplate(null, [rule('Deny_Internet', 2000, 'Deny', 'Internet')]);
    const [ok] = await withProxy(template, [{ host: '10.0.1.50', port: 3128, observation }]);
    expect(ok!.facts!.egress!.proxyBlocked).toBeNull();
    const [outside] = await withProxy(template, [{ host: '10.0.9.10', port: 3128, observation }]);
    expect(isUnknown(outside!.facts!.egress!.proxyBlocked)).toBe(true);
    const [noPort] = await withProxy(template, [{ host: '10.0.1.50', port: null, observation }]);
    expect(isUnknown(noPort!.facts!.egress!.proxyBlocked)).toBe(true);
    const [named] = await withProxy(template, [{ host: 'proxy.corp.example', port: 3128, observation }]);
    expect(isUnknown(named!.facts!.egress!.proxyBlocked)).toBe(true);
  });

  it('guest texts that could not be read make the proxy, and so BL101 and BL104, Unknown; no guest text at all means no proxy', async () => {
    const template = nsgTemplate(null, [rule('Deny_Internet', 2000, 'Deny', 'Internet')]);
    const [vm] = await withProxy(template, unknown('customData is a deploy-time input', undefined, 'deploy-time-input'));
    expect(isUnknown(vm!.facts!.egress!.nsgBlocked) && (vm!.facts!.egress!.nsgBlocked as { kind: string }).kind).toBe('deploy-time-input');
    expect(isUnknown(vm!.facts!.egress!.proxyBlocked) && (vm!.facts!.egress!.proxyBlocked as { kind: string }).kind).toBe('deploy-time-input');
    expect(proxyOf({ facts: {}, guestTexts: [] } as unknown as VmNode)).toBeNull();
  });
});

describe('BL104 with several proxies (the guest names a waagent proxy and an /etc/environment one)', () => {
  it('follows them all: silent when one path is open, reported when all are blocked; --explain lists every proxy', async () => {
    const reachable = await runCli(['--explain', 'BL104/valid/arm-second-proxy-reachable.json']);
    expect(reachable.code).toBe(0);
    expect(reachable.stdout).toContain(
      '  VM app-vm: proxies 10.0.1.50:3128 (BL104/valid/arm-second-proxy-reachable.json:134), 10.0.1.60:8080 (BL104/valid/arm-second-proxy-reachable.json:134)\n',
    );
    expect(reachable.stdout).toContain('  VM app-vm: verdict BL101 ok, BL102 ok, BL103 ok, BL104 ok\n');
    const blocked = await runJson(['BL104/invalid/arm-every-proxy-blocked.json']);
    expect(blocked.report.findings.map(brief)).toEqual(['BL104 BL104/invalid/arm-every-proxy-blocked.json:137 app-vm']);
  });
});

describe('BL101-BL103 from the command line', () => {
  it('BL101 names the rule, file, line and VM, with the deciding rule as related location and the fix in the file format', async () => {
    const { report } = await runJson(['BL101/invalid/tf-separate-rule'], { cwd: FIXTURES });
    expect(report.findings.map(brief)).toEqual(['BL101 BL101/invalid/tf-separate-rule/vm.tf:19 azurerm_linux_virtual_machine.app']);
    const [finding] = report.findings;
    expect(finding!.message).toContain('denied by Deny_Internet (priority 2000) of NSG azurerm_network_security_group.app on subnet azurerm_subnet.app');
    expect(finding!.related).toEqual([expect.objectContaining({ file: 'BL101/invalid/tf-separate-rule/network.tf', line: 7 })]);
    expect(finding!.fix).toContain('destination_address_prefix = "Storage"');
    expect(finding!.fix).toContain('priority                   = 1999');
  });

  it('--explain prints the evaluated path per VM', async () => {
    const { stdout } = await runCli(['--explain', 'BL102/invalid/arm-default-route-none.json'], { cwd: FIXTURES });
    expect(stdout).toContain('route table app-routes: route blackhole (0.0.0.0/0 → None) of route table app-routes (BL102/invalid/arm-default-route-none.json:42)');
    expect(stdout).toContain('VM app-vm: verdict BL101 ok, BL102 PROBLEM, BL103 ok, BL104 ok');
  });
});
