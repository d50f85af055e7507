import { readPlan } from '../../src/formats/terraform/plan';
import { buildTerraformNodes } from '../../src/model/builders/terraform';
import type { NicNode, SubnetNode, VmNode } from '../../src/model/domain';

const vmAddress = 'azurerm_virtual_machine.win';

const plan = {
  format_version: '1.0',
  planned_values: {
    root_module: {
      resources: [
        {
          address: vmAddress,
          mode: 'managed',
          type: 'azurerm_virtual_machine',
          name: 'win',
          values: { vm_size: 'Standard_B2s', os_profile_windows_config: [{ provision_vm_agent: false, enable_automatic_upgrades: true }], os_profile_linux_config: [] },
        },
        { address: 'azurerm_network_interface.win', mode: 'managed', type: 'azurerm_network_interface', name: 'win', values: { ip_configuration: [{ name: 'ipc', private_ip_address_allocation: 'Dynamic' }] } },
        { address: 'azurerm_subnet.app', mode: 'managed', type: 'azurerm_subnet', name: 'app', values: { name: 'app', address_prefixes: ['10.0.0.0/24'] } },
        { address: 'azurerm_subnet_network_security_group_association.app', mode: 'managed', type: 'azurerm_subnet_network_security_group_association', name: 'app', values: {} },
      ],
    },
  },
  resource_changes: [
    {
      address: vmAddress,
      mode: 'managed',
      type: 'azurerm_virtual_machine',
      change: {
        actions: ['create'],
        after: { vm_size: 'Standard_B2s', os_profile_windows_config: [{ provision_vm_agent: false, enable_automatic_upgrades: true }], os_profile_linux_config: [] },
        after_unknown: { id: true, network_interface_ids: true },
      },
    },
    {
      address: 'azurerm_network_interface.win',
      mode: 'managed',
      type: 'azurerm_network_interface',
      change: { actions: ['create'], after: { ip_configuration: [{ name: 'ipc', private_ip_address_allocation: 'Dynamic' }] }, after_unknown: { id: true, ip_configuration: [{ subnet_id: true }] } },
    },
    {
      address: 'azurerm_subnet_network_security_group_association.app',
      mode: 'managed',
      type: 'azurerm_subnet_network_security_group_association',
      change: { actions: ['create'], after: {}, after_unknown: { id: true, subnet_id: true, network_security_group_id: true } },
    },
  ],
  configuration: {
    root_module: {
      resources: [
        {
          address: vmAddress,
          mode: 'managed',
          type: 'azurerm_virtual_machine',
          name: 'win',
          expressions: {
            network_interface_ids: { references: ['azurerm_network_interface.win.id', 'azurerm_network_interface.win'] },
            os_profile_windows_config: [{ enable_automatic_upgrades: { constant_value: true } }],
          },
        },
        {
          address: 'azurerm_network_interface.win',
          mode: 'managed',
          type: 'azurerm_network_interface',
          name: 'win',
          expressions: { ip_configuration: [{ subnet_id: { references: ['azurerm_subnet.app.id', 'azurerm_subnet.app'] } }] },
        },
        {
          address: 'azurerm_subnet_network_security_group_association.app',
          mode: 'managed',
          type: 'azurerm_subnet_network_security_group_association',
          name: 'app',
          expressions: {
            subnet_id: { references: ['azurerm_subnet.app.id', 'azurerm_subnet.app'] },
            network_security_group_id: { references: ['data.azurerm_network_security_group.shared.id', 'data.azurerm_network_security_group.shared'] },
          },
        },
      ],
    },
  },
};

describe('plan → domain model', () => {
  const nodes = buildTerraformNodes(readPlan({ file: 'plan.json', plan }).resources);
  const vm = nodes.find((n): n is VmNode => n.kind === 'vm')!;

  it('treats a legacy Windows VM whose configuration leaves provision_vm_agent out as having no agent, by default', () => {
    expect(vm.os).toBe('windows');
    expect(vm.agent).toEqual({ provisioned: false, provisionedByDefault: true, extensionOperationsAllowed: true });
    expect(vm.sources['agent.provisioned']).toEqual({ file: 'plan.json', pointer: '/planned_values/root_module/resources/0/values/os_profile_windows_config/0', property: 'os_profile_windows_config' });
  });

  it('links VM → NIC → subnet → NSG through configuration references', () => {
    expect(vm.nicIds).toEqual(['azurerm_network_interface.win']);
    const nic = nodes.find((n): n is NicNode => n.kind === 'nic')!;
    expect(nic.ipConfigurations).toEqual([expect.objectContaining({ subnetId: 'azurerm_subnet.app' })]);
    const subnet = nodes.find((n): n is SubnetNode => n.kind === 'subnet')!;
    expect(subnet.nsgId).toBe('data.azurerm_network_security_group.shared');
  });
});
