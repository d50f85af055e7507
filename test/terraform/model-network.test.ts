import { attachPending, buildTerraformModel, buildTerraformNodes } from '../../src/model/builders/terraform';
import type { DomainNode, NicNode, NsgNode, RouteTableNode, SubnetNode } from '../../src/model/domain';
import { COMPUTED_UNSET } from '../../src/formats/terraform/plan';
import { Unknown } from '../../src/model/unknown';
import { at, declared, resource } from './model-helpers';

const ofKind = <K extends DomainNode['kind']>(nodes: DomainNode[], kind: K) =>
  nodes.filter((n) => n.kind === kind) as Extract<DomainNode, { kind: K }>[];

const denyInternet = {
  name: 'deny-internet',
  direction: 'Outbound',
  access: 'Deny',
  priority: 100,
  protocol: '*',
  source_address_prefix: '*',
  source_address_prefixes: [],
  destination_address_prefix: 'Internet',
  destination_address_prefixes: [],
  destination_port_range: '',
  destination_port_ranges: ['443', '80'],
};

describe('azurerm_network_interface', () => {
  it('maps IP configurations with normalised allocation and subnet references', () => {
    const address = 'azurerm_network_interface.app';
    const [nic] = buildTerraformNodes([
      resource(
        'azurerm_network_interface',
        address,
        {
          ip_configuration: [
            { name: 'a', private_ip_address_allocation: 'static', private_ip_address: '10.0.1.4', subnet_id: new Unknown('known after apply') },
            { name: 'b', private_ip_address_allocation: 'Dynamic', private_ip_address: new Unknown('known after apply'), subnet_id: '/subscriptions/s/x/subnets/b' },
          ],
        },
        { 'ip_configuration.0.subnet_id': ['azurerm_subnet.app'] },
      ),
    ]) as NicNode[];
    expect(nic!.ipConfigurations).toEqual([
      { name: 'a', allocation: 'Static', privateIp: '10.0.1.4', subnetId: 'azurerm_subnet.app', asgIds: [] },
      { name: 'b', allocation: 'Dynamic', privateIp: expect.any(Unknown), subnetId: '/subscriptions/s/x/subnets/b', asgIds: [] },
    ]);
    expect(nic!.nsgId).toBeNull();
    expect(nic!.sources['ipConfigurations.0.subnetId']).toEqual(declared(address, 'ip_configuration', 0, 'subnet_id'));
    expect(nic!.sources['ipConfigurations.1.allocation']).toEqual(declared(address, 'ip_configuration', 1, 'private_ip_address_allocation'));
  });

  it('keeps an unknown ip_configuration list Unknown', () => {
    const [nic] = buildTerraformNodes([resource('azurerm_network_interface', 'azurerm_network_interface.x', { ip_configuration: new Unknown('known after apply') })]) as NicNode[];
    expect(nic!.ipConfigurations).toBeInstanceOf(Unknown);
  });
});

