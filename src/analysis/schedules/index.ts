import { expandSchedule } from './expand';
import { analyseSubject, explainSubject } from '../boundary';
import { follow, linkTo } from '../follow';
import type { Analysis, AnalysisOutput } from '../types';
import { joinKey } from '../../model';
import type { Model, ProtectedItemNode, VaultNode, VmNode } from '../../model/domain';
import type { BackupFact, BackupStart, Group, GroupKind, Protection } from '../../model/facts';
import type { SourceRef } from '../../model/location';
import { isUnknown, SymbolicText } from '../../model/unknown';
import { DEFAULT_DEPLOYMENT_CONTEXT } from '../../formats/arm/expand';

/**
 * The protection graph and the backup schedules (DESIGN §5.3). Each protected item is joined to its VM (by
 * `sourceResourceId` / `source_vm_id`, else by its `vm;iaasvmcontainerv2;<rg>;<vm>` name), its policy and its vault;
 * the VM gets `facts.backup` with its protections and its backup starts in UTC. Groups: each vault with its protected
 * VMs, each protected VM with its items, and the protected VMs by subnet and by resource group (BL402's `groupBy`);
 * every group (availability sets and scale sets included) gets its members' starts. Each backup policy gets the
 * groups its VMs belong to. Runs after the network and groups analyses.
 */
export const schedulesAnalysis: Analysis = {
  id: 'schedules',
  run(model, output) {
    const protections = protectionsByVm(model, output);
    for (const [vm, list] of protections) {
      const backup = analyseSubject(output, 'schedules', vm, () => backupFact(list, vm), (cause) => ({ protections: list, starts: cause, evidence: { at: [vm.at], why: cause.reason } }));
      vm.facts = { ...vm.facts, backup };
    }
    const protectedVms = [...protections.keys()];
    output.groups.push(...vaultGroups(protectedVms, output), ...protectedVmGroups(protectedVms, output));
    output.groups.push(...keyedGroups(protectedVms, 'subnet', subnetOf, output), ...keyedGroups(protectedVms, 'resourceGroup', resourceGroupOf, output));
    attachStarts(model, output);
  },
  explain(model, _output, where) {
    const lines = model.ofKind('vm').flatMap((vm) =>
      explainSubject(vm, () => {
        const fact = vm.facts?.backup;
        if (!fact) return [];
        const items = fact.protections.map((p) => `item ${p.item.label} (${where(p.item.at)}) → policy ${linkText(p.policy)}, vault ${linkText(p.vault)}`);
        const starts = isUnknown(fact.starts) ? `starts unknown: ${fact.starts.reason}` : `starts (UTC) ${summarise(fact.starts)}`;
        return [`VM ${vm.label}: ${items.join('; ')}; ${starts}`];
      }),
    );
    return lines.length > 0 ? { title: 'Backup protection and schedules (UTC, winter week / summer week):', lines } : undefined;
  },
};

function linkText(link: Protection['policy'] | Protection['vault']): string {
  if (link === null) return 'none';
  return isUnknown(link) ? `(unknown: ${link.reason})` : link.label;
}

/** Distinct UTC times of day of the first (winter) and last (summer) reference days. */
function summarise(starts: readonly BackupStart[]): string {
  if (starts.length === 0) return 'none';
  const firstDay = starts[0]?.utc.slice(0, 10);
  const lastDay = starts[starts.length - 1]?.utc.slice(0, 10);
  const times = (day: string | undefined) => [...new Set(starts.filter((s) => s.utc.startsWith(day ?? '')).map((s) => s.utcTime))].join(' ');
  return `${firstDay} ${times(firstDay)} / ${lastDay} ${times(lastDay)}`;
}

/** What a failure on one VM's or group's part in the joins and groups costs (see analyseSubject). */
const NAME_NOT_INDEXED = 'its name is not known to the join of protected items to VMs: protected items that name their VM only by its name join none, and the findings that need the join are left out';
const LEFT_OUT_OF_GROUPS = 'it is left out of the groups of protected VMs (vault, subnet, resource group): BL402 does not count its backup starts';
const GROUP_LEFT_OUT = 'the group is left out: BL402 does not count its backup starts';

