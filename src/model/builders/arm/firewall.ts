import { nodeBase } from '../base';
import { asArray, asString, readId, valueAt } from '../read';
import { anyAllows, BACKUP_DESTINATION_PREFIXES, BACKUP_DESTINATIONS, containsName, coversPort, fqdnsCoverStorage, POLICY_RULES_NOT_FOUND } from '../terraform/firewall';
import type { FirewallNode } from '../../domain';
import type { RawResource } from '../../resource';
import { isUnknown, unknown, type Maybe, type Value } from '../../unknown';

type Path = (string | number)[];

/**
 * `Microsoft.Network/azureFirewalls`: its private IP (rarely written) and subnet, and whether a classic rule
 * collection allows backup (application rule with FQDN tag AzureBackup, or a network rule for TCP 443 to
 * Storage/AzureCloud/*). A policy-based firewall stays Unknown until its rule collection groups are attached.
 */
export function buildArmFirewall(raw: RawResource): FirewallNode {
  const config = ['properties', 'ipConfigurations', 0, 'properties'];
  const subnet = readId(raw, [...config, 'subnet']);
  const policy = readId(raw, ['properties', 'firewallPolicy']);
  const node: FirewallNode = Object.assign(nodeBase('firewall', raw), {
    privateIp: asString(valueAt(raw, [...config, 'privateIPAddress'])),
    subnetId: subnet.value,
    allowsBackup: false,
  });
  node.sources['subnetId'] = subnet.at;
  if (policy.value !== null) {
    node.allowsBackup = unknown(POLICY_RULES_NOT_FOUND, policy.at, 'not-in-run');
    node.sources['allowsBackup'] = policy.at;
    return node;
  }
  node.allowsBackup = anyAllows([
    ...collections(raw, ['properties', 'applicationRuleCollections'], (rule) => applicationRuleAllows(raw, rule)),
    ...collections(raw, ['properties', 'networkRuleCollections'], (rule) => networkRuleAllows(raw, rule, 'protocols')),
  ]);
  return node;
}

/** The firewall policy a firewall uses (its rule collection groups are joined by it). */
export function armFirewallPolicyId(raw: RawResource): Maybe<string | null> {
  return readId(raw, ['properties', 'firewallPolicy']).value;
}

/** `Microsoft.Network/firewallPolicies/ruleCollectionGroups`: whether a filter collection allows backup. */
export function ruleCollectionGroupAllowsBackup(raw: RawResource): Maybe<boolean> {
  const list = asArray(valueAt(raw, ['properties', 'ruleCollections']));
  if (list === null) return false;
  if (isUnknown(list)) return list;
  return anyAllows(
    list.map((_, i) => {
      const rules = collectionRules(raw, ['properties', 'ruleCollections', i]);
      if (!Array.isArray(rules)) return rules;
      return anyAllows(
        rules.map((rulePath) => {
          const type = asString(valueAt(raw, [...rulePath, 'ruleType']));
          if (isUnknown(type)) return type;
          if (type?.toLowerCase() === 'applicationrule') return applicationRuleAllows(raw, rulePath);
          if (type?.toLowerCase() === 'networkrule') return networkRuleAllows(raw, rulePath, 'ipProtocols');
          return false;
        }),
      );
    }),
  );
}

/** The verdicts of each Allow collection's rules at `path` (classic collections keep rules under `properties`). */
function collections(raw: RawResource, path: Path, rule: (rulePath: Path) => Maybe<boolean>): Maybe<boolean>[] {
  const list = asArray(valueAt(raw, path));
  if (list === null) return [];
  if (isUnknown(list)) return [list];
  return list.map((_, i) => {
    const rules = collectionRules(raw, [...path, i, 'properties']);
    return Array.isArray(rules) ? anyAllows(rules.map(rule)) : rules;
  });
}

/** Rule paths of an Allow collection at `path` (`action.type`, `rules`), false for Deny, Unknown when unreadable. */
function collectionRules(raw: RawResource, path: Path): Path[] | Maybe<boolean> {
  const action = asString(valueAt(raw, [...path, 'action', 'type']));
  if (isUnknown(action)) return action;
  if (action?.toLowerCase() !== 'allow') return false;
  const rules = asArray(valueAt(raw, [...path, 'rules']));
  if (rules === null) return false;
  if (isUnknown(rules)) return rules;
  return rules.map((_, j) => [...path, 'rules', j]);
}

function value(raw: RawResource, path: Path): Value | undefined {
  return valueAt(raw, path);
}

function applicationRuleAllows(raw: RawResource, rule: Path): Maybe<boolean> {
  return anyAllows([containsName(value(raw, [...rule, 'fqdnTags']), ['AzureBackup']), fqdnsCoverStorage(value(raw, [...rule, 'targetFqdns']))]);
}

function networkRuleAllows(raw: RawResource, rule: Path, protocolField: string): Maybe<boolean> {
  const destinations = containsName(value(raw, [...rule, 'destinationAddresses']), BACKUP_DESTINATIONS, BACKUP_DESTINATION_PREFIXES);
  const protocols = containsName(value(raw, [...rule, protocolField]), ['TCP', 'Any']);
  const ports = coversPort(value(raw, [...rule, 'destinationPorts']), 443);
  if (destinations === false || protocols === false || ports === false) return false;
  if (isUnknown(destinations)) return destinations;
  if (isUnknown(protocols)) return protocols;
  return ports;
}
