import { knownPrefixes, privateAddressesOf } from './addresses';
import { allowRule, type AllowTarget } from './fix';
import { formatAddress, parseAddressOrPrefix, prefixContains, type IpPrefix } from '../../model/address';
import { analyseSubject, explainSubject } from '../boundary';
import { follow } from '../follow';
import { vmTitle } from '../network';
import { evaluateNsg, type NsgRuleDecision } from './nsg';
import { isNonPublic, normalizeRegion, type Destination, type Flow, type FlowSource } from './match';
import { storageRoute } from './routes';
import type { Analysis, AnalysisOutput, ExplainSection, Where } from '../types';
import type { FirewallNode, Model, NicNode, NsgNode, SubnetNode, VmNode } from '../../model/domain';
import type { EgressFact, EgressPath, EgressProblem, EgressProxy, IpConfigurationNetwork, Linked, NicNetwork } from '../../model/facts';
import type { SourceRef } from '../../model/location';
import { isUnknown, unknown, type Maybe, type Unknown } from '../../model/unknown';

/**
 * The egress verdict (DESIGN §5.1): reads `vm.facts.network` and writes `vm.facts.egress`: whether the NSGs, the
 * subnet's route and an appliance on it let TCP 443 reach Azure Storage, or, when the guest uses a proxy, whether
 * the VM reaches the proxy and the proxy VM reaches out. Runs after the network analysis.
 */
export const egressAnalysis: Analysis = {
  id: 'egress',
  run(model, output) {
    const vms = model.ofKind('vm');
    const direct = new Map<VmNode, DirectVerdict>();
    for (const vm of vms) direct.set(vm, analyseSubject(output, 'egress', vm, () => directVerdict(vm, model, output), (cause) => allUnknown(cause, cause.reason)));
    const vmByAddress = vmsByPrivateAddress(vms, output);
    const subnetPrefixes = subnetPrefixIndex(model.ofKind('subnet'), output);
    for (const vm of vms) {
      const fact = analyseSubject(output, 'egress', vm, () => egressFact(vm, direct, subnetPrefixes, vmByAddress), unknownEgress);
      vm.facts = { ...vm.facts, egress: fact };
      recordSources(vm, fact);
    }
  },
  explain(model, _output, where) {
    return explainEgress(model.ofKind('vm'), where);
  },
};

/** The VM's egress fact from its direct verdict, or from its proxies' paths when the guest uses a proxy. */
function egressFact(vm: VmNode, direct: Map<VmNode, DirectVerdict>, subnetPrefixes: SubnetPrefixes, vmByAddress: AddressIndex): EgressFact {
  const verdict = direct.get(vm) as DirectVerdict;
  const proxy = proxyOf(vm);
  const fact: EgressFact = {
    proxy,
    nsgBlocked: whenDirect(proxy, verdict.nsg),
    routeBlackholed: whenDirect(proxy, verdict.route),
    applianceUnverified: whenDirect(proxy, verdict.appliance),
    // A proxy that cannot be told (unreadable guest text) leaves BL104 as undecided as BL101-BL103.
    proxyBlocked: proxy !== null && isUnknown(proxy) ? proxy : null,
    paths: verdict.paths,
    evidence: { at: verdict.paths.flatMap((p) => p.steps.map((s) => s.at)).filter((at) => at.file !== ''), why: verdict.why },
  };
  if (proxy !== null && !isUnknown(proxy)) {
    // Every proxy the guest names is followed: which one the backup extension uses is not told, so the path is
    // blocked only when all of them are.
    const verdicts = proxiesOf(vm).map((each) => proxyPathVerdict(vm, each, subnetPrefixes, vmByAddress, direct));
    fact.proxyBlocked = allBlocked(verdicts.map((v) => v.problem));
    fact.paths = [...fact.paths, ...verdicts.flatMap((v) => v.paths)];
  }
  return fact;
}

/** The egress fact of a VM the analysis failed on: every verdict Unknown, so BL101-BL104 stay silent on it. */
function unknownEgress(cause: Unknown): EgressFact {
  return { proxy: cause, nsgBlocked: cause, routeBlackholed: cause, applianceUnverified: cause, proxyBlocked: cause, paths: [], evidence: { at: [], why: cause.reason } };
}

