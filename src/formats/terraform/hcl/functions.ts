import { AddressError, addressAt, familyBits, formatAddress, formatPrefix, netmask, parsePrefix, prefixContains, subnet, type IpPrefix } from '../../../model/address';
import type { SourceRef } from '../../../model/location';
import { isObject, isUnknown, Unknown, type Value } from '../../../model/unknown';
import {
  asBool,
  asList,
  asMap,
  asNumber,
  asString,
  deepEqual,
  EvalError,
  firstUnknown,
  formatNumber,
  typeName,
} from './values';
import { regexAll, regexMatch, regexReplace } from './regex';

/**
 * File access for `file()` and `templatefile()`: paths as Terraform sees them (relative to the root module). A file
 * that exists but may not be read (outside the repository, not a regular file, too large) is an Unknown saying why.
 */
export interface FunctionHost {
  readFile(path: string): string | Unknown | undefined;
  renderTemplateFile(path: string, vars: { [key: string]: Value }, at: SourceRef): Value;
}

type Implementation = (args: Value[], host: FunctionHost, at: SourceRef) => Value;

/**
 * Functions whose result is decided by the structure of their arguments: an Unknown nested inside a list or
 * map argument passes through rather than making the whole result Unknown.
 */
const STRUCTURAL: Record<string, Implementation> = {
  concat: (args) => args.flatMap((a, i) => asList(topKnown(a), `concat argument ${i + 1}`)),
  merge: (args) => Object.assign({}, ...args.filter((a) => a !== null).map((a) => asMap(topKnown(a), 'merge'))),
  length: ([value]) => {
    const known = topKnown(value ?? null);
    if (typeof known === 'string') return [...known].length;
    if (Array.isArray(known)) return known.length;
    return Object.keys(asMap(known, 'length')).length;
  },
  element: ([list, index]) => {
    const items = asList(topKnown(list ?? null), 'element');
    if (items.length === 0) throw new EvalError('element of an empty list');
    const i = asNumber(topKnown(index ?? null), 'element');
    return items[((Math.floor(i) % items.length) + items.length) % items.length]!;
  },
  lookup: ([map, key, fallback]) => {
    const found = asMap(topKnown(map ?? null), 'lookup')[asString(topKnown(key ?? null), 'lookup')];
    if (found !== undefined) return found;
    if (fallback === undefined) throw new EvalError('lookup: key not found and no default');
    return fallback;
  },
  keys: ([map]) => Object.keys(asMap(topKnown(map ?? null), 'keys')).sort(),
  values: ([map]) => {
    const object = asMap(topKnown(map ?? null), 'values');
    return Object.keys(object).sort().map((k) => object[k]!);
  },
  tolist: ([value]) => asList(topKnown(value ?? null), 'tolist'),
  toset: ([value]) => uniqueValues(asList(topKnown(value ?? null), 'toset')),
  tomap: ([value]) => asMap(topKnown(value ?? null), 'tomap'),
  coalesce: (args) => {
    for (const arg of args) {
      if (isUnknown(arg)) return arg;
      if (arg !== null && arg !== '') return arg;
    }
    throw new EvalError('coalesce: no non-null, non-empty argument');
  },
  coalescelist: (args) => {
    for (const arg of args) {
      if (asList(topKnown(arg), 'coalescelist').length > 0) return arg;
    }
    throw new EvalError('coalescelist: all lists are empty');
  },
  contains: ([list, wanted]) => {
    const items = asList(topKnown(list ?? null), 'contains');
    if (items.some((item) => deepEqual(item, wanted ?? null))) return true;
    return firstUnknown([...items, wanted ?? null]) ?? false;
  },
  flatten: ([list]) => flattenList(asList(topKnown(list ?? null), 'flatten')),
  slice: ([list, from, to]) => asList(topKnown(list ?? null), 'slice').slice(asNumber(topKnown(from ?? null), 'slice'), asNumber(topKnown(to ?? null), 'slice')),
  reverse: ([list]) => [...asList(topKnown(list ?? null), 'reverse')].reverse(),
  compact: ([list]) => asList(topKnown(list ?? null), 'compact').filter((v) => v !== null && v !== ''),
  distinct: ([list]) => uniqueValues(asList(topKnown(list ?? null), 'distinct')),
  // Terraform 0.11's list() and map(), removed in 0.15 but still in old modules.
  list: (args) => args,
  map: (args) => {
    if (args.length % 2 !== 0) throw new EvalError('map: needs key/value pairs');
    const result: { [key: string]: Value } = {};
    for (let i = 0; i < args.length; i += 2) result[asString(topKnown(args[i]!), 'map key')] = args[i + 1]!;
    return result;
  },
  zipmap: ([names, values]) => {
    const keys = asList(topKnown(names ?? null), 'zipmap');
    const items = asList(topKnown(values ?? null), 'zipmap');
    const result: { [key: string]: Value } = {};
    keys.forEach((key, i) => (result[asString(topKnown(key), 'zipmap')] = items[i] ?? null));
    return result;
  },
};

