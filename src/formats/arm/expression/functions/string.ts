import { isText, joinText, mapLiterals, type Text } from '../../../../model/symbolic-text';
import { isObject, isUnknown, SymbolicText, withoutSymbol, type Value } from '../../../../model/unknown';
import { fail } from '../errors';
import { deepEquals, expectArray, expectInt, expectString, expectText, toJsonText, typeName } from '../values';
import { compositeFormat, stringifyScalar } from './format';
import { ANY, carryingSymbols, fixed, ranged, type FunctionTable } from './spec';

function toText(value: Value): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return fail(`expected a string, got ${typeName(value)}`);
}

function stringOf(value: Value): Value {
  if (isText(value)) return value;
  if (Array.isArray(value) || isObject(value)) return toJsonText(value);
  return stringifyScalar(value);
}

function substring(text: string, start: number, length: number | undefined): string {
  if (start < 0 || start > text.length) fail(`start index ${start} is outside the string (length ${text.length})`);
  const count = length ?? text.length - start;
  if (count < 0 || start + count > text.length) fail(`length ${count} runs past the end of the string`);
  return text.slice(start, start + count);
}

export const STRING_FUNCTIONS: FunctionTable = {
  format: {
    minArgs: 1,
    maxArgs: ANY,
    acceptsUnknown: true,
    carriesSymbols: true,
    call: ([template, ...rest]) => (isUnknown(template) ? withoutSymbol(template) : compositeFormat(expectString(template!, 'format string'), rest)),
  },
  string: carryingSymbols(fixed(1, ([value]) => stringOf(value!))),
  // Symbols keep their identity through case changes: only the literal parts change. IDs compare
  // case-insensitively anyway; a name joined by exact case could differ from `toLower` of itself only in case.
  tolower: carryingSymbols(fixed(1, ([value]) => mapLiterals(expectText(value!, 'argument'), (text) => text.toLowerCase()))),
  toupper: carryingSymbols(fixed(1, ([value]) => mapLiterals(expectText(value!, 'argument'), (text) => text.toUpperCase()))),
  trim: fixed(1, ([value]) => expectString(value!, 'argument').trim()),
  startswith: fixed(2, ([text, prefix]) => expectString(text!, 'string').toLowerCase().startsWith(expectString(prefix!, 'prefix').toLowerCase())),
  endswith: fixed(2, ([text, suffix]) => expectString(text!, 'string').toLowerCase().endsWith(expectString(suffix!, 'suffix').toLowerCase())),
  substring: ranged(2, 3, ([text, start, length]) =>
    substring(expectString(text!, 'string'), expectInt(start!, 'start index'), length === undefined ? undefined : expectInt(length, 'length')),
  ),
  replace: fixed(3, ([text, oldText, newText]) => {
    const search = expectString(oldText!, 'old string');
    if (search === '') fail('old string must not be empty');
    return expectString(text!, 'string').split(search).join(expectString(newText!, 'new string'));
  }),
  split: fixed(2, ([text, delimiters]) => {
    const source = expectString(text!, 'string');
    const separators = Array.isArray(delimiters) ? delimiters.map((d) => expectString(d, 'delimiter')) : [expectString(delimiters!, 'delimiter')];
    let parts = [source];
    for (const separator of separators) {
      if (separator === '') continue;
      parts = parts.flatMap((part) => part.split(separator));
    }
    return parts;
  }),
  padleft: ranged(2, 3, ([value, totalLength, padding]) => {
    const pad = padding === undefined ? ' ' : expectString(padding, 'padding character');
    if (pad.length !== 1) fail('padding must be a single character');
    return toText(value!).padStart(expectInt(totalLength!, 'total length'), pad);
  }),
  lastindexof: fixed(2, ([container, item]) => {
    if (Array.isArray(container)) return arrayIndexOf(container, item!, true);
    return expectString(container!, 'string').toLowerCase().lastIndexOf(expectString(item!, 'substring').toLowerCase());
  }),
  indexof: fixed(2, ([container, item]) => {
    if (Array.isArray(container)) return arrayIndexOf(container, item!, false);
    return expectString(container!, 'string').toLowerCase().indexOf(expectString(item!, 'substring').toLowerCase());
  }),
  join: carryingSymbols(
    fixed(2, ([items, delimiter]) => {
      if (delimiter instanceof SymbolicText) return withoutSymbol(delimiter);
      const separator = expectString(delimiter!, 'delimiter');
      const parts: Text[] = [];
      for (const item of expectArray(items!, 'first argument')) {
        const text = item instanceof SymbolicText ? item : stringifyScalar(item);
        if (isUnknown(text) && !(text instanceof SymbolicText)) return text;
        parts.push(text);
      }
      return joinText(parts, separator);
    }),
  ),
};

function arrayIndexOf(items: Value[], item: Value, last: boolean): Value {
  let pending: Value | undefined;
  const order = items.map((_, i) => i);
  if (last) order.reverse();
  for (const i of order) {
    const equal = deepEquals(items[i]!, item);
    if (equal === true) return pending ?? i;
    if (equal !== false) pending ??= equal;
  }
  return pending ?? -1;
}
