import type { Value } from './unknown';

/**
 * A member of a resource's values not evaluated yet: the raw text or tree it is evaluated from, and how. A reader of
 * values meets one only through `memberOf` (model/builders/read.ts, releaseValues), which evaluates it in place, and
 * `materialize`; whatever leaves the model builders is materialized, so nothing else ever sees one.
 */
export class Deferred {
  constructor(
    readonly raw: unknown,
    readonly evaluate: (raw: unknown) => Value,
  ) {}
}

/** Objects and arrays that may hold Deferred members: the only ones `materialize` walks. */
const HOLDERS = new WeakSet<object>();

/** Marks an object or array that may hold Deferred members (see `materialize`). */
export function holdsDeferred<T extends object>(holder: T): T {
  HOLDERS.add(holder);
  return holder;
}

/** A member of an object or an item of an array, evaluated in place first if it was deferred. */
export function memberOf(holder: { [key: string]: Value } | Value[], key: string | number): Value | undefined {
  const value = (holder as { [key: string]: Value })[key];
  if (!(value instanceof Deferred)) return value;
  const evaluated = value.evaluate(value.raw);
  (holder as { [key: string]: Value })[key] = evaluated;
  return evaluated;
}

/** Evaluates every member still deferred in `value` at any depth, in place: the value then holds plain values only. */
export function materialize(value: Value | undefined): Value | undefined {
  if (typeof value !== 'object' || value === null || !HOLDERS.has(value)) return value;
  HOLDERS.delete(value);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) materialize(memberOf(value, index));
  } else {
    for (const key in value) materialize(memberOf(value as { [key: string]: Value }, key));
  }
  return value;
}