/**
 * The VMs of the run by name (lower case), for items that name their VM only by name. `failure` when some VM's name
 * could not be read: that VM may bear any name, so no item joins by name (a guess could join the wrong VM).
 */
interface VmsByName {
  byName: Map<string, VmNode[]>;
  failure?: unknown;
}

function vmsByName(model: Model, output: AnalysisOutput): VmsByName {
  const index: VmsByName = { byName: new Map() };
  for (const vm of model.ofKind('vm')) {
    const key = analyseSubject(
      output,
      'schedules',
      vm,
      // A protected item names a VM, never a scale set (a Flexible scale set's VMs are protected one by one).
      () => (typeof vm.name !== 'string' || vm.isScaleSet ? undefined : vm.name.toLowerCase()),
      (cause) => void (index.failure ??= cause),
      NAME_NOT_INDEXED,
    );
    if (key !== undefined) index.byName.set(key, [...(index.byName.get(key) ?? []), vm]);
  }
  return index;
}

function protectionsByVm(model: Model, output: AnalysisOutput): Map<VmNode, Protection[]> {
  const byName = vmsByName(model, output);
  const result = new Map<VmNode, Protection[]>();
  for (const item of model.ofKind('protectedItem')) {
    // An item the analysis fails on joins no VM, like one whose VM cannot be told.
    const joined = analyseSubject(output, 'schedules', item, () => protectionOf(item, model, byName), () => undefined);
    if (joined) result.set(joined.vm, [...(result.get(joined.vm) ?? []), joined.protection]);
  }
  return result;
}

/** The item joined to its VM, policy and vault; undefined when its VM is not one of the run. */
function protectionOf(item: ProtectedItemNode, model: Model, byName: VmsByName): { vm: VmNode; protection: Protection } | undefined {
  const found = vmOf(item, model, byName);
  if (!found) return undefined;
  const policyVia = item.sources['policyId'] ?? item.at;
  const vaultVia = item.sources['vaultId'] ?? item.at;
  const protection: Protection = {
    item: linkTo(item, found.via),
    policy: follow(model, item.policyId, 'backupPolicy', policyVia, 'backup policy'),
    vault: follow(model, item.vaultId, 'vault', vaultVia, 'Recovery Services vault'),
    joinedBy: found.joinedBy,
  };
  return { vm: found.vm, protection };
}

/** The item's VM by its source ID; when that is not a VM of the run, by the VM name in the item's own name. */
function vmOf(item: ProtectedItemNode, model: Model, { byName, failure }: VmsByName): { vm: VmNode; via: SourceRef; joinedBy: Protection['joinedBy'] } | undefined {
  const via = item.sources['vmId'] ?? item.at;
  const node = model.lookup(item.vmId, via.file);
  // A source ID declared by VMs of several other files: which VM is meant cannot be told, by name neither.
  if (isUnknown(node)) return undefined;
  if (node?.kind === 'vm' && !node.isScaleSet) return { vm: node, via, joinedBy: 'sourceResourceId' };
  const parsed = typeof item.name === 'string' ? /(?:^|\/)vm;iaasvmcontainer(?:v2)?;([^;/]+);([^;/]+)$/i.exec(item.name) : null;
  if (!parsed || failure !== undefined) return undefined;
  const [, rg, vmName] = parsed as unknown as [string, string, string];
  const candidates = (byName.get(vmName.toLowerCase()) ?? []).filter((vm) => {
    const group = resourceGroupOf(vm);
    return group === undefined || group.toLowerCase() === rg.toLowerCase();
  });
  // Two VMs of that name that the resource group cannot tell apart: no join rather than a guess.
  if (candidates.length !== 1) return undefined;
  return { vm: candidates[0] as VmNode, via: item.at, joinedBy: 'name' };
}