/** Functions that need fully known arguments. */
const STRICT: Record<string, Implementation> = {
  file: ([path], host) => readOrFail(host, asString(path!, 'file')),
  filebase64: ([path], host) => Buffer.from(readOrFail(host, asString(path!, 'filebase64')), 'utf8').toString('base64'),
  templatefile: ([path, vars], host, at) => host.renderTemplateFile(asString(path!, 'templatefile'), asMap(vars ?? {}, 'templatefile'), at),
  fileexists: ([path], host) => {
    const text = host.readFile(asString(path!, 'fileexists'));
    return isUnknown(text) ? text : text !== undefined;
  },
  base64encode: ([text]) => Buffer.from(asString(text!, 'base64encode'), 'utf8').toString('base64'),
  base64decode: ([text]) => Buffer.from(asString(text!, 'base64decode'), 'base64').toString('utf8'),
  jsonencode: ([value]) => jsonEncode(value ?? null),
  jsondecode: ([text]) => {
    try {
      return JSON.parse(asString(text!, 'jsondecode')) as Value;
    } catch {
      throw new EvalError('jsondecode: invalid JSON');
    }
  },
  yamlencode: ([value]) => {
    const yaml = require('yaml') as typeof import('yaml');
    return yaml.stringify(value ?? null);
  },
  yamldecode: ([text]) => {
    const yaml = require('yaml') as typeof import('yaml');
    try {
      return yaml.parse(asString(text!, 'yamldecode')) as Value;
    } catch {
      throw new EvalError('yamldecode: invalid YAML');
    }
  },
  format: ([spec, ...args]) => format(asString(spec!, 'format'), args),
  join: ([separator, ...lists]) =>
    lists.flatMap((l) => asList(l, 'join')).map((v) => asString(v, 'join')).join(asString(separator!, 'join')),
  split: ([separator, text]) => asString(text!, 'split').split(asString(separator!, 'split')),
  lower: ([text]) => asString(text!, 'lower').toLowerCase(),
  upper: ([text]) => asString(text!, 'upper').toUpperCase(),
  title: ([text]) => asString(text!, 'title').replace(/\b\w/g, (c) => c.toUpperCase()),
  trimspace: ([text]) => asString(text!, 'trimspace').trim(),
  trim: ([text, chars]) => trimChars(asString(text!, 'trim'), asString(chars!, 'trim'), true, true),
  trimprefix: ([text, prefix]) => {
    const s = asString(text!, 'trimprefix');
    const p = asString(prefix!, 'trimprefix');
    return p !== '' && s.startsWith(p) ? s.slice(p.length) : s;
  },
  trimsuffix: ([text, suffix]) => {
    const s = asString(text!, 'trimsuffix');
    const p = asString(suffix!, 'trimsuffix');
    return p !== '' && s.endsWith(p) ? s.slice(0, -p.length) : s;
  },
  chomp: ([text]) => asString(text!, 'chomp').replace(/[\r\n]+$/, ''),
  indent: ([spaces, text]) => asString(text!, 'indent').replace(/\n/g, '\n' + ' '.repeat(asNumber(spaces!, 'indent'))),
  substr: ([text, offset, length]) => {
    const chars = [...asString(text!, 'substr')];
    let start = asNumber(offset!, 'substr');
    if (start < 0) start = Math.max(0, chars.length + start);
    const count = asNumber(length!, 'substr');
    return chars.slice(start, count < 0 ? undefined : start + count).join('');
  },
  replace: ([text, search, replacement]) => replace(asString(text!, 'replace'), asString(search!, 'replace'), asString(replacement!, 'replace')),
  startswith: ([text, prefix]) => asString(text!, 'startswith').startsWith(asString(prefix!, 'startswith')),
  endswith: ([text, suffix]) => asString(text!, 'endswith').endsWith(asString(suffix!, 'endswith')),
  strcontains: ([text, part]) => asString(text!, 'strcontains').includes(asString(part!, 'strcontains')),
  tostring: ([value]) => (value === null ? null : asString(value!, 'tostring')),
  tonumber: ([value]) => (value === null ? null : asNumber(value!, 'tonumber')),
  tobool: ([value]) => (value === null ? null : asBool(value!, 'tobool')),
  range: (args) => numberRange(args.map((a) => asNumber(a, 'range'))),
  max: (args) => Math.max(...args.map((a) => asNumber(a, 'max'))),
  min: (args) => Math.min(...args.map((a) => asNumber(a, 'min'))),
  abs: ([n]) => Math.abs(asNumber(n!, 'abs')),
  ceil: ([n]) => Math.ceil(asNumber(n!, 'ceil')),
  floor: ([n]) => Math.floor(asNumber(n!, 'floor')),
  parseint: ([text, base]) => parseInt(asString(text!, 'parseint'), asNumber(base!, 'parseint')),
  cidrsubnet: ([prefix, newbits, netnum]) => cidrSubnet(asString(prefix!, 'cidrsubnet'), asNumber(newbits!, 'cidrsubnet'), asNumber(netnum!, 'cidrsubnet')),
  cidrhost: ([prefix, hostnum]) => cidrHost(asString(prefix!, 'cidrhost'), asNumber(hostnum!, 'cidrhost')),
  cidrnetmask: ([prefix]) => cidrNetmask(asString(prefix!, 'cidrnetmask')),
  cidrsubnets: ([prefix, ...newbits]) => cidrSubnets(asString(prefix!, 'cidrsubnets'), newbits.map((n) => asNumber(n, 'cidrsubnets'))),
  regex: ([pattern, text]) => regexMatch(asString(pattern!, 'regex'), asString(text!, 'regex')),
  regexall: ([pattern, text]) => regexAll(asString(pattern!, 'regexall'), asString(text!, 'regexall')),
  sort: ([list]) => asList(list!, 'sort').map((v) => asString(v, 'sort')).sort(),
  one: ([list]) => {
    const items = asList(list!, 'one');
    if (items.length > 1) throw new EvalError('one: more than one element');
    return items[0] ?? null;
  },
  sum: ([list]) => asList(list!, 'sum').reduce<number>((total, v) => total + asNumber(v, 'sum'), 0),
  nonsensitive: ([value]) => value ?? null,
  sensitive: ([value]) => value ?? null,
  type: ([value]) => typeName(value ?? null),
};

