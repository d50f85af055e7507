import { concatText, type Text } from '../../../../model/symbolic-text';
import { isObject, isUnknown, SymbolicText, withoutSymbol, type Unknown, type Value } from '../../../../model/unknown';
import { fail } from '../errors';
import { firstUnknown } from '../values';

/**
 * ARM's rendering of a value inside a string (`concat`, `format`, `string`): .NET `ToString()` conventions.
 * Symbols come out as plain Unknowns: callers that carry symbols handle them before.
 */
export function stringifyScalar(value: Value): string | Unknown {
  if (isUnknown(value)) return withoutSymbol(value);
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  return firstUnknown(value) ?? JSON.stringify(value);
}

/**
 * .NET composite formatting as used by ARM `format()`: `{0}`, `{0,5}`, `{0:N2}`, `{{` and `}}`.
 * A symbolic argument is inserted as it is; aligned, its padding would depend on its unknown length.
 */
export function compositeFormat(template: string, args: Value[]): Text | Unknown {
  const pieces: Text[] = [];
  let out = '';
  let i = 0;
  while (i < template.length) {
    const ch = template[i]!;
    if (ch === '{') {
      if (template[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      const close = template.indexOf('}', i);
      if (close < 0) fail('format string has an unclosed "{"');
      const item = parseFormatItem(template.slice(i + 1, close));
      if (item.index >= args.length) fail(`format item {${item.index}} has no argument`);
      const argument = args[item.index]!;
      if (argument instanceof SymbolicText) {
        if (item.alignment !== 0) return withoutSymbol(argument);
        pieces.push(out, argument);
        out = '';
        i = close + 1;
        continue;
      }
      const rendered = renderItem(argument, item.spec);
      if (isUnknown(rendered)) return rendered;
      out += align(rendered, item.alignment);
      i = close + 1;
    } else if (ch === '}') {
      if (template[i + 1] !== '}') fail('format string has an unmatched "}"');
      out += '}';
      i += 2;
    } else {
      out += ch;
      i++;
    }
  }
  pieces.push(out);
  return concatText(pieces);
}

interface FormatItem {
  index: number;
  alignment: number;
  spec: string;
}

function parseFormatItem(text: string): FormatItem {
  const match = /^\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?(?::(.*))?$/s.exec(text);
  if (!match) fail(`invalid format item {${text}}`);
  return { index: Number(match[1]), alignment: match[2] ? Number(match[2]) : 0, spec: match[3] ?? '' };
}

function align(text: string, alignment: number): string {
  return alignment >= 0 ? text.padStart(alignment) : text.padEnd(-alignment);
}

function renderItem(value: Value, spec: string): string | Unknown {
  if (spec === '' || typeof value !== 'number') {
    if (Array.isArray(value) || isObject(value)) {
      const json = stringifyScalar(value);
      return isUnknown(json) ? json : json.replace(/"/g, "'");
    }
    return stringifyScalar(value);
  }
  return formatNumber(value, spec);
}

function formatNumber(value: number, spec: string): string {
  const standard = /^([DdNnXxFfGgEeCcPp])(\d*)$/.exec(spec);
  if (standard) {
    const precision = standard[2] === '' ? undefined : Number(standard[2]);
    switch (standard[1]!.toUpperCase()) {
      case 'D':
        return (value < 0 ? '-' : '') + String(Math.abs(Math.trunc(value))).padStart(precision ?? 0, '0');
      case 'N':
        return value.toLocaleString('en-US', { minimumFractionDigits: precision ?? 2, maximumFractionDigits: precision ?? 2 });
      case 'F':
        return value.toFixed(precision ?? 2);
      case 'X': {
        const hex = (value < 0 ? (BigInt(Math.trunc(value)) & 0xffffffffn) : BigInt(Math.trunc(value))).toString(16).padStart(precision ?? 0, '0');
        return standard[1] === 'X' ? hex.toUpperCase() : hex;
      }
      case 'G':
        return String(value);
      case 'P':
        return (value * 100).toFixed(precision ?? 2) + ' %';
      default:
        fail(`unsupported numeric format '${spec}'`);
    }
  }
  if (/^0+$/.test(spec)) return (value < 0 ? '-' : '') + String(Math.abs(Math.trunc(value))).padStart(spec.length, '0');
  if (/^#*0*$/.test(spec)) return String(Math.trunc(value));
  return fail(`unsupported numeric format '${spec}'`);
}
