import { RE2JS } from 're2js';
import type { Value } from '../../../model/unknown';
import { EvalError } from './values';

/**
 * Terraform's `regex`, `regexall` and `replace(…, "/re/", …)` on RE2 (re2js), the engine family of Terraform's
 * own Go `regexp`: the same syntax (no backreferences or lookaround), and matching in time linear in the input,
 * so a pattern from a pull request cannot hang the run.
 */

const compiled = new Map<string, RE2JS>();
const MAX_CACHED = 256;

function compile(pattern: string, what: string): RE2JS {
  let regex = compiled.get(pattern);
  if (!regex) {
    try {
      regex = RE2JS.compile(pattern);
    } catch (error) {
      throw new EvalError(`${what}: invalid regular expression: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(pattern, regex);
  }
  return regex;
}

type Matcher = ReturnType<RE2JS['matcher']>;

/** What one match yields: the whole match without groups, the groups as a list, or named groups as a map. */
function matchValue(regex: RE2JS, matcher: Matcher, what: string): Value {
  const groups = regex.groupCount();
  if (groups === 0) return matcher.group(0) ?? '';
  const named = Object.entries(regex.namedGroups() as Record<string, number>);
  if (named.length === 0) return Array.from({ length: groups }, (_, i) => matcher.group(i + 1) ?? null);
  if (named.length !== groups) throw new EvalError(`${what}: named and unnamed capture groups cannot be mixed`);
  const result: { [key: string]: Value } = {};
  for (const [name, index] of named) result[name] = matcher.group(index) ?? null;
  return result;
}

/** `regex(pattern, string)`: the first match; an error when there is none. */
export function regexMatch(pattern: string, text: string): Value {
  const regex = compile(pattern, 'regex');
  const matcher = regex.matcher(text);
  if (!matcher.find()) throw new EvalError('regex: pattern did not match any part of the given string');
  return matchValue(regex, matcher, 'regex');
}

/** `regexall(pattern, string)`: every match, as `regex` would give each; an empty list when none. */
export function regexAll(pattern: string, text: string): Value[] {
  const regex = compile(pattern, 'regexall');
  const matcher = regex.matcher(text);
  const matches: Value[] = [];
  while (matcher.find()) matches.push(matchValue(regex, matcher, 'regexall'));
  return matches;
}

/**
 * `replace` with a `/pattern/`: every match replaced by `replacement` expanded as Go's `Regexp.Expand` does —
 * `$1`, `${1}`, `$name`, `${name}` (the longest run of letters, digits and `_`), `$$` for `$`; a group that does
 * not exist or did not match inserts nothing, and a `$` that starts no reference stays as it is.
 */
export function regexReplace(text: string, pattern: string, replacement: string): string {
  const regex = compile(pattern, 'replace');
  const named = regex.namedGroups() as Record<string, number>;
  const groupCount = regex.groupCount();
  const matcher = regex.matcher(text);
  return matcher.replaceAll((...args: unknown[]) => {
    const group = (reference: string): string => {
      const index = /^\d+$/.test(reference) ? Number(reference) : named[reference];
      if (index === undefined || index > groupCount) return '';
      const value = args[index];
      return typeof value === 'string' ? value : '';
    };
    return expandTemplate(replacement, group);
  });
}

function expandTemplate(template: string, group: (reference: string) => string): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, dollar);
    const rest = template.slice(dollar + 1);
    if (rest.startsWith('$')) {
      out += '$';
      i = dollar + 2;
      continue;
    }
    const reference = /^\{([A-Za-z0-9_]+)\}/.exec(rest) ?? /^([A-Za-z0-9_]+)/.exec(rest);
    if (!reference) {
      out += '$';
      i = dollar + 1;
      continue;
    }
    out += group(reference[1]!);
    i = dollar + 1 + reference[0].length;
  }
  return out;
}
