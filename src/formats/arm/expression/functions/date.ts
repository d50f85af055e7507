import { fail } from '../errors';
import { expectInt, expectString } from '../values';
import { ranged, fixed, type FunctionTable } from './spec';

const DURATION = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

function parseDate(text: string): Date {
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
  if (Number.isNaN(date.getTime())) fail(`'${text}' is not a date-time`);
  return date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * ARM adds a duration as a fixed time span, not by the calendar: a year is 365 days and a month 30 days
 * (`dateTimeAdd('2024-01-01 00:00:00Z', 'P1Y')` is 2024-12-31, Azure/bicep#12853 and #8188).
 */
function addDuration(base: Date, duration: string): Date {
  const match = DURATION.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) fail(`'${duration}' is not an ISO 8601 duration`);
  const sign = match[1] ? -1 : 1;
  const n = (i: number) => Number(match[i] ?? 0);
  const days = n(2) * 365 + n(3) * 30 + n(4) * 7 + n(5);
  const milliseconds = days * DAY_MS + ((n(6) * 60 + n(7)) * 60 + n(8)) * 1000;
  const result = new Date(base.getTime() + sign * milliseconds);
  if (Number.isNaN(result.getTime())) fail(`'${duration}' takes the date out of range`);
  return result;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** A subset of .NET custom date formats; the default is the round-trip-like `yyyy-MM-ddTHH:mm:ssZ`. */
function formatDate(date: Date, format: string | undefined): string {
  if (format === undefined || format === 'u' || format === 's' || format === 'o' || format === 'O') {
    return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}Z`;
  }
  const tokens: Record<string, () => string> = {
    yyyy: () => pad(date.getUTCFullYear(), 4),
    yy: () => pad(date.getUTCFullYear() % 100),
    MM: () => pad(date.getUTCMonth() + 1),
    M: () => String(date.getUTCMonth() + 1),
    dd: () => pad(date.getUTCDate()),
    d: () => String(date.getUTCDate()),
    HH: () => pad(date.getUTCHours()),
    H: () => String(date.getUTCHours()),
    mm: () => pad(date.getUTCMinutes()),
    m: () => String(date.getUTCMinutes()),
    ss: () => pad(date.getUTCSeconds()),
    s: () => String(date.getUTCSeconds()),
  };
  return format.replace(/yyyy|yy|MM|M|dd|d|HH|H|mm|m|ss|s/g, (token) => tokens[token]!());
}

export const DATE_FUNCTIONS: FunctionTable = {
  datetimeadd: ranged(2, 3, ([base, duration, format]) =>
    formatDate(addDuration(parseDate(expectString(base!, 'base time')), expectString(duration!, 'duration')), format === undefined ? undefined : expectString(format, 'format')),
  ),
  datetimefromepoch: fixed(1, ([seconds]) => formatDate(new Date(expectInt(seconds!, 'epoch time') * 1000), undefined)),
  datetimetoepoch: fixed(1, ([text]) => Math.floor(parseDate(expectString(text!, 'date-time')).getTime() / 1000)),
};
