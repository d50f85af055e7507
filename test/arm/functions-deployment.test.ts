import type { TemplateScope } from '../../src/formats/arm/expression';
import { evaluate, reasonOf, RG_SCOPE, testHost } from './host';

const SUB = '00000000-0000-0000-0000-000000000000';
const subscriptionScope: TemplateScope = { ...RG_SCOPE, kind: 'subscription' };
const managementGroupScope: TemplateScope = { ...RG_SCOPE, kind: 'managementGroup' };
const tenantScope: TemplateScope = { ...RG_SCOPE, kind: 'tenant' };

describe('resource ID functions', () => {
  it('builds resource-group IDs with type and name segments interleaved', () => {
    expect(evaluate("[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'default')]")).toBe(
      `/subscriptions/${SUB}/resourceGroups/backup-lint-rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default`,
    );
    expect(evaluate("[resourceId('Microsoft.Network/publicIPAddresses/', 'ip1')]")).toBe(`/subscriptions/${SUB}/resourceGroups/backup-lint-rg/providers/Microsoft.Network/publicIPAddresses/ip1`);
    expect(evaluate("[resourceId('other-rg', 'Microsoft.Compute/virtualMachines', 'vm1')]")).toBe(`/subscriptions/${SUB}/resourceGroups/other-rg/providers/Microsoft.Compute/virtualMachines/vm1`);
    expect(evaluate("[resourceId('1111', 'other-rg', 'Microsoft.Compute/virtualMachines', 'vm1')]")).toBe('/subscriptions/1111/resourceGroups/other-rg/providers/Microsoft.Compute/virtualMachines/vm1');
  });

  it('splits a slash-joined name over the type segments', () => {
    expect(evaluate("[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet/default')]")).toBe(
      `/subscriptions/${SUB}/resourceGroups/backup-lint-rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default`,
    );
  });

  it('follows the template scope for resourceId', () => {
    expect(evaluate("[resourceId('Microsoft.Authorization/policyDefinitions', 'p')]", testHost({ scope: subscriptionScope }))).toBe(`/subscriptions/${SUB}/providers/Microsoft.Authorization/policyDefinitions/p`);
    expect(evaluate("[resourceId('Microsoft.Authorization/policyDefinitions', 'p')]", testHost({ scope: managementGroupScope }))).toBe(
      '/providers/Microsoft.Management/managementGroups/backup-lint-mg/providers/Microsoft.Authorization/policyDefinitions/p',
    );
    expect(evaluate("[resourceId('Microsoft.Management/managementGroups', 'mg1')]", testHost({ scope: tenantScope }))).toBe('/providers/Microsoft.Management/managementGroups/mg1');
  });

  it('builds subscription, management group, tenant and extension IDs', () => {
    expect(evaluate("[subscriptionResourceId('Microsoft.Resources/resourceGroups', 'rg1')]")).toBe(`/subscriptions/${SUB}/providers/Microsoft.Resources/resourceGroups/rg1`);
    expect(evaluate("[subscriptionResourceId('2222', 'Microsoft.Authorization/roleDefinitions', 'r')]")).toBe('/subscriptions/2222/providers/Microsoft.Authorization/roleDefinitions/r');
    expect(evaluate("[managementGroupResourceId('Microsoft.Authorization/policyDefinitions', 'p')]")).toBe(
      '/providers/Microsoft.Management/managementGroups/backup-lint-mg/providers/Microsoft.Authorization/policyDefinitions/p',
    );
    expect(evaluate("[managementGroupResourceId('mg2', 'Microsoft.Authorization/policyDefinitions', 'p')]")).toBe('/providers/Microsoft.Management/managementGroups/mg2/providers/Microsoft.Authorization/policyDefinitions/p');
    expect(evaluate("[tenantResourceId('Microsoft.Management/managementGroups', 'mg1')]")).toBe('/providers/Microsoft.Management/managementGroups/mg1');
    expect(evaluate("[extensionResourceId(resourceId('Microsoft.Compute/virtualMachines', 'vm'), 'Microsoft.Authorization/locks', 'lock')]")).toBe(
      `/subscriptions/${SUB}/resourceGroups/backup-lint-rg/providers/Microsoft.Compute/virtualMachines/vm/providers/Microsoft.Authorization/locks/lock`,
    );
  });

  it('reports a name count that does not fit the type', () => {
    expect(reasonOf(evaluate("[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet')]"))).toBe(
      "resourceId(): resource type 'Microsoft.Network/virtualNetworks/subnets' needs 2 name segment(s), got 1",
    );
  });
});

