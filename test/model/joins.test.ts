import { runAnalyses } from '../../src/analysis';
import { loadModel } from '../../src/lint';
import { createModel, NodesById } from '../../src/model';
import type { DomainNode, Model, VmNode } from '../../src/model/domain';
import type { IpConfigurationNetwork, NicNetwork } from '../../src/model/facts';
import { isUnknown, type Unknown } from '../../src/model/unknown';
import { ModelHandle } from '../../src/policy/expression';
import { brief, runCli, runJson } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';

/**
 * ARM templates that set no resource group all evaluate to the same default subscription and resource group, so two
 * unrelated templates of one repository declaring route table `rt-01` declare the same ID (issue #9, `fwm-docs-qs`
 * Jump-Srv in the corpus). Each must join its own file's; a third file that only references the ID is ambiguous.
 */
type RouteSpec = { prefix: string; hop: string; ip?: string };

function template(vm: string, options: { routes?: RouteSpec[]; declareRouteTable?: boolean; availabilitySet?: boolean }): string {
  const resources: object[] = [];
  if (options.declareRouteTable !== false) {
    resources.push({
      type: 'Microsoft.Network/routeTables', apiVersion: '2023-04-01', name: 'rt-01', location: 'westeurope',
      properties: {
        routes: (options.routes ?? []).map((r, i) => ({
          name: `route-${i}`, properties: { addressPrefix: r.prefix, nextHopType: r.hop, ...(r.ip ? { nextHopIpAddress: r.ip } : {}) },
        })),
      },
    });
  }
  if (options.availabilitySet) resources.push({ type: 'Microsoft.Compute/availabilitySets', apiVersion: '2023-03-01', name: 'as-01', location: 'westeurope' });
  resources.push(
    {
      type: 'Microsoft.Network/virtualNetworks', apiVersion: '2023-04-01', name: 'vnet-01', location: 'westeurope',
      properties: {
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [{ name: 'default', properties: { addressPrefix: '10.0.1.0/24', routeTable: { id: "[resourceId('Microsoft.Network/routeTables', 'rt-01')]" } } }],
      },
    },
    {
      type: 'Microsoft.Network/networkInterfaces', apiVersion: '2023-04-01', name: `${vm}-nic`, location: 'westeurope',
      properties: {
        ipConfigurations: [{ name: 'ipconfig1', properties: { privateIPAllocationMethod: 'Dynamic', subnet: { id: "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-01', 'default')]" } } }],
      },
    },
    {
      type: 'Microsoft.Compute/virtualMachines', apiVersion: '2023-03-01', name: vm, location: 'westeurope',
      properties: {
        ...(options.availabilitySet ? { availabilitySet: { id: "[resourceId('Microsoft.Compute/availabilitySets', 'as-01')]" } } : {}),
        hardwareProfile: { vmSize: 'Standard_D2s_v5' },
        storageProfile: { imageReference: { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: 'latest' } },
        osProfile: { computerName: vm, adminUsername: 'azureuser', linuxConfiguration: { disablePasswordAuthentication: true } },
        networkProfile: { networkInterfaces: [{ id: `[resourceId('Microsoft.Network/networkInterfaces', '${vm}-nic')]` }] },
      },
    },
  );
  return JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', resources }, null, 2);
}

const appliance = template('fw-vm', { routes: [{ prefix: '0.0.0.0/0', hop: 'VirtualAppliance', ip: '10.0.2.4' }] });
const internet = template('jump-vm', { routes: [{ prefix: '0.0.0.0/0', hop: 'Internet' }] });
const referrerOnly = template('lonely-vm', { declareRouteTable: false });

async function withProject<T>(files: Record<string, string>, body: (dir: string, model: Model) => Promise<T>): Promise<T> {
  const project = tempProject(files);
  try {
    const { model } = await loadModel({ cwd: project.dir, paths: ['.'], ignore: [], parameterPairs: new Map(), context: {} });
    return await body(project.dir, model);
  } finally {
    project.cleanup();
  }
}

function ipConfigOf(vm: VmNode): IpConfigurationNetwork {
  const [nic] = vm.facts!.network!.nics as NicNetwork[];
  const [config] = nic!.ipConfigurations as IpConfigurationNetwork[];
  return config!;
}

const vmNamed = (model: Model, name: string) => model.ofKind('vm').find((vm) => vm.label === name)!;

