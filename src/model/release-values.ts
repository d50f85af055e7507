import type { DomainNode } from './domain';
import { isObject, type Value } from './unknown';
import { materialize, memberOf } from './deferred';

/** The values of a resource of which nothing is read after the builders ran: one frozen object for all of them. */
export const NOTHING_KEPT: { [key: string]: Value } = Object.freeze({});

/**
 * Lets go of the evaluated values of the nodes' resources but for what is read after the builders ran: an Azure `id`
 * that joins a Terraform resource by ID (model/index.ts), a VM's `location` (egress) and a `metadata` section that
 * holds inline suppressions. The builders copied what the model needs into its fields, and memory should follow the
 * model, not the evaluated templates. What is kept is evaluated in full (model/deferred.ts): no evaluation is left
 * for later, when the template is let go.
 */
export function releaseValues(nodes: readonly DomainNode[]): void {
  for (const { kind, raw } of nodes) {
    if (!Object.getOwnPropertyDescriptor(raw, 'values')?.writable) continue;
    // A firewall's policy ID is read when the run's rule collection groups join it (attachArmChildren).
    if (kind === 'firewall') {
      materialize(raw.values);
      continue;
    }
    const values = raw.values;
    const id = memberOf(values, 'id');
    const location = kind === 'vm' ? materialize(memberOf(values, 'location')) : undefined;
    const metadata = materialize(memberOf(values, 'metadata'));
    const kept = {
      id: typeof id === 'string' && id.startsWith('/') ? id : undefined,
      location,
      metadata: isObject(metadata) && Object.hasOwn(metadata, 'backup-lint') ? metadata : undefined,
    };
    // One literal of fixed shape, absent values undefined: objects built up from `{}` each get a hidden class of their
    // own once V8's transitions from it are full (see withFields in location.ts).
    raw.values = kept.id === undefined && kept.location === undefined && kept.metadata === undefined ? NOTHING_KEPT : (kept as { [key: string]: Value });
  }
}
