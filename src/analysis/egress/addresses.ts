import { parseAddressOrPrefix, type IpPrefix } from '../../model/address';
import type { SubnetNode, VmNode } from '../../model/domain';
import { isUnknown } from '../../model/unknown';

/*
 * What the proxy check (BL104) looks up across the run, one subject at a time: a VM's private addresses (is the
 * proxy a VM of the run?) and a subnet's prefixes (is the proxy in the virtual network?). The egress analysis
 * indexes them per VM and per subnet inside its failure boundary.
 */

/** The VM's private addresses written on its NICs (as `ipaddr` text), from the network fact. */
export function privateAddressesOf(vm: VmNode): string[] {
  const addresses: string[] = [];
  const nics = vm.facts?.network?.nics;
  if (!nics || isUnknown(nics)) return addresses;
  for (const entry of nics) {
    if (isUnknown(entry) || isUnknown(entry.nic.node.ipConfigurations)) continue;
    for (const config of entry.nic.node.ipConfigurations) {
      const parsed = typeof config.privateIp === 'string' ? parseAddressOrPrefix(config.privateIp) : undefined;
      if (parsed) addresses.push(parsed.address.toString());
    }
  }
  return addresses;
}

/** The subnet's prefixes that are known and parse. */
export function knownPrefixes(subnet: SubnetNode): IpPrefix[] {
  if (isUnknown(subnet.prefixes)) return [];
  return subnet.prefixes.flatMap((p) => (isUnknown(p) ? [] : parseAddressOrPrefix(p) ?? []));
}
