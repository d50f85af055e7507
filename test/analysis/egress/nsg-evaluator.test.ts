import { evaluateNsg, ruleMatches } from '../../../src/analysis/egress/nsg';
import type { Flow } from '../../../src/analysis/egress/match';
import { parseAddressOrPrefix, type IpPrefix } from '../../../src/model/address';
import type { NsgNode, NsgRule } from '../../../src/model/domain';
import { isUnknown, unknown, type Maybe } from '../../../src/model/unknown';

const at = { file: 'nsg.json', line: 1 };
const prefix = (text: string) => parseAddressOrPrefix(text) as IpPrefix;

const WEB_ASG = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/applicationSecurityGroups/web-asg';
const DB_ASG = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/applicationSecurityGroups/db-asg';

/** Outbound TCP 443 to Storage from NIC 10.0.1.4 (in ASG web-asg) in subnet 10.0.1.0/24, VM in westeurope. */
const storageFlow: Flow = {
  protocol: 'Tcp',
  port: 443,
  source: { addresses: [prefix('10.0.1.4')], subnetPrefixes: [prefix('10.0.1.0/24')], asgIds: [WEB_ASG] },
  destination: { kind: 'storage', region: 'westeurope' },
};

function rule(overrides: Partial<NsgRule>): NsgRule {
  return {
    name: 'R',
    direction: 'Outbound',
    access: 'Deny',
    priority: 100,
    protocol: '*',
    sources: ['*'],
    destinations: ['*'],
    sourceAsgIds: [],
    destinationAsgIds: [],
    sourcePorts: ['*'],
    destinationPorts: ['*'],
    at,
    ...overrides,
  };
}

function nsg(rules: Maybe<NsgRule[]>): NsgNode {
  return { kind: 'nsg', id: 'nsg', name: 'nsg', label: 'app-nsg', type: 'Microsoft.Network/networkSecurityGroups', format: 'arm', file: 'nsg.json', at, sources: {}, rules } as NsgNode;
}

const verdict = (m: Maybe<boolean>) => (isUnknown(m) ? 'unknown' : m);