interface DirectVerdict {
  nsg: Maybe<EgressProblem | null>;
  route: Maybe<EgressProblem | null>;
  appliance: Maybe<EgressProblem | null>;
  paths: EgressPath[];
  why: string;
}

/** One IP configuration's verdicts, before they are combined over the VM's NICs. */
interface PathVerdict {
  nsg: Maybe<EgressProblem | null>;
  route: Maybe<EgressProblem | null>;
  appliance: Maybe<EgressProblem | null>;
  path: EgressPath;
}

function directVerdict(vm: VmNode, model: Model, output: AnalysisOutput): DirectVerdict {
  const network = vm.facts?.network;
  if (!network) return allUnknown(unknown('the network analysis did not run', vm.at), 'no network fact');
  if (isUnknown(network.nics)) return allUnknown(network.nics, `the VM's network interfaces are unknown`);
  const region = regionOf(vm);
  const destination: Destination = { kind: 'storage', region };
  const verdicts: PathVerdict[] = [];
  const unknownNics: Unknown[] = [];
  for (const entry of network.nics) {
    if (isUnknown(entry)) {
      unknownNics.push(entry);
      continue;
    }
    if (isUnknown(entry.ipConfigurations)) {
      unknownNics.push(entry.ipConfigurations);
      continue;
    }
    entry.ipConfigurations.forEach((config, index) => {
      const path: EgressPath = { from: fromText(entry, config, index), steps: [] };
      const flow: Flow = { protocol: 'Tcp', port: 443, source: flowSource(entry.nic.node, config, index), destination };
      const nsg = nsgStages(entry, config, flow, path, 'outbound 443 to Storage', undefined);
      const { route, appliance } = routeStage(config, region, path, model, output);
      verdicts.push({ nsg, route, appliance, path });
    });
  }
  const paths = verdicts.map((v) => v.path);
  const combine = (pick: (v: PathVerdict) => Maybe<EgressProblem | null>) => combineOverPaths([...verdicts.map(pick), ...unknownNics]);
  return {
    nsg: combine((v) => v.nsg),
    route: combine((v) => v.route),
    appliance: combine((v) => v.appliance),
    paths,
    why: `${paths.length} NIC path(s) to Azure Storage evaluated${unknownNics.length ? `, ${unknownNics.length} unknown` : ''}`,
  };
}

function allUnknown(cause: Unknown, why: string): DirectVerdict {
  return { nsg: cause, route: cause, appliance: cause, paths: [], why };
}

/** A problem holds for the VM when every NIC path has it; any path without it clears it; else Unknown. */
export function combineOverPaths(verdicts: readonly Maybe<EgressProblem | null>[]): Maybe<EgressProblem | null> {
  if (verdicts.length === 0) return null;
  if (verdicts.some((v) => v === null)) return null;
  const unknownOne = verdicts.find(isUnknown);
  if (unknownOne) return unknownOne;
  return verdicts[0] as EgressProblem;
}

function whenDirect(proxy: Maybe<EgressProxy | null>, verdict: Maybe<EgressProblem | null>): Maybe<EgressProblem | null> {
  if (proxy === null) return verdict;
  if (isUnknown(proxy)) return proxy;
  return null;
}

/** NIC NSG, then subnet NSG: both must allow; a deny in either blocks, even when the other is unknown. */
function nsgStages(
  entry: NicNetwork,
  config: IpConfigurationNetwork,
  flow: Flow,
  path: EgressPath,
  what: string,
  target: AllowTarget | undefined,
): Maybe<EgressProblem | null> {
  const subnetLabel = isUnknown(config.subnet) || config.subnet === null ? 'its subnet' : `subnet ${config.subnet.label}`;
  const stages: [string, Linked<NsgNode>, string][] = [
    ['NIC NSG', entry.nsg, `NIC ${entry.nic.label}`],
    ['subnet NSG', config.subnetNsg, subnetLabel],
  ];
  let result: Maybe<EgressProblem | null> = null;
  for (const [role, linked, on] of stages) {
    const verdict = nsgStage(role, linked, on, flow, path, what, target);
    if (verdict !== null && !isUnknown(verdict)) return verdict;
    if (isUnknown(verdict) && result === null) result = verdict;
  }
  return result;
}

