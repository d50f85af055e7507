import { Unknown, type Value } from './unknown';

/**
 * Objects whose text would be this long or shorter are measured again where they recur rather than remembered: a
 * WeakMap entry costs more than walking them. A chain of shared parts grows past it within a few levels, so walks stay
 * bounded by the distinct large parts.
 */
const REMEMBERED_SIZE = 256;

/** Size and height of the objects and arrays measured so far: values are read-only once built, so one measure stands. */
const measured = new WeakMap<object, { size: number; height: number }>();

/**
 * About the length of the value's JSON text, every shared part counted each time it appears (as a walk or a
 * serialisation would meet it), but each large object measured once: `concat(variables('a'), variables('a'))` chains
 * that stand for 2^60 leaves cost about as many steps as they have distinct parts. The answer saturates just above
 * `cap`, and is infinite for a value nested deeper than `maxDepth` (whose walks would exhaust the stack; a cycle,
 * which evaluation never builds, is one).
 */
export function measureValue(value: Value, cap: number, maxDepth = 256): number {
  const size = measure(value, cap, maxDepth, 0);
  return lastHeight > maxDepth ? Number.POSITIVE_INFINITY : size;
}

/** The height of the value measure() measured last: a second result without an object per leaf measured. */
let lastHeight = 0;

/** Size of `value` (saturating just above `cap`); its height is left in `lastHeight`. */
function measure(value: Value, cap: number, maxDepth: number, depth: number): number {
  lastHeight = 0;
  if (typeof value === 'string') return value.length + 2;
  if (value === null || typeof value !== 'object') return 5;
  if (value instanceof Unknown) return 16;
  const known = measured.get(value);
  if (known !== undefined) {
    lastHeight = known.height;
    return known.size;
  }
  // Deeper than allowed: stop here (the caller answers infinite), without remembering a partial measure.
  if (depth >= maxDepth) {
    lastHeight = maxDepth + 1;
    return cap + 1;
  }
  let size = 2;
  let height = 0;
  if (Array.isArray(value)) {
    for (const item of value) {
      size += measure(item, cap, maxDepth, depth + 1) + 1;
      if (lastHeight + 1 > height) height = lastHeight + 1;
      if (size > cap || height > maxDepth) break;
    }
  } else {
    for (const key in value) {
      size += measure(value[key]!, cap, maxDepth, depth + 1) + key.length + 4;
      if (lastHeight + 1 > height) height = lastHeight + 1;
      if (size > cap || height > maxDepth) break;
    }
  }
  size = Math.min(size, cap + 1);
  if (height <= maxDepth && size > REMEMBERED_SIZE) measured.set(value, { size, height });
  lastHeight = height;
  return size;
}
