import { findUnknown, isUnknown, type Value } from '../../model/unknown';

/**
 * Helper functions a policy expression can call by name. Each receives already evaluated arguments and
 * returns a value (an Unknown argument generally gives Unknown), or throws a TypeError with a message for
 * the policy author.
 */
export type Helper = (args: unknown[]) => unknown;

function caseMapped(map: (s: string) => string, fn: string): Helper {
  return ([value]) => {
    if (isUnknown(value) || value === null || value === undefined) return value;
    if (typeof value !== 'string') throw new TypeError(`${fn}() expects a string, got ${describeType(value)}`);
    return map(value);
  };
}

export const HELPERS: Readonly<Record<string, Helper>> = {
  /** True when the value itself is Unknown. Never Unknown. */
  isUnknown: ([value]) => isUnknown(value),
  /** True when the value contains no Unknown at any depth. Never Unknown. */
  known: ([value]) => value === undefined || findUnknown(value as Value) === undefined,
  /** The reason of an Unknown value, else undefined. */
  unknownReason: ([value]) => (isUnknown(value) ? value.reason : undefined),
  /** The kind of an Unknown value (`deploy-time-input`, `after-apply`, …: UNKNOWN_KINDS), else undefined. */
  unknownKind: ([value]) => (isUnknown(value) ? value.kind : undefined),
  /**
   * The one "absent" test (domain.ts, "Absent"): true for null (not set, no default) and undefined (an optional
   * field, `?.`, `find`), Unknown for Unknown (it may or may not be set), false for any value.
   */
  absent: ([value]) => (isUnknown(value) ? value : value === null || value === undefined),
  lower: caseMapped((s) => s.toLowerCase(), 'lower'),
  upper: caseMapped((s) => s.toUpperCase(), 'upper'),
  /** Case-insensitive equality for strings (Azure names, service tags); strict equality otherwise. */
  equalsIgnoreCase: ([a, b]) => {
    if (isUnknown(a)) return a;
    if (isUnknown(b)) return b;
    if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
    return a === b;
  },
};

export const HELPER_NAMES: ReadonlySet<string> = new Set(Object.keys(HELPERS));

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (isUnknown(value)) return 'unknown';
  return typeof value;
}