describe('deployment and scope functions', () => {
  it('describes the resource group, subscription, tenant and management group', () => {
    expect(evaluate('[resourceGroup()]')).toEqual({
      id: `/subscriptions/${SUB}/resourceGroups/backup-lint-rg`,
      name: 'backup-lint-rg',
      type: 'Microsoft.Resources/resourceGroups',
      location: 'westeurope',
      tags: {},
      properties: { provisioningState: 'Succeeded' },
    });
    expect(evaluate('[subscription().id]')).toBe(`/subscriptions/${SUB}`);
    expect(evaluate('[subscription().subscriptionId]')).toBe(SUB);
    expect(evaluate('[tenant().tenantId]')).toBe(SUB);
    expect(evaluate('[managementGroup().id]')).toBe('/providers/Microsoft.Management/managementGroups/backup-lint-mg');
    expect(evaluate('[deployment().name]')).toBe('backup-lint');
  });

  it('has no resource group outside a resource-group deployment', () => {
    expect(reasonOf(evaluate('[resourceGroup().id]', testHost({ scope: subscriptionScope })))).toBe('resourceGroup(): resourceGroup() is not available in a subscription deployment');
  });

  it('returns AzureCloud endpoints from environment()', () => {
    expect(evaluate('[environment().name]')).toBe('AzureCloud');
    expect(evaluate('[environment().suffixes.storage]')).toBe('core.windows.net');
    expect(evaluate('[environment().authentication.loginEndpoint]')).toBe('https://login.microsoftonline.com/');
  });

  it('answers copyIndex from the named or innermost loop, with an offset', () => {
    const loops = { name: 'disks', index: 2, answersUnnamed: false, outer: { name: 'vms', index: 5, answersUnnamed: true, outer: undefined } };
    expect(evaluate('[copyIndex()]', testHost(), { loops })).toBe(5);
    expect(evaluate("[copyIndex('disks', 1)]", testHost(), { loops })).toBe(3);
    expect(evaluate('[copyIndex(10)]', testHost(), { loops })).toBe(15);
    expect(reasonOf(evaluate('[copyIndex()]'))).toBe('copyIndex(): used outside a copy loop');
  });

  it('leaves deployment-time values Unknown', () => {
    expect(reasonOf(evaluate('[utcNow()]'))).toBe('utcNow() is only known at deployment time');
    expect(reasonOf(evaluate("[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'st'), '2023-01-01').keys[0].value]"))).toBe('listKeys() result is only known at deployment time');
    expect(reasonOf(evaluate("[externalInputs('x_1')]"))).toBe('externalInputs() are only known at deployment time');
    expect(reasonOf(evaluate("[reference('somewhere').x]"))).toBe("reference to 'somewhere' outside this deployment");
  });
});

describe('CIDR and date functions', () => {
  it('parses a CIDR range', () => {
    expect(evaluate("[parseCidr('10.144.0.0/20')]")).toEqual({
      network: '10.144.0.0',
      netmask: '255.255.240.0',
      broadcast: '10.144.15.255',
      firstUsable: '10.144.0.1',
      lastUsable: '10.144.15.254',
      cidr: 20,
    });
  });

  it('computes subnets and hosts', () => {
    expect(evaluate("[cidrSubnet('10.144.0.0/20', 24, 3)]")).toBe('10.144.3.0/24');
    expect(evaluate("[cidrHost('10.144.3.0/24', 0)]")).toBe('10.144.3.1');
    expect(reasonOf(evaluate("[cidrSubnet('10.144.0.0/20', 16, 0)]"))).toBe('cidrSubnet(): prefix length /16 does not fit in 10.144.0.0/20');
    expect(reasonOf(evaluate("[parseCidr('fd00::/129')]"))).toBe("parseCidr(): 'fd00::/129' is not a CIDR range");
  });

  it('adds durations and converts epochs', () => {
    expect(evaluate("[dateTimeAdd('2020-04-07T14:53:14Z', 'P3Y')]")).toBe('2023-04-07T14:53:14Z');
    expect(evaluate("[dateTimeAdd('2020-04-07T14:53:14Z', '-PT1H', 'yyyy-MM-dd HH:mm')]")).toBe('2020-04-07 13:53');
    expect(evaluate("[dateTimeToEpoch('2023-02-02T00:00:00Z')]")).toBe(1675296000);
    expect(evaluate('[dateTimeFromEpoch(1675296000)]')).toBe('2023-02-02T00:00:00Z');
  });
});
