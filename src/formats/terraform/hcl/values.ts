import { findUnknown, isObject, isUnknown, type Unknown, type Value } from '../../../model/unknown';

/** An error Terraform itself would report while evaluating (wrong type, missing key…). `try()` catches it. */
export class EvalError extends Error {}

export function typeName(value: Value): string {
  if (value === null) return 'null';
  if (isUnknown(value)) return 'unknown';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

/** First Unknown anywhere in the values, so callers can propagate it with its original reason. */
export function firstUnknown(values: readonly Value[]): Unknown | undefined {
  for (const value of values) {
    const found = findUnknown(value);
    if (found) return found;
  }
  return undefined;
}

export function deepEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]!));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k]!, b[k]!));
  }
  return false;
}

/** Terraform's automatic conversion of a primitive to string (templates, string functions). */
export function asString(value: Value, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  throw new EvalError(`${what}: expected a string, got ${typeName(value)}`);
}

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toFixed(0) : String(value);
}

export function asNumber(value: Value, what: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  throw new EvalError(`${what}: expected a number, got ${typeName(value)}`);
}

export function asBool(value: Value, what: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new EvalError(`${what}: expected a bool, got ${typeName(value)}`);
}

export function asList(value: Value, what: string): Value[] {
  if (Array.isArray(value)) return value;
  throw new EvalError(`${what}: expected a list, got ${typeName(value)}`);
}

export function asMap(value: Value, what: string): { [key: string]: Value } {
  if (isObject(value)) return value;
  throw new EvalError(`${what}: expected a map, got ${typeName(value)}`);
}

/** `(key, value)` pairs of a list (index keys) or map (sorted keys, as Terraform iterates). */
export function entriesOf(collection: Value, what: string): [string | number, Value][] {
  if (Array.isArray(collection)) return collection.map((v, i) => [i, v]);
  if (isObject(collection)) return Object.keys(collection).sort().map((k) => [k, collection[k]!]);
  throw new EvalError(`${what}: cannot iterate over ${typeName(collection)}`);
}
