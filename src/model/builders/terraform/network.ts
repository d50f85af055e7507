import type { IpConfiguration, NicNode, NsgNode, NsgRule, Ref, Route, RouteTableNode, SubnetNode } from '../../domain';
import type { RawResource } from '../../resource';
import { isUnknown, unknown, type Maybe, type Value } from '../../unknown';
import { nodeBase } from '../base';
import { FieldReader, type Path } from '../fields';
import { oneOf } from '../read';

const ALLOCATIONS = ['Static', 'Dynamic'] as const;

/**
 * `azurerm_network_interface`, or (`block`) a scale set's `network_interface` / `network_profile` block: the same
 * attributes. A NIC resource's NSG comes from an association resource (or the pre-2.0 attribute).
 */
export function buildNic(raw: RawResource, block: Path = []): NicNode {
  const node: NicNode = Object.assign(nodeBase('nic', raw), { ipConfigurations: [], nsgId: null });
  const attrs = new FieldReader(raw, node.sources);
  node.ipConfigurations = blockList(attrs, 'ipConfigurations', [...block, 'ip_configuration'], (path, i): IpConfiguration => ({
    name: attrs.string(`ipConfigurations.${i}.name`, [...path, 'name']) ?? unknown('unnamed IP configuration'),
    allocation: oneOf(
      attrs.string(`ipConfigurations.${i}.allocation`, [...path, 'private_ip_address_allocation']),
      ALLOCATIONS,
      'private_ip_address_allocation',
    ),
    privateIp: attrs.string(`ipConfigurations.${i}.privateIp`, [...path, 'private_ip_address']),
    subnetId: attrs.ref(`ipConfigurations.${i}.subnetId`, [...path, 'subnet_id']),
    // azurerm 1.x wrote membership here; since 2.0 it comes from association resources (attached later).
    asgIds: optionalRefList(attrs, `ipConfigurations.${i}.asgIds`, [...path, 'application_security_group_ids']),
  }));
  node.nsgId = attrs.ref('nsgId', [...block, 'network_security_group_id']);
  return node;
}

/** `azurerm_subnet`. NSG and route table come from association resources (or the pre-2.0 attributes). */
export function buildSubnet(raw: RawResource): SubnetNode {
  const node = subnetShell(raw);
  const attrs = new FieldReader(raw, node.sources);
  node.vnetId = attrs.ref('vnetId', ['virtual_network_name']);
  node.prefixes = prefixes(attrs, []);
  node.nsgId = attrs.ref('nsgId', ['network_security_group_id']);
  node.routeTableId = attrs.ref('routeTableId', ['route_table_id']);
  node.serviceEndpoints = attrs.strings('serviceEndpoints', ['service_endpoints']) ?? [];
  return node;
}

/** Address given to a subnet declared inline in `azurerm_virtual_network`: `azurerm_virtual_network.hub.subnet["app"]`. */
export function inlineSubnetId(vnetAddress: string, name: Maybe<string | null>, index: number): string {
  return typeof name === 'string' ? `${vnetAddress}.subnet[${JSON.stringify(name)}]` : `${vnetAddress}.subnet[${index}]`;
}

/** Inline `subnet` blocks of `azurerm_virtual_network` (none when the list is computed from separate subnets). */
export function buildInlineSubnets(raw: RawResource): SubnetNode[] {
  const list = raw.values['subnet'];
  if (!Array.isArray(list)) return [];
  return list.map((_, i) => {
    const node = subnetShell(raw);
    const attrs = new FieldReader(raw, node.sources);
    const path = ['subnet', i];
    const name = attrs.string('name', [...path, 'name']);
    node.id = typeof raw.id === 'string' ? inlineSubnetId(raw.id, name, i) : raw.id;
    node.name = name ?? node.id;
    node.at = raw.locate(path);
    node.vnetId = raw.id;
    node.sources['vnetId'] = raw.at;
    node.prefixes = prefixes(attrs, path);
    node.nsgId = attrs.ref('nsgId', [...path, 'security_group']);
    node.routeTableId = attrs.ref('routeTableId', [...path, 'route_table_id']);
    node.serviceEndpoints = attrs.strings('serviceEndpoints', [...path, 'service_endpoints']) ?? [];
    return node;
  });
}

function subnetShell(raw: RawResource): SubnetNode {
  return Object.assign(nodeBase('subnet', raw), { vnetId: null, prefixes: [], nsgId: null, routeTableId: null, serviceEndpoints: [] });
}

/** `address_prefixes` (list), or the older single `address_prefix`. */
function prefixes(attrs: FieldReader, block: Path): Maybe<Maybe<string>[]> {
  const many = attrs.strings('prefixes', [...block, 'address_prefixes']);
  if (many !== null && (isUnknown(many) || many.length > 0)) return many;
  const single = attrs.value([...block, 'address_prefix']);
  if (single === undefined || single === null || single === '') return many ?? [];
  attrs.source('prefixes', [...block, 'address_prefix']);
  return isUnknown(single) ? single : [String(single)];
}

