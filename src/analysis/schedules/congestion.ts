import type { BackupStart, Group } from '../../model/facts';

/** The busiest window of a group's backup starts (BL402). */
export interface BusiestWindow {
  /** Distinct VMs starting within `windowMinutes` of the window's first start. */
  count: number;
  /** The window's first start, UTC: `YYYY-MM-DD HH:MM`, and its time of day. */
  utc: string;
  utcTime: string;
  /** The VMs, and the policies they start by (labels). */
  vms: string[];
  policies: string[];
  /** A concrete spread: move `move` VMs to a policy starting at `moveTo` (UTC time of day). */
  move: number;
  moveTo: string;
}

/**
 * The window of `windowMinutes` in which most distinct VMs of the starts begin backup; when `policyId` is given, only
 * windows holding a start of that policy count (the finding is that policy's). Starts sorted by instant, one sweep.
 * The spread keeps at most `max` per window: the VMs split into ceil(count / max) even batches, the extra batches
 * start one window plus 30 minutes later (a :00 or :30 time, as the portal and azurerm offer).
 */
export function busiestWindow(starts: readonly BackupStart[], windowMinutes: number, max: number, policyId?: string): BusiestWindow | null {
  const sorted = [...starts].sort((a, b) => a.epochMinute - b.epochMinute);
  // Sliding window [from, end): per-VM start counts and the policy's starts inside, updated as the edges move.
  const inWindow = new Map<string, number>();
  let policyStarts = 0;
  let best: { from: number; to: number; count: number } | null = null;
  let end = 0;
  for (let from = 0; from < sorted.length; from++) {
    const first = sorted[from] as BackupStart;
    while (end < sorted.length && (sorted[end] as BackupStart).epochMinute < first.epochMinute + windowMinutes) {
      const entering = sorted[end] as BackupStart;
      inWindow.set(entering.vm, (inWindow.get(entering.vm) ?? 0) + 1);
      if (entering.policyId === policyId) policyStarts++;
      end++;
    }
    if ((policyId === undefined || policyStarts > 0) && (!best || inWindow.size > best.count)) best = { from, to: end, count: inWindow.size };
    const leaving = first;
    const left = (inWindow.get(leaving.vm) ?? 1) - 1;
    if (left === 0) inWindow.delete(leaving.vm);
    else inWindow.set(leaving.vm, left);
    if (leaving.policyId === policyId) policyStarts--;
  }
  if (!best) return null;
  const window = sorted.slice(best.from, best.to);
  const first = window[0] as BackupStart;
  const vms = new Set(window.map((s) => s.vm));
  const count = vms.size;
  const batches = Math.max(1, Math.ceil(count / Math.max(1, max)));
  const perBatch = Math.ceil(count / batches);
  const later = Math.ceil((first.epochMinute + windowMinutes + 30) / 30) * 30;
  const moveTo = new Date(later * 60000).toISOString().slice(11, 16);
  return {
    count,
    utc: first.utc.slice(0, 16).replace('T', ' '),
    utcTime: first.utcTime,
    vms: [...vms].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
    policies: [...new Set(window.map((s) => s.policy))].sort(),
    move: count - perBatch,
    moveTo,
  };
}

/** Which group kind each `groupBy` option of BL402 names. */
export const GROUP_BY: Readonly<Record<string, Group['groupKind']>> = {
  'availability-set': 'availabilitySet',
  'scale-set': 'scaleSet',
  subnet: 'subnet',
  'resource-group': 'resourceGroup',
};

export interface Congestion extends BusiestWindow {
  group: Group;
  /** How messages name the group's kind (`availability set`). */
  groupType: string;
  limit: number;
  /** `vms` and `policies` as comma-separated text. */
  vmList: string;
  policyList: string;
}

const GROUP_TYPES: Readonly<Record<string, string>> = {
  availabilitySet: 'availability set',
  scaleSet: 'scale set',
  subnet: 'subnet',
  resourceGroup: 'resource group',
  vault: 'vault',
};

export interface CongestionOptions {
  groupBy: string;
  windowMinutes: number;
  maxConcurrentPerGroup: number;
  maxConcurrentPerVault: number;
}

/**
 * The first group (of the `groupBy` kind, or a vault) that the policy's starts help congest beyond its limit, or
 * null. Members whose starts are Unknown are not counted: a count of known starts above the limit is a finding
 * whatever the others do, a count below says nothing more.
 */
export function congestion(groups: readonly Group[], policyId: string, options: CongestionOptions): Congestion | null {
  const kind = GROUP_BY[options.groupBy] ?? 'availabilitySet';
  for (const group of groups) {
    if (group.groupKind !== kind && group.groupKind !== 'vault') continue;
    const limit = group.groupKind === 'vault' ? options.maxConcurrentPerVault : options.maxConcurrentPerGroup;
    const window = busiestWindow(group.backupStarts ?? [], options.windowMinutes, limit, policyId);
    if (window && window.count > limit) {
      return { ...window, group, groupType: GROUP_TYPES[group.groupKind] ?? group.groupKind, limit, vmList: window.vms.join(', '), policyList: window.policies.join(', ') };
    }
  }
  return null;
}
