import type { DomainNode } from './domain';
import type { Value } from './unknown';

/** The keys of a resource's values still read once its nodes are built: the join (`id`), egress (`location`) and inline suppressions (`metadata`). */
const READ_AFTER_BUILD = ['id', 'location', 'metadata'] as const;

/**
 * Lets go of the evaluated values of the nodes' resources but for the keys read after the builders ran: the builders
 * copied what the model needs into its fields, and memory should follow the model, not the evaluated templates.
 */
export function releaseValues(nodes: readonly DomainNode[]): void {
  for (const { kind, raw } of nodes) {
    // A firewall's policy ID is read when the run's rule collection groups join it (attachArmChildren).
    if (kind === 'firewall' || !Object.getOwnPropertyDescriptor(raw, 'values')?.writable) continue;
    const kept: { [key: string]: Value } = {};
    for (const key of READ_AFTER_BUILD) if (Object.hasOwn(raw.values, key)) kept[key] = raw.values[key]!;
    raw.values = kept;
  }
}
