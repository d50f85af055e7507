import { Unknown, type Value } from './unknown';

/** Sizes of the objects and arrays measured so far: values are read-only once built, so one measure stands. */
const measured = new WeakMap<object, number>();

/**
 * About the length of the value's JSON text, every shared part counted each time it appears (as a walk or a
 * serialisation would meet it), but each object measured once: `concat(variables('a'), variables('a'))` chains
 * that stand for 2^60 leaves cost as many steps as they have distinct parts. The answer saturates just above `cap`.
 */
export function measureValue(value: Value, cap: number): number {
  if (typeof value === 'string') return value.length + 2;
  if (value === null || typeof value !== 'object') return 5;
  if (value instanceof Unknown) return 16;
  const known = measured.get(value);
  if (known !== undefined) return known;
  // Provisional answer while this object is measured: a cycle (never in evaluated values) counts as too large.
  measured.set(value, cap + 1);
  let size = 2;
  if (Array.isArray(value)) {
    for (const item of value) {
      size += measureValue(item, cap) + 1;
      if (size > cap) break;
    }
  } else {
    for (const key in value) {
      size += key.length + 4 + measureValue(value[key]!, cap);
      if (size > cap) break;
    }
  }
  size = Math.min(size, cap + 1);
  measured.set(value, size);
  return size;
}
