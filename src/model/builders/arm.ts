import { buildBackupPolicy, buildProtectedItem, buildSqlVm } from './arm/backup';
import { buildExtension, buildRunCommand, buildVm } from './arm/compute';
import { buildScaleSet } from './arm/scale-set';
import { armFirewallPolicyId, buildArmFirewall, ruleCollectionGroupAllowsBackup } from './arm/firewall';
import { parentId } from './arm/ids';
import { buildInlineSubnets, buildNic, buildNsg, buildRouteTable, buildSubnet, nsgRule, route } from './arm/network';
import { nodeBase } from './base';
import type { DomainNode } from '../domain';
import type { RawResource } from '../resource';
import { joinKey, NodesById } from '../index';
import { anyAllows } from './terraform/firewall';
import { isUnknown, type Maybe } from '../unknown';

type Builder = (raw: RawResource) => DomainNode[];

/** ARM resource type (lower case) → domain node builder. Types not listed carry nothing the rules read. */
const BUILDERS: Record<string, Builder> = {
  'microsoft.compute/virtualmachines': (raw) => [buildVm(raw)],
  'microsoft.compute/virtualmachinescalesets': (raw) => buildScaleSet(raw),
  'microsoft.compute/virtualmachines/extensions': (raw) => [buildExtension(raw)],
  'microsoft.compute/virtualmachinescalesets/extensions': (raw) => [buildExtension(raw)],
  'microsoft.compute/virtualmachines/runcommands': (raw) => [buildRunCommand(raw)],
  'microsoft.network/networkinterfaces': (raw) => [buildNic(raw)],
  'microsoft.network/virtualnetworks/subnets': (raw) => [buildSubnet(raw, [], parentId(raw))],
  'microsoft.network/virtualnetworks': (raw) => buildInlineSubnets(raw),
  'microsoft.network/networksecuritygroups': (raw) => [buildNsg(raw)],
  'microsoft.network/routetables': (raw) => [buildRouteTable(raw)],
  'microsoft.network/azurefirewalls': (raw) => [buildArmFirewall(raw)],
  'microsoft.compute/availabilitysets': (raw) => [nodeBase('availabilitySet', raw)],
  'microsoft.recoveryservices/vaults': (raw) => [nodeBase('vault', raw)],
  'microsoft.recoveryservices/vaults/backuppolicies': (raw) => [buildBackupPolicy(raw)],
  'microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems': (raw) => [buildProtectedItem(raw)],
  'microsoft.sqlvirtualmachine/sqlvirtualmachines': (raw) => [buildSqlVm(raw)],
};

const SECURITY_RULE = 'microsoft.network/networksecuritygroups/securityrules';
const ROUTE = 'microsoft.network/routetables/routes';
const RULE_COLLECTION_GROUP = 'microsoft.network/firewallpolicies/rulecollectiongroups';

/** The ARM resource types (lower case) whose resources the model reads; the others become no node. */
export function armTypeRead(type: string): boolean {
  return Object.hasOwn(BUILDERS, type) || type === SECURITY_RULE || type === ROUTE || type === RULE_COLLECTION_GROUP;
}

/**
 * Maps all ARM resources of a run to domain nodes. Security rules and routes declared as resources of their own
 * are appended to their NSG / route table, wherever in the run that is declared (by the join rule of NodesById: the
 * one in their own file when several files declare it, none when several other files do).
 */
export function buildArmNodes(resources: readonly RawResource[]): DomainNode[] {
  const nodes: DomainNode[] = [];
  for (const raw of resources) {
    const type = raw.type.toLowerCase();
    if (Object.hasOwn(BUILDERS, type)) nodes.push(...BUILDERS[type]!(raw));
  }
  const byId = new NodesById(nodes);
  for (const raw of resources) {
    const type = raw.type.toLowerCase();
    if (type !== SECURITY_RULE && type !== ROUTE) continue;
    const owner = byId.get(parentId(raw), undefined, raw.file);
    if (owner?.kind === 'nsg') {
      if (Array.isArray(owner.rules)) owner.rules.push(nsgRule(raw, []));
    } else if (owner?.kind === 'routeTable') {
      if (Array.isArray(owner.routes)) owner.routes.push(route(raw, []));
    }
  }
  attachRuleCollectionGroups(resources, nodes);
  return nodes;
}

/** A policy-based firewall allows backup when one of its policy's rule collection groups in the run does. */
function attachRuleCollectionGroups(resources: readonly RawResource[], nodes: DomainNode[]): void {
  // Policy ID → file → verdicts of the rule collection groups that file declares for it.
  const verdictsByPolicy = new Map<string, Map<string, Maybe<boolean>[]>>();
  for (const raw of resources) {
    if (raw.type.toLowerCase() !== RULE_COLLECTION_GROUP) continue;
    const key = joinKey(parentId(raw));
    if (key === undefined) continue;
    const byFile = verdictsByPolicy.get(key) ?? new Map<string, Maybe<boolean>[]>();
    byFile.set(raw.file, [...(byFile.get(raw.file) ?? []), ruleCollectionGroupAllowsBackup(raw)]);
    verdictsByPolicy.set(key, byFile);
  }
  for (const node of nodes) {
    if (node.kind !== 'firewall' || !isUnknown(node.allowsBackup)) continue;
    const key = joinKey(armFirewallPolicyId(node.raw));
    const byFile = key === undefined ? undefined : verdictsByPolicy.get(key);
    // NodesById's join rule: the firewall's own file first, else the one file that has them; several other files
    // leave the verdict Unknown.
    const verdicts = byFile?.get(node.file) ?? (byFile?.size === 1 ? [...byFile.values()][0] : undefined);
    if (verdicts) node.allowsBackup = anyAllows(verdicts);
  }
}

