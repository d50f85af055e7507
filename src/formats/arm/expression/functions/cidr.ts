import { AddressError, addressAt, firstAddress, formatAddress, formatPrefix, lastAddress, netmask, parsePrefix, prefixSize, subnet, type IpPrefix } from '../../../../model/address';
import type { Value } from '../../../../model/unknown';
import { fail } from '../errors';
import { expectInt, expectString } from '../values';
import { fixed, type FunctionTable } from './spec';

function parseNetwork(text: string): IpPrefix {
  return parsePrefix(text) ?? fail(`'${text}' is not a CIDR range`);
}

/** Networks of one or two addresses (IPv4 /31 and /32, IPv6 /127 and /128) have no reserved network address. */
function reservesNetworkAddress(prefix: IpPrefix): boolean {
  return prefixSize(prefix) > 2n;
}

function withinRange<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof AddressError) fail(error.message);
    throw error;
  }
}

/** IPv6 has no broadcast address: Microsoft's documented IPv6 result has no `broadcast` and `firstUsable` is the network. */
function parseCidr(text: string): Value {
  const prefix = parseNetwork(text);
  const first = firstAddress(prefix);
  const last = lastAddress(prefix);
  const reserved = reservesNetworkAddress(prefix);
  if (prefix.family === 'ipv6') {
    return { network: formatAddress(first), netmask: formatAddress(netmask(prefix)), firstUsable: formatAddress(first), lastUsable: formatAddress(last), cidr: prefix.length };
  }
  return {
    network: formatAddress(first),
    netmask: formatAddress(netmask(prefix)),
    broadcast: formatAddress(last),
    firstUsable: formatAddress(reserved ? { ...first, value: first.value + 1n } : first),
    lastUsable: formatAddress(reserved ? { ...last, value: last.value - 1n } : last),
    cidr: prefix.length,
  };
}

function cidrSubnet(text: string, newPrefix: number, index: number): string {
  return withinRange(() => formatPrefix(subnet(parseNetwork(text), newPrefix, index)));
}

/** Host 0 is the first address after the network address (IPv6 too, as documented); IPv4 also keeps the broadcast out. */
function cidrHost(text: string, index: number): string {
  const prefix = parseNetwork(text);
  const reserved = reservesNetworkAddress(prefix);
  const usable = prefixSize(prefix) - (reserved ? (prefix.family === 'ipv4' ? 2n : 1n) : 0n);
  if (index < 0 || BigInt(index) >= usable) fail(`host index ${index} is out of range (0..${usable - 1n})`);
  return formatAddress(addressAt(prefix, BigInt(index) + (reserved ? 1n : 0n)));
}

export const CIDR_FUNCTIONS: FunctionTable = {
  parsecidr: fixed(1, ([range]) => parseCidr(expectString(range!, 'range'))),
  cidrsubnet: fixed(3, ([range, prefix, index]) => cidrSubnet(expectString(range!, 'range'), expectInt(prefix!, 'new CIDR'), expectInt(index!, 'index'))),
  cidrhost: fixed(2, ([range, index]) => cidrHost(expectString(range!, 'range'), expectInt(index!, 'index'))),
};
