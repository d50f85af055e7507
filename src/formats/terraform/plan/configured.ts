import type { Value } from '../../../model/unknown';
import { isPlainObject } from './unknowns';

/**
 * What a resource's configuration block (the plan's `configuration` expressions) wrote at a path of its values:
 * undefined when nothing, else the literal value when it is one. Blocks are lists of expression objects, an
 * attribute is `{ constant_value }` or `{ references }`.
 */
export function configuredAt(expressions: Record<string, unknown>, path: readonly (string | number)[]): { constant?: Value } | undefined {
  let node: unknown = expressions;
  for (const step of path) {
    if (typeof step === 'number') node = Array.isArray(node) ? node[step] : step === 0 && isPlainObject(node) ? node : undefined;
    else node = isPlainObject(node) ? node[step] : undefined;
    if (node === undefined) return undefined;
  }
  if (isPlainObject(node) && 'constant_value' in node) return { constant: node['constant_value'] as Value };
  return node === undefined || node === null ? undefined : {};
}
