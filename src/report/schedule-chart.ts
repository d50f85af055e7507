import type { BackupSchedule, BackupScheduleDay } from '../findings/finding';
import type { GroupKind } from '../model/facts';

/** Most groups charted; the others are counted in a line. */
export const MAX_CHARTS = 10;
/** Most bars in one chart (an hourly policy over many VMs can make many start times). */
export const MAX_BARS = 96;

const KIND_NAMES: Readonly<Record<GroupKind, string>> = {
  availabilitySet: 'Availability set',
  scaleSet: 'Scale set',
  subnet: 'Subnet',
  resourceGroup: 'Resource group',
  vault: 'Recovery Services vault',
  protectedVm: 'VM',
};
const KIND_ORDER: readonly GroupKind[] = ['availabilitySet', 'scaleSet', 'subnet', 'resourceGroup', 'vault', 'protectedVm'];

/**
 * The Markdown section charting the backup start times of each group, or '' when no group has a known start. Each
 * group gets a table of its UTC days and start times (with the VMs starting at each) and a Mermaid `gantt` chart: one
 * section per set of days sharing the same starts, one bar per start time as long as BL402's window, named by how
 * many VMs start then. The groups with the busiest start time come first; at most `MAX_CHARTS` of them, and at most
 * `maxBytes` in all (charts that do not fit are counted as left out).
 */
export function scheduleSection(schedules: readonly BackupSchedule[], maxBytes: number, markdown: { code: (text: string) => string; cell: (text: string) => string }): string {
  const charted = schedules.filter((s) => s.days.length > 0).sort(byBusiest);
  if (charted.length === 0) return '';
  const onlyUnknown = schedules.length - charted.length;
  const head = [
    '',
    '### Backup start times (UTC)',
    '',
    `When the VMs of each group start backup over a winter and a summer reference week, in UTC. Each bar is one start time, as long as BL402's window; its name says how many VMs start then.`,
    '',
  ].join('\n');
  const parts = [head];
  let bytes = byteLength(head);
  const reserve = 200;
  let shown = 0;
  for (const schedule of charted.slice(0, MAX_CHARTS)) {
    const chart = groupChart(schedule, markdown);
    if (bytes + byteLength(chart) + reserve > maxBytes) break;
    parts.push(chart);
    bytes += byteLength(chart);
    shown++;
  }
  const notes: string[] = [];
  if (charted.length > shown) notes.push(`${count(charted.length - shown, 'more group')} with backup starts not charted.`);
  if (onlyUnknown > 0) notes.push(`${count(onlyUnknown, 'group')} with only VMs whose backup starts are unknown.`);
  if (notes.length > 0) parts.push(`\n_${notes.join(' ')}_\n`);
  return parts.join('');
}

function groupChart(schedule: BackupSchedule, markdown: { code: (text: string) => string; cell: (text: string) => string }): string {
  const kind = KIND_NAMES[schedule.groupKind];
  const profiles = sameDays(schedule.days);
  const unknown = schedule.unknownStarts > 0 ? `; ${schedule.unknownStarts} with unknown starts (not charted)` : '';
  const lines = [
    '',
    `#### ${kind} \`${markdown.code(schedule.label)}\` (\`${markdown.code(schedule.file)}:${schedule.line}\`)`,
    '',
    `${count(schedule.vms, 'VM')}${unknown}; busiest start: ${count(peak(schedule), 'VM')} at once.`,
    '',
    '| UTC days | Start times (VMs starting) |',
    '|---|---|',
    ...profiles.map((p) => `| ${p.label} | ${p.starts.map((s) => `${s.time} (${s.vms})`).join(', ')} |`),
    '',
    '```mermaid',
    'gantt',
    `  title ${kind} ${mermaidText(schedule.label)} - backup starts, UTC`,
    '  dateFormat HH:mm',
    '  axisFormat %H:%M',
    '  todayMarker off',
  ];
  let bars = 0;
  for (const profile of profiles) {
    if (bars >= MAX_BARS) break;
    lines.push(`  section ${profile.label}`);
    for (const start of profile.starts) {
      if (bars++ >= MAX_BARS) break;
      lines.push(`  ${count(start.vms, 'VM')} : ${start.time}, ${schedule.windowMinutes}m`);
    }
  }
  lines.push('```', '');
  const total = profiles.reduce((n, p) => n + p.starts.length, 0);
  if (total > MAX_BARS) lines.push(`_The chart shows the first ${MAX_BARS} of ${total} start times; the table lists them all._`, '');
  return lines.join('\n');
}

/** Days with the same starts together, labelled by their runs of consecutive dates (`2026-01-12 to 2026-01-18`). */
function sameDays(days: readonly BackupScheduleDay[]): { label: string; starts: BackupScheduleDay['starts'] }[] {
  const groups = new Map<string, { dates: string[]; starts: BackupScheduleDay['starts'] }>();
  for (const day of days) {
    const key = day.starts.map((s) => `${s.time}=${s.vms}`).join(' ');
    const group = groups.get(key);
    if (group) group.dates.push(day.date);
    else groups.set(key, { dates: [day.date], starts: day.starts });
  }
  return [...groups.values()].map(({ dates, starts }) => ({ label: runs(dates).join(', '), starts }));
}

function runs(dates: readonly string[]): string[] {
  const result: string[] = [];
  let first = dates[0] as string;
  let last = first;
  const next = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  for (const date of dates.slice(1)) {
    if (date === next(last)) {
      last = date;
      continue;
    }
    result.push(first === last ? first : `${first} to ${last}`);
    first = last = date;
  }
  result.push(first === last ? first : `${first} to ${last}`);
  return result;
}

function peak(schedule: BackupSchedule): number {
  return Math.max(0, ...schedule.days.flatMap((d) => d.starts.map((s) => s.vms)));
}

function byBusiest(a: BackupSchedule, b: BackupSchedule): number {
  return (
    peak(b) - peak(a) ||
    KIND_ORDER.indexOf(a.groupKind) - KIND_ORDER.indexOf(b.groupKind) ||
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line
  );
}

/**
 * A name from the repository inside a Mermaid gantt line: only letters, digits, spaces and `._-/+,@=` are kept, the
 * rest (`:` ends a task name, `#` and `;` break gantt text, `%%` starts a comment, quotes, brackets, backticks that
 * would close the code fence, controls) become `_`; at most 80 characters. The exact name is in the heading above.
 */
export function mermaidText(text: string): string {
  const kept = text.replace(/[^\p{L}\p{N} ._\-/+,@=]/gu, '_');
  return kept.length > 80 ? `${kept.slice(0, 80)}…` : kept;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
