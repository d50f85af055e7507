import { lastSegment } from './ids';
import { labelOf, nodeBase } from '../base';
import { concatText, isText } from '../../symbolic-text';
import { FieldReader } from '../fields';
import { asArray, asNumber, asString, asStringList, oneOf, readId, readIdList, valueAt } from '../read';
import type { IpConfiguration, NicNode, NsgNode, NsgRule, Route, RouteTableNode, SubnetNode } from '../../domain';
import type { RawResource } from '../../resource';
import { isObject, isUnknown, unknown, type Maybe } from '../../unknown';

/** A network interface resource, or (`prefix`) a scale set's `networkInterfaceConfigurations` entry: the same shape. */
export function buildNic(raw: RawResource, prefix: readonly (string | number)[] = []): NicNode {
  const base = nodeBase('nic', raw);
  const fields = new FieldReader(raw, base.sources);
  const listPath = [...prefix, 'properties', 'ipConfigurations'];
  const list = asArray(fields.value(listPath));
  fields.source('ipConfigurations', listPath);
  const ipConfigurations: Maybe<IpConfiguration[]> =
    list === null ? [] : isUnknown(list) ? list : list.map((_, index) => ipConfiguration(raw, [...listPath, index]));
  return Object.assign(base, { ipConfigurations, nsgId: fields.id('nsgId', [...prefix, 'properties', 'networkSecurityGroup']) });
}

function ipConfiguration(raw: RawResource, base: readonly (string | number)[]): IpConfiguration {
  const allocation = asString(valueAt(raw, [...base, 'properties', 'privateIPAllocationMethod']));
  return {
    name: asString(valueAt(raw, [...base, 'name'])) ?? unknown('unnamed IP configuration'),
    allocation: typeof allocation === 'string' ? (/^static$/i.test(allocation) ? 'Static' : 'Dynamic') : allocation,
    privateIp: asString(valueAt(raw, [...base, 'properties', 'privateIPAddress'])),
    subnetId: readId(raw, [...base, 'properties', 'subnet']).value,
    asgIds: readIdList(raw, [...base, 'properties', 'applicationSecurityGroups']),
  };
}

export function buildInlineSubnets(raw: RawResource): SubnetNode[] {
  const subnets = asArray(valueAt(raw, ['properties', 'subnets']));
  if (subnets === null || isUnknown(subnets)) return [];
  const vnetId = raw.id;
  return subnets.map((subnet, index) => {
    const name = isObject(subnet) ? asString(subnet['name']) : unknown('subnet name');
    // Symbolic VNet IDs and subnet names (deploy-time inputs) still make exact, joinable subnet IDs.
    const id = isText(vnetId) && isText(name) ? concatText([vnetId, '/subnets/', name]) : unknown('subnet ID not resolved');
    const node = buildSubnet(raw, ['properties', 'subnets', index], vnetId);
    node.id = id;
    node.name = isText(raw.name) && isText(name) ? concatText([raw.name, '/', name]) : unknown('subnet name');
    node.label = isText(node.name)
      ? labelOf(node.name, undefined)
      : `${raw.declaredName ?? node.label}/${typeof name === 'string' ? name : '?'}`;
    node.type = 'Microsoft.Network/virtualNetworks/subnets';
    node.at = raw.locate(['properties', 'subnets', index]);
    return node;
  });
}

export function buildSubnet(raw: RawResource, prefix: (string | number)[], vnetId: Maybe<string | null>): SubnetNode {
  const props = [...prefix, 'properties'];
  const base = nodeBase('subnet', raw);
  const fields = new FieldReader(raw, base.sources);
  const many = fields.value([...props, 'addressPrefixes']);
  fields.source('prefixes', [...props, many === undefined ? 'addressPrefix' : 'addressPrefixes']);
  const endpoints = asArray(fields.value([...props, 'serviceEndpoints']));
  fields.source('serviceEndpoints', [...props, 'serviceEndpoints']);
  return Object.assign(base, {
    vnetId,
    prefixes: asStringList(many ?? fields.value([...props, 'addressPrefix'])) ?? [],
    nsgId: fields.id('nsgId', [...props, 'networkSecurityGroup']),
    routeTableId: fields.id('routeTableId', [...props, 'routeTable']),
    serviceEndpoints:
      endpoints === null ? [] : isUnknown(endpoints) ? endpoints : endpoints.map((e) => asString(isObject(e) ? e['service'] : e) ?? ''),
  });
}

