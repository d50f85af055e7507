import { storageRoute } from '../../../src/analysis/egress/routes';
import type { Route, RouteTableNode } from '../../../src/model/domain';
import { isUnknown, unknown } from '../../../src/model/unknown';

const at = { file: 'routes.json', line: 1 };
const route = (name: string, prefix: Route['prefix'], nextHopType: string, nextHopIp: string | null = null): Route => ({ name, prefix, nextHopType, nextHopIp, at });
const table = (routes: Route[]): RouteTableNode => ({ kind: 'routeTable', id: 'rt', name: 'rt', label: 'rt', type: 'Microsoft.Network/routeTables', format: 'arm', file: 'routes.json', at, sources: {}, routes }) as RouteTableNode;
const chosen = (routes: Route[], region: string | null = 'westeurope') => {
  const result = storageRoute(table(routes), region);
  return isUnknown(result) ? 'unknown' : result === null ? 'system' : result.name;
};

describe('the route Azure Storage traffic takes (longest prefix match, Storage as public Azure space)', () => {
  const cases: [string, Route[], string][] = [
    ['no routes: the system route', [], 'system'],
    ['0.0.0.0/0 covers Storage', [route('default', '0.0.0.0/0', 'None')], 'default'],
    ['private prefixes do not', [route('onprem', '10.0.0.0/8', 'VirtualNetworkGateway'), route('lab', '192.168.0.0/16', 'None')], 'system'],
    ['a Storage tag route beats 0.0.0.0/0', [route('default', '0.0.0.0/0', 'None'), route('storage', 'Storage', 'Internet')], 'storage'],
    ['Storage.<region> of the VM beats Storage', [route('storage', 'Storage', 'None'), route('regional', 'Storage.WestEurope', 'Internet')], 'regional'],
    ['Storage.<other region> does not cover', [route('default', '0.0.0.0/0', 'None'), route('other', 'Storage.EastUS', 'Internet')], 'default'],
    ['AzureCloud covers, Storage is more specific', [route('cloud', 'AzureCloud', 'None'), route('storage', 'Storage', 'Internet')], 'storage'],
    ['a public /8 to another hop: Unknown', [route('default', '0.0.0.0/0', 'Internet'), route('some', '52.0.0.0/8', 'None')], 'unknown'],
    ['a public /8 to the same hop as the default does not matter', [route('default', '0.0.0.0/0', 'None'), route('some', '52.0.0.0/8', 'None')], 'default'],
    ['an unknown prefix: Unknown', [route('default', unknown('a parameter'), 'None')], 'unknown'],
    ['an IPv6 default does not carry IPv4 Storage traffic', [route('v6', '::/0', 'None')], 'system'],
  ];
  it.each(cases)('%s', (_name, routes, expected) => {
    expect(chosen(routes)).toBe(expected);
  });

  it('a regional tag route with the VM region unknown is Unknown', () => {
    expect(chosen([route('regional', 'Storage.WestEurope', 'None')], null)).toBe('unknown');
  });
});
