import { parseAddressOrPrefix, parsePrefix, prefixContains, type IpPrefix } from '../../model/address';
import type { Ref } from '../../model/domain';
import { joinKey } from '../../model/index';
import { isUnknown, unknown, type Maybe } from '../../model/unknown';

/**
 * Three-valued matching of one NSG rule field against the flow the egress analysis checks (DESIGN §5.1):
 * true (the rule covers the flow), false (it does not), Unknown (the linter cannot tell: an unevaluated value, a
 * specific public CIDR that may or may not hold Azure Storage's addresses).
 */
export type Match = Maybe<boolean>;

/** Where the flow goes: Azure Storage (the VM's region, if known), or an address (a proxy). */
export type Destination = { kind: 'storage'; region: string | null } | { kind: 'address'; address: IpPrefix; inVirtualNetwork: Maybe<boolean> };

/**
 * Where the flow comes from: the NIC's own addresses, its subnet's prefixes and the application security groups its
 * IP configuration belongs to (Unknown parts allowed).
 */
export interface FlowSource {
  addresses: Maybe<IpPrefix>[];
  subnetPrefixes: Maybe<IpPrefix>[];
  asgIds: Maybe<Ref[]>;
}

export interface Flow {
  protocol: 'Tcp';
  port: number;
  source: FlowSource;
  destination: Destination;
}

/** Private, shared, loopback and link-local IPv4 space: never Azure Storage's public endpoints. */
const NON_PUBLIC = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16'].map(
  (text) => parsePrefix(text) as IpPrefix,
);

export function isNonPublic(prefix: IpPrefix): boolean {
  return prefix.family === 'ipv4' && NON_PUBLIC.some((range) => prefixContains(range, prefix));
}

/** `West Europe` / `westeurope` → `westeurope`, as service tag suffixes compare. */
export function normalizeRegion(region: string): string {
  return region.replace(/[\s_-]/g, '').toLowerCase();
}

/** Any of the items matches: true wins, then Unknown, else false. */
export function anyMatch(items: readonly Match[]): Match {
  if (items.some((m) => m === true)) return true;
  return items.find(isUnknown) ?? false;
}

/** All hold: false wins, then Unknown, else true. */
export function allMatch(items: readonly Match[]): Match {
  if (items.some((m) => m === false)) return false;
  return items.find(isUnknown) ?? true;
}

/** `Tcp`, `*` and `Any` carry TCP 443; `Udp`, `Icmp`, `Esp`, `Ah` do not. */
export function protocolMatches(protocol: Maybe<string>): Match {
  if (isUnknown(protocol)) return protocol;
  const p = protocol.trim().toLowerCase();
  if (p === 'tcp' || p === '*' || p === 'any') return true;
  if (['udp', 'icmp', 'esp', 'ah'].includes(p)) return false;
  return unknown(`protocol '${protocol}' is not one NSGs know`);
}

/** `*`, a port, a range `400-500`, or a list of those. */
export function portMatches(ports: Maybe<Maybe<string>[]>, port: number): Match {
  if (isUnknown(ports)) return ports;
  return anyMatch(ports.map((entry) => onePortMatches(entry, port)));
}

function onePortMatches(entry: Maybe<string>, port: number): Match {
  if (isUnknown(entry)) return entry;
  const text = entry.trim();
  if (text === '*' || text.toLowerCase() === 'any') return true;
  const range = /^(\d{1,5})\s*-\s*(\d{1,5})$/.exec(text);
  if (range) return Number(range[1]) <= port && port <= Number(range[2]);
  if (/^\d{1,5}$/.test(text)) return Number(text) === port;
  return unknown(`port range '${entry}' is not a port, a range or *`);
}

/**
 * Source ports of a rule: outbound connections leave from an ephemeral port the OS picks, so only `*` (or the whole
 * range) surely matches; any narrower range may or may not (Unknown).
 */
