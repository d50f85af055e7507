import { analyseSubject, explainSubject } from './boundary';
import { follow, linkTo, sourceOfItem } from './follow';
import type { Analysis, AnalysisOutput, ExplainSection, Where } from './types';
import type { Model, NicNode, Ref, SubnetNode, VmNode } from '../model/domain';
import type { IpConfigurationNetwork, Linked, NetworkFact, NicNetwork } from '../model/facts';
import type { SourceRef } from '../model/location';
import { isUnknown, unknown, type Maybe, type Unknown } from '../model/unknown';

/**
 * The per-VM network join: VM → NICs → (NIC NSG, IP configurations → subnet → subnet NSG, route table), written
 * as `vm.facts.network`. Only the join: whether the path lets backup traffic out is the egress analysis' verdict.
 */
export const networkAnalysis: Analysis = {
  id: 'network',
  run(model, output) {
    for (const vm of model.ofKind('vm')) {
      const network = analyseSubject(output, 'network', vm, () => networkOf(vm, model, output), (cause) => ({ nics: cause, evidence: { at: [vm.at], why: cause.reason } }));
      vm.facts = { ...vm.facts, network };
    }
  },
  explain(model, _output, where) {
    return explainNetwork(model.ofKind('vm'), where);
  },
};

function networkOf(vm: VmNode, model: Model, output: AnalysisOutput): NetworkFact {
  const evidence: SourceRef[] = [];
  const nicsVia = vm.sources['nicIds'] ?? vm.at;
  if (isUnknown(vm.nicIds)) {
    return { nics: vm.nicIds, evidence: { at: [nicsVia], why: `the VM's network interfaces are unknown: ${vm.nicIds.reason}` } };
  }
  const nics = vm.nicIds.map((ref, index): Maybe<NicNetwork> => {
    const via = sourceOfItem(vm, 'nicIds', index);
    evidence.push(via);
    const nic = follow(model, ref, 'nic', via, 'network interface');
    if (nic === null) return unknownNic(via);
    if (isUnknown(nic)) return nic;
    return nicNetwork(nic.node, via, model, output, evidence);
  });
  const resolved = nics.filter((n): n is NicNetwork => !isUnknown(n)).length;
  return {
    nics,
    evidence: { at: evidence, why: `${resolved} of ${nics.length} network interfaces joined to their subnets, NSGs and route tables` },
  };
}

function nicNetwork(nic: NicNode, via: SourceRef, model: Model, output: AnalysisOutput, evidence: SourceRef[]): NicNetwork {
  const nsgVia = nic.sources['nsgId'] ?? nic.at;
  const nsg = follow(model, nic.nsgId, 'nsg', nsgVia, 'network security group');
  if (nsg) evidence.push(nsgVia);
  const ipConfigurations = isUnknown(nic.ipConfigurations)
    ? nic.ipConfigurations
    : nic.ipConfigurations.map((config, index): IpConfigurationNetwork => {
        const subnetVia = nic.sources[`ipConfigurations.${index}.subnetId`] ?? sourceOfItem(nic, 'ipConfigurations', index);
        const subnet = followSubnet(model, output, config.subnetId, subnetVia);
        evidence.push(subnetVia);
        if (subnet === null || isUnknown(subnet)) {
          const unknownSubnet: Linked<never> = subnet === null ? null : subnet;
          return { name: config.name, subnet, subnetNsg: unknownSubnet, routeTable: unknownSubnet };
        }
        const subnetNode = subnet.node;
        const subnetNsgVia = subnetNode.sources['nsgId'] ?? subnetNode.at;
        const routeVia = subnetNode.sources['routeTableId'] ?? subnetNode.at;
        const subnetNsg = follow(model, subnetNode.nsgId, 'nsg', subnetNsgVia, 'network security group');
        const routeTable = follow(model, subnetNode.routeTableId, 'routeTable', routeVia, 'route table');
        if (subnetNsg) evidence.push(subnetNsgVia);
        if (routeTable) evidence.push(routeVia);
        return { name: config.name, subnet, subnetNsg, routeTable };
      });
  return { nic: { node: nic, label: nic.label, at: nic.at, via }, nsg, ipConfigurations };
}

/**
 * A NIC's subnet reference. Terraform users often reach a subnet declared inline in `azurerm_virtual_network` through
 * the virtual network (`tolist(azurerm_virtual_network.vnet.subnet)[0].id`), which names the network, not the
 * subnet: when that network declares exactly one inline subnet, it is that one; with several (a set, whose order
 * is not known before apply) the reference stays Unknown.
 */
