import { loadModel } from '../../src/lint';
import type { NicNode, SubnetNode } from '../../src/model/domain';
import { tempProject } from '../helpers/temp-project';

const schema = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

const network = {
  $schema: schema,
  contentVersion: '1.0.0.0',
  parameters: { prefix: { type: 'string', defaultValue: 'web' } },
  resources: [
    {
      type: 'Microsoft.Network/networkSecurityGroups',
      apiVersion: '2024-05-01',
      name: "[format('{0}-nsg', parameters('prefix'))]",
      properties: {
        securityRules: [
          {
            name: 'Deny_Internet',
            properties: {
              priority: 1000, direction: 'Outbound', access: 'Deny', protocol: '*',
              sourceAddressPrefix: '*', destinationAddressPrefix: 'Internet', sourcePortRange: '*', destinationPortRange: '*',
            },
          },
        ],
      },
    },
    { type: 'Microsoft.Network/routeTables', apiVersion: '2024-05-01', name: 'web-rt', properties: { routes: [] } },
    {
      type: 'Microsoft.Network/virtualNetworks',
      apiVersion: '2024-05-01',
      name: 'hub-vnet',
      properties: {
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [
          {
            name: 'app',
            properties: {
              addressPrefix: '10.0.1.0/24',
              networkSecurityGroup: { id: "[resourceId('Microsoft.Network/networkSecurityGroups', 'web-nsg')]" },
              routeTable: { id: "[resourceId('Microsoft.Network/routeTables', 'web-rt')]" },
            },
          },
        ],
      },
    },
    {
      type: 'Microsoft.Network/networkInterfaces',
      apiVersion: '2024-05-01',
      name: 'web-01-nic',
      properties: {
        ipConfigurations: [
          {
            name: 'ipconfig1',
            properties: {
              privateIPAllocationMethod: 'Dynamic',
              subnet: { id: "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'hub-vnet', 'app')]" },
            },
          },
        ],
      },
    },
    { type: 'Microsoft.Compute/availabilitySets', apiVersion: '2024-07-01', name: 'web-as', properties: {} },
  ],
};

const compute = {
  $schema: schema,
  contentVersion: '1.0.0.0',
  resources: [
    {
      type: 'Microsoft.Compute/virtualMachines',
      apiVersion: '2024-07-01',
      name: 'web-01',
      properties: {
        availabilitySet: { id: "[resourceId('Microsoft.Compute/availabilitySets', 'web-as')]" },
        // A different case than the NIC's declaration: ARM IDs are case-insensitive.
        networkProfile: { networkInterfaces: [{ id: "[resourceId('Microsoft.Network/NETWORKINTERFACES', 'WEB-01-NIC')]" }] },
        osProfile: { computerName: 'web-01', adminUsername: 'azureuser', linuxConfiguration: {} },
      },
      resources: [
        {
          type: 'extensions',
          apiVersion: '2024-07-01',
          name: 'CustomScript',
          properties: { publisher: 'Microsoft.Azure.Extensions', type: 'CustomScript', typeHandlerVersion: '2.1', settings: { commandToExecute: 'echo hi' } },
        },
      ],
    },
    { type: 'Microsoft.RecoveryServices/vaults', apiVersion: '2024-04-01', name: 'vault', sku: { name: 'RS0', tier: 'Standard' }, properties: {} },
    {
      type: 'Microsoft.RecoveryServices/vaults/backupPolicies',
      apiVersion: '2024-04-01',
      name: 'vault/daily',
      properties: {
        backupManagementType: 'AzureIaasVM',
        timeZone: 'W. Europe Standard Time',
        schedulePolicy: { schedulePolicyType: 'SimpleSchedulePolicy', scheduleRunFrequency: 'Daily', scheduleRunTimes: ['2026-01-01T22:00:00Z'] },
      },
    },
    {
      type: 'Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems',
      apiVersion: '2024-04-01',
      name: "[concat('vault/Azure/iaasvmcontainer;iaasvmcontainerv2;', resourceGroup().name, ';web-01/vm;iaasvmcontainerv2;', resourceGroup().name, ';web-01')]",
      properties: {
        protectedItemType: 'Microsoft.Compute/virtualMachines',
        sourceResourceId: "[resourceId('Microsoft.Compute/virtualMachines', 'web-01')]",
        policyId: "[resourceId('Microsoft.RecoveryServices/vaults/backupPolicies', 'vault', 'daily')]",
      },
    },
  ],
};

describe('the model links resources across the files of a run by resolved resource ID', () => {
  const project = tempProject({ 'network.json': JSON.stringify(network, null, 2), 'compute.json': JSON.stringify(compute, null, 2) });
  afterAll(() => project.cleanup());
  const load = () => loadModel({ cwd: project.dir, paths: ['.'], ignore: [], parameterPairs: new Map(), context: {} });

  it('VM → NIC (case-insensitively) → subnet inline in its VNet → NSG and route table', async () => {
    const { model } = await load();
    const [vm] = model.ofKind('vm');
    expect(vm!.label).toBe('web-01');
    const nicId = (vm!.nicIds as string[])[0]!;
    const nic = model.byId(nicId) as NicNode;
    expect(nic).toMatchObject({ kind: 'nic', label: 'web-01-nic', file: 'network.json' });
    const subnetId = (nic.ipConfigurations as { subnetId: string }[])[0]!.subnetId;
    const subnet = model.byId(subnetId) as SubnetNode;
    expect(subnet).toMatchObject({ kind: 'subnet', label: 'hub-vnet/app', prefixes: ['10.0.1.0/24'] });
    expect(model.byId(subnet.nsgId as string)).toMatchObject({ kind: 'nsg', label: 'web-nsg' });
    expect(model.byId(subnet.routeTableId as string)).toMatchObject({ kind: 'routeTable', label: 'web-rt' });
  });

  it('VM → availability set; extension → VM; protected item → VM and backup policy', async () => {
    const { model } = await load();
    const [vm] = model.ofKind('vm');
    expect(model.byId(vm!.availabilitySetId as string)).toMatchObject({ kind: 'availabilitySet', label: 'web-as' });
    const [extension] = model.ofKind('extension');
    expect(extension!.label).toBe('web-01/CustomScript');
    expect(model.byId(extension!.vmId as string)).toBe(vm);
    const [item] = model.ofKind('protectedItem');
    expect(model.byId(item!.vmId as string)).toBe(vm);
    expect(model.byId(item!.policyId as string)).toMatchObject({ kind: 'backupPolicy', label: 'vault/daily' });
    expect(model.byId(item!.vaultId as string)).toMatchObject({ kind: 'vault', label: 'vault' });
  });
});
