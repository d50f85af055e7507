import { isObject, isUnknown, Unknown, type Value } from '../../../model/unknown';
import { attributeNamed, type Body } from './ast';
import { evaluate, type Scope, sourceRef } from './evaluate';
import { chargeInstances } from './limits';
import { asString } from './values';

/** One instance of a resource or module call: its key as Terraform prints it and the names it binds. */
export interface Instance {
  /** `""`, `[0]`, `["key"]`, or `[*]` for the representative of an unknown count/for_each. */
  suffix: string;
  names: Record<string, Value>;
  /** Set when it is not known whether, or how often, the block is instantiated. */
  conditional?: Unknown;
}

/**
 * Expands `count` / `for_each`. When the value is unknown, one representative instance stands for all, with
 * suffix `[*]`, an Unknown `count.index` / `each.key` / `each.value`, and `conditional` set (there may be none).
 */
export function expandInstances(body: Body, scope: Scope, what = 'the block'): Instance[] {
  const count = attributeNamed(body, 'count');
  const forEach = attributeNamed(body, 'for_each');
  if (count) {
    const value = evaluate(count.expr, scope);
    if (isUnknown(value) || typeof value !== 'number') {
      const reason = isUnknown(value) ? value : new Unknown('`count` is not a number', sourceRef(scope.file, count.range));
      return [{ suffix: '[*]', names: { count: { index: reason } }, conditional: reason }];
    }
    const length = Math.max(0, Math.floor(value));
    const overBudget = chargeInstances(length, what, sourceRef(scope.file, count.range));
    if (overBudget) return [{ suffix: '[*]', names: { count: { index: overBudget } }, conditional: overBudget }];
    return Array.from({ length }, (_, index) => ({ suffix: `[${index}]`, names: { count: { index } } }));
  }
  if (forEach) {
    const value = evaluate(forEach.expr, scope);
    const entries = forEachEntries(value);
    const overBudget = isUnknown(entries) ? entries : chargeInstances(entries.length, what, sourceRef(scope.file, forEach.range));
    if (overBudget || isUnknown(entries)) {
      const reason = overBudget ?? (entries as Unknown);
      return [{ suffix: '[*]', names: { each: { key: reason, value: reason } }, conditional: reason }];
    }
    return entries.map(([key, item]) => ({ suffix: `[${JSON.stringify(key)}]`, names: { each: { key, value: item } } }));
  }
  return [{ suffix: '', names: {} }];
}

function forEachEntries(value: Value): [string, Value][] | Unknown {
  if (isUnknown(value)) return value;
  if (isObject(value)) return Object.keys(value).sort().map((key) => [key, value[key]!]);
  if (Array.isArray(value)) {
    const keys: string[] = [];
    for (const item of value) {
      if (isUnknown(item)) return item;
      try {
        keys.push(asString(item, 'for_each'));
      } catch {
        return new Unknown('`for_each` is not a map or set of strings');
      }
    }
    return [...new Set(keys)].sort().map((key) => [key, key]);
  }
  return new Unknown('`for_each` is not a map or set of strings');
}
