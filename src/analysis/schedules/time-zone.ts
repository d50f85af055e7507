// Required on first use: CLDR's table loads only for a run whose backup policies name a time zone.
const windowsIana = () => require('windows-iana') as typeof import('windows-iana');

/**
 * Backup policies name their time zone by Windows ID (`Pacific Standard Time`); CLDR's windowsZones table (the
 * windows-iana package) maps it to IANA zones and `Intl` (full ICU in Node) gives the offset on each day, daylight
 * saving included. Azure Backup does not adjust a policy for DST: the local time stays, the UTC time moves.
 */

/** The IANA zone of a Windows time-zone ID (case-insensitive), or undefined when CLDR does not know it. */
export function ianaZone(windowsId: string): string | undefined {
  const trimmed = windowsId.trim();
  const { findIana } = windowsIana();
  const direct = findIana(trimmed as Parameters<typeof findIana>[0]);
  const zones = direct.length > 0 ? direct : findIana(canonicalWindowsId(trimmed) as Parameters<typeof findIana>[0]);
  const zone = zones.find(isSupportedZone);
  return zone;
}

let windowsIds: Map<string, string> | undefined;
function canonicalWindowsId(id: string): string {
  windowsIds ??= new Map(windowsIana().WINDOWS_TO_IANA_MAP.map((entry) => [entry.windowsName.toLowerCase(), entry.windowsName as string]));
  return windowsIds.get(id.toLowerCase()) ?? id;
}

/** Every Windows time-zone ID CLDR maps (for tests: each must convert). */
export function windowsZoneIds(): string[] {
  return [...new Set(windowsIana().WINDOWS_TO_IANA_MAP.map((entry) => entry.windowsName as string))];
}

const supported = new Map<string, boolean>();
function isSupportedZone(zone: string): boolean {
  let ok = supported.get(zone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      ok = true;
    } catch {
      ok = false;
    }
    supported.set(zone, ok);
  }
  return ok;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC in minutes at an instant (UTC+9 → 540, PDT → -420). */
export function offsetMinutes(zone: string, epochMs: number): number {
  const parts = Object.fromEntries(formatter(zone).formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60000);
}

/**
 * The UTC instant (epoch ms) of local time `minuteOfDay` on the local date `date` (`YYYY-MM-DD`) in `zone`.
 * Two passes settle the offset around a DST change; a local time that does not exist (in the spring gap) comes out
 * shifted by the gap, as clocks do.
 */
export function localToUtc(date: string, minuteOfDay: number, zone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d, 0, minuteOfDay);
  const first = naive - offsetMinutes(zone, naive) * 60000;
  return naive - offsetMinutes(zone, first) * 60000;
}
