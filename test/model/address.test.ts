import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { addressAt, formatAddress, formatPrefix, lastAddress, netmask, parseAddress, parseAddressOrPrefix, parsePrefix, prefixContains, prefixesOverlap, subnet } from '../../src/model/address';

function prefix(text: string) {
  const parsed = parsePrefix(text);
  if (!parsed) throw new Error(`test prefix ${text} does not parse`);
  return parsed;
}

describe('address module', () => {
  it('parses strict IPv4 and IPv6 notation and nothing else', () => {
    expect(parseAddress('10.0.0.1')).toEqual({ family: 'ipv4', value: 0x0a000001n });
    expect(parseAddress('fdad:3236:5555::1')?.family).toBe('ipv6');
    for (const bad of ['010.0.0.1', '10.0.1', '0x0a.0.0.1', '256.0.0.1', 'fe80::1%eth0', '1::2::3', 'Internet', '']) expect(parseAddress(bad)).toBeUndefined();
  });

  it('accepts exactly what ipaddr.js accepts as strict notation (its shape is tested first, for speed)', () => {
    const strict = (text: string) => {
      const trimmed = text.trim();
      return ipaddr.IPv4.isValidFourPartDecimal(trimmed) || (!trimmed.includes('%') && ipaddr.IPv6.isValid(trimmed));
    };
    const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('00', '01', '0x1', ''));
    const ipv4ish = fc.array(octet, { minLength: 3, maxLength: 5 }).map((parts) => parts.join('.'));
    const ipv6ish = fc.array(fc.oneof(fc.stringMatching(/^[0-9a-fA-F]{0,5}$/), fc.constant('')), { minLength: 2, maxLength: 9 }).map((parts) => parts.join(':'));
    const text = fc.oneof(ipv4ish, ipv6ish, fc.string(), fc.constantFrom('VirtualNetwork', '*', ' 10.0.0.1 ', '::', '::ffff:1.2.3.4', 'fe80::1%eth0'));
    fc.assert(fc.property(text, (t) => expect(parseAddress(t) !== undefined).toBe(strict(t))), { numRuns: 2000 });
  });

  it('clears host bits of a prefix and rejects lengths beyond the family', () => {
    expect(formatPrefix(prefix('10.1.2.3/16'))).toBe('10.1.0.0/16');
    expect(formatPrefix(prefix('fdad:3236:5555:1234::/48'))).toBe('fdad:3236:5555::/48');
    expect(parsePrefix('10.0.0.0/33')).toBeUndefined();
    expect(parsePrefix('::/129')).toBeUndefined();
    expect(parsePrefix('10.0.0.0')).toBeUndefined();
  });

  it('formats IPv6 in the compressed RFC 5952 form', () => {
    expect(formatAddress(lastAddress(prefix('fdad:3236:5555::/48')))).toBe('fdad:3236:5555:ffff:ffff:ffff:ffff:ffff');
    expect(formatAddress(netmask(prefix('fdad:3236:5555::/48')))).toBe('ffff:ffff:ffff::');
    expect(formatAddress(parseAddress('2001:db8:0:0:1:0:0:1')!)).toBe('2001:db8::1:0:0:1');
  });

  it('computes subnets and addresses in both families', () => {
    expect(formatPrefix(subnet(prefix('10.144.0.0/20'), 24, 4))).toBe('10.144.4.0/24');
    expect(formatPrefix(subnet(prefix('fdad:3236:5555::/48'), 52, 1))).toBe('fdad:3236:5555:1000::/52');
    expect(() => subnet(prefix('10.0.0.0/24'), 23, 0)).toThrow('prefix length /23 does not fit in 10.0.0.0/24');
    expect(() => subnet(prefix('10.0.0.0/24'), 26, 4)).toThrow('subnet 4 is out of range (0..3)');
    expect(formatAddress(addressAt(prefix('10.0.0.0/24'), -1))).toBe('10.0.0.255');
    expect(() => addressAt(prefix('10.0.0.0/30'), 4)).toThrow('outside 10.0.0.0/30');
  });

  it('tests containment and overlap, never across families', () => {
    expect(prefixContains(prefix('10.0.0.0/8'), parseAddress('10.200.1.1')!)).toBe(true);
    expect(prefixContains(prefix('10.0.0.0/8'), parseAddress('11.0.0.1')!)).toBe(false);
    expect(prefixContains(prefix('10.0.0.0/8'), prefix('10.1.0.0/16'))).toBe(true);
    expect(prefixContains(prefix('10.1.0.0/16'), prefix('10.0.0.0/8'))).toBe(false);
    expect(prefixContains(prefix('0.0.0.0/0'), parseAddress('::1')!)).toBe(false);
    expect(prefixesOverlap(prefix('10.1.0.0/16'), prefix('10.0.0.0/8'))).toBe(true);
    expect(prefixesOverlap(prefix('10.1.0.0/16'), prefix('10.2.0.0/16'))).toBe(false);
    expect(parseAddressOrPrefix('10.0.0.4')).toEqual({ family: 'ipv4', address: 0x0a000004n, length: 32 });
  });
});
