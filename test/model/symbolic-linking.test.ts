import { loadModel } from '../../src/lint';
import type { NicNode, SubnetNode, VmNode } from '../../src/model/domain';
import { SymbolicText } from '../../src/model/unknown';
import { brief, runJson } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';

const schema = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

/** VM → NIC → subnet (inline in its VNet) → NSG, every name a parameter without default; no parameter file. */
const template = {
  $schema: schema,
  contentVersion: '1.0.0.0',
  parameters: {
    vmName: { type: 'string' },
    nicName: { type: 'string' },
    vnetName: { type: 'string' },
    subnetName: { type: 'string' },
    nsgName: { type: 'string' },
  },
  resources: [
    {
      type: 'Microsoft.Network/networkSecurityGroups',
      apiVersion: '2024-05-01',
      name: "[parameters('nsgName')]",
      properties: { securityRules: [] },
    },
    {
      type: 'Microsoft.Network/networkSecurityGroups/securityRules',
      apiVersion: '2024-05-01',
      name: "[concat(parameters('nsgName'), '/deny-internet')]",
      properties: {
        priority: 1000, direction: 'Outbound', access: 'Deny', protocol: '*',
        sourceAddressPrefix: '*', destinationAddressPrefix: 'Internet', sourcePortRange: '*', destinationPortRange: '*',
      },
    },
    {
      type: 'Microsoft.Network/virtualNetworks',
      apiVersion: '2024-05-01',
      name: "[parameters('vnetName')]",
      properties: {
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [
          {
            name: "[parameters('subnetName')]",
            properties: {
              addressPrefix: '10.0.1.0/24',
              networkSecurityGroup: { id: "[resourceId('Microsoft.Network/networkSecurityGroups', parameters('nsgName'))]" },
            },
          },
        ],
      },
    },
    {
      type: 'Microsoft.Network/networkInterfaces',
      apiVersion: '2024-05-01',
      name: "[parameters('nicName')]",
      properties: {
        ipConfigurations: [
          {
            name: 'ipconfig1',
            properties: {
              privateIPAllocationMethod: 'Dynamic',
              subnet: { id: "[resourceId('Microsoft.Network/virtualNetworks/subnets', parameters('vnetName'), parameters('subnetName'))]" },
            },
          },
        ],
      },
    },
    {
      type: 'Microsoft.Compute/virtualMachines',
      apiVersion: '2024-07-01',
      name: "[parameters('vmName')]",
      properties: {
        networkProfile: { networkInterfaces: [{ id: "[resourceId('Microsoft.Network/networkInterfaces', toLower(parameters('nicName')))]" }] },
        osProfile: { computerName: 'vm', adminUsername: 'azureuser', linuxConfiguration: { provisionVMAgent: false } },
      },
      resources: [
        {
          type: 'extensions',
          apiVersion: '2024-07-01',
          name: 'CustomScript',
          properties: { publisher: 'Microsoft.Azure.Extensions', type: 'CustomScript', typeHandlerVersion: '2.1', settings: {} },
        },
      ],
    },
  ],
};

describe('the model joins resources whose IDs are built from deploy-time inputs (symbolic IDs)', () => {
  const project = tempProject({ 'a/main.json': JSON.stringify(template, null, 2), 'b/main.json': JSON.stringify(template, null, 2) });
  afterAll(() => project.cleanup());
  const load = () => loadModel({ cwd: project.dir, paths: ['.'], ignore: [], parameterPairs: new Map(), context: {} });

  it('follows VM → NIC → subnet inline in its VNet → NSG with model.resolve, within one file only', async () => {
    const { model } = await load();
    const vms = model.ofKind('vm');
    expect(vms.map((vm) => [vm.file, vm.label])).toEqual([
      ['a/main.json', '{vmName}'],
      ['b/main.json', '{vmName}'],
    ]);
    for (const vm of vms) {
      const nicRef = (vm.nicIds as unknown[])[0];
      expect(nicRef).toBeInstanceOf(SymbolicText);
      expect(model.byId(String(nicRef))).toBeUndefined();
      const nic = model.resolve(nicRef) as NicNode;
      expect(nic).toMatchObject({ kind: 'nic', label: '{nicName}', file: vm.file });
      const subnet = model.resolve((nic.ipConfigurations as { subnetId: unknown }[])[0]!.subnetId) as SubnetNode;
      expect(subnet).toMatchObject({ kind: 'subnet', label: '{vnetName}/{subnetName}', prefixes: ['10.0.1.0/24'], file: vm.file });
      expect(model.resolve(subnet.vnetId)).toBeUndefined(); // a VNet is not a node kind of its own
      const nsg = model.resolve(subnet.nsgId);
      expect(nsg).toMatchObject({ kind: 'nsg', label: '{nsgName}', file: vm.file });
      // A security rule declared as a child resource joins its NSG by the symbolic parent ID.
      expect(nsg).toMatchObject({ rules: [{ name: 'deny-internet', access: 'Deny', destinations: ['Internet'] }] });
    }
  });

  it('a child resource of a symbolic VM joins its parent by the symbolic parent ID', async () => {
    const { model } = await load();
    for (const extension of model.ofKind('extension')) {
      expect(extension.label).toBe('{vmName}/CustomScript');
      expect(model.resolve(extension.vmId)).toMatchObject({ kind: 'vm', file: extension.file });
    }
    expect(model.ofKind('extension')).toHaveLength(2);
  });

  it('resolves nothing for plain Unknowns, null, absent or unrelated values', async () => {
    const { model } = await load();
    const vm = model.ofKind('vm')[0] as VmNode;
    expect(model.resolve(null)).toBeUndefined();
    expect(model.resolve(undefined)).toBeUndefined();
    expect(model.resolve(42)).toBeUndefined();
    expect(model.resolve(vm.availabilitySetId)).toBeUndefined();
    expect(model.resolve('/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/networkInterfaces/z')).toBeUndefined();
  });

  it('BL201 still fires on a VM with a symbolic name, reported by its display name', async () => {
    const { report } = await runJson(['a/main.json'], { cwd: project.dir });
    const agentLine = JSON.stringify(template, null, 2).split('\n').findIndex((line) => line.includes('provisionVMAgent')) + 1;
    // BL101 fires too (the template's NSG denies Internet outbound): this test is about BL201's report.
    const bl201 = report.findings.filter((f: { ruleId: string }) => f.ruleId === 'BL201');
    expect(bl201.map(brief)).toEqual([`BL201 a/main.json:${agentLine} {vmName}`]);
    expect(bl201[0]).toMatchObject({ resource: { type: 'Microsoft.Compute/virtualMachines', name: '{vmName}' } });
  });
});