export function sourcePortMatches(ports: Maybe<Maybe<string>[]>): Match {
  if (isUnknown(ports)) return ports;
  if (ports.some((p) => !isUnknown(p) && ['*', 'any', '0-65535', '1-65535'].includes(p.trim().toLowerCase()))) return true;
  return unknown(`the rule's source ports (${ports.map(String).join(', ')}) may or may not hold the connection's ephemeral port`);
}

/**
 * Destination address prefixes (or service tags) and application security groups of a rule against the flow's
 * destination. Azure Storage is never in an application security group; whether a proxy's NIC is, is not followed.
 */
export function destinationMatches(prefixes: Maybe<Maybe<string>[]>, destination: Destination, asgIds: Maybe<Ref[]> = []): Match {
  if (isUnknown(prefixes)) return prefixes;
  const byPrefix = prefixes.map((entry) => (isUnknown(entry) ? entry : oneDestinationMatches(entry.trim(), destination)));
  const namesAsgs = isUnknown(asgIds) || asgIds.length > 0;
  if (prefixes.length === 0 && !namesAsgs) return unknown('the rule names no destination');
  const byAsg: Match[] = !namesAsgs
    ? []
    : destination.kind === 'storage'
      ? [false]
      : [unknown(`whether the proxy's network interface is in the rule's destination application security groups is not followed`)];
  return anyMatch([...byPrefix, ...byAsg]);
}

function oneDestinationMatches(text: string, destination: Destination): Match {
  const lower = text.toLowerCase();
  if (lower === '*' || lower === 'any') return true;
  const prefix = parseAddressOrPrefix(text);
  if (destination.kind === 'address') return addressDestinationMatches(lower, prefix, destination);
  if (lower === 'internet') return true;
  if (prefix) {
    if (prefix.family !== 'ipv4') return false;
    if (prefix.length === 0) return true;
    if (isNonPublic(prefix)) return false;
    return unknown(`destination ${text} is a public range: whether it holds Azure Storage's addresses is not known offline`);
  }
  const [tag, region] = splitTag(lower);
  if (tag === 'storage' || tag === 'azurecloud') {
    if (region === null) return true;
    if (destination.region === null) return unknown(`destination ${text} is regional and the VM's region is not known`);
    return region === destination.region;
  }
  // Any other service tag (VirtualNetwork, AzureLoadBalancer, Sql, AzureMonitor, …) holds no Storage address.
  if (/^[a-z][a-z0-9]*(\.[a-z0-9]+)?$/.test(lower)) return false;
  return unknown(`destination '${text}' is neither an address prefix nor a service tag`);
}

function addressDestinationMatches(lower: string, prefix: IpPrefix | undefined, destination: Extract<Destination, { kind: 'address' }>): Match {
  const target = destination.address;
  if (prefix) return prefix.family === target.family && prefixContains(prefix, target);
  const publicTarget = !isNonPublic(target);
  if (lower === 'internet') return publicTarget;
  if (lower === 'virtualnetwork') return destination.inVirtualNetwork;
  // Other service tags hold Azure public addresses only.
  if (/^[a-z][a-z0-9]*(\.[a-z0-9]+)?$/.test(lower)) {
    return publicTarget ? unknown(`whether service tag '${lower}' holds the proxy's address is not known offline`) : false;
  }
  return unknown(`destination '${lower}' is neither an address prefix nor a service tag`);
}

function splitTag(lower: string): [string, string | null] {
  const dot = lower.indexOf('.');
  return dot < 0 ? [lower, null] : [lower.slice(0, dot), normalizeRegion(lower.slice(dot + 1))];
}

/**
 * Source address prefixes and application security groups of a rule against the NIC: `*`/`Any`, `VirtualNetwork`
 * (a NIC is always in its virtual network), a prefix holding the NIC's address or its whole subnet, a group the
 * NIC's IP configuration belongs to. `Internet` and other service tags do not hold a NIC's private address.
 */
