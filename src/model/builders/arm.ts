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
  return Object.hasOwn(BUILDERS, type) || isArmChild(type);
}

/** Maps all ARM resources of a run to domain nodes: each on its own (`buildArmResourceNodes`), then `attachArmChildren`. */
export function buildArmNodes(resources: readonly RawResource[]): DomainNode[] {
  return attachArmChildren(buildArmResourceNodes(resources), resources);
}

/** The nodes each resource makes on its own, in order; children declared as resources of their own are not joined yet. */
export function buildArmResourceNodes(resources: readonly RawResource[]): DomainNode[] {
  const nodes: DomainNode[] = [];
  for (const raw of resources) {
    const type = raw.type.toLowerCase();
    if (Object.hasOwn(BUILDERS, type)) for (const node of BUILDERS[type]!(raw)) nodes.push(node);
  }
  return nodes;
}

/** Resources that become no node of their own but join one: a security rule, a route, a rule collection group. */
export function isArmChild(type: string): boolean {
  return type === SECURITY_RULE || type === ROUTE || type === RULE_COLLECTION_GROUP;
}

/** Called when joining a child (or deciding a firewall's verdict) fails: the file it is declared in, and why. */
export type JoinFailure = (file: string, error: unknown) => void;

const rethrow: JoinFailure = (_file, error) => {
  throw error;
};

/**
 * Joins the run's child resources to the run's nodes: security rules and routes declared as resources of their own
 * are appended to their NSG / route table, wherever in the run that is declared (by the join rule of NodesById: the
 * one in their own file when several files declare it, none when several other files do); rule collection groups
 * decide their firewall policy's verdict. Should reading a child fail (a bug, or a value too large), no child of its
 * file joins, and the file is told to `failed` (by default the error is thrown). Answers the nodes.
 */
export function attachArmChildren(nodes: DomainNode[], resources: readonly RawResource[], failed: JoinFailure = rethrow): DomainNode[] {
  const byId = new NodesById(nodes);
  const failedFiles = new Set<string>();
  const joins: { file: string; join: () => void }[] = [];
  const verdicts: { file: string; policy: string; verdict: Maybe<boolean> }[] = [];
  for (const raw of resources) {
    const type = raw.type.toLowerCase();
    try {
      if (type === SECURITY_RULE || type === ROUTE) {
        const owner = byId.get(parentId(raw), undefined, raw.file);
        if (owner?.kind === 'nsg' && Array.isArray(owner.rules)) {
          const [rules, rule] = [owner.rules, nsgRule(raw, [])];
          joins.push({ file: raw.file, join: () => rules.push(rule) });
        } else if (owner?.kind === 'routeTable' && Array.isArray(owner.routes)) {
          const [routes, item] = [owner.routes, route(raw, [])];
          joins.push({ file: raw.file, join: () => routes.push(item) });
        }
      } else if (type === RULE_COLLECTION_GROUP) {
        const policy = joinKey(parentId(raw));
        if (policy !== undefined) verdicts.push({ file: raw.file, policy, verdict: ruleCollectionGroupAllowsBackup(raw) });
      }
    } catch (error) {
      failedFiles.add(raw.file);
      failed(raw.file, error);
    }
  }
  for (const { file, join } of joins) if (!failedFiles.has(file)) join();
  attachRuleCollectionGroups(
    verdicts.filter(({ file }) => !failedFiles.has(file)),
    nodes,
    failed,
  );
  return nodes;
}

/** A policy-based firewall allows backup when one of its policy's rule collection groups in the run does. */
function attachRuleCollectionGroups(verdicts: readonly { file: string; policy: string; verdict: Maybe<boolean> }[], nodes: DomainNode[], failed: JoinFailure): void {
  // Policy ID → file → verdicts of the rule collection groups that file declares for it.
  const verdictsByPolicy = new Map<string, Map<string, Maybe<boolean>[]>>();
  for (const { file, policy, verdict } of verdicts) {
    const byFile = verdictsByPolicy.get(policy) ?? new Map<string, Maybe<boolean>[]>();
    byFile.set(file, [...(byFile.get(file) ?? []), verdict]);
    verdictsByPolicy.set(policy, byFile);
  }
  for (const node of nodes) {
    if (node.kind !== 'firewall' || !isUnknown(node.allowsBackup)) continue;
    try {
      const key = joinKey(armFirewallPolicyId(node.raw));
      const byFile = key === undefined ? undefined : verdictsByPolicy.get(key);
      // NodesById's join rule: the firewall's own file first, else the one file that has them; several other files
      // leave the verdict Unknown.
      const found = byFile?.get(node.file) ?? (byFile?.size === 1 ? [...byFile.values()][0] : undefined);
      if (found) node.allowsBackup = anyAllows(found);
    } catch (error) {
      failed(node.file, error);
    }
  }
}