describe('subnets', () => {
  it('maps azurerm_subnet prefixes, service endpoints and its virtual network reference', () => {
    const [subnet] = buildTerraformNodes([
      resource(
        'azurerm_subnet',
        'azurerm_subnet.app',
        { name: 'app', virtual_network_name: 'vnet', address_prefixes: ['10.0.1.0/24'], service_endpoints: ['Microsoft.Storage'] },
        { virtual_network_name: ['azurerm_virtual_network.main'] },
      ),
    ]) as SubnetNode[];
    expect(subnet).toMatchObject({
      kind: 'subnet',
      id: 'azurerm_subnet.app',
      vnetId: 'azurerm_virtual_network.main',
      prefixes: ['10.0.1.0/24'],
      nsgId: null,
      routeTableId: null,
      serviceEndpoints: ['Microsoft.Storage'],
    });
    expect(subnet!.sources['prefixes']).toEqual(declared('azurerm_subnet.app', 'address_prefixes'));
  });

  it('reads the older single address_prefix', () => {
    const [subnet] = buildTerraformNodes([resource('azurerm_subnet', 'azurerm_subnet.old', { address_prefix: '10.1.0.0/24', address_prefixes: [] })]) as SubnetNode[];
    expect(subnet!.prefixes).toEqual(['10.1.0.0/24']);
    expect(subnet!.sources['prefixes']).toEqual(declared('azurerm_subnet.old', 'address_prefix'));
  });

  it('turns inline azurerm_virtual_network subnet blocks into subnet nodes with their NSG', () => {
    const address = 'azurerm_virtual_network.hub';
    const subnets = buildTerraformNodes([
      resource(
        'azurerm_virtual_network',
        address,
        { subnet: [{ name: 'app', address_prefixes: ['10.0.1.0/24'], security_group: new Unknown('known after apply') }, { name: 'db', address_prefix: '10.0.2.0/24', security_group: '' }] },
        { 'subnet.0.security_group': ['azurerm_network_security_group.app'] },
      ),
    ]) as SubnetNode[];
    expect(subnets.map((s) => [s.id, s.vnetId, s.prefixes, s.nsgId])).toEqual([
      ['azurerm_virtual_network.hub.subnet["app"]', address, ['10.0.1.0/24'], 'azurerm_network_security_group.app'],
      ['azurerm_virtual_network.hub.subnet["db"]', address, ['10.0.2.0/24'], null],
    ]);
    expect(subnets[0]!.at).toEqual(at(address, 'subnet', 0));
    expect(subnets[0]!.sources['nsgId']).toEqual(declared(address, 'subnet', 0, 'security_group'));
  });

  it('produces no inline subnets when the subnet list is computed', () => {
    expect(buildTerraformNodes([resource('azurerm_virtual_network', 'azurerm_virtual_network.v', { subnet: new Unknown('known after apply') })])).toEqual([]);
  });
});

describe('network security groups', () => {
  it('maps inline security_rule blocks, merging singular and plural prefixes and ports', () => {
    const address = 'azurerm_network_security_group.app';
    const [nsg] = buildTerraformNodes([resource('azurerm_network_security_group', address, { name: 'app-nsg', security_rule: [denyInternet] })]) as NsgNode[];
    expect(nsg!.rules).toEqual([
      {
        name: 'deny-internet',
        direction: 'Outbound',
        access: 'Deny',
        priority: 100,
        protocol: '*',
        sources: ['*'],
        destinations: ['Internet'],
        sourceAsgIds: [],
        destinationAsgIds: [],
        sourcePorts: ['*'],
        destinationPorts: ['443', '80'],
        at: at(address, 'security_rule', 0),
      },
    ]);
  });

  it('appends azurerm_network_security_rule to the NSG it names by reference', () => {
    const { nodes, unattached } = buildTerraformModel([
      resource('azurerm_network_security_group', 'azurerm_network_security_group.app', { name: 'app-nsg', resource_group_name: 'rg', security_rule: new Unknown(COMPUTED_UNSET, undefined, 'provider-computed') }),
      resource(
        'azurerm_network_security_rule',
        'azurerm_network_security_rule.deny',
        { ...denyInternet, network_security_group_name: 'app-nsg', resource_group_name: 'rg' },
        { network_security_group_name: ['azurerm_network_security_group.app'], resource_group_name: ['azurerm_resource_group.rg'] },
      ),
    ]);
    expect(unattached).toEqual([]);
    const [nsg] = ofKind(nodes, 'nsg');
    expect(nsg!.rules).toEqual([expect.objectContaining({ name: 'deny-internet', access: 'Deny', at: at('azurerm_network_security_rule.deny') })]);
  });

  it('joins a rule by NSG name and resource group when there is no reference', () => {
    const nodes = buildTerraformNodes([
      resource('azurerm_network_security_group', 'azurerm_network_security_group.a', { name: 'A-NSG', resource_group_name: 'RG', security_rule: [] }),
      resource('azurerm_network_security_group', 'azurerm_network_security_group.b', { name: 'b-nsg', resource_group_name: 'rg', security_rule: [] }),
      resource('azurerm_network_security_rule', 'azurerm_network_security_rule.r', { ...denyInternet, network_security_group_name: 'a-nsg', resource_group_name: 'rg' }),
    ]);
    expect(ofKind(nodes, 'nsg').map((n) => (n.rules as unknown[]).length)).toEqual([1, 0]);
  });

  it('hands back rules whose NSG is not among the resources, and attaches them later over the whole run', () => {
    const rule = resource('azurerm_network_security_rule', 'azurerm_network_security_rule.r', { ...denyInternet, network_security_group_name: 'shared-nsg', resource_group_name: 'net-rg' });
    const first = buildTerraformModel([rule]);
    expect(first.nodes).toEqual([]);
    expect(first.unattached).toEqual([
      expect.objectContaining({ kind: 'nsgRules', nsg: { ref: 'shared-nsg', name: 'shared-nsg', resourceGroupName: 'net-rg' } }),
    ]);
    const second = buildTerraformModel([
      resource('azurerm_network_security_group', 'module.net.azurerm_network_security_group.shared', { name: 'shared-nsg', resource_group_name: 'net-rg', security_rule: [] }),
    ]);
    const all = [...first.nodes, ...second.nodes];
    expect(attachPending(all, first.unattached)).toEqual([]);
    expect((ofKind(all, 'nsg')[0]!.rules as unknown[]).length).toBe(1);
  });

  it('keeps the rules of an NSG whose rule list is unknown for other reasons Unknown when nothing attaches', () => {
    const [nsg] = buildTerraformNodes([resource('azurerm_network_security_group', 'azurerm_network_security_group.x', { security_rule: new Unknown('known after apply') })]) as NsgNode[];
    expect(nsg!.rules).toBeInstanceOf(Unknown);
  });

  it('starts an NSG whose rule list the configuration leaves to the provider with no rules', () => {
    const [nsg] = buildTerraformNodes([resource('azurerm_network_security_group', 'azurerm_network_security_group.x', { security_rule: new Unknown(COMPUTED_UNSET, undefined, 'provider-computed') })]) as NsgNode[];
    expect(nsg!.rules).toEqual([]);
  });
});

