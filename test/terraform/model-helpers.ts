import { pointerOf, type SourceRef } from '../../src/model/location';
import type { RawResource } from '../../src/model/resource';
import { isObject, type Value } from '../../src/model/unknown';

export const FILE = 'infra/main.tfplan.json';

/** A plan-shaped RawResource whose locate points under `/<address>/values`, to the deepest existing step. */
export function resource(
  type: string,
  address: string,
  values: { [key: string]: Value },
  references?: Record<string, string[]>,
): RawResource {
  const base = ['resources', address, 'values'];
  const raw: RawResource = {
    format: 'tfplan',
    file: FILE,
    type,
    name: address,
    id: address,
    values,
    at: { file: FILE, pointer: pointerOf(['resources', address]) },
    locate: (path): SourceRef => {
      const walked: (string | number)[] = [];
      let node: Value | undefined = values;
      for (const step of path) {
        if (Array.isArray(node) && typeof step === 'number' && step < node.length) node = node[step];
        else if (isObject(node) && typeof step === 'string' && step in node) node = node[step];
        else break;
        walked.push(step);
      }
      return { file: FILE, pointer: pointerOf([...base, ...walked]) };
    },
  };
  if (references) raw.references = references;
  return raw;
}

export function at(address: string, ...path: (string | number)[]): SourceRef {
  return { file: FILE, pointer: pointerOf(['resources', address, 'values', ...path]) };
}

/** Where a declared attribute is, with its property as written (the last name on the path): a field's source. */
export function declared(address: string, ...path: (string | number)[]): SourceRef {
  const property = path.findLast((step): step is string => typeof step === 'string');
  return { ...at(address, ...path), ...(property ? { property } : {}) };
}