export function callFunction(name: string, args: Value[], host: FunctionHost, at: SourceRef): Value {
  const structural = STRUCTURAL[name];
  if (structural) {
    try {
      return structural(args, host, at);
    } catch (error) {
      if (error instanceof UnknownArgument) return error.unknown;
      throw error;
    }
  }
  const strict = STRICT[name];
  if (!strict) return new Unknown(`function \`${name}\` is not supported`, at, 'unsupported');
  // templatefile() renders with unknown variables too: their interpolations stay unknown parts of the text.
  const unknown = name === 'templatefile' ? firstUnknown(args.slice(0, 1)) ?? (isUnknown(args[1]) ? args[1] : undefined) : firstUnknown(args);
  if (unknown) return unknown;
  try {
    return strict(args, host, at);
  } catch (error) {
    if (error instanceof UnknownArgument) return error.unknown;
    throw error;
  }
}

/** Thrown inside structural functions when an argument they must inspect is Unknown at its top level. */
class UnknownArgument extends Error {
  constructor(readonly unknown: Unknown) {
    super(unknown.reason);
  }
}

function topKnown(value: Value): Value {
  if (isUnknown(value)) throw new UnknownArgument(value);
  return value;
}

function readOrFail(host: FunctionHost, path: string): string {
  const text = host.readFile(path);
  if (text === undefined) throw new EvalError(`file not found: ${path}`);
  if (isUnknown(text)) throw new UnknownArgument(text);
  return text;
}

function uniqueValues(items: Value[]): Value[] {
  const result: Value[] = [];
  for (const item of items) if (!result.some((r) => deepEqual(r, item))) result.push(item);
  return result;
}

function flattenList(items: Value[]): Value[] {
  return items.flatMap((item) => (Array.isArray(item) ? flattenList(item) : isUnknown(item) ? topKnown(item) : [item]));
}

function numberRange(args: number[]): number[] {
  const [start, end, step] = args.length === 1 ? [0, args[0]!, 1] : [args[0]!, args[1]!, args[2] ?? (args[0]! <= args[1]! ? 1 : -1)];
  if (step === 0) throw new EvalError('range: step must not be zero');
  const result: number[] = [];
  for (let n = start; step > 0 ? n < end : n > end; n += step) {
    result.push(n);
    if (result.length > 1024) throw new EvalError('range: more than 1024 elements');
  }
  return result;
}

