import { Unknown, type Value } from './unknown';

/** Size and height of the objects and arrays measured so far: values are read-only once built, so one measure stands. */
const measured = new WeakMap<object, { size: number; height: number }>();

/**
 * About the length of the value's JSON text, every shared part counted each time it appears (as a walk or a
 * serialisation would meet it), but each object measured once: `concat(variables('a'), variables('a'))` chains
 * that stand for 2^60 leaves cost as many steps as they have distinct parts. The answer saturates just above `cap`,
 * and is infinite for a value nested deeper than `maxDepth` (whose walks would exhaust the stack).
 */
export function measureValue(value: Value, cap: number, maxDepth = 256): number {
  const { size, height } = measure(value, cap, maxDepth, 0);
  return height > maxDepth ? Number.POSITIVE_INFINITY : size;
}

const NULL_OR_SCALAR = { size: 5, height: 0 } as const;
const UNKNOWN = { size: 16, height: 0 } as const;

function measure(value: Value, cap: number, maxDepth: number, depth: number): { size: number; height: number } {
  if (typeof value === 'string') return { size: value.length + 2, height: 0 };
  if (value === null || typeof value !== 'object') return NULL_OR_SCALAR;
  if (value instanceof Unknown) return UNKNOWN;
  const known = measured.get(value);
  if (known !== undefined) return known;
  // Deeper than allowed: stop here (the caller answers infinite), without remembering a partial measure.
  if (depth >= maxDepth) return { size: cap + 1, height: maxDepth + 1 };
  // Provisional answer while this object is measured: a cycle (never in evaluated values) counts as too large.
  measured.set(value, { size: cap + 1, height: 0 });
  let size = 2;
  let height = 0;
  if (Array.isArray(value)) {
    for (const item of value) {
      const part = measure(item, cap, maxDepth, depth + 1);
      size += part.size + 1;
      if (part.height + 1 > height) height = part.height + 1;
      if (size > cap || height > maxDepth) break;
    }
  } else {
    for (const key in value) {
      const part = measure(value[key]!, cap, maxDepth, depth + 1);
      size += part.size + key.length + 4;
      if (part.height + 1 > height) height = part.height + 1;
      if (size > cap || height > maxDepth) break;
    }
  }
  const result = { size: Math.min(size, cap + 1), height };
  if (height <= maxDepth) measured.set(value, result);
  else measured.delete(value);
  return result;
}
