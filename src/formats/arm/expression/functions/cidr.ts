import { fail } from '../errors';
import { expectInt, expectString } from '../values';
import { fixed, type FunctionTable } from './spec';

interface Ipv4Network {
  address: number;
  prefix: number;
}

function parseIpv4(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) fail(`'${text}' is not an IPv4 address`);
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

function parseNetwork(text: string): Ipv4Network {
  if (text.includes(':')) fail('IPv6 ranges are not supported');
  const match = /^([\d.]+)\/(\d{1,2})$/.exec(text.trim());
  if (!match || Number(match[2]) > 32) fail(`'${text}' is not a CIDR range`);
  const prefix = Number(match[2]);
  const size = 2 ** (32 - prefix);
  return { address: Math.floor(parseIpv4(match[1]!) / size) * size, prefix };
}

function networkSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

function parseCidr(text: string) {
  const { address, prefix } = parseNetwork(text);
  const size = networkSize(prefix);
  const broadcast = address + size - 1;
  const smallNetwork = prefix >= 31;
  return {
    network: formatIpv4(address),
    netmask: formatIpv4(2 ** 32 - size),
    broadcast: formatIpv4(broadcast),
    firstUsable: formatIpv4(smallNetwork ? address : address + 1),
    lastUsable: formatIpv4(smallNetwork ? broadcast : broadcast - 1),
    cidr: prefix,
  };
}

function cidrSubnet(text: string, newPrefix: number, index: number): string {
  const { address, prefix } = parseNetwork(text);
  if (newPrefix < prefix || newPrefix > 32) fail(`new prefix /${newPrefix} does not fit in /${prefix}`);
  const count = 2 ** (newPrefix - prefix);
  if (index < 0 || index >= count) fail(`subnet index ${index} is out of range (0..${count - 1})`);
  return `${formatIpv4(address + index * networkSize(newPrefix))}/${newPrefix}`;
}

function cidrHost(text: string, index: number): string {
  const { address, prefix } = parseNetwork(text);
  const size = networkSize(prefix);
  const usable = prefix >= 31 ? size : size - 2;
  if (index < 0 || index >= usable) fail(`host index ${index} is out of range (0..${usable - 1})`);
  return formatIpv4(address + (prefix >= 31 ? 0 : 1) + index);
}

export const CIDR_FUNCTIONS: FunctionTable = {
  parsecidr: fixed(1, ([range]) => parseCidr(expectString(range!, 'range'))),
  cidrsubnet: fixed(3, ([range, prefix, index]) => cidrSubnet(expectString(range!, 'range'), expectInt(prefix!, 'new CIDR'), expectInt(index!, 'index'))),
  cidrhost: fixed(2, ([range, index]) => cidrHost(expectString(range!, 'range'), expectInt(index!, 'index'))),
};
