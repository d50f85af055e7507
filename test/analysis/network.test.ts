import { runAnalyses } from '../../src/analysis';
import { loadModel } from '../../src/lint';
import type { VmNode } from '../../src/model/domain';
import type { NicNetwork } from '../../src/model/facts';
import { isUnknown } from '../../src/model/unknown';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, runCli, runJson } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';

async function vmsOf(dir: string): Promise<VmNode[]> {
  const { model } = await loadModel({ cwd: FIXTURES, paths: [dir], ignore: [], parameterPairs: new Map(), context: {} });
  return model.ofKind('vm');
}

describe('network analysis: VM ↔ NIC ↔ subnet ↔ NSG / route table, joined once into vm.facts.network', () => {
  it('joins an ARM VM to NICs and subnets declared in another file, with the NSG and route table of each subnet', async () => {
    const [app] = await vmsOf('analysis/network/arm');
    const nics = app!.facts!.network!.nics as NicNetwork[];
    expect(nics.map((n) => n.nic.label)).toEqual(['app-nic', 'db-nic']);
    const [appConfig] = nics[0]!.ipConfigurations as Exclude<NicNetwork['ipConfigurations'], { unknown: true }>;
    expect(appConfig).toMatchObject({
      name: 'ipconfig1',
      subnet: { label: 'app-vnet/app', at: { file: 'analysis/network/arm/network.json' } },
      subnetNsg: { label: 'app-nsg', node: { kind: 'nsg' } },
      routeTable: { label: 'app-routes', node: { kind: 'routeTable' } },
    });
    expect(nics[0]!.nsg).toBeNull();
    // The evidence is where the references are written: the VM's NIC list and the NIC's subnet, in their own files.
    expect(app!.facts!.network!.evidence.at.map((at) => at.file)).toEqual(
      expect.arrayContaining(['analysis/network/arm/vm.json', 'analysis/network/arm/network.json']),
    );
  });

  it('makes a NIC reference that names nothing in the run an Unknown of kind not-in-run, not a missing NIC', async () => {
    const vms = await vmsOf('analysis/network/arm');
    const lonely = vms.find((vm) => vm.label === 'lonely-vm')!;
    const [entry] = lonely.facts!.network!.nics as unknown[];
    expect(isUnknown(entry) && entry.kind).toBe('not-in-run');
  });

  it('is written by runAnalyses onto every VM of the model, once', async () => {
    const { model } = await loadModel({ cwd: FIXTURES, paths: ['analysis/network/tf'], ignore: [], parameterPairs: new Map(), context: {} });
    const [vm] = model.ofKind('vm');
    const first = vm!.facts!.network;
    await runAnalyses(model);
    expect(vm!.facts!.network).not.toBe(first);
    expect((vm!.facts!.network!.nics as NicNetwork[])[0]!.nic.label).toBe('azurerm_network_interface.app');
  });
});

describe('--explain shows the network fact of each VM', () => {
  it('ARM: VM, NIC and subnet in different files, each with its file and line', async () => {
    const { stdout, code } = await runCli(['analysis/network/arm', '--explain']);
    expect(code).toBe(0);
    expect(stdout).toContain(
      [
        'Network of each VM (VM → NIC → subnet, NSG, route table):',
        '  VM app-vm-0 (analysis/network/arm/vm.json:38): nic app-nic (analysis/network/arm/vm.json:5), NIC NSG none → subnet app-vnet/app (analysis/network/arm/network.json:27), subnet NSG app-nsg (analysis/network/arm/network.json:5), route table app-routes (analysis/network/arm/network.json:12)',
        '  VM app-vm-0 (analysis/network/arm/vm.json:38): nic db-nic (analysis/network/arm/vm.json:22), NIC NSG none → subnet app-vnet/db (analysis/network/arm/network.json:35), subnet NSG none, route table none',
        '  VM lonely-vm (analysis/network/arm/vm.json:54): nic unknown [not-in-run: network interface /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/backup-lint-rg/providers/Microsoft.Network/networkInterfaces/elsewhere-nic is not declared in the files of this run]',
      ].join('\n'),
    );
  });

  it('Terraform: a module whose VM, NIC and subnet are in vm.tf, nics.tf and network.tf (NSG by association resource)', async () => {
    const { stdout } = await runCli(['analysis/network/tf', '--explain']);
    expect(stdout).toContain(
      '  VM azurerm_linux_virtual_machine.app (analysis/network/tf/vm.tf:1): nic azurerm_network_interface.app (analysis/network/tf/nics.tf:1), NIC NSG none → subnet azurerm_subnet.app (analysis/network/tf/network.tf:8), subnet NSG azurerm_network_security_group.app (analysis/network/tf/network.tf:15), route table none',
    );
  });

  it('is not shown without --explain', async () => {
    expect((await runCli(['analysis/network/arm'])).stdout).not.toContain('Network of each VM');
  });
});


