import { DEFAULT_DEPLOYMENT_CONTEXT, expandTemplate } from '../../src/formats/arm/expand';
import { attachArmChildren, buildArmNodes, buildArmResourceNodes } from '../../src/model/builders/arm';
import type { DomainNode, NodeKind, NodeOfKind } from '../../src/model/domain';
import { isUnknown } from '../../src/model/unknown';

const schema = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

function build(resources: unknown[], parameters: Record<string, unknown> = {}): DomainNode[] {
  const { resources: raw } = expandTemplate({
    file: 't.json',
    format: 'arm',
    template: { $schema: schema, contentVersion: '1.0.0.0', parameters, resources },
    context: DEFAULT_DEPLOYMENT_CONTEXT,
  });
  return buildArmNodes(raw);
}

function only<K extends NodeKind>(nodes: DomainNode[], kind: K): NodeOfKind<K> {
  const found = nodes.filter((n) => n.kind === kind);
  expect(found).toHaveLength(1);
  return found[0] as NodeOfKind<K>;
}

const vm = (properties: unknown) => ({ type: 'Microsoft.Compute/virtualMachines', apiVersion: '2024-07-01', name: 'vm1', properties });

describe('ARM virtual machines into the model', () => {
  it.each([
    [{ osProfile: { linuxConfiguration: {} } }, 'linux'],
    [{ osProfile: { windowsConfiguration: {} } }, 'windows'],
    [{ storageProfile: { osDisk: { osType: 'Windows', createOption: 'Attach' } } }, 'windows'],
    [{ storageProfile: { imageReference: { publisher: 'MicrosoftSQLServer', offer: 'sql2022-ws2022' } } }, 'windows'],
    [{ storageProfile: { imageReference: { publisher: 'Canonical' } } }, 'linux'],
  ])('tells the OS from %j', (properties, os) => {
    expect(only(build([vm(properties)]), 'vm').os).toBe(os);
  });

  it('leaves the OS Unknown when nothing tells it', () => {
    expect(isUnknown(only(build([vm({ storageProfile: { imageReference: { id: '/gallery/image' } } })]), 'vm').os)).toBe(true);
  });

  it('applies the agent defaults when osProfile omits them, and reads declared values with their locations', () => {
    const defaults = only(build([vm({ osProfile: { linuxConfiguration: {} } })]), 'vm');
    expect(defaults.agent).toEqual({ provisioned: true, provisionedByDefault: true, extensionOperationsAllowed: true });
    const declared = only(build([vm({ osProfile: { allowExtensionOperations: false, windowsConfiguration: { provisionVMAgent: false } } })]), 'vm');
    expect(declared.agent).toEqual({ provisioned: false, provisionedByDefault: false, extensionOperationsAllowed: false });
    expect(declared.sources['agent.provisioned']).toEqual({ file: 't.json', pointer: '/resources/0/properties/osProfile/windowsConfiguration/provisionVMAgent', property: 'provisionVMAgent' });
    expect(declared.sources['agent.extensionOperationsAllowed']).toEqual({ file: 't.json', pointer: '/resources/0/properties/osProfile/allowExtensionOperations', property: 'allowExtensionOperations' });
  });

  it('records each field at its own property (as Terraform does), not at the resource', () => {
    const node = only(
      build([vm({ hardwareProfile: { vmSize: 'Standard_B2s' }, storageProfile: { imageReference: { publisher: 'Canonical', sku: '22_04-lts' } }, osProfile: { linuxConfiguration: {} } })]),
      'vm',
    );
    const base = '/resources/0/properties';
    expect(node.sources['size']).toEqual({ file: 't.json', pointer: `${base}/hardwareProfile/vmSize`, property: 'vmSize' });
    expect(node.sources['image.sku']).toEqual({ file: 't.json', pointer: `${base}/storageProfile/imageReference/sku`, property: 'sku' });
    // Absent fields point at their nearest declared ancestor, with no property of their own.
    expect(node.sources['image.offer']).toEqual({ file: 't.json', pointer: `${base}/storageProfile/imageReference` });
    expect(node.sources['agent.provisioned']).toEqual({ file: 't.json', pointer: `${base}/osProfile`, property: 'osProfile' });
  });

  it('keeps a provisionVMAgent that comes from a parameter without value Unknown', () => {
    const node = only(build([vm({ osProfile: { linuxConfiguration: { provisionVMAgent: "[parameters('agent')]" } } })], { agent: { type: 'bool' } }), 'vm');
    expect(isUnknown(node.agent.provisioned)).toBe(true);
  });

  it('collects customData and userData as guest texts', () => {
    const node = only(build([vm({ osProfile: { customData: "[base64('#cloud-config')]", linuxConfiguration: {} }, userData: 'ZWNobw==' })]), 'vm');
    expect(node.guestTexts.map((t) => [t.property, t.text])).toEqual([
      ['properties.osProfile.customData', 'I2Nsb3VkLWNvbmZpZw=='],
      ['properties.userData', 'ZWNobw=='],
    ]);
  });
});