export function sourceMatches(prefixes: Maybe<Maybe<string>[]>, source: FlowSource, asgIds: Maybe<Ref[]>): Match {
  if (isUnknown(prefixes)) return prefixes;
  if (isUnknown(asgIds)) return unknown(`the rule's source application security groups are unknown: ${asgIds.reason}`, asgIds.at, asgIds.kind);
  if (prefixes.length === 0 && asgIds.length === 0) return unknown('the rule names no source');
  const byPrefix = prefixes.map((entry) => (isUnknown(entry) ? entry : oneSourceMatches(entry.trim(), source)));
  const byAsg = asgIds.map((asg) => memberOf(asg, source.asgIds));
  return anyMatch([...byPrefix, ...byAsg]);
}

/** Whether an IP configuration with membership `members` is in the group `asg`. */
function memberOf(asg: Ref, members: Maybe<Ref[]>): Match {
  if (isUnknown(members)) return unknown(`the NIC's application security groups are unknown: ${members.reason}`, members.at, members.kind);
  return anyMatch(members.map((member) => sameAsg(asg, member)));
}

/**
 * Whether two references name the same application security group: the same join key (ARM IDs case-insensitively,
 * Terraform addresses, symbolic IDs by identity) is; two ARM IDs ending in different names, or two different
 * Terraform resource addresses (not data sources), are different groups; anything else is Unknown.
 */
export function sameAsg(a: Ref, b: Ref): Match {
  const [keyA, keyB] = [joinKey(a), joinKey(b)];
  if (keyA === undefined || keyB === undefined) {
    const which = keyA === undefined ? a : b;
    return isUnknown(which) ? which : unknown('an application security group reference without an ID');
  }
  if (keyA === keyB) return true;
  if (typeof a !== 'string' || typeof b !== 'string') return unknown(`whether application security groups ${String(a)} and ${String(b)} are the same is not known`);
  if (a.startsWith('/') && b.startsWith('/')) {
    return lastSegment(keyA) !== lastSegment(keyB) ? false : unknown(`application security groups ${a} and ${b} have the same name`);
  }
  if (!a.startsWith('/') && !b.startsWith('/') && !isDataSource(a) && !isDataSource(b)) return false;
  return unknown(`whether application security groups ${a} and ${b} are the same is not known`);
}

function lastSegment(id: string): string {
  return id.replace(/\/+$/, '').split('/').pop() ?? id;
}

function isDataSource(address: string): boolean {
  return /(^|\.)data\./.test(address);
}

function oneSourceMatches(text: string, source: FlowSource): Match {
  const lower = text.toLowerCase();
  if (lower === '*' || lower === 'any' || lower === 'virtualnetwork') return true;
  const prefix = parseAddressOrPrefix(text);
  if (!prefix) {
    if (/^[a-z][a-z0-9]*(\.[a-z0-9]+)?$/.test(lower)) return false;
    return unknown(`source '${text}' is neither an address prefix nor a service tag`);
  }
  if (prefix.length === 0 && prefix.family === 'ipv4') return true;
  // The flow's address is the NIC's; failing that, a prefix holding the whole subnet holds it too.
  const byAddress = anyMatch(source.addresses.map((a) => (isUnknown(a) ? a : a.family === prefix.family && prefixContains(prefix, a))));
  if (byAddress === true) return true;
  const bySubnet = anyMatch(source.subnetPrefixes.map((s) => (isUnknown(s) ? s : s.family === prefix.family && prefixContains(prefix, s))));
  if (bySubnet === true) return true;
  if (source.addresses.length > 0 && byAddress === false) return false;
  // Without the NIC's address: a prefix disjoint from the subnet cannot hold it; one that only overlaps might.
  if (source.subnetPrefixes.length > 0 && source.subnetPrefixes.every((s) => !isUnknown(s) && (s.family !== prefix.family || !overlaps(prefix, s)))) {
    return false;
  }
  return unknown(`whether source ${text} holds the NIC's address is not known (dynamic address)`);
}

function overlaps(a: IpPrefix, b: IpPrefix): boolean {
  return prefixContains(a, b) || prefixContains(b, a);
}