function followSubnet(model: Model, output: AnalysisOutput, ref: Ref, via: SourceRef): Linked<SubnetNode> {
  const direct = follow(model, ref, 'subnet', via, 'subnet');
  if (!isUnknown(direct) || direct.kind !== 'not-in-run' || typeof ref !== 'string') return direct;
  const index = inlineSubnetsByNetwork(model, output);
  // A subnet left out of the index may be this network's: one inline subnet found may be one of two.
  if (index.failure) return unknown(`${direct.reason}, or it is a virtual network whose inline subnets the network analysis could not index (reported as BL001)`, via);
  const inline = index.byNetwork.get(ref);
  if (inline?.length !== 1) return direct;
  return linkTo(inline[0] as SubnetNode, via);
}

interface InlineSubnets {
  byNetwork: Map<string, SubnetNode[]>;
  /** Set when some subnet could not be indexed: it may belong to any network. */
  failure?: Unknown;
}

const inlineSubnetIndex = new WeakMap<Model, InlineSubnets>();

/** Inline subnets of each `azurerm_virtual_network`, by the network's address (built once per model, subnet by subnet). */
function inlineSubnetsByNetwork(model: Model, output: AnalysisOutput): InlineSubnets {
  let index = inlineSubnetIndex.get(model);
  if (!index) {
    const built: InlineSubnets = { byNetwork: new Map() };
    for (const subnet of model.ofKind('subnet')) {
      const network = analyseSubject(
        output,
        'network',
        subnet,
        () => (subnet.type === 'azurerm_virtual_network' && typeof subnet.vnetId === 'string' ? subnet.vnetId : undefined),
        (cause) => void (built.failure ??= cause),
        INLINE_NOT_INDEXED,
      );
      if (network !== undefined) built.byNetwork.set(network, [...(built.byNetwork.get(network) ?? []), subnet]);
    }
    inlineSubnetIndex.set(model, (index = built));
  }
  return index;
}

/** What a failure to index one subnet costs (see analyseSubject). */
const INLINE_NOT_INDEXED =
  "which virtual network it is declared in is not known: NICs that name their subnet through a virtual network's inline subnets are not joined, and the findings that need it are left out";

/** A VM NIC entry that names no NIC at all (an empty reference). */
function unknownNic(via: SourceRef): Unknown {
  return unknown('a network interface entry without an ID', via);
}

/** `VM app-vm-0: nic app-nic (nics.tf:12) → subnet app (network.tf:30), NSG app-nsg (network.tf:50), route table none`. */
export function explainNetwork(vms: readonly VmNode[], where: Where): ExplainSection | undefined {
  const lines = vms.flatMap((vm) => explainSubject(vm, () => explainVmNetwork(vm, where)));
  return lines.length > 0 ? { title: 'Network of each VM (VM → NIC → subnet, NSG, route table):', lines } : undefined;
}

function explainVmNetwork(vm: VmNode, where: Where): string[] {
  const lines: string[] = [];
  const fact = vm.facts?.network;
  if (!fact) return lines;
  const head = `${vmTitle(vm)} (${where(vm.at)})`;
  if (isUnknown(fact.nics)) return [`${head}: NICs unknown [${fact.nics.kind}: ${fact.nics.reason}]`];
  if (fact.nics.length === 0) return [`${head}: no network interface`];
  for (const entry of fact.nics) {
    if (isUnknown(entry)) {
      lines.push(`${head}: nic unknown [${entry.kind}: ${entry.reason}]`);
      continue;
    }
    const nic = `nic ${entry.nic.label} (${where(entry.nic.at)}), NIC NSG ${describe(entry.nsg, where)}`;
    const configs = isUnknown(entry.ipConfigurations)
      ? [`ip configurations unknown [${entry.ipConfigurations.kind}: ${entry.ipConfigurations.reason}]`]
      : entry.ipConfigurations.map(
          (c) =>
            `subnet ${describe(c.subnet, where)}, subnet NSG ${describe(c.subnetNsg, where)}, route table ${describe(c.routeTable, where)}`,
        );
    if (configs.length === 0) lines.push(`${head}: ${nic} → no ip configuration`);
    for (const config of configs) lines.push(`${head}: ${nic} → ${config}`);
  }
  return lines;
}

/** How --explain names a VM node: `VM app-vm-0`, or `scale set app-vmss` for a scale set's VM profile. */
export function vmTitle(vm: VmNode): string {
  return `${vm.isScaleSet ? 'scale set' : 'VM'} ${vm.label}`;
}

function describe(linked: Linked, where: Where): string {
  if (linked === null) return 'none';
  if (isUnknown(linked)) return `unknown [${linked.kind}: ${linked.reason}]`;
  return `${linked.label} (${where(linked.at)})`;
}
