import { isUnknown } from '../../src/model/unknown';
import { readModule, valuesOf } from './hcl-helpers';

// Terraform's documented results: https://developer.hashicorp.com/terraform/language/functions/cidrsubnet (cidrhost,
// cidrnetmask, cidrsubnets), computed with the shared address module (src/model/address.ts).
describe('HCL cidr functions', () => {
  it('computes IPv4 and IPv6 subnets, hosts and netmasks', async () => {
    const result = await readModule({
      'main.tf': `
resource "t_r" "a" {
  sub4    = cidrsubnet("172.16.0.0/12", 4, 2)
  sub4b   = cidrsubnet("10.1.2.0/24", 4, 15)
  sub6    = cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)
  host4   = cidrhost("10.12.112.0/20", 16)
  host4b  = cidrhost("10.12.112.0/20", 268)
  host6   = cidrhost("fd00:fd12:3456:7890:00a2::/72", 34)
  last    = cidrhost("10.0.0.0/24", -1)
  mask    = cidrnetmask("172.16.0.0/12")
  subs    = cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)
  subs6   = cidrsubnets("fd00:fd12:3456:7890::/56", 16, 16, 16, 32)
  badmask = cidrnetmask("fd00::/64")
  badsub  = cidrsubnet("10.0.0.0/24", 4, 16)
}`,
    });
    const values = valuesOf(result, 't_r.a');
    expect(values).toMatchObject({
      sub4: '172.18.0.0/16',
      sub4b: '10.1.2.240/28',
      sub6: 'fd00:fd12:3456:7800:a200::/72',
      host4: '10.12.112.16',
      host4b: '10.12.113.12',
      host6: 'fd00:fd12:3456:7890::22',
      last: '10.0.0.255',
      mask: '255.240.0.0',
      subs: ['10.1.0.0/20', '10.1.16.0/20', '10.1.32.0/24', '10.1.48.0/20'],
      subs6: ['fd00:fd12:3456:7800::/72', 'fd00:fd12:3456:7800:100::/72', 'fd00:fd12:3456:7800:200::/72', 'fd00:fd12:3456:7800:300::/88'],
    });
    expect(isUnknown(values.badmask)).toBe(true);
    expect(isUnknown(values.badsub)).toBe(true);
  });
});