describe('joins by ID across the files of a run (NodesById)', () => {
  it('two templates declaring the same route table ID: each VM is joined to the route table of its own file', async () => {
    await withProject({ 'a-appliance.json': appliance, 'b-internet.json': internet }, async (_dir, model) => {
      await runAnalyses(model);
      const fw = ipConfigOf(vmNamed(model, 'fw-vm')).routeTable;
      const jump = ipConfigOf(vmNamed(model, 'jump-vm')).routeTable;
      expect(fw).toMatchObject({ label: 'rt-01', at: { file: 'a-appliance.json' } });
      expect(jump).toMatchObject({ label: 'rt-01', at: { file: 'b-internet.json' } });
      expect(isUnknown(vmNamed(model, 'jump-vm').facts!.egress!.applianceUnverified)).toBe(false);
      expect(vmNamed(model, 'jump-vm').facts!.egress!.applianceUnverified).toBeNull();
    });
  });

  it('a third template that references the ID without declaring it gets an Unknown of kind ambiguous naming both files', async () => {
    await withProject({ 'a-appliance.json': appliance, 'b-internet.json': internet, 'c-referrer.json': referrerOnly }, async (_dir, model) => {
      await runAnalyses(model);
      const table = ipConfigOf(vmNamed(model, 'lonely-vm')).routeTable as Unknown;
      expect(isUnknown(table) && table.kind).toBe('ambiguous');
      expect(table.reason).toContain('rt-01 is declared in 2 files of this run (a-appliance.json, b-internet.json), none of them c-referrer.json');
      // Its NIC and subnet (declared in its own file, with the same vnet ID as the others) still join its own file's.
      expect(ipConfigOf(vmNamed(model, 'lonely-vm')).subnet).toMatchObject({ at: { file: 'c-referrer.json' } });
    });
  });

  it('an ID declared in one file only still joins from every other file', async () => {
    await withProject({ 'a-appliance.json': appliance, 'c-referrer.json': referrerOnly }, async (_dir, model) => {
      await runAnalyses(model);
      expect(ipConfigOf(vmNamed(model, 'lonely-vm')).routeTable).toMatchObject({ label: 'rt-01', at: { file: 'a-appliance.json' } });
    });
  });

  it('the same availability set ID in two templates makes two groups, one per file', async () => {
    const files = { 'a.json': template('vm-a', { availabilitySet: true }), 'b.json': template('vm-b', { availabilitySet: true }) };
    await withProject(files, async (_dir, model) => {
      const output = await runAnalyses(model);
      const groups = output.groups.filter((g) => g.groupKind === 'availabilitySet');
      expect(groups.map((g) => [g.anchor?.file, g.members.map((m) => m.label)])).toEqual([
        ['a.json', ['vm-a']],
        ['b.json', ['vm-b']],
      ]);
    });
  });

  it('lookup: own file first, a single declaration from anywhere, several other files ambiguous; get names no node then', () => {
    const node = (file: string, kind: DomainNode['kind'] = 'routeTable') => ({ kind, id: '/subscriptions/s/resourceGroups/RG/providers/x/rt-01', label: 'rt-01', file, raw: { values: {} } }) as unknown as DomainNode;
    const [a, b] = [node('a.json'), node('b.json')];
    const index = new NodesById([a, b]);
    const id = '/subscriptions/S/resourceGroups/rg/providers/x/RT-01';
    expect(index.lookup(id, 'b.json')).toBe(b);
    expect(isUnknown(index.lookup(id, 'c.json')) && (index.lookup(id, 'c.json') as Unknown).kind).toBe('ambiguous');
    expect(isUnknown(index.lookup(id))).toBe(true);
    expect(index.get(id, undefined, 'c.json')).toBeUndefined();
    expect(new NodesById([a]).lookup(id, 'c.json')).toBe(a);
    // Several declarations in one file are one deployment's: the first joins, as before.
    const a2 = node('a.json');
    expect(new NodesById([a, a2]).lookup(id, 'c.json')).toBe(a);
    // The kind filter comes first: a node of another kind in another file does not make the ID ambiguous.
    expect(new NodesById([a, node('b.json', 'nsg')]).get(id, 'routeTable', 'c.json')).toBe(a);
  });

  it('policies resolve from their subject\'s file: own declaration, else an ambiguous Unknown (rules stay silent)', () => {
    const node = (file: string) => ({ kind: 'routeTable', id: '/x/rt-01', label: 'rt-01', file, raw: { values: {} } }) as unknown as DomainNode;
    const [a, b] = [node('a.json'), node('b.json')];
    const handle = new ModelHandle(createModel([a, b]));
    expect(handle.forSubjectIn('b.json').resolve('/x/rt-01')).toBe(b);
    expect((handle.forSubjectIn('c.json').resolve('/x/rt-01') as Unknown).kind).toBe('ambiguous');
  });
});

describe('joins from the command line', () => {
  it('no BL103 for the VM whose own route table goes to the Internet; BL103 for the one routed to an appliance', async () => {
    await withProject({ 'a-appliance.json': appliance, 'b-internet.json': internet }, async (dir) => {
      const { report } = await runJson(['.'], { cwd: dir });
      expect(report.findings.map(brief)).toEqual([expect.stringMatching(/^BL103 a-appliance\.json:\d+ fw-vm$/)]);
    });
  });

  it('the ambiguous reference yields no finding for its VM and is counted as skipped checks of kind ambiguous', async () => {
    await withProject({ 'a-appliance.json': appliance, 'b-internet.json': internet, 'c-referrer.json': referrerOnly }, async (dir) => {
      const { report } = await runJson(['.'], { cwd: dir });
      expect(report.findings.map(brief)).toEqual([expect.stringMatching(/^BL103 a-appliance\.json:\d+ fw-vm$/)]);
      const { stdout } = await runCli(['--explain', '.'], { cwd: dir });
      const ambiguous = stdout.split('\n').filter((line) => line.includes('c-referrer.json  lonely-vm:'));
      expect(ambiguous.map((line) => line.trim().split(/\s+/)[0])).toEqual(expect.arrayContaining(['BL102', 'BL103']));
      expect(stdout).toMatch(/^ {2}ambiguous \(names a resource declared in several files/m);
      expect(report.summary['skippedChecks']).toBeGreaterThanOrEqual(2);
    });
  });
});