describe('ARM network resources into the model', () => {
  it('reads NSG rules declared inline and as child resources, with singular and plural prefixes', () => {
    const nodes = build([
      {
        type: 'Microsoft.Network/networkSecurityGroups',
        apiVersion: '2024-05-01',
        name: 'nsg',
        properties: {
          securityRules: [
            {
              name: 'deny-out',
              properties: {
                priority: 4000, direction: 'outbound', access: 'deny', protocol: 'Tcp',
                sourceAddressPrefix: '*', destinationAddressPrefixes: ['Internet', 'Storage'], destinationPortRanges: ['443', '80'],
              },
            },
          ],
        },
      },
      {
        type: 'Microsoft.Network/networkSecurityGroups/securityRules',
        apiVersion: '2024-05-01',
        name: 'nsg/allow-storage',
        properties: { priority: 100, direction: 'Outbound', access: 'Allow', protocol: '*', destinationAddressPrefix: 'Storage', destinationPortRange: '443' },
      },
    ]);
    const nsg = only(nodes, 'nsg');
    expect(nsg.rules).toEqual([
      expect.objectContaining({ name: 'deny-out', direction: 'Outbound', access: 'Deny', priority: 4000, destinations: ['Internet', 'Storage'], destinationPorts: ['443', '80'] }),
      expect.objectContaining({ name: 'allow-storage', direction: 'Outbound', access: 'Allow', priority: 100, protocol: '*', destinations: ['Storage'], destinationPorts: ['443'] }),
    ]);
  });

  it('joins no child of a file whose child cannot be read, tells that file, and still joins the other files\' children', () => {
    const expand = (file: string, resources: unknown[]) =>
      expandTemplate({ file, format: 'arm', template: { $schema: schema, contentVersion: '1.0.0.0', resources }, context: DEFAULT_DEPLOYMENT_CONTEXT }).resources;
    const rule = (name: string, priority: number) => ({
      type: 'Microsoft.Network/networkSecurityGroups/securityRules',
      apiVersion: '2024-05-01',
      name: `nsg/${name}`,
      properties: { priority, direction: 'Outbound', access: 'Allow', protocol: '*', destinationAddressPrefix: 'Storage', destinationPortRange: '443' },
    });
    const nsgFile = expand('nsg.json', [{ type: 'Microsoft.Network/networkSecurityGroups', apiVersion: '2024-05-01', name: 'nsg', properties: {} }]);
    const good = expand('good.json', [rule('from-good', 100)]);
    const bad = expand('bad.json', [rule('read-first', 200), rule('throws', 300)]);
    Object.defineProperty(bad[1]!, 'values', {
      get: () => {
        throw new RangeError('value too large');
      },
    });
    const failed: [string, unknown][] = [];
    const nodes = attachArmChildren(buildArmResourceNodes(nsgFile), [...good, ...bad], (file, error) => failed.push([file, error]));
    expect(failed).toEqual([['bad.json', expect.any(RangeError)]]);
    expect(only(nodes, 'nsg').rules).toEqual([expect.objectContaining({ name: 'from-good' })]);
    expect(() => attachArmChildren(buildArmResourceNodes(nsgFile), bad)).toThrow(RangeError);
  });

  it('takes the union when a rule sets both the singular and the plural prefix, as Azure does (and the Terraform builder)', () => {
    const nsg = only(
      build([
        { type: 'Microsoft.Network/networkSecurityGroups', apiVersion: '2024-05-01', name: 'nsg', properties: {} },
        {
          type: 'Microsoft.Network/networkSecurityGroups/securityRules',
          apiVersion: '2024-05-01',
          name: 'nsg/both',
          properties: {
            priority: 200, direction: 'Outbound', access: 'Deny', protocol: '*',
            destinationAddressPrefix: 'Internet', destinationAddressPrefixes: ['Storage', 'AzureBackup'], destinationPortRange: '', destinationPortRanges: ['443'],
          },
        },
      ]),
      'nsg',
    );
    expect(nsg.rules).toEqual([expect.objectContaining({ destinations: ['Internet', 'Storage', 'AzureBackup'], destinationPorts: ['443'] })]);
  });

  it('reads route tables with inline routes and route child resources', () => {
    const nodes = build([
      { type: 'Microsoft.Network/routeTables', apiVersion: '2024-05-01', name: 'rt', properties: { routes: [{ name: 'default', properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.0.4' } }] } },
      { type: 'Microsoft.Network/routeTables/routes', apiVersion: '2024-05-01', name: 'rt/blackhole', properties: { addressPrefix: '20.0.0.0/8', nextHopType: 'None' } },
    ]);
    expect(only(nodes, 'routeTable').routes).toEqual([
      expect.objectContaining({ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIp: '10.0.0.4' }),
      expect.objectContaining({ name: 'blackhole', prefix: '20.0.0.0/8', nextHopType: 'None', nextHopIp: null }),
    ]);
  });

  it('reads NIC IP configurations with allocation, static address and subnet', () => {
    const nic = only(
      build([
        {
          type: 'Microsoft.Network/networkInterfaces',
          apiVersion: '2024-05-01',
          name: 'nic',
          properties: { ipConfigurations: [{ name: 'ip', properties: { privateIPAllocationMethod: 'static', privateIPAddress: '10.0.1.10', subnet: { id: '/x/subnets/app' } } }] },
        },
      ]),
      'nic',
    );
    expect(nic.ipConfigurations).toEqual([{ name: 'ip', allocation: 'Static', privateIp: '10.0.1.10', subnetId: '/x/subnets/app', asgIds: [] }]);
    expect(nic.nsgId).toBeNull();
  });

  it('reads the application security groups of NIC IP configurations and of security rules', () => {
    const nodes = build([
      {
        type: 'Microsoft.Network/networkInterfaces',
        apiVersion: '2024-05-01',
        name: 'nic',
        properties: { ipConfigurations: [{ name: 'ip', properties: { subnet: { id: '/x/subnets/app' }, applicationSecurityGroups: [{ id: '/x/applicationSecurityGroups/web' }] } }] },
      },
      {
        type: 'Microsoft.Network/networkSecurityGroups',
        apiVersion: '2024-05-01',
        name: 'nsg',
        properties: {
          securityRules: [
            {
              name: 'deny-web',
              properties: {
                priority: 100,
                direction: 'Outbound',
                access: 'Deny',
                protocol: '*',
                sourceApplicationSecurityGroups: [{ id: '/x/applicationSecurityGroups/web' }],
                destinationApplicationSecurityGroups: [{ id: '/x/applicationSecurityGroups/db' }],
                destinationPortRange: '*',
              },
            },
          ],
        },
      },
    ]);
    expect(only(nodes, 'nic').ipConfigurations).toEqual([expect.objectContaining({ asgIds: ['/x/applicationSecurityGroups/web'] })]);
    expect(only(nodes, 'nsg').rules).toEqual([
      expect.objectContaining({ sources: [], sourceAsgIds: ['/x/applicationSecurityGroups/web'], destinations: [], destinationAsgIds: ['/x/applicationSecurityGroups/db'] }),
    ]);
  });
});

describe('ARM backup and SQL resources into the model', () => {
  it('reads a V1 schedule and the SQL VM automated backup flag', () => {
    const nodes = build([
      {
        type: 'Microsoft.RecoveryServices/vaults/backupPolicies',
        apiVersion: '2024-04-01',
        name: 'vault/nightly',
        properties: {
          backupManagementType: 'AzureIaasVM',
          timeZone: 'Pacific Standard Time',
          schedulePolicy: { schedulePolicyType: 'SimpleSchedulePolicy', scheduleRunFrequency: 'Weekly', scheduleRunDays: ['Sunday'], scheduleRunTimes: ['2026-01-01T23:30:00Z'] },
        },
      },
      { type: 'Microsoft.SqlVirtualMachine/sqlVirtualMachines', apiVersion: '2023-10-01', name: 'sql1', properties: { virtualMachineResourceId: '/vm/sql1', autoBackupSettings: { enable: true } } },
    ]);
    expect(only(nodes, 'backupPolicy').schedule).toMatchObject({ frequency: 'Weekly', days: ['Sunday'], times: ['2026-01-01T23:30:00Z'], timeZone: 'Pacific Standard Time' });
    expect(only(nodes, 'sqlVm')).toMatchObject({ vmId: '/vm/sql1', autoBackupEnabled: true });
  });
});
