import type { BackupSchedule, BackupScheduleDay } from '../findings/finding';
import type { BackupStart, Group } from '../model/facts';
import type { SourceRef } from '../model/location';

/** The window BL402 counts starts in when its options do not say (its policy's default). */
export const DEFAULT_WINDOW_MINUTES = 60;

/**
 * The reporter-facing backup schedule of each group with starts or unknown starts: per UTC day of the reference
 * weeks, each start time with the number of distinct VMs starting then. A protected VM's own group is left out (one
 * VM is no congestion; BL402 does not count it either). Groups come in the analyses' order.
 */
export function summariseSchedules(groups: readonly Group[], where: (at: SourceRef) => { file: string; line: number }, windowMinutes: number): BackupSchedule[] {
  const schedules: BackupSchedule[] = [];
  for (const group of groups) {
    if (group.groupKind === 'protectedVm') continue;
    const starts = group.backupStarts ?? [];
    const unknownStarts = group.unknownStarts?.length ?? 0;
    if (starts.length === 0 && unknownStarts === 0) continue;
    const { file, line } = where(group.at);
    schedules.push({ groupKind: group.groupKind, label: group.label, file, line, windowMinutes, days: byDay(starts), unknownStarts, vms: group.members.length });
  }
  return schedules;
}

/** Starts by UTC date, then by UTC time of day, counting each VM once per instant (two policies at one time: one VM). */
function byDay(starts: readonly BackupStart[]): BackupScheduleDay[] {
  const days = new Map<string, Map<string, Set<string>>>();
  for (const start of starts) {
    const date = start.utc.slice(0, 10);
    let times = days.get(date);
    if (!times) days.set(date, (times = new Map()));
    let vms = times.get(start.utcTime);
    if (!vms) times.set(start.utcTime, (vms = new Set()));
    vms.add(start.vm);
  }
  return [...days]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, times]) => ({
      date,
      starts: [...times].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([time, vms]) => ({ time, vms: vms.size })),
    }));
}
