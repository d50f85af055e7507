import { Unknown } from '../../src/model/unknown';
import { byName, expand, names, RG_PREFIX } from './expand-helpers';

describe('expandTemplate: copy loops', () => {
  it('unrolls a resource copy loop with copyIndex in names and values', () => {
    const result = expand({
      parameters: { count: { type: 'int', defaultValue: 3 } },
      resources: [
        {
          type: 'Microsoft.Network/networkInterfaces',
          name: "[concat('nic', copyIndex(1))]",
          copy: { name: 'nicLoop', count: "[parameters('count')]" },
          properties: { index: '[copyIndex()]', named: "[copyIndex('nicLoop')]" },
        },
      ],
    });
    expect(names(result)).toEqual(['nic1', 'nic2', 'nic3']);
    expect(result.resources.map((r) => r.at.pointer)).toEqual(['/resources/0', '/resources/0', '/resources/0']);
    expect(byName(result, 'nic3').values.properties).toEqual({ index: 2, named: 2 });
    expect(byName(result, 'nic2').id).toBe(`${RG_PREFIX}/Microsoft.Network/networkInterfaces/nic2`);
  });

  it('allows a count of zero', () => {
    expect(expand({ resources: [{ type: 'A.B/c', name: 'x', copy: { name: 'l', count: 0 } }] }).resources).toEqual([]);
  });

  it('keeps one representative with Unknown copyIndex when the count is Unknown', () => {
    const result = expand({
      parameters: { count: { type: 'int' } },
      resources: [{ type: 'Microsoft.Compute/virtualMachines', name: "[concat('vm', copyIndex())]", copy: { name: 'vms', count: "[parameters('count')]" } }],
    });
    expect(result.resources).toHaveLength(1);
    const reason = "copy count of 'vms' is unknown: parameter 'count' has no value";
    expect(result.resources[0]!.name).toEqual(new Unknown(reason, undefined, 'deploy-time-input'));
    expect(result.resources[0]!.conditional).toEqual(new Unknown(reason, undefined, 'deploy-time-input'));
  });

  it('expands property copies at any depth and locates generated elements at the copy input', () => {
    const result = expand({
      variables: { rules: [{ name: 'ssh', port: 22 }, { name: 'https', port: 443 }] },
      resources: [
        {
          type: 'Microsoft.Network/networkSecurityGroups',
          name: 'nsg',
          properties: {
            copy: [
              {
                name: 'securityRules',
                count: "[length(variables('rules'))]",
                input: {
                  name: "[variables('rules')[copyIndex('securityRules')].name]",
                  properties: { priority: "[add(100, copyIndex('securityRules'))]", destinationPortRange: "[string(variables('rules')[copyIndex('securityRules')].port)]" },
                },
              },
            ],
            nested: { copy: [{ name: 'items', count: 2, input: "[copyIndex('items')]" }], other: 'kept' },
          },
        },
      ],
    });
    const nsg = byName(result, 'nsg');
    expect(nsg.values.properties).toEqual({
      securityRules: [
        { name: 'ssh', properties: { priority: 100, destinationPortRange: '22' } },
        { name: 'https', properties: { priority: 101, destinationPortRange: '443' } },
      ],
      nested: { items: [0, 1], other: 'kept' },
    });
    expect(nsg.locate(['properties', 'securityRules', 1, 'properties', 'priority'])).toEqual({
      file: 'infra/main.json',
      pointer: '/resources/0/properties/copy/0/input/properties/priority',
    });
    expect(nsg.locate(['properties', 'securityRules', 1])).toEqual({ file: 'infra/main.json', pointer: '/resources/0/properties/copy/0/input' });
    expect(nsg.locate(['properties', 'nested', 'other'])).toEqual({ file: 'infra/main.json', pointer: '/resources/0/properties/nested/other' });
  });

  it('locates expression results at the expression, and missing paths at the deepest declared node', () => {
    const result = expand({
      variables: { linux: { disablePasswordAuthentication: true } },
      resources: [{ type: 'Microsoft.Compute/virtualMachines', name: 'vm', properties: { osProfile: { linuxConfiguration: "[variables('linux')]" } } }],
    });
    const vm = byName(result, 'vm');
    expect(vm.locate(['properties', 'osProfile', 'linuxConfiguration', 'disablePasswordAuthentication'])).toEqual({
      file: 'infra/main.json',
      pointer: '/resources/0/properties/osProfile/linuxConfiguration',
    });
    expect(vm.locate(['properties', 'storageProfile', 'osDisk'])).toEqual({ file: 'infra/main.json', pointer: '/resources/0/properties' });
  });

  it('makes a property copy with an Unknown count Unknown', () => {
    const result = expand({
      parameters: { n: { type: 'int' } },
      resources: [{ type: 'A.B/c', name: 'x', properties: { copy: [{ name: 'items', count: "[parameters('n')]", input: 1 }] } }],
    });
    expect(byName(result, 'x').values.properties).toEqual({ items: new Unknown("copy count of 'items' is unknown: parameter 'n' has no value", undefined, 'deploy-time-input') });
  });
});

describe('expandTemplate: child resources', () => {
  it('gives nested children full types and names, with pointers inside the parent', () => {
    const result = expand({
      resources: [
        {
          type: 'Microsoft.Compute/virtualMachines',
          name: "[concat('vm', copyIndex())]",
          copy: { name: 'vms', count: 2 },
          resources: [{ type: 'extensions', name: 'VMSnapshotLinux', properties: { publisher: 'Microsoft.Azure.RecoveryServices', vm: '[copyIndex()]' } }],
        },
      ],
    });
    expect(names(result)).toEqual(['vm0', 'vm0/VMSnapshotLinux', 'vm1', 'vm1/VMSnapshotLinux']);
    const extension = byName(result, 'vm1/VMSnapshotLinux');
    expect(extension.type).toBe('Microsoft.Compute/virtualMachines/extensions');
    expect(extension.id).toBe(`${RG_PREFIX}/Microsoft.Compute/virtualMachines/vm1/extensions/VMSnapshotLinux`);
    expect(extension.at.pointer).toBe('/resources/0/resources/0');
    expect(extension.values.properties).toEqual({ publisher: 'Microsoft.Azure.RecoveryServices', vm: 1 });
    expect(extension.locate(['properties', 'publisher']).pointer).toBe('/resources/0/resources/0/properties/publisher');
  });

  it('takes top-level children with a full type and a slash-separated name as they are', () => {
    const result = expand({ resources: [{ type: 'Microsoft.RecoveryServices/vaults/backupPolicies', name: "[concat('vault', '/', 'daily')]" }] });
    expect(result.resources[0]!.id).toBe(`${RG_PREFIX}/Microsoft.RecoveryServices/vaults/vault/backupPolicies/daily`);
  });
});
