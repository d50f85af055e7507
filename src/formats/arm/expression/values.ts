import type { Text } from '../../../model/symbolic-text';
import { findUnknown, isObject, isUnknown, SymbolicText, withoutSymbol, type Unknown, type Value } from '../../../model/unknown';
import { fail } from './errors';

export type JsonObject = { [key: string]: Value };

export function typeName(value: Value): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (isUnknown(value)) return 'unknown';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(value) ? 'int' : 'float';
    case 'boolean':
      return 'bool';
    default:
      return 'object';
  }
}

export function expectString(value: Value, what: string): string {
  if (typeof value !== 'string') fail(`${what} must be a string, got ${typeName(value)}`);
  return value;
}

/** A string, or symbolic text (for functions that carry symbols, see `FunctionSpec.carriesSymbols`). */
export function expectText(value: Value, what: string): Text {
  return value instanceof SymbolicText ? value : expectString(value, what);
}

/** Every argument as text (`argument 1`, `argument 2`… in errors). */
export function textArguments(args: readonly Value[]): Text[] {
  return args.map((arg, i) => expectText(arg, `argument ${i + 1}`));
}

export function expectInt(value: Value, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${what} must be an integer, got ${typeName(value)}`);
  return Math.trunc(value);
}

export function expectBool(value: Value, what: string): boolean {
  if (typeof value !== 'boolean') fail(`${what} must be a boolean, got ${typeName(value)}`);
  return value;
}

export function expectArray(value: Value, what: string): Value[] {
  if (!Array.isArray(value)) fail(`${what} must be an array, got ${typeName(value)}`);
  return value;
}

const DEPLOYED_STATE = Symbol('deployedState');

/**
 * Marks an object returned by `reference()`: a member it lacks is runtime state (`principalId`, `ipAddress`)
 * that only the deployment knows, not a template error. The mark is invisible to JSON and key listing.
 */
export function markDeployedState<T extends JsonObject>(object: T): T {
  Object.defineProperty(object, DEPLOYED_STATE, { value: true, enumerable: false });
  return object;
}

/** A copy of a value whose objects, at any depth, are marked as deployed state (see `markDeployedState`). */
export function markDeployedStateDeep(value: Value): Value {
  if (Array.isArray(value)) return value.map(markDeployedStateDeep);
  if (!isObject(value)) return value;
  const copy: JsonObject = {};
  for (const key of Object.keys(value)) copy[key] = markDeployedStateDeep(value[key]!);
  return markDeployedState(copy);
}

export function isDeployedState(object: JsonObject): boolean {
  return (object as { [DEPLOYED_STATE]?: boolean })[DEPLOYED_STATE] === true;
}

/** Object member lookup as ARM does it: exact key first, then case-insensitively. */
export function getMember(object: JsonObject, name: string): Value | undefined {
  if (Object.prototype.hasOwnProperty.call(object, name)) return object[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(object)) {
    if (key.toLowerCase() === lower) return object[key];
  }
  return undefined;
}

/** Deep JSON equality; Unknown when an Unknown decides the outcome. Strings compare case-sensitively. */
export function deepEquals(a: Value, b: Value): boolean | Unknown {
  if (isUnknown(a)) return withoutSymbol(a);
  if (isUnknown(b)) return withoutSymbol(b);
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    let pending: Unknown | undefined;
    for (let i = 0; i < a.length; i++) {
      const equal = deepEquals(a[i]!, b[i]!);
      if (equal === false) return false;
      if (equal !== true) pending ??= equal;
    }
    return pending ?? true;
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    let pending: Unknown | undefined;
    for (const key of keys) {
      const other = getMember(b, key);
      if (other === undefined) return false;
      const equal = deepEquals(a[key]!, other);
      if (equal === false) return false;
      if (equal !== true) pending ??= equal;
    }
    return pending ?? true;
  }
  return false;
}

/** First Unknown directly or deeply inside a value; a symbol as a plain Unknown (it stands for the whole value). */
export function firstUnknown(value: Value): Unknown | undefined {
  const found = findUnknown(value);
  return found && withoutSymbol(found);
}

/** Compact JSON as ARM's `string()` renders objects and arrays. */
export function toJsonText(value: Value): string | Unknown {
  const missing = firstUnknown(value);
  return missing ?? JSON.stringify(value);
}