function nsgStage(
  role: string,
  linked: Linked<NsgNode>,
  on: string,
  flow: Flow,
  path: EgressPath,
  what: string,
  target: AllowTarget | undefined,
): Maybe<EgressProblem | null> {
  if (linked === null) {
    path.steps.push({ text: `${role}: none (allowed)`, at: unknownAt });
    return null;
  }
  if (isUnknown(linked)) {
    path.steps.push({ text: `${role}: unknown [${linked.kind}: ${linked.reason}]`, at: linked.at ?? unknownAt });
    return linked;
  }
  const decision = evaluateNsg(linked.node, flow);
  if (isUnknown(decision)) {
    path.steps.push({ text: `${role} ${linked.label}: unknown [${decision.kind}: ${decision.reason}]`, at: decision.at ?? linked.at });
    return decision;
  }
  path.steps.push({ text: `${role} ${linked.label}: ${decision.access} by ${ruleText(decision)}`, at: decision.at });
  if (decision.access === 'Allow') return null;
  return {
    text: `${what} is denied by ${ruleText(decision)} of NSG ${linked.label} on ${on}`,
    at: decision.at,
    fix: allowRule(linked.node, decision.priority, target),
  };
}

const unknownAt: SourceRef = { file: '' };

function ruleText(decision: NsgRuleDecision): string {
  return `${decision.rule} (priority ${decision.priority}${decision.isDefault ? ', default rule' : ''})`;
}

/** The subnet's route for Storage: BL102 (None), BL103 (appliance or gateway without evidence), or nothing. */
function routeStage(
  config: IpConfigurationNetwork,
  region: string | null,
  path: EgressPath,
  model: Model,
  output: AnalysisOutput,
): { route: Maybe<EgressProblem | null>; appliance: Maybe<EgressProblem | null> } {
  const both = (v: Maybe<EgressProblem | null>) => ({ route: v, appliance: v });
  const linked = config.routeTable;
  if (linked === null) {
    path.steps.push({ text: 'route table: none (system route to the Internet)', at: unknownAt });
    return both(null);
  }
  if (isUnknown(linked)) {
    path.steps.push({ text: `route table: unknown [${linked.kind}: ${linked.reason}]`, at: linked.at ?? unknownAt });
    return both(linked);
  }
  const subnet = config.subnet as { node: SubnetNode };
  const endpoint = storageServiceEndpoint(subnet.node);
  if (endpoint !== false) {
    if (isUnknown(endpoint)) return both(endpoint);
    path.steps.push({ text: `subnet service endpoint Microsoft.Storage: Storage traffic does not follow route table ${linked.label}`, at: subnet.node.sources['serviceEndpoints'] ?? subnet.node.at });
    return both(null);
  }
  const route = storageRoute(linked.node, region);
  if (isUnknown(route)) {
    path.steps.push({ text: `route table ${linked.label}: unknown [${route.kind}: ${route.reason}]`, at: route.at ?? linked.at });
    return both(route);
  }
  if (route === null) {
    path.steps.push({ text: `route table ${linked.label}: no route covers Storage (system route to the Internet)`, at: linked.at });
    return both(null);
  }
  const hop = isUnknown(route.nextHopType) ? route.nextHopType : route.nextHopType.toLowerCase();
  const name = String(route.name);
  const routeText = `route ${name} (${String(route.prefix)} → ${isUnknown(route.nextHopType) ? 'unknown' : route.nextHopType}${typeof route.nextHopIp === 'string' ? ` ${route.nextHopIp}` : ''}) of route table ${linked.label}`;
  path.steps.push({ text: `route table ${linked.label}: ${routeText}`, at: route.at });
  if (isUnknown(hop)) return both(hop);
  if (hop === 'internet') return both(null);
  if (hop === 'none') {
    return {
      route: {
        text: `traffic to Azure Storage is dropped by ${routeText}`,
        at: route.at,
        fix: `Remove route ${name} or send ${String(route.prefix)} to the Internet or to a firewall that allows Azure Backup; or add the Microsoft.Storage service endpoint to the subnet.`,
      },
      appliance: null,
    };
  }
  if (hop === 'virtualappliance' || hop === 'virtualnetworkgateway') {
    const appliance = applianceVerdict(route.nextHopIp, hop, routeText, route.at, model, output);
    if (appliance !== null && !isUnknown(appliance)) path.steps.push({ text: `appliance: ${appliance.text}`, at: appliance.at });
    else if (appliance === null) path.steps.push({ text: 'appliance: an Azure Firewall of the model allows backup', at: route.at });
    return { route: null, appliance };
  }
  return both(unknown(`route ${name} sends Storage traffic to next hop ${String(route.nextHopType)}, which the linter does not follow`, route.at));
}

