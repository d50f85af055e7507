import { withProperty, type SourceRef } from '../location';
import type { RawResource } from '../resource';
import { isObject, isUnknown, unknown, type Maybe, type Value } from '../unknown';
import { materialize, memberOf } from '../deferred';

/** A value read from a raw resource: `undefined` when absent, Unknown when not knowable, and where it came from. */
export interface Read {
  value: Value | undefined;
  at: SourceRef;
}

/**
 * Reads a path of `values`, matching object keys case-insensitively (ARM property names are case-insensitive).
 * An Unknown on the way makes the result Unknown; a missing or null step makes it undefined/null. Members of ARM
 * values not evaluated yet are evaluated as the path reaches them, and the value found in full (model/deferred.ts).
 */
export function read(raw: RawResource, path: readonly (string | number)[]): Read {
  let current: Value | undefined = raw.values;
  const walked: (string | number)[] = [];
  for (const step of path) {
    if (current === undefined || current === null) break;
    if (isUnknown(current)) return located(current, raw, walked, false);
    if (typeof step === 'number') {
      current = Array.isArray(current) ? memberOf(current, step) : undefined;
      walked.push(step);
    } else if (isObject(current)) {
      const key: string | undefined = findKey(current, step);
      current = key === undefined ? undefined : memberOf(current, key);
      walked.push(key ?? step);
    } else {
      current = undefined;
    }
  }
  return located(materialize(current), raw, walked, walked.length === path.length && current !== undefined);
}

/** The value `read` finds at `path`, without recording where: no allocation on the way. */
export function valueAt(raw: RawResource, path: readonly (string | number)[]): Value | undefined {
  let current: Value | undefined = raw.values;
  for (const step of path) {
    if (current === undefined || current === null) break;
    if (isUnknown(current)) return current;
    if (typeof step === 'number') {
      current = Array.isArray(current) ? memberOf(current, step) : undefined;
    } else if (isObject(current)) {
      const key: string | undefined = findKey(current, step);
      current = key === undefined ? undefined : memberOf(current, key);
    } else {
      current = undefined;
    }
  }
  return materialize(current);
}

/**
 * Locations are computed only when a caller keeps them: most reads only want the value. A value declared at the
 * whole path is located with its property as written in the file (`provisionVMAgent`, `provision_vm_agent`).
 */
function located(value: Value | undefined, raw: RawResource, walked: (string | number)[], declared: boolean): Read {
  let at: SourceRef | undefined;
  return {
    value,
    get at() {
      if (at) return at;
      at = raw.locate(walked);
      const property = declared ? walked.findLast((step): step is string => typeof step === 'string') : undefined;
      if (property !== undefined) at = withProperty(at, property);
      return at;
    },
  };
}

export function findKey(object: { [key: string]: Value }, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(object, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(object).find((k) => k.toLowerCase() === lower);
}

/** A boolean field: the value, Unknown, or `undefined` when absent (the caller applies Azure's default). */
export function asBoolean(value: Value | undefined, what: string): Maybe<boolean> | undefined {
  if (value === undefined || value === null) return undefined;
  if (isUnknown(value) || typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return unknown(`${what} is not a boolean`);
}

export function asString(value: Value | undefined): Maybe<string | null> {
  if (value === undefined || value === null) return null;
  if (isUnknown(value) || typeof value === 'string') return value;
  return String(value);
}

export function asNumber(value: Value | undefined, what: string): Maybe<number | null> {
  if (value === undefined || value === null) return null;
  if (isUnknown(value) || typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return unknown(`${what} is not a number`);
}

/** An array field; a single value becomes a one-element array (NSG prefixes may be given either way). */
export function asArray(value: Value | undefined): Maybe<Value[]> | null {
  if (value === undefined || value === null) return null;
  if (isUnknown(value) || Array.isArray(value)) return value;
  return [value];
}

export function asStringList(value: Value | undefined): Maybe<Maybe<string>[]> | null {
  const list = asArray(value);
  if (list === null || isUnknown(list)) return list;
  return list.filter((v) => v !== null).map((v) => (isUnknown(v) ? v : String(v)));
}

/** `{ id: "..." }` sub-resource reference (ARM), or null when absent. */
export function readId(raw: RawResource, path: readonly (string | number)[]): { value: Maybe<string | null>; at: SourceRef } {
  const found = read(raw, [...path, 'id']);
  // Located only when asked, as read() does: most callers want the value only, and a firewall's policy ID is read
  // after its template was let go, when a location would mean reading the template again.
  return {
    value: asString(found.value),
    get at() {
      return found.at;
    },
  };
}

/** A list of `{ id: "..." }` sub-resource references (ARM application security groups); [] when absent. */
export function readIdList(raw: RawResource, path: readonly (string | number)[]): Maybe<Maybe<string | null>[]> {
  const list = asArray(valueAt(raw, path));
  if (list === null) return [];
  if (isUnknown(list)) return list;
  return list.map((_, index) => readId(raw, [...path, index]).value);
}

/** Case-normalises an enum value to one of `allowed` (`dynamic` → `Dynamic`); other values become Unknown. */
export function oneOf<T extends string>(value: Maybe<string | null>, allowed: readonly T[], what: string): Maybe<T | null> {
  if (value === null || isUnknown(value)) return value;
  const match = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  return match ?? unknown(`unrecognised ${what} "${value}"`);
}