describe('policies read the network fact, never recompute the join', () => {
  const policy = `id: ACME101
name: nic-without-nsg
title: A NIC of the VM has no NSG of its own
severity: info
subject: vm
assert: vm.facts.network.nics.every(n => isUnknown(n) || n.nsg !== null)
message: "VM {{ vm.label }}: {{ vm.facts.network.nics.filter(n => !isUnknown(n) && n.nsg === null).map(n => n.nic.label).join(', ') }} without NSG"
related:
  - each: vm.facts.network.nics.filter(n => !isUnknown(n) && n.nsg === null).map(n => n.nic)
    at: nsgId
    message: "{{ item.label }} sets no NSG"
rationale: Test policy over the network fact.
`;

  it('reports at the VM, relates each NIC where its NSG would be set, and stays silent where a NIC is Unknown', async () => {
    const read = (name: string) => readFileSync(path.join(FIXTURES, 'analysis/network/arm', name), 'utf8');
    const project = tempProject({ 'vm.json': read('vm.json'), 'network.json': read('network.json'), '.backup-lint.yaml': 'policies:\n  - acme\n', 'acme/nic.yaml': policy });
    try {
      const { report } = await runJson(['.'], { cwd: project.dir });
      expect(report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.resource?.name} ${f.message}`)).toEqual([
        'ACME101 vm.json:38 app-vm-0 VM app-vm-0: app-nic, db-nic without NSG',
      ]);
      expect(report.findings[0]!.related.map((r) => `${r.file}:${r.line} ${r.message}`)).toEqual([
        'vm.json:10 app-nic sets no NSG',
        'vm.json:27 db-nic sets no NSG',
      ]);
    } finally {
      project.cleanup();
    }
  });
});

describe('the JSON report stays the contract', () => {
  it('carries no analysis output, --explain or not', async () => {
    const { report } = await runJson(['analysis/network/arm', '--explain']);
    // `suppressed` is the suppress stage's addition to the contract (README, JSON report); no analysis keys.
    expect(Object.keys(report)).toEqual(['version', 'tool', 'files', 'findings', 'suppressed', 'summary']);
  });
});

describe('Terraform addresses join within their root module', () => {
  it('two root modules declaring the same addresses each join their own NIC, subnet and NSG', async () => {
    const { stdout } = await runCli(['analysis/roots', '--explain']);
    expect(stdout).toContain(
      '  VM azurerm_linux_virtual_machine.app (analysis/roots/a/main.tf:36): nic azurerm_network_interface.app (analysis/roots/a/main.tf:25), NIC NSG none → subnet azurerm_subnet.app (analysis/roots/a/main.tf:8), subnet NSG azurerm_network_security_group.app (analysis/roots/a/main.tf:15), route table none\n',
    );
    expect(stdout).toContain(
      '  VM azurerm_linux_virtual_machine.app (analysis/roots/b/main.tf:12): nic azurerm_network_interface.app (analysis/roots/b/main.tf:1), NIC NSG none → subnet azurerm_subnet.app (analysis/roots/b/main.tf:34), subnet NSG none, route table none\n',
    );
  });
});
