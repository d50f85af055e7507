import { familyOf } from '../../../formats/registry';
import type { SourceRef } from '../../location';
import type { DomainNode, FirewallNode, NsgRule, Ref, Route, SubnetNode } from '../../domain';
import type { RawResource } from '../../resource';
import { isUnknown, type Maybe } from '../../unknown';
import { anyAllows, firewallPolicyOf } from './firewall';
import { joinKey, NodesById } from '../../index';

/**
 * A parent found by Terraform's own join: the resource its name attribute refers to (`ref`, an address), else
 * the Azure name plus resource group (`azurerm_network_security_rule` names its NSG, it has no NSG ID).
 */
export interface NamedTarget {
  ref: Ref;
  name: Maybe<string | null>;
  resourceGroupName: Maybe<string | null>;
}

/**
 * Something a Terraform resource adds to another node: separate rules/routes/rule collections, and the
 * association resources. Built per file, attached by `attachPending` — again over the whole run for those
 * whose target is in another file.
 */
export type PendingAttachment = { from: RawResource; at: SourceRef } & (
  | { kind: 'nsgRules'; nsg: NamedTarget; rules: NsgRule[] }
  | { kind: 'routes'; routeTable: NamedTarget; routes: Route[] }
  | { kind: 'firewallRules'; firewall: NamedTarget; allowsBackup: Maybe<boolean> }
  | { kind: 'firewallPolicyRules'; policyId: Ref; allowsBackup: Maybe<boolean> }
  | { kind: 'subnetNsg'; subnetId: Ref; nsgId: Ref }
  | { kind: 'subnetRouteTable'; subnetId: Ref; routeTableId: Ref }
  | { kind: 'nicNsg'; nicId: Ref; nsgId: Ref }
  | { kind: 'nicAsg'; nicId: Ref; asgId: Ref }
);

/**
 * Applies each attachment to the node it targets (mutating `nodes`) and returns those whose target is not
 * among `nodes`. NSG rules / routes replace a rule list that is Unknown (azurerm computes `security_rule` /
 * `route` when they are separate resources) and are appended to a known one.
 */
export function attachPending(nodes: readonly DomainNode[], pending: readonly PendingAttachment[]): PendingAttachment[] {
  const index = new NodeIndex(nodes);
  return pending.filter((item) => !attach(index, item));
}

function attach(index: NodeIndex, item: PendingAttachment): boolean {
  switch (item.kind) {
    case 'nsgRules': {
      const nsg = index.named(item.nsg, 'nsg', item.from.file);
      if (nsg?.kind !== 'nsg') return false;
      nsg.rules = isUnknown(nsg.rules) ? [...item.rules] : [...nsg.rules, ...item.rules];
      return true;
    }
    case 'routes': {
      const table = index.named(item.routeTable, 'routeTable', item.from.file);
      if (table?.kind !== 'routeTable') return false;
      table.routes = isUnknown(table.routes) ? [...item.routes] : [...table.routes, ...item.routes];
      return true;
    }
    case 'firewallRules': {
      const firewall = index.named(item.firewall, 'firewall', item.from.file);
      if (firewall?.kind !== 'firewall') return false;
      addVerdict(firewall, item.allowsBackup);
      return true;
    }
    case 'firewallPolicyRules': {
      const firewalls = index.firewallsUsingPolicy(item.policyId);
      firewalls.forEach((firewall) => addVerdict(firewall, item.allowsBackup));
      return firewalls.length > 0;
    }
    case 'subnetNsg':
    case 'subnetRouteTable': {
      const subnet = index.subnet(item.subnetId, item.from.file);
      if (!subnet) return false;
      if (item.kind === 'subnetNsg') subnet.nsgId = item.nsgId;
      else subnet.routeTableId = item.routeTableId;
      subnet.sources[item.kind === 'subnetNsg' ? 'nsgId' : 'routeTableId'] = item.at;
      return true;
    }
    case 'nicNsg': {
      const nic = index.byRef(item.nicId, 'nic', item.from.file);
      if (nic?.kind !== 'nic') return false;
      nic.nsgId = item.nsgId;
      nic.sources['nsgId'] = item.at;
      return true;
    }
    case 'nicAsg': {
      // The association puts every IP configuration of the NIC into the group.
      const nic = index.byRef(item.nicId, 'nic', item.from.file);
      if (nic?.kind !== 'nic') return false;
      if (!isUnknown(nic.ipConfigurations)) {
        nic.ipConfigurations.forEach((config, i) => {
          config.asgIds = isUnknown(config.asgIds) ? config.asgIds : [...config.asgIds, item.asgId];
          nic.sources[`ipConfigurations.${i}.asgIds`] = item.at;
        });
      }
      return true;
    }
  }
}

function addVerdict(firewall: FirewallNode, verdict: Maybe<boolean>): void {
  const current = firewall.allowsBackup;
  firewall.allowsBackup =
    isUnknown(current) && current.kind === 'not-in-run' ? verdict : anyAllows([current, verdict]);
}

class NodeIndex {
  private readonly byId: NodesById;
  private readonly inlineSubnetsByVnet = new Map<string, SubnetNode[]>();

  constructor(private readonly nodes: readonly DomainNode[]) {
    this.byId = new NodesById(nodes);
    for (const node of nodes) {
      if (node.kind === 'subnet' && node.raw.type === 'azurerm_virtual_network' && typeof node.vnetId === 'string') {
        const key = joinKey(node.vnetId);
        this.inlineSubnetsByVnet.set(key, [...(this.inlineSubnetsByVnet.get(key) ?? []), node]);
      }
    }
  }

  /** The node of `kind` a reference written in file `from` joins (NodesById's join rule). */
  byRef(ref: Ref, kind: DomainNode['kind'], from: string): DomainNode | undefined {
    return typeof ref === 'string' ? this.byId.get(ref, kind, from) : undefined;
  }

  /** A subnet by ID/address; a reference to a virtual network with exactly one inline subnet means that subnet. */
  subnet(ref: Ref, from: string): SubnetNode | undefined {
    const direct = this.byRef(ref, 'subnet', from);
    if (direct?.kind === 'subnet') return direct;
    if (typeof ref !== 'string') return undefined;
    const inline = this.inlineSubnetsByVnet.get(joinKey(ref));
    return inline?.length === 1 ? inline[0] : undefined;
  }

  named(target: NamedTarget, kind: DomainNode['kind'], from: string): DomainNode | undefined {
    const byRef = this.byRef(target.ref, kind, from);
    if (byRef) return byRef;
    const { name, resourceGroupName } = target;
    if (typeof name !== 'string' || typeof resourceGroupName !== 'string') return undefined;
    const matches = this.nodes.filter(
      (node) =>
        node.kind === kind &&
        familyOf(node.format) === 'terraform' &&
        sameText(node.raw.values['name'], name) &&
        sameText(node.raw.values['resource_group_name'], resourceGroupName),
    );
    return matches.length === 1 ? matches[0] : undefined;
  }

  firewallsUsingPolicy(policyId: Ref): FirewallNode[] {
    if (typeof policyId !== 'string') return [];
    return this.nodes.filter(
      (node): node is FirewallNode => node.kind === 'firewall' && sameText(firewallPolicyOf(node.raw), policyId),
    );
  }
}

function sameText(value: unknown, text: string): boolean {
  return typeof value === 'string' && value.toLowerCase() === text.toLowerCase();
}

