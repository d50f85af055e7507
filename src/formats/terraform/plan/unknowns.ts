import type { SourceRef } from '../../../model/location';
import { Unknown, type Value } from '../../../model/unknown';

export const KNOWN_AFTER_APPLY = 'known after apply';

/**
 * Applies a resource change's `after_unknown` (same shape as `after`, unknown leaves `true`) to `after`:
 * every marked attribute becomes an Unknown, never a default, at any depth. An attribute that is unknown
 * but absent from `after` is added as Unknown. `onUnknown` is told the path of each Unknown created.
 */
export function applyUnknowns(
  after: unknown,
  afterUnknown: unknown,
  locate: (path: readonly (string | number)[]) => SourceRef,
  onUnknown: (path: readonly (string | number)[]) => void,
): Value {
  const walk = (value: unknown, marks: unknown, path: (string | number)[]): Value => {
    if (marks === true) {
      onUnknown(path);
      return new Unknown(KNOWN_AFTER_APPLY, locate(path), 'after-apply');
    }
    if (!hasUnknownLeaf(marks)) return toValue(value);
    if (Array.isArray(marks)) {
      const items = Array.isArray(value) ? value : [];
      const length = Array.isArray(value) ? value.length : marks.length;
      const out: Value[] = [];
      for (let i = 0; i < length; i++) out.push(walk(items[i], marks[i], [...path, i]));
      return out;
    }
    if (isPlainObject(marks)) {
      const source = isPlainObject(value) ? value : {};
      const out: { [key: string]: Value } = {};
      for (const key of Object.keys(source)) out[key] = walk(source[key], marks[key], [...path, key]);
      for (const key of Object.keys(marks)) {
        if (!(key in source) && hasUnknownLeaf(marks[key])) out[key] = walk(undefined, marks[key], [...path, key]);
      }
      return out;
    }
    return toValue(value);
  };
  return walk(after, afterUnknown, []);
}

function hasUnknownLeaf(marks: unknown): boolean {
  if (marks === true) return true;
  if (Array.isArray(marks)) return marks.some(hasUnknownLeaf);
  if (isPlainObject(marks)) return Object.values(marks).some(hasUnknownLeaf);
  return false;
}

/** Plan JSON is plain JSON; `undefined` (an array hole the marks walk past) reads as null. */
function toValue(value: unknown): Value {
  return value === undefined ? null : (value as Value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reason of an Unknown attribute that the configuration does not set: the provider computes it, so its
 * documented default applies (e.g. `provision_vm_agent` on newer azurerm versions, which is Optional+Computed).
 */
export const COMPUTED_UNSET = 'computed by the provider (not set in the configuration)';

/** Re-labels top-level Unknown attributes the configuration does not set (see COMPUTED_UNSET). */
export function markComputedUnset(
  values: { [key: string]: Value },
  expressions: Record<string, unknown>,
): { [key: string]: Value } {
  let out = values;
  for (const [key, value] of Object.entries(values)) {
    if (!(value instanceof Unknown) || value.kind !== 'after-apply' || key in expressions) continue;
    if (out === values) out = { ...values };
    out[key] = new Unknown(COMPUTED_UNSET, value.at, 'provider-computed');
  }
  return out;
}
