import { isNonPublic } from './match';
import { parseAddressOrPrefix } from '../../model/address';
import type { Route, RouteTableNode } from '../../model/domain';
import { isUnknown, unknown, type Maybe } from '../../model/unknown';

/**
 * The route of a subnet's route table that Azure Storage traffic takes (longest prefix match). Storage stands for
 * "somewhere in Azure's public space": `0.0.0.0/0` covers it, a `Storage`/`AzureCloud` service-tag route covers it
 * more specifically, a private prefix does not, a specific public prefix may or may not (Unknown when it would
 * change the outcome). null when no user route covers it (the system route to the Internet applies).
 */
export function storageRoute(table: RouteTableNode, region: string | null): Maybe<Route | null> {
  if (isUnknown(table.routes)) return table.routes;
  let best: { route: Route; length: number } | null = null;
  const maybes: Route[] = [];
  for (const route of table.routes) {
    if (isUnknown(route.prefix)) return unknown(`route ${String(route.name)}: its address prefix is unknown: ${route.prefix.reason}`, route.at, route.prefix.kind);
    const cover = covers(route.prefix, region);
    if (isUnknown(cover)) return unknown(`route ${String(route.name)}: ${cover.reason}`, route.at, cover.kind);
    if (cover === 'maybe') maybes.push(route);
    else if (cover !== false && (best === null || cover > best.length)) best = { route, length: cover };
  }
  for (const maybe of maybes) {
    if (sameHop(maybe, best?.route ?? null)) continue;
    return unknown(`route ${String(maybe.name)} sends ${maybe.prefix as string} to ${String(maybe.nextHopType)}: whether that range holds Azure Storage's addresses is not known offline`, maybe.at);
  }
  return best?.route ?? null;
}

/** How specifically a route prefix covers Storage: a length (0 for 0.0.0.0/0, 33 for a tag), false, or 'maybe'. */
function covers(prefix: string, region: string | null): number | false | 'maybe' | ReturnType<typeof unknown> {
  const lower = prefix.trim().toLowerCase();
  const parsed = parseAddressOrPrefix(lower);
  if (parsed) {
    if (parsed.family !== 'ipv4' || isNonPublic(parsed)) return false;
    return parsed.length === 0 ? 0 : 'maybe';
  }
  const [tag, tagRegion] = lower.split('.', 2) as [string, string | undefined];
  if (tag === 'storage' || tag === 'azurecloud') {
    if (tagRegion === undefined) return tag === 'storage' ? 34 : 33;
    if (region === null) return unknown(`route prefix ${prefix} is regional and the VM's region is not known`);
    return tagRegion.replace(/[\s_-]/g, '') === region ? (tag === 'storage' ? 36 : 35) : false;
  }
  if (/^[a-z][a-z0-9]*(\.[a-z0-9]+)?$/.test(lower)) return false;
  return unknown(`route prefix '${prefix}' is neither an address prefix nor a service tag`);
}

/** Whether two routes send traffic the same way (so which one wins does not matter). */
function sameHop(a: Route, b: Route | null): boolean {
  const hop = (r: Route | null) => (r === null ? 'internet' : isUnknown(r.nextHopType) ? '?' : r.nextHopType.toLowerCase());
  const ip = (r: Route | null) => (r === null || isUnknown(r.nextHopIp) ? null : r.nextHopIp);
  return hop(a) !== '?' && hop(a) === hop(b) && ip(a) === ip(b);
}