function storageServiceEndpoint(subnet: SubnetNode): Maybe<boolean> {
  if (isUnknown(subnet.serviceEndpoints)) return subnet.serviceEndpoints;
  const matches = subnet.serviceEndpoints.map((e) => (isUnknown(e) ? e : /^microsoft\.storage(\.global)?$/i.test(e.trim())));
  if (matches.some((m) => m === true)) return true;
  return matches.find(isUnknown) ?? false;
}

/** An appliance lets backup out when it is an Azure Firewall of the model (by private IP) with a rule that allows it. */
function applianceVerdict(nextHopIp: Maybe<string | null>, hop: string, routeText: string, at: SourceRef, model: Model, output: AnalysisOutput): Maybe<EgressProblem | null> {
  const unverified = (why: string): EgressProblem => ({
    text: `traffic to Azure Storage goes through ${routeText}, and ${why}`,
    at,
    fix: 'Allow Azure Backup on the appliance (Azure Firewall: an application rule with FQDN tag AzureBackup, or a network rule for TCP 443 to the Storage service tag), or add the Microsoft.Storage service endpoint to the subnet; if the appliance is managed outside these templates, disable BL103 for this VM.',
  });
  if (hop === 'virtualnetworkgateway') return unverified('nothing in the templates shows the gateway lets backup traffic out');
  if (isUnknown(nextHopIp)) return nextHopIp;
  if (nextHopIp === null) return unverified('the route names no appliance address');
  const hopAddress = parseAddressOrPrefix(nextHopIp);
  if (!hopAddress) return unknown(`next hop ${nextHopIp} is not an address`, at);
  let undecided: Unknown | undefined;
  for (const firewall of model.ofKind('firewall')) {
    // A firewall the analysis fails on may be the appliance: undecided, like one whose address is not known.
    const said = analyseSubject(output, 'egress', firewall, () => firewallVerdict(firewall, hopAddress, model, unverified), (cause): FirewallVerdict => ({ isIt: cause }), NOT_TOLD_APPLIANCE);
    if ('verdict' in said) return said.verdict;
    if (isUnknown(said.isIt)) undecided ??= said.isIt;
  }
  if (undecided) return undecided;
  return unverified(`nothing in the templates shows the appliance at ${nextHopIp} lets backup traffic out`);
}

const NOT_TOLD_APPLIANCE = "whether it is the appliance a route sends Storage traffic to is not known: the BL103 checks of VMs behind an appliance are left out unless another firewall is that appliance";

/** One firewall on the appliance at a hop: not it (false), perhaps it (Unknown), or it, with its verdict on backup. */
type FirewallVerdict = { isIt: false | Unknown } | { verdict: Maybe<EgressProblem | null> };

function firewallVerdict(firewall: FirewallNode, hop: IpPrefix, model: Model, unverified: (why: string) => EgressProblem): FirewallVerdict {
  const isIt = isApplianceAt(firewall, hop, model);
  if (isIt !== true) return { isIt };
  if (isUnknown(firewall.allowsBackup)) return { verdict: firewall.allowsBackup };
  if (firewall.allowsBackup) return { verdict: null };
  return { verdict: unverified(`Azure Firewall ${firewall.label} has no rule that allows backup (FQDN tag AzureBackup, or TCP 443 to Storage)`) };
}

/**
 * Whether a firewall of the model is the appliance at `hop`: its private IP is the hop, or its subnet
 * (AzureFirewallSubnet) holds the hop. Unknown when neither its address nor its subnet's prefixes are known.
 */
