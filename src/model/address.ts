import ipaddr from 'ipaddr.js';

/**
 * IP addresses and prefixes (IPv4 and IPv6) for ARM's `cidr*` functions, Terraform's `cidr*` functions and the
 * egress analysis. Parsing and formatting are ipaddr.js's; arithmetic is on bigints so both families share it.
 */

export type AddressFamily = 'ipv4' | 'ipv6';

export interface IpAddress {
  readonly family: AddressFamily;
  readonly value: bigint;
}

/** A network prefix; `address` is the network address (host bits cleared). */
export interface IpPrefix {
  readonly family: AddressFamily;
  readonly address: bigint;
  readonly length: number;
}

/** Thrown for a prefix length or index that does not fit; callers turn it into their own error. */
export class AddressError extends Error {}

export function familyBits(family: AddressFamily): number {
  return family === 'ipv4' ? 32 : 128;
}

/** The form `isValidFourPartDecimal` also requires: four decimal parts without leading zeros. */
const FOUR_PART_DECIMAL = /^(0|[1-9]\d*)(\.(0|[1-9]\d*)){3}$/;

/**
 * An address in strict notation: dotted quad without leading zeros (no `010.1` or hex forms, which ipaddr.js
 * would accept) or IPv6 without a zone. Undefined when the text is not one.
 */
export function parseAddress(text: string): IpAddress | undefined {
  const trimmed = text.trim();
  // The shapes are tested first: most texts met are service tags and `*` (`VirtualNetwork`, `Internet`), which
  // ipaddr.js rejects by throwing inside its checks, and a thrown error costs more than the rest of the parse.
  if (FOUR_PART_DECIMAL.test(trimmed) && ipaddr.IPv4.isValidFourPartDecimal(trimmed)) return fromBytes('ipv4', ipaddr.IPv4.parse(trimmed).toByteArray());
  if (trimmed.includes(':') && !trimmed.includes('%') && ipaddr.IPv6.isValid(trimmed)) return fromBytes('ipv6', ipaddr.IPv6.parse(trimmed).toByteArray());
  return undefined;
}

/** `address/length`, host bits allowed and cleared (`10.1.2.3/16` is `10.1.0.0/16`). Undefined when malformed. */
export function parsePrefix(text: string): IpPrefix | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!match) return undefined;
  const address = parseAddress(match[1]!);
  const length = Number(match[2]);
  if (!address || length > familyBits(address.family)) return undefined;
  return { family: address.family, address: address.value & maskOf(address.family, length), length };
}

/** A prefix, or a bare address as its single-address prefix (`/32`, `/128`), as NSG and route rules write them. */
export function parseAddressOrPrefix(text: string): IpPrefix | undefined {
  if (text.includes('/')) return parsePrefix(text);
  const address = parseAddress(text);
  return address && { family: address.family, address: address.value, length: familyBits(address.family) };
}

export function formatAddress(address: IpAddress): string {
  const bytes: number[] = [];
  const count = familyBits(address.family) / 8;
  for (let i = count - 1; i >= 0; i--) bytes.push(Number((address.value >> BigInt(8 * i)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

export function formatPrefix(prefix: IpPrefix): string {
  return `${formatAddress({ family: prefix.family, value: prefix.address })}/${prefix.length}`;
}

export function prefixSize(prefix: IpPrefix): bigint {
  return 1n << BigInt(familyBits(prefix.family) - prefix.length);
}

/** The network mask (`255.255.240.0` for a /20). */
export function netmask(prefix: IpPrefix): IpAddress {
  return { family: prefix.family, value: maskOf(prefix.family, prefix.length) };
}

export function firstAddress(prefix: IpPrefix): IpAddress {
  return { family: prefix.family, value: prefix.address };
}

/** The highest address of the prefix (the IPv4 broadcast address). */
export function lastAddress(prefix: IpPrefix): IpAddress {
  return { family: prefix.family, value: prefix.address + prefixSize(prefix) - 1n };
}

/** The address `offset` places from the network address; a negative offset counts back from the end (-1 is the last). */
export function addressAt(prefix: IpPrefix, offset: bigint | number): IpAddress {
  const size = prefixSize(prefix);
  const index = BigInt(offset) < 0n ? size + BigInt(offset) : BigInt(offset);
  if (index < 0n || index >= size) throw new AddressError(`address ${offset} is outside ${formatPrefix(prefix)}`);
  return { family: prefix.family, value: prefix.address + index };
}

/** Subnet number `index` of length `newLength` inside `prefix` (Terraform's cidrsubnet with newbits = newLength - length). */
export function subnet(prefix: IpPrefix, newLength: number, index: bigint | number): IpPrefix {
  if (!Number.isInteger(newLength) || newLength < prefix.length || newLength > familyBits(prefix.family)) {
    throw new AddressError(`prefix length /${newLength} does not fit in ${formatPrefix(prefix)}`);
  }
  const count = 1n << BigInt(newLength - prefix.length);
  const number = BigInt(index);
  if (number < 0n || number >= count) throw new AddressError(`subnet ${index} is out of range (0..${count - 1n}) for /${newLength} in ${formatPrefix(prefix)}`);
  return { family: prefix.family, address: prefix.address + number * (1n << BigInt(familyBits(prefix.family) - newLength)), length: newLength };
}

/** Whether `inner` (an address or a prefix) lies entirely inside `outer`; different families never contain each other. */
export function prefixContains(outer: IpPrefix, inner: IpPrefix | IpAddress): boolean {
  if (outer.family !== inner.family) return false;
  const [address, length] = 'length' in inner ? [inner.address, inner.length] : [inner.value, familyBits(inner.family)];
  return length >= outer.length && (address & maskOf(outer.family, outer.length)) === outer.address;
}

/** Whether two prefixes share at least one address. */
export function prefixesOverlap(a: IpPrefix, b: IpPrefix): boolean {
  return prefixContains(a, b) || prefixContains(b, a);
}

function maskOf(family: AddressFamily, length: number): bigint {
  const bits = BigInt(familyBits(family));
  const all = (1n << bits) - 1n;
  return all ^ ((1n << (bits - BigInt(length))) - 1n);
}

function fromBytes(family: AddressFamily, bytes: number[]): IpAddress {
  return { family, value: bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n) };
}