describe('NSG rule matching for outbound TCP 443 to Storage (DESIGN §5.1)', () => {
  const destinations: [string[], boolean | 'unknown'][] = [
    [['*'], true],
    [['Any'], true],
    [['0.0.0.0/0'], true],
    [['Internet'], true],
    [['internet'], true],
    [['AzureCloud'], true],
    [['AzureCloud.WestEurope'], true],
    [['azurecloud.westeurope'], true],
    [['AzureCloud.EastUS'], false],
    [['Storage'], true],
    [['STORAGE'], true],
    [['Storage.WestEurope'], true],
    [['Storage.EastUS'], false],
    [['VirtualNetwork'], false],
    [['AzureLoadBalancer'], false],
    [['Sql'], false],
    [['10.0.0.0/8'], false],
    [['172.16.0.0/12'], false],
    [['192.168.1.0/24'], false],
    [['10.0.0.0/8', '192.168.0.0/16'], false],
    [['20.0.0.0/8'], 'unknown'],
    [['52.239.0.0/16'], 'unknown'],
    [['10.0.0.0/8', 'Storage'], true],
    [['20.0.0.0/8', 'Internet'], true],
    [['::/0'], false],
  ];
  it.each(destinations)('destination %j matches: %s', (dest, expected) => {
    expect(verdict(ruleMatches(rule({ destinations: dest }), storageFlow))).toBe(expected);
  });

  it('a Storage.<region> destination is Unknown when the VM region is not known', () => {
    const flow: Flow = { ...storageFlow, destination: { kind: 'storage', region: null } };
    expect(verdict(ruleMatches(rule({ destinations: ['Storage.WestEurope'] }), flow))).toBe('unknown');
    expect(verdict(ruleMatches(rule({ destinations: ['Storage'] }), flow))).toBe(true);
  });

  const ports: [string[], boolean | 'unknown'][] = [
    [['*'], true],
    [['443'], true],
    [['80'], false],
    [['80', '443'], true],
    [['400-500'], true],
    [['80-442'], false],
    [['444-65535'], false],
    [['0-65535'], true],
    [['http'], 'unknown'],
  ];
  it.each(ports)('destination ports %j match 443: %s', (p, expected) => {
    expect(verdict(ruleMatches(rule({ destinationPorts: p }), storageFlow))).toBe(expected);
  });

  const protocols: [string, boolean][] = [
    ['Tcp', true],
    ['TCP', true],
    ['*', true],
    ['Any', true],
    ['Udp', false],
    ['Icmp', false],
    ['Esp', false],
  ];
  it.each(protocols)('protocol %s carries TCP 443: %s', (protocol, expected) => {
    expect(verdict(ruleMatches(rule({ protocol }), storageFlow))).toBe(expected);
  });

  const sources: [string[], boolean | 'unknown'][] = [
    [['*'], true],
    [['VirtualNetwork'], true],
    [['10.0.1.4'], true],
    [['10.0.1.0/24'], true],
    [['10.0.0.0/16'], true],
    [['10.0.2.0/24'], false],
    [['Internet'], false],
    [['AzureLoadBalancer'], false],
    [[], 'unknown'],
  ];
  it.each(sources)('source %j holds the NIC: %s', (s, expected) => {
    expect(verdict(ruleMatches(rule({ sources: s }), storageFlow))).toBe(expected);
  });

  const u = unknown('deploy-time input', at, 'deploy-time-input');
  type Asgs = NsgRule['sourceAsgIds'];
  const asgSources: [string, Asgs, Asgs, boolean | 'unknown'][] = [
    ['the NIC\'s own ASG', [WEB_ASG], [WEB_ASG], true],
    ['the NIC\'s ASG, its ID in another case', [WEB_ASG.toUpperCase()], [WEB_ASG], true],
    ['another ASG', [DB_ASG], [WEB_ASG], false],
    ['one of two ASGs', [DB_ASG, WEB_ASG], [WEB_ASG], true],
    ['an ASG, the NIC in none', [WEB_ASG], [], false],
    ['an ASG, the NIC\'s membership unknown', [WEB_ASG], u, 'unknown'],
    ['an unknown ASG ID', [u], [WEB_ASG], 'unknown'],
    ['unknown source ASGs', u, [WEB_ASG], 'unknown'],
    ['an ASG of the same name in another resource group', [WEB_ASG.replace('/rg/', '/rg2/')], [WEB_ASG], 'unknown'],
    ['the Terraform address of the NIC\'s ASG', ['azurerm_application_security_group.web'], ['azurerm_application_security_group.web'], true],
    ['another Terraform ASG address', ['azurerm_application_security_group.db'], ['azurerm_application_security_group.web'], false],
    ['an ASG data source', ['data.azurerm_application_security_group.db'], ['azurerm_application_security_group.web'], 'unknown'],
  ];
  it.each(asgSources)('source ASG: %s (rule %j, NIC %j) matches: %s', (_, ruleAsgs, nicAsgs, expected) => {
    const flow: Flow = { ...storageFlow, source: { ...storageFlow.source, asgIds: nicAsgs } };
    expect(verdict(ruleMatches(rule({ sources: [], sourceAsgIds: ruleAsgs }), flow))).toBe(expected);
  });

  it('a rule naming neither prefixes nor ASGs as its source is Unknown', () => {
    expect(verdict(ruleMatches(rule({ sources: [], sourceAsgIds: [] }), storageFlow))).toBe('unknown');
  });

  it('destination ASGs never hold Storage; for a proxy address they are Unknown', () => {
    expect(verdict(ruleMatches(rule({ destinations: [], destinationAsgIds: [WEB_ASG] }), storageFlow))).toBe(false);
    expect(verdict(ruleMatches(rule({ destinations: [], destinationAsgIds: u }), storageFlow))).toBe(false);
    const proxyFlow: Flow = { ...storageFlow, port: 3128, destination: { kind: 'address', address: prefix('10.0.2.10'), inVirtualNetwork: true } };
    expect(verdict(ruleMatches(rule({ destinations: [], destinationAsgIds: [WEB_ASG] }), proxyFlow))).toBe('unknown');
  });

  it('source ports: * matches the ephemeral port of an outbound connection, a narrower range is Unknown', () => {
    expect(verdict(ruleMatches(rule({ sourcePorts: ['*'] }), storageFlow))).toBe(true);
    expect(verdict(ruleMatches(rule({ sourcePorts: ['0-65535'] }), storageFlow))).toBe(true);
    expect(verdict(ruleMatches(rule({ sourcePorts: ['1024-2048'] }), storageFlow))).toBe('unknown');
  });

  it('without a static NIC address, a source prefix is held to the subnet: containing, disjoint, or part of it', () => {
    const dynamic: Flow = { ...storageFlow, source: { addresses: [], subnetPrefixes: [prefix('10.0.1.0/24')], asgIds: [] } };
    expect(verdict(ruleMatches(rule({ sources: ['10.0.0.0/16'] }), dynamic))).toBe(true);
    expect(verdict(ruleMatches(rule({ sources: ['10.9.0.0/16'] }), dynamic))).toBe(false);
    expect(verdict(ruleMatches(rule({ sources: ['10.0.1.0/28'] }), dynamic))).toBe('unknown');
  });

  it('an Unknown prefix, port or protocol makes the match Unknown, unless another field already rules it out', () => {
    const u = unknown('deploy-time input', at, 'deploy-time-input');
    expect(verdict(ruleMatches(rule({ destinations: [u] }), storageFlow))).toBe('unknown');
    expect(verdict(ruleMatches(rule({ destinationPorts: u }), storageFlow))).toBe('unknown');
    expect(verdict(ruleMatches(rule({ protocol: u }), storageFlow))).toBe('unknown');
    expect(verdict(ruleMatches(rule({ protocol: 'Udp', destinations: [u] }), storageFlow))).toBe(false);
  });
});

