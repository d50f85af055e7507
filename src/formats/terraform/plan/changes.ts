import { isManagedResource } from './planned';
import { isPlainObject } from './unknowns';

export interface ResourceChange {
  address: string;
  type: string;
  index: number;
  actions: string[];
  after: unknown;
  afterUnknown: unknown;
}

/** `resource_changes[]` of managed resources, by address (deposed objects are left out: they are going away). */
export function resourceChanges(plan: Record<string, unknown>): Map<string, ResourceChange> {
  const changes = new Map<string, ResourceChange>();
  const list = plan['resource_changes'];
  if (!Array.isArray(list)) return changes;
  list.forEach((entry, index) => {
    if (!isManagedResource(entry) || entry['deposed'] !== undefined) return;
    const change = isPlainObject(entry['change']) ? entry['change'] : {};
    const actions = Array.isArray(change['actions']) ? change['actions'].filter((a) => typeof a === 'string') : [];
    changes.set(entry.address, {
      address: entry.address,
      type: entry.type,
      index,
      actions,
      after: change['after'],
      afterUnknown: change['after_unknown'],
    });
  });
  return changes;
}

/** Whether the resource will not exist (as managed) after apply. */
export function isRemoval(change: ResourceChange): boolean {
  return change.actions.includes('delete') && !change.actions.includes('create');
}
