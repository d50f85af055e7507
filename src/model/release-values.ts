import type { DomainNode } from './domain';
import type { Value } from './unknown';

/**
 * Lets go of the evaluated values of the nodes' resources but for the keys read after the builders ran: the join
 * (`id`), egress (`location`) and inline suppressions (`metadata`). The builders copied what the model needs into its
 * fields, and memory should follow the model, not the evaluated templates.
 */
export function releaseValues(nodes: readonly DomainNode[]): void {
  for (const { kind, raw } of nodes) {
    // A firewall's policy ID is read when the run's rule collection groups join it (attachArmChildren).
    if (kind === 'firewall' || !Object.getOwnPropertyDescriptor(raw, 'values')?.writable) continue;
    const { id, location, metadata } = raw.values;
    // One literal of fixed shape, absent values undefined: objects built up from `{}` each get a hidden class of their
    // own once V8's transitions from it are full (see withFields in location.ts).
    raw.values = { id, location, metadata } as { [key: string]: Value };
  }
}
