import { pointerOf, type SourceRef } from '../../../model/location';
import { isPlainObject } from './unknowns';

export type Path = readonly (string | number)[];

/**
 * A `locate` over plan JSON: the pointer to `path` under `values` (at `valuesPointer` in the file), or to the
 * deepest part of it that exists there (unknown attributes are often absent from `planned_values`).
 */
export function pointerLocator(file: string, values: unknown, valuesPointer: readonly (string | number)[]) {
  return (path: Path): SourceRef => {
    const segments: (string | number)[] = [...valuesPointer];
    let node = values;
    for (const step of path) {
      if (Array.isArray(node) && typeof step === 'number' && step >= 0 && step < node.length) node = node[step];
      else if (Array.isArray(node) && typeof step === 'string' && /^\d+$/.test(step) && Number(step) < node.length)
        node = node[Number(step)];
      else if (isPlainObject(node) && typeof step === 'string' && Object.hasOwn(node, step)) node = node[step];
      else break;
      segments.push(step);
    }
    return { file, pointer: pointerOf(segments) };
  };
}
