import type { RawResource } from './resource';

/**
 * Terraform addresses are unique only within one root module (or one plan): two root modules of a repository may
 * both declare `azurerm_network_interface.nic`, and the model spans the whole run. So the IDs and references of
 * Terraform resources are qualified by their root (`infra/app::azurerm_network_interface.nic`) and join within it
 * only; Azure resource IDs (`/subscriptions/…`, known in update plans) stay global. Names keep the plain address:
 * reports name resources by it.
 */
const SEPARATOR = '::';

export function scopeTerraformAddresses(resources: readonly RawResource[], root: string): void {
  const scoped = (address: string) => (address.startsWith('/') ? address : `${root}${SEPARATOR}${address}`);
  for (const resource of resources) {
    if (typeof resource.id === 'string') resource.id = scoped(resource.id);
    if (!resource.references) continue;
    const references: Record<string, string[]> = {};
    for (const [path, targets] of Object.entries(resource.references)) references[path] = targets.map(scoped);
    resource.references = references;
  }
}

/** The Terraform address in a scoped ID (for messages); any other text as it is. */
export function unscopedAddress(id: string): string {
  const separator = id.startsWith('/') ? -1 : id.indexOf(SEPARATOR);
  return separator < 0 ? id : id.slice(separator + SEPARATOR.length);
}