export function buildNsg(raw: RawResource): NsgNode {
  const base = nodeBase('nsg', raw);
  const fields = new FieldReader(raw, base.sources);
  const list = asArray(fields.value(['properties', 'securityRules']));
  fields.source('rules', ['properties', 'securityRules']);
  return Object.assign(base, {
    rules: list === null ? [] : isUnknown(list) ? list : list.map((_, i) => nsgRule(raw, ['properties', 'securityRules', i])),
  });
}

/** One security rule at `path` (an inline rule) or `[]` (a `networkSecurityGroups/securityRules` resource). */
export function nsgRule(raw: RawResource, path: (string | number)[]): NsgRule {
  const props = [...path, 'properties'];
  const value = (name: string) => valueAt(raw, [...props, name]);
  const fields = new FieldReader(raw, {});
  const plural = (single: string, many: string) => fields.union([...props, single], [...props, many]);
  const direction = asString(value('direction'));
  const access = asString(value('access'));
  const ruleName = path.length === 0 ? lastSegment(raw.name) : asString(valueAt(raw, [...path, 'name']));
  return {
    name: ruleName ?? unknown('unnamed rule'),
    direction: oneOf(direction, ['Inbound', 'Outbound'] as const, 'direction') ?? unknown('rule without direction'),
    access: oneOf(access, ['Allow', 'Deny'] as const, 'access') ?? unknown('rule without access'),
    priority: asNumber(value('priority'), 'priority') ?? unknown('rule without priority'),
    protocol: asString(value('protocol')) ?? '*',
    sources: plural('sourceAddressPrefix', 'sourceAddressPrefixes'),
    destinations: plural('destinationAddressPrefix', 'destinationAddressPrefixes'),
    sourceAsgIds: readIdList(raw, [...props, 'sourceApplicationSecurityGroups']),
    destinationAsgIds: readIdList(raw, [...props, 'destinationApplicationSecurityGroups']),
    sourcePorts: orAny(plural('sourcePortRange', 'sourcePortRanges')),
    destinationPorts: plural('destinationPortRange', 'destinationPortRanges'),
    at: raw.locate(path),
  };
}

/** A port list that is not written means any port. */
function orAny(list: Maybe<Maybe<string>[]>): Maybe<Maybe<string>[]> {
  return Array.isArray(list) && list.length === 0 ? ['*'] : list;
}

export function buildRouteTable(raw: RawResource): RouteTableNode {
  const base = nodeBase('routeTable', raw);
  const fields = new FieldReader(raw, base.sources);
  const routes = asArray(fields.value(['properties', 'routes']));
  fields.source('routes', ['properties', 'routes']);
  return Object.assign(base, {
    routes: routes === null ? [] : isUnknown(routes) ? routes : routes.map((_, i) => route(raw, ['properties', 'routes', i])),
  });
}

export function route(raw: RawResource, path: (string | number)[]): Route {
  const props = [...path, 'properties'];
  return {
    name: path.length === 0 ? lastSegment(raw.name) : asString(valueAt(raw, [...path, 'name'])) ?? unknown('unnamed route'),
    prefix: asString(valueAt(raw, [...props, 'addressPrefix'])) ?? unknown('route without address prefix'),
    nextHopType: asString(valueAt(raw, [...props, 'nextHopType'])) ?? unknown('route without next hop type'),
    nextHopIp: asString(valueAt(raw, [...props, 'nextHopIpAddress'])),
    at: raw.locate(path),
  };
}

