import { isObject, isUnknown, type Value } from '../../../../model/unknown';
import { parseJsonWithSingleQuotes } from '../../../json/parse';
import { fail } from '../errors';
import { expectArray, expectString, getMember, typeName, type JsonObject } from '../values';
import { ANY, fixed, type FunctionTable } from './spec';

/** ARM's `json()` accepts comments, trailing commas (Bicep's `loadJsonContent` output keeps them) and single quotes (Json.NET). */
export function parseJsonFunction(text: string): Value {
  const parsed = parseJsonWithSingleQuotes(text);
  return parsed.ok ? (parsed.value as Value) : fail(`argument is not valid JSON (${parsed.message})`);
}

function tryGet(value: Value, keys: Value[]): Value {
  let current: Value = value;
  for (const key of keys) {
    if (isUnknown(current)) return current;
    if (current === null) return null;
    if (Array.isArray(current) && typeof key === 'number') {
      current = key >= 0 && key < current.length ? current[key]! : null;
    } else if (isObject(current) && typeof key === 'string') {
      current = getMember(current, key) ?? null;
    } else {
      return null;
    }
  }
  return current;
}

export const OBJECT_FUNCTIONS: FunctionTable = {
  createobject: {
    minArgs: 0,
    maxArgs: ANY,
    acceptsUnknown: true,
    call: (args) => {
      if (args.length % 2 !== 0) fail('needs an even number of arguments');
      const result: JsonObject = {};
      for (let i = 0; i < args.length; i += 2) {
        const key = args[i]!;
        if (isUnknown(key)) return key;
        result[expectString(key, 'key')] = args[i + 1]!;
      }
      return result;
    },
  },
  json: fixed(1, ([text]) => parseJsonFunction(expectString(text!, 'argument'))),
  null: fixed(0, () => null),
  objectkeys: fixed(1, ([value]) => {
    if (!isObject(value!)) fail(`expected an object, got ${typeName(value!)}`);
    return Object.keys(value);
  }),
  items: fixed(1, ([value]) => {
    if (!isObject(value!)) fail(`expected an object, got ${typeName(value!)}`);
    return Object.keys(value)
      .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0))
      .map((key) => ({ key, value: value[key]! }));
  }),
  shallowmerge: fixed(1, ([value]) => {
    const result: JsonObject = {};
    for (const item of expectArray(value!, 'argument')) {
      if (isUnknown(item)) return item;
      if (!isObject(item)) fail(`every element must be an object, got ${typeName(item)}`);
      Object.assign(result, item);
    }
    return result;
  }),
  tryget: {
    minArgs: 2,
    maxArgs: ANY,
    acceptsUnknown: true,
    call: ([value, ...keys]) => {
      const unknownKey = keys.find(isUnknown);
      if (unknownKey) return unknownKey;
      return tryGet(value!, keys);
    },
  },
};