describe('associations', () => {
  it('sets subnet NSG and route table, and NIC NSG, from association resources, pointing at the association', () => {
    const { nodes, unattached } = buildTerraformModel([
      resource('azurerm_subnet', 'azurerm_subnet.app', { name: 'app' }),
      resource('azurerm_network_interface', 'azurerm_network_interface.app', { ip_configuration: [] }),
      resource(
        'azurerm_subnet_network_security_group_association',
        'azurerm_subnet_network_security_group_association.app',
        { subnet_id: new Unknown('known after apply'), network_security_group_id: new Unknown('known after apply') },
        { subnet_id: ['azurerm_subnet.app'], network_security_group_id: ['azurerm_network_security_group.app'] },
      ),
      resource(
        'azurerm_subnet_route_table_association',
        'azurerm_subnet_route_table_association.app',
        { subnet_id: new Unknown('known after apply'), route_table_id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt' },
        { subnet_id: ['azurerm_subnet.app'], route_table_id: ['azurerm_route_table.rt'] },
      ),
      resource(
        'azurerm_network_interface_security_group_association',
        'azurerm_network_interface_security_group_association.app',
        { network_interface_id: new Unknown('known after apply'), network_security_group_id: new Unknown('known after apply') },
        { network_interface_id: ['azurerm_network_interface.app'], network_security_group_id: ['azurerm_network_security_group.nic'] },
      ),
    ]);
    expect(unattached).toEqual([]);
    const [subnet] = ofKind(nodes, 'subnet');
    const [nic] = ofKind(nodes, 'nic');
    expect(subnet!.nsgId).toBe('azurerm_network_security_group.app');
    expect(subnet!.routeTableId).toBe('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt');
    expect(subnet!.sources['nsgId']).toEqual(declared('azurerm_subnet_network_security_group_association.app', 'network_security_group_id'));
    expect(subnet!.sources['routeTableId']).toEqual(declared('azurerm_subnet_route_table_association.app', 'route_table_id'));
    expect(nic!.nsgId).toBe('azurerm_network_security_group.nic');
  });

  it('puts every IP configuration of a NIC into the ASG of an application security group association', () => {
    const association = 'azurerm_network_interface_application_security_group_association.web';
    const { nodes, unattached } = buildTerraformModel([
      resource('azurerm_network_interface', 'azurerm_network_interface.app', { ip_configuration: [{ name: 'a' }, { name: 'b' }] }),
      resource(
        'azurerm_network_interface_application_security_group_association',
        association,
        { network_interface_id: new Unknown('known after apply'), application_security_group_id: new Unknown('known after apply') },
        { network_interface_id: ['azurerm_network_interface.app'], application_security_group_id: ['azurerm_application_security_group.web'] },
      ),
    ]);
    expect(unattached).toEqual([]);
    const [nic] = ofKind(nodes, 'nic');
    expect(nic!.ipConfigurations).toEqual([
      expect.objectContaining({ name: 'a', asgIds: ['azurerm_application_security_group.web'] }),
      expect.objectContaining({ name: 'b', asgIds: ['azurerm_application_security_group.web'] }),
    ]);
    expect(nic!.sources['ipConfigurations.1.asgIds']).toEqual(declared(association, 'application_security_group_id'));
  });

  it('reads source and destination ASGs of a security rule; a provider-computed set is empty', () => {
    const [nsg] = buildTerraformNodes([
      resource(
        'azurerm_network_security_group',
        'azurerm_network_security_group.app',
        {
          security_rule: [
            { ...denyInternet, source_address_prefix: '', source_application_security_group_ids: new Unknown('known after apply') },
            { ...denyInternet, destination_application_security_group_ids: new Unknown(COMPUTED_UNSET, undefined, 'provider-computed') },
          ],
        },
        { 'security_rule.0.source_application_security_group_ids': ['azurerm_application_security_group.web'] },
      ),
    ]) as NsgNode[];
    expect(nsg!.rules).toEqual([
      expect.objectContaining({ sources: [], sourceAsgIds: ['azurerm_application_security_group.web'], destinationAsgIds: [] }),
      expect.objectContaining({ sourceAsgIds: [], destinationAsgIds: [] }),
    ]);
  });

  it('matches a subnet by its known Azure ID, and a virtual network with one inline subnet by the network', () => {
    const subnetId = '/subscriptions/s/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/v/subnets/app';
    const nodes = buildTerraformNodes([
      resource('azurerm_subnet', 'azurerm_subnet.app', { id: subnetId }),
      resource('azurerm_virtual_network', 'azurerm_virtual_network.v2', { subnet: [{ name: 'only', address_prefixes: ['10.2.0.0/24'] }] }),
      resource('azurerm_subnet_network_security_group_association', 'azurerm_subnet_network_security_group_association.a', { subnet_id: subnetId.toLowerCase(), network_security_group_id: '/x/nsg-a' }),
      resource(
        'azurerm_subnet_network_security_group_association',
        'azurerm_subnet_network_security_group_association.b',
        { subnet_id: new Unknown('known after apply'), network_security_group_id: '/x/nsg-b' },
        { subnet_id: ['azurerm_virtual_network.v2'] },
      ),
    ]);
    expect(ofKind(nodes, 'subnet').map((s) => s.nsgId)).toEqual(['/x/nsg-a', '/x/nsg-b']);
  });

  it('hands back an association whose subnet is unknown', () => {
    const { unattached } = buildTerraformModel([
      resource('azurerm_subnet', 'azurerm_subnet.app', {}),
      resource('azurerm_subnet_network_security_group_association', 'azurerm_subnet_network_security_group_association.a', { subnet_id: new Unknown('known after apply'), network_security_group_id: '/x/nsg' }),
    ]);
    expect(unattached.map((u) => u.kind)).toEqual(['subnetNsg']);
  });
});

describe('route tables', () => {
  it('maps inline routes and appends azurerm_route by reference', () => {
    const nodes = buildTerraformNodes([
      resource('azurerm_route_table', 'azurerm_route_table.rt', {
        name: 'rt',
        resource_group_name: 'rg',
        route: [{ name: 'default', address_prefix: '0.0.0.0/0', next_hop_type: 'VirtualAppliance', next_hop_in_ip_address: '10.0.0.4' }],
      }),
      resource(
        'azurerm_route',
        'azurerm_route.blackhole',
        { name: 'storage', route_table_name: 'rt', resource_group_name: 'rg', address_prefix: 'Storage', next_hop_type: 'None', next_hop_in_ip_address: null },
        { route_table_name: ['azurerm_route_table.rt'] },
      ),
    ]);
    const [table] = ofKind(nodes, 'routeTable') as RouteTableNode[];
    expect(table!.routes).toEqual([
      { name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIp: '10.0.0.4', at: at('azurerm_route_table.rt', 'route', 0) },
      { name: 'storage', prefix: 'Storage', nextHopType: 'None', nextHopIp: null, at: at('azurerm_route.blackhole') },
    ]);
  });
});
