import type { FirewallNode, Ref } from '../../domain';
import type { RawResource } from '../../resource';
import { isUnknown, unknown, type Maybe, type Value } from '../../unknown';
import { nodeBase } from '../base';
import { FieldReader, type Path } from '../fields';

/** Reason of `allowsBackup` while a policy-based firewall's rule collection groups have not been seen. */
export const POLICY_RULES_NOT_FOUND = "the firewall policy's rule collection groups are not in the model";

/**
 * `azurerm_firewall`. `allowsBackup` starts as "no rule seen" (false), or Unknown for a policy-based firewall
 * until its rule collection groups are attached (see attach.ts).
 */
export function buildFirewall(raw: RawResource): FirewallNode {
  const node: FirewallNode = Object.assign(nodeBase('firewall', raw), { privateIp: null, subnetId: null, allowsBackup: false });
  const attrs = new FieldReader(raw, node.sources);
  node.privateIp = attrs.string('privateIp', ['ip_configuration', 0, 'private_ip_address']);
  node.subnetId = attrs.ref('subnetId', ['ip_configuration', 0, 'subnet_id']);
  const policy = firewallPolicyOf(raw);
  attrs.source('allowsBackup', policy === null ? [] : ['firewall_policy_id']);
  if (policy !== null) node.allowsBackup = unknown(POLICY_RULES_NOT_FOUND, raw.locate(['firewall_policy_id']), 'not-in-run');
  return node;
}

export function firewallPolicyOf(raw: RawResource): Ref {
  return new FieldReader(raw, {}).ref('firewallPolicyId', ['firewall_policy_id']);
}

/** Three-valued OR: true wins, then Unknown, else false. */
export function anyAllows(verdicts: readonly Maybe<boolean>[]): Maybe<boolean> {
  if (verdicts.some((v) => v === true)) return true;
  return verdicts.find(isUnknown) ?? false;
}

/** `azurerm_firewall_application_rule_collection`: an Allow collection with an `AzureBackup` FQDN tag. */
export function applicationCollectionAllowsBackup(raw: RawResource): Maybe<boolean> {
  return collectionVerdict(raw, [], applicationRuleAllows);
}

/** `azurerm_firewall_network_rule_collection`: an Allow collection with a TCP 443 rule to `Storage`/`AzureBackup`. */
export function networkCollectionAllowsBackup(raw: RawResource): Maybe<boolean> {
  return collectionVerdict(raw, [], networkRuleAllows);
}

/** `azurerm_firewall_policy_rule_collection_group`: its application and network rule collections. */
export function ruleCollectionGroupAllowsBackup(raw: RawResource): Maybe<boolean> {
  const verdicts: Maybe<boolean>[] = [];
  for (const [block, rule] of [
    ['application_rule_collection', policyApplicationRuleAllows],
    ['network_rule_collection', networkRuleAllows],
  ] as const) {
    const collections = raw.values[block];
    if (isUnknown(collections)) verdicts.push(collections);
    else if (Array.isArray(collections)) collections.forEach((_, i) => verdicts.push(collectionVerdict(raw, [block, i], rule)));
  }
  return anyAllows(verdicts);
}

type RuleCheck = (value: (name: string) => Value | undefined) => Maybe<boolean>;

function collectionVerdict(raw: RawResource, path: Path, rule: RuleCheck): Maybe<boolean> {
  const attrs = new FieldReader(raw, {});
  const action = attrs.value([...path, 'action']);
  if (isUnknown(action)) return action;
  if (typeof action !== 'string' || action.toLowerCase() !== 'allow') return false;
  const rules = attrs.value([...path, 'rule']);
  if (isUnknown(rules)) return rules;
  if (!Array.isArray(rules)) return false;
  return anyAllows(rules.map((_, i) => rule((name) => attrs.value([...path, 'rule', i, name]))));
}

const applicationRuleAllows: RuleCheck = (value) =>
  anyAllows([containsName(value('fqdn_tags'), ['AzureBackup']), fqdnsCoverStorage(value('target_fqdns'))]);

const policyApplicationRuleAllows: RuleCheck = (value) =>
  anyAllows([containsName(value('destination_fqdn_tags') ?? value('fqdn_tags'), ['AzureBackup']), fqdnsCoverStorage(value('destination_fqdns'))]);

/** A blob endpoint the backup extension talks to, for FQDN patterns (`*`, `*.blob.core.windows.net`, `*.windows.net`). */
const STORAGE_FQDN = 'md-0000.blob.core.windows.net';

/** True when an FQDN pattern of an application rule lets HTTPS to Azure Storage's blob endpoints through. */
export function fqdnsCoverStorage(list: Value | undefined): Maybe<boolean> {
  if (isUnknown(list)) return list;
  if (!Array.isArray(list)) return false;
  let unknownItem: Maybe<boolean> = false;
  for (const item of list) {
    if (isUnknown(item)) unknownItem = item;
    else if (typeof item === 'string' && fqdnPatternMatches(item.trim().toLowerCase(), STORAGE_FQDN)) return true;
  }
  return unknownItem;
}

function fqdnPatternMatches(pattern: string, fqdn: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return fqdn.endsWith(pattern.slice(1));
  return pattern === fqdn;
}

const networkRuleAllows: RuleCheck = (value) => {
  const destinations = containsName(value('destination_addresses'), BACKUP_DESTINATIONS, BACKUP_DESTINATION_PREFIXES);
  const protocols = containsName(value('protocols'), ['TCP', 'Any']);
  const ports = coversPort(value('destination_ports'), 443);
  if (destinations === false || protocols === false || ports === false) return false;
  if (isUnknown(destinations)) return destinations;
  if (isUnknown(protocols)) return protocols;
  return ports;
};

/** Network rule destinations that hold Azure Storage (and so let backup traffic out). */
export const BACKUP_DESTINATIONS = ['Storage', 'AzureBackup', 'AzureCloud', '*', '0.0.0.0/0'];
export const BACKUP_DESTINATION_PREFIXES = ['Storage.', 'AzureCloud.'];

export function containsName(list: Value | undefined, names: string[], prefixes: string[] = []): Maybe<boolean> {
  if (isUnknown(list)) return list;
  if (!Array.isArray(list)) return false;
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const wantedPrefixes = prefixes.map((p) => p.toLowerCase());
  let unknownItem: Maybe<boolean> = false;
  for (const item of list) {
    if (isUnknown(item)) unknownItem = item;
    else if (typeof item === 'string') {
      const lower = item.toLowerCase();
      if (wanted.has(lower) || wantedPrefixes.some((p) => lower.startsWith(p))) return true;
    }
  }
  return unknownItem;
}

export function coversPort(list: Value | undefined, port: number): Maybe<boolean> {
  if (isUnknown(list)) return list;
  if (!Array.isArray(list)) return false;
  let unknownItem: Maybe<boolean> = false;
  for (const item of list) {
    if (isUnknown(item)) unknownItem = item;
    else if (typeof item === 'string' || typeof item === 'number') {
      const text = String(item).trim();
      if (text === '*') return true;
      const range = /^(\d+)(?:-(\d+))?$/.exec(text);
      if (range && Number(range[1]) <= port && port <= Number(range[2] ?? range[1])) return true;
    }
  }
  return unknownItem;
}
