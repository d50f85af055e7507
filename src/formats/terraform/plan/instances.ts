import { configAddressOf, moduleInstanceOf, modulePath, parseResourceAddress, type ResourceAddress } from '../address';
import type { AttributeReferences, ReferenceTarget } from './configuration';

interface Instance {
  address: string;
  parsed: ResourceAddress;
  moduleInstance: string;
  /** The module path without instance keys (`module.app`). */
  module: string;
}

/**
 * Maps configuration references (resource blocks) to the resource instances of the plan. A block with one
 * un-keyed instance is that instance; a keyed reference (`nic[0]`) picks that key; an expression that also
 * uses `count.index`/`each.*` picks the instance with the referrer's own key (the usual
 * `azurerm_network_interface.nic[count.index].id`); otherwise every instance is referenced. Within a module
 * instance (`module.app[1]`), targets in the same module resolve to that module instance only.
 */
export class InstanceIndex {
  private readonly byConfigAddress = new Map<string, Instance[]>();

  constructor(addresses: Iterable<string>) {
    for (const address of addresses) {
      const parsed = parseResourceAddress(address);
      if (!parsed) continue;
      const key = configAddressOf(parsed);
      const list = this.byConfigAddress.get(key) ?? [];
      list.push({ address, parsed, moduleInstance: moduleInstanceOf(parsed), module: modulePath(parsed.modules, false) });
      this.byConfigAddress.set(key, list);
    }
  }

  resolve(referrer: string, references: AttributeReferences): string[] {
    const from = parseResourceAddress(referrer);
    const out: string[] = [];
    for (const target of references.targets) {
      for (const address of this.resolveTarget(from, target, references.usesInstanceKey)) {
        if (!out.includes(address)) out.push(address);
      }
    }
    return out;
  }

  private resolveTarget(from: ResourceAddress | undefined, target: ReferenceTarget, usesInstanceKey: boolean): string[] {
    let instances = this.byConfigAddress.get(target.configAddress);
    if (!instances || instances.length === 0) {
      return [target.key === undefined ? target.configAddress : target.configAddress + target.key];
    }
    if (from) {
      const fromModule = modulePath(from.modules, false);
      const sameModule = instances.filter((i) => i.module === fromModule);
      if (sameModule.length > 0) {
        const fromInstance = moduleInstanceOf(from);
        const inInstance = sameModule.filter((i) => i.moduleInstance === fromInstance);
        if (inInstance.length > 0) instances = inInstance;
      }
    }
    if (target.key !== undefined) {
      const keyed = instances.filter((i) => i.parsed.key === target.key);
      if (keyed.length > 0) return keyed.map((i) => i.address);
    } else if (usesInstanceKey && from?.key !== undefined) {
      const sameKey = instances.filter((i) => i.parsed.key === from.key);
      if (sameKey.length === 1) return [sameKey[0]!.address];
    }
    return instances.map((i) => i.address);
  }
}