function isApplianceAt(firewall: FirewallNode, hop: IpPrefix, model: Model): Maybe<boolean> {
  if (typeof firewall.privateIp === 'string') {
    const own = parseAddressOrPrefix(firewall.privateIp);
    if (own && own.family === hop.family && own.address === hop.address) return true;
  }
  const subnet = follow(model, firewall.subnetId, 'subnet', firewall.sources['subnetId'] ?? firewall.at, 'subnet');
  if (subnet !== null && !isUnknown(subnet)) {
    const prefixes = subnet.node.prefixes;
    if (!isUnknown(prefixes) && prefixes.length > 0 && prefixes.every((p) => !isUnknown(p))) {
      return prefixes.some((p) => {
        const parsed = parseAddressOrPrefix(p as string);
        return parsed !== undefined && parsed.family === hop.family && prefixContains(parsed, hop);
      });
    }
  }
  if (typeof firewall.privateIp === 'string') return false;
  return unknown(`whether Azure Firewall ${firewall.label} is the appliance at ${formatPrefixText(hop)} is not known (its address and its subnet's prefixes are not known)`, firewall.at, isUnknown(firewall.privateIp) ? firewall.privateIp.kind : 'not-evaluated');
}

function formatPrefixText(prefix: IpPrefix): string {
  return formatAddress({ family: prefix.family, value: prefix.address });
}

/** The NIC's own address (if static and written) and its subnet's prefixes: what NSG source prefixes are held to. */
function flowSource(nic: NicNode, config: IpConfigurationNetwork, index: number): FlowSource {
  const addresses: Maybe<IpPrefix>[] = [];
  const configuration = isUnknown(nic.ipConfigurations) ? undefined : nic.ipConfigurations[index];
  const ip = configuration?.privateIp;
  if (isUnknown(ip)) addresses.push(ip);
  else if (typeof ip === 'string' && ip !== '') {
    const parsed = parseAddressOrPrefix(ip);
    addresses.push(parsed ?? unknown(`address ${ip} does not parse`));
  }
  const subnetPrefixes: Maybe<IpPrefix>[] = [];
  if (config.subnet !== null && !isUnknown(config.subnet)) {
    const prefixes = config.subnet.node.prefixes;
    if (isUnknown(prefixes)) subnetPrefixes.push(prefixes);
    else for (const p of prefixes) subnetPrefixes.push(isUnknown(p) ? p : parseAddressOrPrefix(p) ?? unknown(`subnet prefix ${p} does not parse`));
  }
  return { addresses, subnetPrefixes, asgIds: configuration?.asgIds ?? unknown('the NIC\'s IP configurations are unknown') };
}

function fromText(entry: NicNetwork, config: IpConfigurationNetwork, index: number): string {
  const name = typeof config.name === 'string' ? config.name : `#${index + 1}`;
  return `nic ${entry.nic.label}, ip configuration ${name}`;
}

function regionOf(vm: VmNode): string | null {
  const location = vm.raw.values['location'];
  return typeof location === 'string' && location !== '' ? normalizeRegion(location) : null;
}

/**
 * The proxy the guest uses, from the guest analysis' fact (`vm.facts.guest.proxies`), which runs before this one.
 * No guest fact means the VM has no guest text: no proxy. When the guest names several, the first is the one
 * shown (`--explain`, the egress fact); BL104 follows them all (`proxiesOf`).
 */
export function proxyOf(vm: VmNode): Maybe<EgressProxy | null> {
  const guest = vm.facts?.guest;
  if (!guest) return null;
  if (isUnknown(guest.proxies)) return guest.proxies;
  return proxiesOf(vm)[0] ?? null;
}

/** The distinct proxies (host and port) the guest names, in the order they were found. */
function proxiesOf(vm: VmNode): EgressProxy[] {
  const proxies = vm.facts?.guest?.proxies;
  if (!Array.isArray(proxies)) return [];
  const distinct = new Map<string | object, EgressProxy>();
  for (const { host, port, observation } of proxies) {
    const key = isUnknown(host) || isUnknown(port) ? {} : `${host}:${String(port)}`;
    if (!distinct.has(key)) distinct.set(key, { host, port, at: observation.at });
  }
  return [...distinct.values()];
}

/** Blocked when every proxy path is: the first problem; none when one path is open; else the first Unknown. */
function allBlocked(problems: readonly Maybe<EgressProblem | null>[]): Maybe<EgressProblem | null> {
  if (problems.length === 0 || problems.some((problem) => problem === null)) return null;
  return problems.find((problem) => isUnknown(problem)) ?? problems[0]!;
}