function replace(text: string, search: string, replacement: string): string {
  const pattern = /^\/(.*)\/$/s.exec(search);
  if (pattern) return regexReplace(text, pattern[1]!, replacement);
  return text.split(search).join(replacement);
}

function trimChars(text: string, chars: string, start: boolean, end: boolean): string {
  let from = 0;
  let to = text.length;
  while (start && from < to && chars.includes(text[from]!)) from++;
  while (end && to > from && chars.includes(text[to - 1]!)) to--;
  return text.slice(from, to);
}

/** Terraform's `format`: the verbs used in practice (%s %d %f %v %q %%, with widths and zero padding). */
function format(spec: string, args: Value[]): string {
  let next = 0;
  return spec.replace(/%(?:\[(\d+)\])?([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdfvqtxXeEgGbo%])/g, (_m, position: string | undefined, flags: string, width: string | undefined, precision: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    const index = position ? Number(position) - 1 : next;
    next = index + 1;
    if (index >= args.length) throw new EvalError('format: not enough arguments');
    const arg = args[index]!;
    let text: string;
    switch (verb) {
      case 'd':
        text = Math.trunc(asNumber(arg, 'format')).toString();
        break;
      case 'f':
        text = asNumber(arg, 'format').toFixed(precision === undefined ? 6 : Number(precision));
        break;
      case 'q':
        text = JSON.stringify(asString(arg, 'format'));
        break;
      case 'x':
      case 'X':
        text = Math.trunc(asNumber(arg, 'format')).toString(16);
        if (verb === 'X') text = text.toUpperCase();
        break;
      case 'v':
        text = typeof arg === 'object' && arg !== null ? jsonEncode(arg) : asString(arg, 'format');
        break;
      default:
        text = asString(arg, 'format');
    }
    const size = width ? Number(width) : 0;
    if (text.length < size) text = flags.includes('-') ? text.padEnd(size) : text.padStart(size, flags.includes('0') ? '0' : ' ');
    return text;
  });
}

/** `jsonencode` as Terraform writes it: compact, with `<`, `>`, `&` escaped like Go's encoder. */
function jsonEncode(value: Value): string {
  return JSON.stringify(sortKeysDeep(value), (_k, v: unknown) => (typeof v === 'number' ? Number(formatNumber(v)) : v))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

function sortKeysDeep(value: Value): Value {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (isObject(value)) {
    const sorted: { [key: string]: Value } = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeysDeep(value[key]!);
    return sorted;
  }
  return value;
}

function parseCidr(prefix: string, fn: string): IpPrefix {
  const parsed = parsePrefix(prefix);
  if (!parsed) throw new EvalError(`${fn}: invalid CIDR address: ${prefix}`);
  return parsed;
}

/** The shared arithmetic's range errors as this evaluator's errors, prefixed with the function name. */
function inRange<T>(fn: string, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof AddressError) throw new EvalError(`${fn}: ${error.message}`);
    throw error;
  }
}

function cidrSubnet(prefix: string, newbits: number, netnum: number): string {
  const network = parseCidr(prefix, 'cidrsubnet');
  return inRange('cidrsubnet', () => formatPrefix(subnet(network, network.length + newbits, netnum)));
}

/** A negative host number counts back from the end of the range, as in Terraform. */
function cidrHost(prefix: string, hostnum: number): string {
  const network = parseCidr(prefix, 'cidrhost');
  return inRange('cidrhost', () => formatAddress(addressAt(network, hostnum)));
}

/** IPv4 only in Terraform: an IPv6 prefix is an error there too. */
function cidrNetmask(prefix: string): string {
  const network = parseCidr(prefix, 'cidrnetmask');
  if (network.family !== 'ipv4') throw new EvalError('cidrnetmask: only IPv4 prefixes have a netmask');
  return formatAddress(netmask(network));
}

/** Consecutive subnets, each aligned after the previous one, as Terraform allocates them. */
function cidrSubnets(prefix: string, newbitsList: number[]): string[] {
  const network = parseCidr(prefix, 'cidrsubnets');
  const bits = familyBits(network.family);
  let next = network.address;
  return newbitsList.map((newbits) => {
    const length = network.length + newbits;
    if (newbits < 1 || length > bits) throw new EvalError(`cidrsubnets: would extend prefix to ${length} bits, which is not valid`);
    const size = 1n << BigInt(bits - length);
    const start = ((next + size - 1n) / size) * size;
    const candidate = { family: network.family, address: start, length };
    if (!prefixContains(network, candidate)) throw new EvalError(`cidrsubnets: not enough remaining address space for a subnet with a prefix of ${length} bits`);
    next = start + size;
    return formatPrefix(candidate);
  });
}