/** `azurerm_network_security_group` with its inline `security_rule` blocks. */
export function buildNsg(raw: RawResource): NsgNode {
  const node: NsgNode = Object.assign(nodeBase('nsg', raw), { rules: [] });
  const attrs = new FieldReader(raw, node.sources);
  node.rules = blockList(attrs, 'rules', ['security_rule'], (path) => nsgRule(raw, path), true);
  return node;
}

/**
 * One security rule: an inline `security_rule` block (`path` to it) or an `azurerm_network_security_rule`
 * (`path` empty). Singular and plural prefix/port attributes are merged; empty strings mean "not set".
 */
export function nsgRule(raw: RawResource, path: Path): NsgRule {
  const attrs = new FieldReader(raw, {});
  const text = (name: string) => attrs.string(name, [...path, name]);
  return {
    name: text('name') ?? unknown('unnamed security rule'),
    direction: required(oneOf(text('direction'), ['Inbound', 'Outbound'] as const, 'direction'), 'direction'),
    access: required(oneOf(text('access'), ['Allow', 'Deny'] as const, 'access'), 'access'),
    priority: required(attrs.number('priority', [...path, 'priority']), 'priority'),
    protocol: text('protocol') ?? '*',
    sources: attrs.union([...path, 'source_address_prefix'], [...path, 'source_address_prefixes']),
    destinations: attrs.union([...path, 'destination_address_prefix'], [...path, 'destination_address_prefixes']),
    sourceAsgIds: optionalRefList(attrs, 'sourceAsgIds', [...path, 'source_application_security_group_ids']),
    destinationAsgIds: optionalRefList(attrs, 'destinationAsgIds', [...path, 'destination_application_security_group_ids']),
    sourcePorts: anyWhenEmpty(attrs.union([...path, 'source_port_range'], [...path, 'source_port_ranges'])),
    destinationPorts: attrs.union([...path, 'destination_port_range'], [...path, 'destination_port_ranges']),
    at: raw.locate(path),
  };
}

/**
 * A list of references that may be unset: [] when absent or empty. A plan's provider-computed value for an attribute
 * the configuration does not set (azurerm computes these sets) is also empty: only an Unknown the user wrote stays.
 */
function optionalRefList(attrs: FieldReader, field: string, path: Path): Maybe<Ref[]> {
  const value = attrs.value(path);
  if (isUnknown(value) && value.kind === 'provider-computed') return [];
  return attrs.refList(field, path);
}

/** A port list that is not written means any port. */
function anyWhenEmpty(list: Maybe<Maybe<string>[]>): Maybe<Maybe<string>[]> {
  return Array.isArray(list) && list.length === 0 ? ['*'] : list;
}

function required<T>(value: Maybe<T | null>, what: string): Maybe<T> {
  return value === null ? unknown(`security rule without ${what}`) : value;
}

/** `azurerm_route_table` with its inline `route` blocks. */
export function buildRouteTable(raw: RawResource): RouteTableNode {
  const node: RouteTableNode = Object.assign(nodeBase('routeTable', raw), { routes: [] });
  const attrs = new FieldReader(raw, node.sources);
  node.routes = blockList(attrs, 'routes', ['route'], (path) => route(raw, path), true);
  return node;
}

/** One route: an inline `route` block or an `azurerm_route` (`path` empty). */
export function route(raw: RawResource, path: Path): Route {
  const attrs = new FieldReader(raw, {});
  return {
    name: attrs.string('name', [...path, 'name']) ?? unknown('unnamed route'),
    prefix: attrs.string('prefix', [...path, 'address_prefix']) ?? unknown('route without address_prefix'),
    nextHopType: attrs.string('nextHopType', [...path, 'next_hop_type']) ?? unknown('route without next_hop_type'),
    nextHopIp: attrs.string('nextHopIp', [...path, 'next_hop_in_ip_address']),
    at: raw.locate(path),
  };
}

/**
 * A nested block list mapped item by item; [] when absent; Unknown when the list itself is unknown, except
 * where `unsetIsEmpty` says a list the configuration does not set only collects separate resources
 * (NSG `security_rule`, route table `route`): those are attached later, so it starts empty.
 */
function blockList<T>(
  attrs: FieldReader,
  field: string,
  path: Path,
  item: (path: Path, index: number) => T,
  unsetIsEmpty = false,
): Maybe<T[]> {
  attrs.source(field, path);
  const list: Value | undefined = attrs.value(path);
  if (isUnknown(list)) return unsetIsEmpty && list.kind === 'provider-computed' ? [] : list;
  if (!Array.isArray(list)) return [];
  return list.map((_, i) => item([...path, i], i));
}