describe('NSG evaluation: by priority, first match wins, default rules last', () => {
  it('a deny of Internet before any Storage allow decides, naming the rule and its priority', () => {
    const decision = evaluateNsg(nsg([rule({ name: 'Deny_Internet', priority: 2000, destinations: ['Internet'] })]), storageFlow);
    expect(decision).toEqual({ access: 'Deny', rule: 'Deny_Internet', priority: 2000, isDefault: false, at });
  });

  it('an allow of Storage 443 at a lower priority number wins, whatever the order in the file', () => {
    const rules = [
      rule({ name: 'Deny_All', priority: 4000 }),
      rule({ name: 'Allow_Storage', priority: 1000, access: 'Allow', protocol: 'Tcp', destinations: ['Storage'], destinationPorts: ['443'] }),
    ];
    expect(evaluateNsg(nsg(rules), storageFlow)).toMatchObject({ access: 'Allow', rule: 'Allow_Storage', priority: 1000 });
  });

  it('an allow below a deny in priority does not help', () => {
    const rules = [
      rule({ name: 'Deny_AzureCloud', priority: 300, destinations: ['AzureCloud'] }),
      rule({ name: 'Allow_Storage', priority: 400, access: 'Allow', destinations: ['Storage'] }),
    ];
    expect(evaluateNsg(nsg(rules), storageFlow)).toMatchObject({ access: 'Deny', rule: 'Deny_AzureCloud' });
  });

  it('inbound, UDP-only and unrelated rules are passed over; the default AllowInternetOutBound decides', () => {
    const rules = [
      rule({ name: 'Deny_In', direction: 'Inbound', priority: 100 }),
      rule({ name: 'Deny_Udp', priority: 110, protocol: 'Udp' }),
      rule({ name: 'Deny_Vnet', priority: 120, destinations: ['VirtualNetwork'] }),
      rule({ name: 'Deny_Ssh', priority: 130, destinationPorts: ['22'] }),
    ];
    expect(evaluateNsg(nsg(rules), storageFlow)).toMatchObject({ access: 'Allow', rule: 'AllowInternetOutBound', priority: 65001, isDefault: true });
  });

  it('an NSG without rules allows by default', () => {
    expect(evaluateNsg(nsg([]), storageFlow)).toMatchObject({ access: 'Allow', rule: 'AllowInternetOutBound' });
  });

  it('an unknown priority, direction or rule list makes the verdict Unknown (no finding)', () => {
    const u = unknown('a parameter', at, 'deploy-time-input');
    expect(isUnknown(evaluateNsg(nsg([rule({ priority: u })]), storageFlow))).toBe(true);
    expect(isUnknown(evaluateNsg(nsg([rule({ direction: u })]), storageFlow))).toBe(true);
    expect(isUnknown(evaluateNsg(nsg(u), storageFlow))).toBe(true);
  });

  it('a public CIDR deny first makes the verdict Unknown; one after an allow does not matter', () => {
    const cidrDeny = rule({ name: 'Deny_Range', priority: 100, destinations: ['20.0.0.0/8'] });
    expect(isUnknown(evaluateNsg(nsg([cidrDeny]), storageFlow))).toBe(true);
    const allowFirst = rule({ name: 'Allow_Storage', priority: 50, access: 'Allow', destinations: ['Storage'] });
    expect(evaluateNsg(nsg([cidrDeny, allowFirst]), storageFlow)).toMatchObject({ access: 'Allow', rule: 'Allow_Storage' });
  });

  it('a proxy flow (an address in the virtual network) is allowed by AllowVnetOutBound and denied by a rule on its port', () => {
    const proxyFlow: Flow = { ...storageFlow, port: 3128, destination: { kind: 'address', address: prefix('10.0.2.10'), inVirtualNetwork: true } };
    expect(evaluateNsg(nsg([]), proxyFlow)).toMatchObject({ access: 'Allow', rule: 'AllowVnetOutBound' });
    expect(evaluateNsg(nsg([rule({ name: 'Deny_Proxy', destinations: ['10.0.2.0/24'], destinationPorts: ['3128'] })]), proxyFlow)).toMatchObject({ access: 'Deny', rule: 'Deny_Proxy' });
    expect(evaluateNsg(nsg([rule({ name: 'Deny_Other', destinations: ['10.0.3.0/24'] })]), proxyFlow)).toMatchObject({ access: 'Allow' });
  });
});
