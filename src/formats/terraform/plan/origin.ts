import type { RawResource } from '../../../model/resource';

/** Where a plan resource is declared in the configuration: what `refineLocations` needs to find its `.tf` block. */
export interface ConfigOrigin {
  /** Address inside its module, no instance key: `azurerm_linux_virtual_machine.vm`. */
  localAddress: string;
  /** Module directory relative to the root module; undefined when the module source is not a local path. */
  moduleDir: string | undefined;
}

const origins = new WeakMap<RawResource, ConfigOrigin>();

export function rememberConfigOrigin(resource: RawResource, origin: ConfigOrigin): void {
  origins.set(resource, origin);
}

export function configOriginOf(resource: RawResource): ConfigOrigin | undefined {
  return origins.get(resource);
}
