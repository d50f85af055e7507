import { pointerOf, type SourceRef } from '../../../model/location';
import { isCopyEntry, isRawObject } from './body';

/**
 * The deepest node of a raw declaration along `path`, as a source reference. Generated array elements of a
 * property copy resolve to the copy's `input`, and anything an expression produced resolves to that expression.
 */
export function locateInDeclaration(file: string, raw: unknown, base: readonly (string | number)[], path: readonly (string | number)[]): SourceRef {
  const segments: (string | number)[] = [...base];
  let node: unknown = raw;
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    if (Array.isArray(node)) {
      if (typeof step !== 'number' || step < 0 || step >= node.length) break;
      node = node[step];
      segments.push(step);
    } else if (isRawObject(node)) {
      const key = String(step);
      if (Object.prototype.hasOwnProperty.call(node, key)) {
        node = node[key];
        segments.push(key);
        continue;
      }
      const copies = node.copy;
      const copyIndex = Array.isArray(copies) ? copies.findIndex((entry) => isCopyEntry(entry) && entry.name === key) : -1;
      if (copyIndex < 0) break;
      segments.push('copy', copyIndex);
      node = (copies as unknown[])[copyIndex];
      // The next step is the generated element's index: every element comes from the same `input`.
      if (i + 1 < path.length && typeof path[i + 1] === 'number') {
        i++;
        segments.push('input');
        node = (node as { input: unknown }).input;
      }
    } else {
      break;
    }
  }
  return { file, pointer: pointerOf(segments) };
}
