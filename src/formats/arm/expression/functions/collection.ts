import { concatText, type Text } from '../../../../model/symbolic-text';
import { isObject, SymbolicText, type Unknown, type Value } from '../../../../model/unknown';
import { fail } from '../errors';
import { deepEquals, expectArray, expectInt, expectString, getMember, typeName, type JsonObject } from '../values';
import { stringifyScalar } from './format';
import { ANY, fixed, type FunctionTable } from './spec';

/** Functions that work on strings, arrays and objects alike. */

function concat(args: Value[]): Value {
  const nonNull = args.filter((arg) => arg !== null);
  if (nonNull.length > 0 && nonNull.every(Array.isArray)) return ([] as Value[]).concat(...(nonNull as Value[][]));
  const texts: Text[] = [];
  for (const arg of nonNull) {
    if (Array.isArray(arg) || isObject(arg)) fail(`cannot concatenate ${typeName(arg)} with strings`);
    texts.push(arg instanceof SymbolicText ? arg : (stringifyScalar(arg) as string));
  }
  return concatText(texts);
}

function contains(container: Value, item: Value): Value {
  if (Array.isArray(container)) {
    let pending: Unknown | undefined;
    for (const element of container) {
      const equal = deepEquals(element, item);
      if (equal === true) return true;
      if (equal !== false) pending ??= equal;
    }
    return pending ?? false;
  }
  if (isObject(container)) return getMember(container, expectString(item, 'key')) !== undefined;
  if (typeof container === 'string') {
    if (typeof item !== 'string' && typeof item !== 'number') fail(`cannot search a string for ${typeName(item)}`);
    return container.includes(String(item));
  }
  return fail(`cannot search ${typeName(container)}`);
}

function length(value: Value): number {
  if (value === null) return 0;
  if (Array.isArray(value) || typeof value === 'string') return value.length;
  if (isObject(value)) return Object.keys(value).length;
  return fail(`cannot take the length of ${typeName(value)}`);
}

function empty(value: Value): boolean {
  return value === null || length(value) === 0;
}

function slice(value: Value, count: number, fromStart: boolean): Value {
  const n = Math.max(0, count);
  if (Array.isArray(value) || typeof value === 'string') return fromStart ? value.slice(0, n) : value.slice(n);
  if (value === null) return null;
  return fail(`expected an array or string, got ${typeName(value)}`);
}

function endItem(value: Value, last: boolean): Value {
  if (Array.isArray(value)) return value.length === 0 ? null : value[last ? value.length - 1 : 0]!;
  if (typeof value === 'string') return value.length === 0 ? '' : value[last ? value.length - 1 : 0]!;
  if (value === null) return null;
  return fail(`expected an array or string, got ${typeName(value)}`);
}

/** Objects merge recursively (later values win, keys case-insensitive); everything else is replaced. */
function mergeObjects(target: JsonObject, source: JsonObject): JsonObject {
  const result: JsonObject = { ...target };
  for (const key of Object.keys(source)) {
    const existingKey = Object.keys(result).find((k) => k.toLowerCase() === key.toLowerCase()) ?? key;
    const previous = result[existingKey];
    const next = source[key]!;
    result[existingKey] = previous !== undefined && isObject(previous) && isObject(next) ? mergeObjects(previous, next) : next;
  }
  return result;
}

function union(args: Value[]): Value {
  if (args.every(Array.isArray)) {
    const result: Value[] = [];
    for (const array of args as Value[][]) {
      for (const item of array) {
        const seen = result.some((existing) => deepEquals(existing, item) === true);
        if (!seen) result.push(item);
      }
    }
    return result;
  }
  if (args.every(isObject)) return (args as JsonObject[]).reduce((merged, next) => mergeObjects(merged, next), {});
  return fail('arguments must be all arrays or all objects');
}

function intersection(args: Value[]): Value {
  if (args.every(Array.isArray)) {
    const [first, ...rest] = args as Value[][];
    const result: Value[] = [];
    for (const item of first!) {
      const inAll = rest.every((other) => other.some((candidate) => deepEquals(candidate, item) === true));
      if (inAll && !result.some((existing) => deepEquals(existing, item) === true)) result.push(item);
    }
    return result;
  }
  if (args.every(isObject)) {
    const [first, ...rest] = args as JsonObject[];
    const result: JsonObject = {};
    for (const key of Object.keys(first!)) {
      const inAll = rest.every((other) => {
        const candidate = getMember(other, key);
        return candidate !== undefined && deepEquals(candidate, first![key]!) === true;
      });
      if (inAll) result[key] = first![key]!;
    }
    return result;
  }
  return fail('arguments must be all arrays or all objects');
}

/** `tryIndexFromEnd(null, n)` is null: Bicep compiles safe-access chains (`a.?b[^1]`) to it. */
function indexFromEnd(value: Value, position: number, tolerant: boolean): Value {
  if (tolerant && value === null) return null;
  const items = expectArray(value, 'first argument');
  if (position < 1 || position > items.length) return tolerant ? null : fail(`index ${position} from the end is out of range`);
  return items[items.length - position]!;
}

export const COLLECTION_FUNCTIONS: FunctionTable = {
  concat: { minArgs: 0, maxArgs: ANY, carriesSymbols: true, call: concat },
  contains: fixed(2, ([container, item]) => contains(container!, item!)),
  length: fixed(1, ([value]) => length(value!)),
  empty: fixed(1, ([value]) => empty(value!)),
  first: fixed(1, ([value]) => endItem(value!, false)),
  last: fixed(1, ([value]) => endItem(value!, true)),
  take: fixed(2, ([value, count]) => slice(value!, expectInt(count!, 'count'), true)),
  skip: fixed(2, ([value, count]) => slice(value!, expectInt(count!, 'count'), false)),
  union: { minArgs: 1, maxArgs: ANY, call: union },
  intersection: { minArgs: 2, maxArgs: ANY, call: intersection },
  indexfromend: fixed(2, ([value, position]) => indexFromEnd(value!, expectInt(position!, 'index'), false)),
  tryindexfromend: fixed(2, ([value, position]) => indexFromEnd(value!, expectInt(position!, 'index'), true)),
};