/** BL104: VM → proxy through both NSGs on every NIC path, then the proxy VM's own egress when it is in the model. */
function proxyPathVerdict(
  vm: VmNode,
  proxy: EgressProxy,
  subnetPrefixes: SubnetPrefixes,
  vmByAddress: AddressIndex,
  direct: Map<VmNode, DirectVerdict>,
): { problem: Maybe<EgressProblem | null>; paths: EgressPath[] } {
  if (isUnknown(proxy.host)) return { problem: proxy.host, paths: [] };
  if (isUnknown(proxy.port)) return { problem: proxy.port, paths: [] };
  const address = parseAddressOrPrefix(proxy.host);
  if (!address) return { problem: unknown(`proxy ${proxy.host} is a host name: its address is not known offline`, proxy.at), paths: [] };
  if (proxy.port === null) return { problem: unknown(`proxy ${proxy.host} has no port written`, proxy.at), paths: [] };
  const inVirtualNetwork: Maybe<boolean> = subnetPrefixes.prefixes.some((p) => p.family === address.family && prefixContains(p, address))
    ? true
    : subnetPrefixes.failure
      ? unknown(`whether ${proxy.host} is in the virtual network is not known: the egress analysis failed on a subnet's address prefixes (reported as BL001)`, subnetPrefixes.failure.at)
      : isNonPublic(address)
      ? unknown(`whether ${proxy.host} is in the virtual network is not known`)
      : false;
  const destination: Destination = { kind: 'address', address, inVirtualNetwork };
  const target: AllowTarget = { name: 'Allow_Proxy', destination: proxy.host, port: proxy.port };
  const network = vm.facts?.network;
  if (!network || isUnknown(network.nics)) return { problem: network ? (network.nics as Unknown) : null, paths: [] };
  const verdicts: Maybe<EgressProblem | null>[] = [];
  const paths: EgressPath[] = [];
  for (const entry of network.nics) {
    if (isUnknown(entry) || isUnknown(entry.ipConfigurations)) {
      verdicts.push(isUnknown(entry) ? entry : (entry.ipConfigurations as Unknown));
      continue;
    }
    entry.ipConfigurations.forEach((config, index) => {
      const path: EgressPath = { from: `${fromText(entry, config, index)} → proxy ${proxy.host}:${proxy.port}`, steps: [] };
      const flow: Flow = { protocol: 'Tcp', port: proxy.port as number, source: flowSource(entry.nic.node, config, index), destination };
      verdicts.push(nsgStages(entry, config, flow, path, `outbound ${String(proxy.port)} to proxy ${String(proxy.host)}`, target));
      paths.push(path);
    });
  }
  const toProxy = combineOverPaths(verdicts);
  if (toProxy !== null) return { problem: toProxy, paths };
  const proxyVm = vmByAddress.lookup(address.address.toString(), proxy.host);
  if (isUnknown(proxyVm)) return { problem: proxyVm, paths };
  if (!proxyVm || proxyVm === vm) return { problem: null, paths };
  const own = direct.get(proxyVm);
  const blocked = own && (own.nsg ?? own.route);
  if (!blocked || isUnknown(blocked)) return { problem: blocked && isUnknown(blocked) ? blocked : null, paths };
  return {
    problem: { text: `the proxy VM ${proxyVm.label} (${proxy.host}) has no egress itself: ${blocked.text}`, at: blocked.at, fix: blocked.fix },
    paths,
  };
}

/** What a failure to index one resource for the proxy check costs (see analyseSubject). */
const ADDRESSES_NOT_INDEXED = 'its private addresses are not known to the proxy check: the BL104 checks of VMs whose proxy may be it are left out';
const PREFIXES_NOT_INDEXED = "its address prefixes are not known to the proxy check: the BL104 checks that need to know whether a proxy is in the virtual network are left out";

/**
 * The VMs of the run by private address (the last VM declaring an address wins). Should indexing a VM's addresses
 * fail, that VM may hold any address: a lookup is then Unknown unless it finds a VM indexed after it, which that VM
 * could not have displaced.
 */
interface AddressIndex {
  /** `shown`: the address as the guest writes it, for the Unknown's reason. */
  lookup(address: string, shown: string): Maybe<VmNode | undefined>;
}

