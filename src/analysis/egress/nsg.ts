import { allMatch, destinationMatches, portMatches, protocolMatches, sourceMatches, sourcePortMatches, type Flow, type Match } from './match';
import type { NsgNode, NsgRule } from '../../model/domain';
import type { SourceRef } from '../../model/location';
import { isUnknown, unknown, type Maybe } from '../../model/unknown';

/** The rule of one NSG that decides an outbound flow (first match by priority), maybe one of Azure's defaults. */
export interface NsgRuleDecision {
  access: 'Allow' | 'Deny';
  rule: string;
  priority: number;
  /** True for AllowVnetOutBound / AllowInternetOutBound / DenyAllOutBound, which no template declares. */
  isDefault: boolean;
  /** The rule as written; the NSG's declaration for a default rule. */
  at: SourceRef;
}

/** Azure's outbound default rules, applied after every declared rule. */
const DEFAULT_RULES = [
  { name: 'AllowVnetOutBound', priority: 65000, access: 'Allow', destinations: ['VirtualNetwork'] },
  { name: 'AllowInternetOutBound', priority: 65001, access: 'Allow', destinations: ['Internet'] },
  { name: 'DenyAllOutBound', priority: 65500, access: 'Deny', destinations: ['*'] },
] as const;

/**
 * Evaluates the NSG's outbound rules for the flow: by ascending priority, first match wins, the default rules last.
 * Unknown when a rule that could come first cannot be read (direction, priority, protocol, prefix…): the deciding
 * rule is then not known. Bounded by the rule count (sorted once).
 */
export function evaluateNsg(nsg: NsgNode, flow: Flow): Maybe<NsgRuleDecision> {
  if (isUnknown(nsg.rules)) return nsg.rules;
  const candidates: { rule: NsgRule; priority: number }[] = [];
  for (const rule of nsg.rules) {
    if (isUnknown(rule.direction)) return withContext(rule.direction, rule, 'direction');
    if (rule.direction !== 'Outbound') continue;
    if (isUnknown(rule.priority)) return withContext(rule.priority, rule, 'priority');
    candidates.push({ rule, priority: rule.priority });
  }
  candidates.sort((a, b) => a.priority - b.priority);
  for (const { rule, priority } of candidates) {
    const match = ruleMatches(rule, flow);
    if (match === false) continue;
    if (isUnknown(match)) return withContext(match, rule, 'match');
    if (isUnknown(rule.access)) return withContext(rule.access, rule, 'access');
    return { access: rule.access, rule: nameOf(rule), priority, isDefault: false, at: rule.at };
  }
  for (const rule of DEFAULT_RULES) {
    const match = destinationMatches([...rule.destinations], flow.destination);
    if (match === false) continue;
    if (isUnknown(match)) return match;
    return { access: rule.access, rule: rule.name, priority: rule.priority, isDefault: true, at: nsg.at };
  }
  return unknown('no default rule matched');
}

export function ruleMatches(rule: NsgRule, flow: Flow): Match {
  const protocol = protocolMatches(rule.protocol);
  if (protocol === false) return false;
  const port = portMatches(rule.destinationPorts, flow.port);
  if (port === false) return false;
  const destination = destinationMatches(rule.destinations, flow.destination, rule.destinationAsgIds);
  if (destination === false) return false;
  const source = sourceMatches(rule.sources, flow.source, rule.sourceAsgIds);
  if (source === false) return false;
  return allMatch([protocol, port, destination, source, sourcePortMatches(rule.sourcePorts)]);
}

function nameOf(rule: NsgRule): string {
  return isUnknown(rule.name) ? '(unnamed rule)' : rule.name;
}

function withContext(cause: { reason: string; kind: Parameters<typeof unknown>[2] }, rule: NsgRule, what: string): Maybe<never> {
  const text = what === 'match' ? cause.reason : `its ${what} is unknown: ${cause.reason}`;
  return unknown(`rule ${nameOf(rule)}: ${text}`, rule.at, cause.kind);
}