function backupFact(protections: Protection[], vm: VmNode): BackupFact {
  const starts: BackupStart[] = [];
  let unknownStarts: BackupFact['starts'] | undefined;
  for (const p of protections) {
    if (p.policy === null) continue;
    if (isUnknown(p.policy)) {
      unknownStarts ??= p.policy;
      continue;
    }
    const expanded = expandSchedule(p.policy.node, vm.label);
    if (isUnknown(expanded)) unknownStarts ??= expanded;
    else starts.push(...expanded);
  }
  return {
    protections,
    starts: unknownStarts ?? starts.sort((a, b) => a.epochMinute - b.epochMinute),
    evidence: {
      at: protections.flatMap((p) => [p.item.via, ...(p.policy && !isUnknown(p.policy) ? [p.policy.at] : [])]),
      why: `${protections.length} protected item(s) name this VM`,
    },
  };
}

function groupOf(groupKind: GroupKind, id: string, label: string, anchor: Group['anchor'], members: VmNode[], at: SourceRef, why: string): Group {
  return { kind: 'group', groupKind, id, label, anchor, members, at, file: at.file, evidence: { at: [at], why } };
}

function vaultGroups(vms: readonly VmNode[], output: AnalysisOutput): Group[] {
  const byVault = new Map<VaultNode, { vault: VaultNode; members: Set<VmNode> }>();
  for (const vm of vms) {
    const vaults = analyseSubject(output, 'schedules', vm, () => vaultsOf(vm), () => [], LEFT_OUT_OF_GROUPS);
    for (const vault of vaults) {
      // By the vault node, not its ID: one ID declared in two templates is two vaults (see NodesById).
      const entry = byVault.get(vault) ?? { vault, members: new Set<VmNode>() };
      entry.members.add(vm);
      byVault.set(vault, entry);
    }
  }
  return [...byVault.values()].flatMap(({ vault, members }) =>
    analyseSubject(
      output,
      'schedules',
      vault,
      () => [groupOf('vault', joinKey(vault.id) ?? vault.label, vault.label, vault, [...members], vault.at, `${members.size} protected VMs in vault ${vault.label}`)],
      () => [],
      GROUP_LEFT_OUT,
    ),
  );
}

function vaultsOf(vm: VmNode): VaultNode[] {
  return (vm.facts?.backup?.protections ?? []).flatMap((p) => (p.vault === null || isUnknown(p.vault) ? [] : [p.vault.node]));
}

/** A VM the analysis fails on here has no group of its items: BL405 is not checked on it. */
function protectedVmGroups(vms: readonly VmNode[], output: AnalysisOutput): Group[] {
  return vms.flatMap((vm) =>
    analyseSubject(
      output,
      'schedules',
      vm,
      () => {
        const items = vm.facts?.backup?.protections ?? [];
        const group = groupOf('protectedVm', joinKey(vm.id) ?? vm.label, vm.label, vm, [vm], vm.at, `${items.length} protected item(s) name VM ${vm.label}`);
        group.items = items;
        group.evidence.at.push(...items.map((p) => p.item.at));
        return [group];
      },
      () => [],
    ),
  );
}

/** Groups of protected VMs sharing a key (their subnet, their resource group); a VM whose key is unknown joins none. */
function keyedGroups(vms: readonly VmNode[], groupKind: GroupKind, keyOf: (vm: VmNode) => string | undefined, output: AnalysisOutput): Group[] {
  const groups = new Map<string, VmNode[]>();
  for (const vm of vms) {
    const fullKey = analyseSubject(
      output,
      'schedules',
      vm,
      () => {
        const key = keyOf(vm);
        if (key === undefined) return undefined;
        // A subnet ID declared in two templates is two subnets (see NodesById): the subnet's file is part of its key.
        // The stand-in resource group of a template deployed without one (no `context.resourceGroup` configured) is
        // that template's own: two templates need not deploy to the same group.
        const file = groupKind === 'subnet' ? `\u0000${subnetNodeOf(vm)?.file ?? ''}` : groupKind === 'resourceGroup' && isStandIn(key) ? `\u0000${vm.file}` : '';
        return key.toLowerCase() + file;
      },
      () => undefined,
      LEFT_OUT_OF_GROUPS,
    );
    if (fullKey !== undefined) groups.set(fullKey, [...(groups.get(fullKey) ?? []), vm]);
  }
  return [...groups].flatMap(([fullKey, members]) =>
    analyseSubject(
      output,
      'schedules',
      members[0] as VmNode,
      () => {
        const key = fullKey.split('\u0000')[0] as string;
        const subnet = groupKind === 'subnet' ? subnetNodeOf(members[0] as VmNode) : null;
        const label = subnet?.label ?? (groupKind === 'resourceGroup' && isStandIn(key) ? `(where ${(members[0] as VmNode).file} is deployed)` : (key.split('/').pop() as string));
        return [groupOf(groupKind, key, label, subnet ?? null, members, subnet?.at ?? (members[0] as VmNode).at, `${members.length} protected VMs in ${groupKind} ${label}`)];
      },
      () => [],
      GROUP_LEFT_OUT,
    ),
  );
}