function vmsByPrivateAddress(vms: readonly VmNode[], output: AnalysisOutput): AddressIndex {
  const byAddress = new Map<string, { vm: VmNode; order: number }>();
  let lastFailed = -1;
  let failure: Unknown | undefined;
  vms.forEach((vm, order) => {
    const addresses = analyseSubject(
      output,
      'egress',
      vm,
      () => privateAddressesOf(vm),
      (cause): string[] => {
        failure ??= cause;
        lastFailed = order;
        return [];
      },
      ADDRESSES_NOT_INDEXED,
    );
    for (const address of addresses) byAddress.set(address, { vm, order });
  });
  return {
    lookup(address, shown) {
      const found = byAddress.get(address);
      if (!failure || (found && found.order > lastFailed)) return found?.vm;
      return unknown(`whether ${shown} is the address of a VM of the run is not known: the egress analysis failed on a VM's addresses (reported as BL001)`, failure.at);
    },
  };
}

/** The known prefixes of the run's subnets; `failure` when some subnet's could not be read (then they may hold any address). */
interface SubnetPrefixes {
  prefixes: IpPrefix[];
  failure?: Unknown;
}

function subnetPrefixIndex(subnets: readonly SubnetNode[], output: AnalysisOutput): SubnetPrefixes {
  const index: SubnetPrefixes = { prefixes: [] };
  for (const subnet of subnets) {
    const known = analyseSubject(
      output,
      'egress',
      subnet,
      () => knownPrefixes(subnet),
      (cause): IpPrefix[] => {
        index.failure ??= cause;
        return [];
      },
      PREFIXES_NOT_INDEXED,
    );
    for (const prefix of known) index.prefixes.push(prefix);
  }
  return index;
}

/** Each problem's deciding line becomes the source of its fact field, so `at: facts.egress.nsgBlocked` finds it. */
function recordSources(vm: VmNode, fact: EgressFact): void {
  for (const key of ['nsgBlocked', 'routeBlackholed', 'applianceUnverified', 'proxyBlocked'] as const) {
    const problem = fact[key];
    if (problem !== null && !isUnknown(problem)) vm.sources[`facts.egress.${key}`] = problem.at;
  }
}

const PROBLEMS = [
  ['nsgBlocked', 'BL101'],
  ['routeBlackholed', 'BL102'],
  ['applianceUnverified', 'BL103'],
  ['proxyBlocked', 'BL104'],
] as const;

/** `VM app: nic app-nic, ip configuration ipconfig1: NIC NSG none (allowed); subnet NSG app-nsg: Deny by … (file:line)`. */
export function explainEgress(vms: readonly VmNode[], where: Where): ExplainSection | undefined {
  const lines = vms.flatMap((vm) => explainSubject(vm, () => explainVmEgress(vm, where)));
  return lines.length > 0 ? { title: 'Egress of each VM to Azure Storage (TCP 443; NIC NSG, subnet NSG, route, appliance, proxy):', lines } : undefined;
}

function explainVmEgress(vm: VmNode, where: Where): string[] {
  const lines: string[] = [];
  const fact = vm.facts?.egress;
  if (!fact) return lines;
  const head = vmTitle(vm);
  if (isUnknown(fact.proxy)) lines.push(`${head}: proxy unknown [${fact.proxy.kind}: ${fact.proxy.reason}]`);
  else if (fact.proxy !== null) {
    const proxies = proxiesOf(vm).map((p) => `${String(p.host)}:${String(p.port)} (${where(p.at)})`);
    lines.push(`${head}: ${proxies.length > 1 ? 'proxies' : 'proxy'} ${proxies.join(', ')}`);
  }
  for (const path of fact.paths) {
    lines.push(`${head}: ${path.from}: ${path.steps.map((s) => (s.at.file ? `${s.text} (${where(s.at)})` : s.text)).join('; ')}`);
  }
  const verdicts = PROBLEMS.map(([key, rule]) => {
    const value = fact[key];
    return `${rule} ${value === null ? 'ok' : isUnknown(value) ? `unknown [${value.kind}]` : 'PROBLEM'}`;
  });
  const uniform = vm.orchestrationMode === 'Uniform' ? ' (Uniform scale set: Azure Backup cannot protect its instances, the rules stay silent)' : '';
  lines.push(`${head}: verdict ${verdicts.join(', ')}${uniform}`);
  return lines;
}
