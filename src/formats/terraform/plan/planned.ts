import { isPlainObject } from './unknowns';

/** A managed resource instance as found in `planned_values` or `resource_changes`. */
export interface PlannedResource {
  address: string;
  type: string;
  /** The resource object in the file and its JSON pointer segments. */
  json: Record<string, unknown>;
  pointer: (string | number)[];
  /** Where its attribute values live: `…/values` (planned_values) or `…/change/after` (resource_changes). */
  valuesPointer: (string | number)[];
  values: unknown;
}

const MAX_MODULE_DEPTH = 64;

/** Managed resources of `planned_values.root_module` and its child modules, recursively. */
export function plannedResources(plan: Record<string, unknown>): PlannedResource[] {
  const found: PlannedResource[] = [];
  const planned = plan['planned_values'];
  if (!isPlainObject(planned) || !isPlainObject(planned['root_module'])) return found;
  const visit = (module: Record<string, unknown>, pointer: (string | number)[], depth: number): void => {
    const resources = module['resources'];
    if (Array.isArray(resources)) {
      resources.forEach((resource, i) => {
        if (!isManagedResource(resource)) return;
        const at = [...pointer, 'resources', i];
        found.push({
          address: resource['address'],
          type: resource['type'],
          json: resource,
          pointer: at,
          valuesPointer: [...at, 'values'],
          values: resource['values'],
        });
      });
    }
    const children = module['child_modules'];
    if (Array.isArray(children) && depth < MAX_MODULE_DEPTH) {
      children.forEach((child, i) => {
        if (isPlainObject(child)) visit(child, [...pointer, 'child_modules', i], depth + 1);
      });
    }
  };
  visit(planned['root_module'], ['planned_values', 'root_module'], 0);
  return found;
}

export function isManagedResource(
  resource: unknown,
): resource is Record<string, unknown> & { address: string; type: string } {
  if (!isPlainObject(resource)) return false;
  if (typeof resource['address'] !== 'string' || typeof resource['type'] !== 'string') return false;
  const mode = resource['mode'];
  if (mode !== undefined) return mode === 'managed';
  return !/(^|\.)data\./.test(resource['address']);
}