/** The subnet of the VM's primary NIC's first IP configuration, from the network fact. */
function subnetNodeOf(vm: VmNode) {
  const nics = vm.facts?.network?.nics;
  if (!nics || isUnknown(nics)) return undefined;
  const nic = nics[0];
  if (!nic || isUnknown(nic) || isUnknown(nic.ipConfigurations)) return undefined;
  const subnet = nic.ipConfigurations[0]?.subnet;
  return subnet && !isUnknown(subnet) ? subnet.node : undefined;
}

function subnetOf(vm: VmNode): string | undefined {
  const subnet = subnetNodeOf(vm);
  return subnet ? joinKey(subnet.id) : undefined;
}

/** The resource group name expansion uses when the run names none: not a group the templates share. */
function isStandIn(resourceGroup: string): boolean {
  return resourceGroup.toLowerCase() === DEFAULT_DEPLOYMENT_CONTEXT.resourceGroup.toLowerCase();
}

/** The resource group of an ARM VM ID (`/subscriptions/…/resourceGroups/<rg>/…`); undefined when the ID is not known. */
function resourceGroupOf(vm: VmNode): string | undefined {
  const id = vm.id instanceof SymbolicText ? undefined : typeof vm.id === 'string' ? vm.id : undefined;
  const match = id ? /\/resourceGroups\/([^/]+)\//i.exec(id) : null;
  return match ? match[1] : undefined;
}

/** Each group gets its members' starts; each policy the groups of the VMs it protects. */
function attachStarts(model: Model, output: AnalysisOutput): void {
  const groupsByPolicy = new Map<string, Group[]>();
  for (const group of output.groups) {
    // A group the analysis fails on here counts no starts, for no policy: BL402 does not count it.
    const { starts, unknownMembers, policyIds } = analyseSubject(output, 'schedules', group, () => startsOf(group), () => ({ starts: [], unknownMembers: [], policyIds: [] }), GROUP_LEFT_OUT);
    group.backupStarts = starts;
    group.unknownStarts = unknownMembers;
    for (const policyId of policyIds) groupsByPolicy.set(policyId, [...(groupsByPolicy.get(policyId) ?? []), group]);
  }
  for (const policy of model.ofKind('backupPolicy')) {
    const groups = analyseSubject(
      output,
      'schedules',
      policy,
      () => groupsByPolicy.get(typeof policy.id === 'string' ? policy.id : policy.label) ?? [],
      () => [],
      'BL402 counts none of its backup starts',
    );
    policy.facts = { groups };
  }
}

function startsOf(group: Group): { starts: BackupStart[]; unknownMembers: string[]; policyIds: Iterable<string> } {
  const starts: BackupStart[] = [];
  const unknownMembers: string[] = [];
  for (const vm of group.members) {
    const fact = vm.facts?.backup;
    if (!fact) continue;
    if (isUnknown(fact.starts)) unknownMembers.push(vm.label);
    else starts.push(...fact.starts);
  }
  starts.sort((a, b) => a.epochMinute - b.epochMinute);
  return { starts, unknownMembers, policyIds: group.groupKind === 'protectedVm' ? [] : new Set(starts.map((s) => s.policyId)) };
}
