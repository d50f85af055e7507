import { ianaZone, localToUtc } from './time-zone';
import type { BackupPolicyNode, BackupSchedule } from '../../model/domain';
import type { BackupStart } from '../../model/facts';
import { isUnknown, unknown, type Maybe } from '../../model/unknown';

/**
 * The local days a schedule is looked at: one winter and one summer week (Monday to Sunday), so that a zone with
 * daylight saving shows both of its offsets. 2026-01-12 and 2026-07-13 are Mondays; no zone of the northern or
 * southern hemisphere changes its clocks in either week.
 */
export const REFERENCE_WEEKS: readonly string[] = [
  ...week(2026, 1, 12),
  ...week(2026, 7, 13),
];

function week(year: number, month: number, monday: number): string[] {
  return Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(year, month - 1, monday + i)).toISOString().slice(0, 10));
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** `22:00`, `2020-01-01T22:00:00Z`, `2020-01-01T22:00:00.000+00:00` → minutes after local midnight (only the time of day counts). */
export function timeOfDay(text: string): number | undefined {
  const match = /(?:^|T)([01]?\d|2[0-3]):([0-5]\d)/.exec(text.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (minutes: number) => `${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}`;

/**
 * The UTC starts of a backup policy over the reference weeks, for one VM. Daily: each day at each time; Weekly: on
 * the listed days; Hourly (Enhanced): every `interval` hours from the window start while inside the window. The
 * time zone defaults to UTC when the policy names none. Unknown when any part cannot be told; a zone that CLDR does
 * not map is Unknown too (it is never guessed).
 */
export function expandSchedule(policy: BackupPolicyNode, vmLabel: string): Maybe<BackupStart[]> {
  const schedule = policy.schedule;
  const at = policy.sources['schedule'] ?? policy.at;
  if (isUnknown(schedule)) return schedule;
  const plan = readPlan(schedule, policy.label, at);
  if (isUnknown(plan)) return plan;
  const starts: BackupStart[] = [];
  for (const date of REFERENCE_WEEKS) {
    const weekday = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] as string;
    if (plan.days && !plan.days.includes(weekday)) continue;
    for (const minute of plan.minutes) {
      const utcMs = localToUtc(date, minute, plan.iana);
      const iso = new Date(utcMs).toISOString();
      starts.push({
        vm: vmLabel,
        policy: policy.label,
        policyId: typeof policy.id === 'string' ? policy.id : policy.label,
        utc: `${iso.slice(0, 16)}Z`,
        utcTime: iso.slice(11, 16),
        epochMinute: Math.round(utcMs / 60000),
        local: `${date} ${hhmm(minute)}`,
        timeZone: plan.zone,
        ianaZone: plan.iana,
        at,
      });
    }
  }
  return starts;
}

interface Plan {
  /** Local start minutes in a day. */
  minutes: number[];
  /** Lower-case weekday names, or null for every day. */
  days: string[] | null;
  zone: string;
  iana: string;
}

function readPlan(schedule: BackupSchedule, label: string, at: BackupStart['at']): Maybe<Plan> {
  const { frequency, times, days, timeZone, hourlyIntervalHours, hourlyWindowHours } = schedule;
  for (const value of [frequency, times, days, timeZone, hourlyIntervalHours, hourlyWindowHours]) if (isUnknown(value)) return value;
  const zone = timeZone ?? 'UTC';
  const iana = ianaZone(zone as string);
  if (!iana) return unknown(`time zone '${String(zone)}' of backup policy ${label} is not a Windows time-zone ID CLDR knows`, at, 'unsupported');
  const timeTexts = times as Maybe<string>[];
  const unknownTime = timeTexts.find(isUnknown);
  if (unknownTime) return unknownTime;
  const parsed = (timeTexts as string[]).map(timeOfDay);
  if (parsed.length === 0 || parsed.some((m) => m === undefined)) return unknown(`backup policy ${label} has no readable start time`, at, 'unsupported');
  const starts = parsed as number[];
  const kind = typeof frequency === 'string' ? frequency.toLowerCase() : '';
  if (kind === 'daily') return { minutes: starts, days: null, zone: zone as string, iana };
  if (kind === 'weekly') {
    const dayList = (days ?? []) as Maybe<string>[];
    const unknownDay = dayList.find(isUnknown);
    if (unknownDay) return unknownDay;
    if (dayList.length === 0) return unknown(`weekly backup policy ${label} names no days`, at, 'unsupported');
    return { minutes: starts, days: (dayList as string[]).map((d) => d.toLowerCase()), zone: zone as string, iana };
  }
  if (kind === 'hourly') {
    const interval = hourlyIntervalHours as number | null;
    const window = hourlyWindowHours as number | null;
    if (!interval || !window || interval <= 0 || window <= 0) return unknown(`hourly backup policy ${label} has no interval or window duration`, at, 'unsupported');
    const first = starts[0] as number;
    const minutes: number[] = [];
    // Azure starts a backup every `interval` hours inside the window; the last start is before the window's end.
    for (let offset = 0; offset < window * 60 && minutes.length < 24; offset += interval * 60) minutes.push(first + offset);
    return { minutes, days: null, zone: zone as string, iana };
  }
  return unknown(`backup policy ${label} has frequency '${String(frequency)}'`, at, 'unsupported');
}
