import { isUnknown, Unknown, type Value } from '../../../model/unknown';
import { evaluateString, type EvalContext } from '../expression';
import { currentBudget } from '../../budget';
import { Deferred, holdsDeferred } from '../../../model/deferred';

export type RawObject = { [key: string]: unknown };

export function isRawObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A property / variable copy entry: `{ name, count, input }`. */
export function isCopyEntry(value: unknown): value is RawObject & { name: string } {
  return isRawObject(value) && typeof value.name === 'string' && 'input' in value;
}

function isPropertyCopy(value: unknown): value is (RawObject & { name: string })[] {
  return Array.isArray(value) && value.length > 0 && value.every(isCopyEntry);
}

/** Evaluates a copy `count`: a whole number within the copy limit (800), or Unknown saying why not. */
export function evaluateCount(raw: unknown, context: EvalContext, loopName: string): number | Unknown {
  const count = typeof raw === 'string' ? evaluateString(raw, context) : (raw as Value);
  if (isUnknown(count)) return new Unknown(`copy count of '${loopName}' is unknown: ${count.reason}`, undefined, count.kind);
  const n = typeof count === 'string' && /^\d+$/.test(count) ? Number(count) : count;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return new Unknown(`copy count of '${loopName}' is not a whole number`);
  // ARM's own limit (800) unless the configuration lowers it: a larger count is reported (BL002), not guessed.
  return currentBudget().copies(n, `copy loop '${loopName}'`) ?? n;
}

const staticTrees = new WeakMap<object, boolean>();
/**
 * Subtrees of at most this many objects and arrays are walked again when asked again rather than remembered: a
 * WeakMap entry costs more than such a walk.
 */
const REMEMBERED_OBJECTS = 16;
/** Objects and arrays walked by isStatic so far: the difference tells the size of one walk. */
let walkedObjects = 0;

/** Whether a raw subtree holds no expression, `[[` escape or property copy, so that it evaluates to itself. */
function isStatic(raw: unknown): boolean {
  if (typeof raw === 'string') return raw.charCodeAt(0) !== 91 /* [ */;
  if (raw === null || typeof raw !== 'object') return true;
  const known = staticTrees.get(raw);
  if (known !== undefined) return known;
  const before = walkedObjects++;
  let result = true;
  if (Array.isArray(raw)) {
    for (const item of raw) {
      if (!isStatic(item)) {
        result = false;
        break;
      }
    }
  } else {
    for (const key in raw as RawObject) {
      const item = (raw as RawObject)[key];
      if ((key === 'copy' && isPropertyCopy(item)) || !isStatic(item)) {
        result = false;
        break;
      }
    }
  }
  if (walkedObjects - before > REMEMBERED_OBJECTS) staticTrees.set(raw, result);
  return result;
}

/**
 * Evaluates a raw JSON tree: expression strings are evaluated, and `copy` arrays of `{name, count, input}`
 * (property and variable loops) become the arrays they generate. `skipKeys` drops keys at the top level only.
 * Subtrees without expressions are returned as they are (shared with the raw template): treat results as read-only.
 */
export function evaluateBody(raw: unknown, context: EvalContext, skipKeys?: ReadonlySet<string>): Value {
  if (typeof raw === 'string') return evaluateString(raw, context);
  // Expression-free subtrees are shared, not copied: values are read-only for every consumer.
  if (!skipKeys && isStatic(raw)) return raw as Value;
  if (Array.isArray(raw)) {
    const result: Value[] = new Array(raw.length);
    for (let i = 0; i < raw.length; i++) result[i] = evaluateBody(raw[i], context);
    return result;
  }
  if (raw === null || typeof raw !== 'object') return raw as Value;
  if (raw instanceof Unknown) return raw;
  const object = raw as RawObject;
  const result: { [key: string]: Value } = {};
  for (const key in object) {
    if (skipKeys?.has(key)) continue;
    const item = object[key];
    if (key === 'copy' && isPropertyCopy(item)) {
      for (const entry of item) result[entry.name] = expandCopy(entry, context);
    } else {
      result[key] = evaluateBody(item, context);
    }
  }
  return result;
}

/** One property / variable copy entry → its generated array (Unknown when the count is). */
export function expandCopy(entry: RawObject & { name: string }, context: EvalContext): Value {
  const count = evaluateCount(entry.count, context, entry.name);
  if (isUnknown(count)) return count;
  const budget = currentBudget();
  const items: Value[] = new Array(count);
  for (let index = 0; index < count; index++) {
    const stopped = budget.step();
    if (stopped) return stopped;
    items[index] = evaluateBody(entry.input, {
      ...context,
      loops: { name: entry.name, index, answersUnnamed: false, outer: context.loops },
    });
  }
  return budget.built(items, `copy loop '${entry.name}'`);
}

/**
 * A resource's values as evaluateBody makes them, but each member of an object (and item of an array) that holds an
 * expression evaluated only when a model builder reads it (model/deferred.ts): of the expressions in the values of
 * the resource types the model reads, about two thirds sit where no builder looks (the corpus: 26,500 of 40,400).
 * `evaluate` evaluates one member's raw tree by `deferBody` again, under the resource's budget; members without
 * expressions are the raw JSON itself, as evaluateBody gives them. `skipKeys` drops keys at the top level only.
 */
export function deferBody(raw: RawObject, context: EvalContext, under: <T>(evaluate: () => T) => T, skipKeys: ReadonlySet<string>): { [key: string]: Value } {
  const member = (item: unknown): Value => under(() => (typeof item === 'string' ? evaluateString(item, context) : deferTree(item)));
  const copy = (entry: unknown): Value => under(() => expandCopy(entry as RawObject & { name: string }, context));
  const deferItem = (item: unknown): Value => (isStatic(item) ? (item as Value) : (new Deferred(item, member) as unknown as Value));
  const deferTree = (tree: unknown): Value => {
    if (tree === null || typeof tree !== 'object' || tree instanceof Unknown) return tree as Value;
    if (Array.isArray(tree)) return holdsDeferred(tree.map(deferItem));
    return deferObject(tree as RawObject, undefined);
  };
  const deferObject = (object: RawObject, skip: ReadonlySet<string> | undefined): { [key: string]: Value } => {
    const result: { [key: string]: Value } = {};
    for (const key in object) {
      if (skip?.has(key)) continue;
      const item = object[key];
      if (key === 'copy' && isPropertyCopy(item)) {
        for (const entry of item) setMember(result, entry.name, new Deferred(entry, copy) as unknown as Value);
      } else {
        setMember(result, key, deferItem(item));
      }
    }
    return holdsDeferred(result);
  };
  return deferObject(raw, skipKeys);
}

/** `object[key] = value`, but an own member even for `__proto__` (which a plain assignment would make the prototype). */
function setMember(object: { [key: string]: Value }, key: string, value: Value): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}
