import type { DomainNode } from '../domain';
import type { RawResource } from '../resource';
import { attachPending, type NamedTarget, type PendingAttachment } from './terraform/attach';
import { buildBackupPolicy, buildProtectedItem, buildSqlVm, buildVault } from './terraform/backup';
import { buildAvailabilitySet, buildExtension, buildLegacyVm, buildRunCommand, buildVm } from './terraform/compute';
import { FieldReader } from './fields';
import { buildLegacyScaleSet, buildOrchestratedScaleSet, buildScaleSet } from './terraform/scale-set';
import { read } from './read';
import {
  applicationCollectionAllowsBackup,
  buildFirewall,
  networkCollectionAllowsBackup,
  ruleCollectionGroupAllowsBackup,
} from './terraform/firewall';
import { buildInlineSubnets, buildNic, buildNsg, buildRouteTable, buildSubnet, nsgRule, route } from './terraform/network';

export { attachPending, type NamedTarget, type PendingAttachment } from './terraform/attach';
export { inlineSubnetId } from './terraform/network';
export { POLICY_RULES_NOT_FOUND } from './terraform/firewall';

type NodeBuilder = (raw: RawResource) => DomainNode[];
type PendingBuilder = (raw: RawResource) => PendingAttachment;

/** azurerm resource type → domain nodes. Types not listed carry nothing the rules read. */
const NODE_BUILDERS: Record<string, NodeBuilder> = {
  azurerm_linux_virtual_machine: (raw) => [buildVm(raw, 'linux')],
  azurerm_windows_virtual_machine: (raw) => [buildVm(raw, 'windows')],
  azurerm_virtual_machine: (raw) => [buildLegacyVm(raw)],
  azurerm_linux_virtual_machine_scale_set: (raw) => buildScaleSet(raw, 'linux'),
  azurerm_windows_virtual_machine_scale_set: (raw) => buildScaleSet(raw, 'windows'),
  azurerm_orchestrated_virtual_machine_scale_set: (raw) => buildOrchestratedScaleSet(raw),
  azurerm_virtual_machine_scale_set: (raw) => buildLegacyScaleSet(raw),
  azurerm_virtual_machine_extension: (raw) => [buildExtension(raw)],
  azurerm_virtual_machine_scale_set_extension: (raw) => [buildExtension(raw, [], 'virtual_machine_scale_set_id')],
  azurerm_virtual_machine_run_command: (raw) => [buildRunCommand(raw)],
  azurerm_availability_set: (raw) => [buildAvailabilitySet(raw)],
  azurerm_network_interface: (raw) => [buildNic(raw)],
  azurerm_subnet: (raw) => [buildSubnet(raw)],
  azurerm_virtual_network: (raw) => buildInlineSubnets(raw),
  azurerm_network_security_group: (raw) => [buildNsg(raw)],
  azurerm_route_table: (raw) => [buildRouteTable(raw)],
  azurerm_firewall: (raw) => [buildFirewall(raw)],
  azurerm_recovery_services_vault: (raw) => [buildVault(raw)],
  azurerm_backup_policy_vm: (raw) => [buildBackupPolicy(raw)],
  azurerm_backup_protected_vm: (raw) => [buildProtectedItem(raw)],
  azurerm_mssql_virtual_machine: (raw) => [buildSqlVm(raw)],
};

/** azurerm resource type → what it adds to another node. */
const PENDING_BUILDERS: Record<string, PendingBuilder> = {
  azurerm_network_security_rule: (raw) => ({
    kind: 'nsgRules',
    from: raw,
    at: raw.at,
    nsg: namedTarget(raw, 'network_security_group_name'),
    rules: [nsgRule(raw, [])],
  }),
  azurerm_route: (raw) => ({ kind: 'routes', from: raw, at: raw.at, routeTable: namedTarget(raw, 'route_table_name'), routes: [route(raw, [])] }),
  azurerm_firewall_application_rule_collection: (raw) => ({
    kind: 'firewallRules',
    from: raw,
    at: raw.at,
    firewall: namedTarget(raw, 'azure_firewall_name'),
    allowsBackup: applicationCollectionAllowsBackup(raw),
  }),
  azurerm_firewall_network_rule_collection: (raw) => ({
    kind: 'firewallRules',
    from: raw,
    at: raw.at,
    firewall: namedTarget(raw, 'azure_firewall_name'),
    allowsBackup: networkCollectionAllowsBackup(raw),
  }),
  azurerm_firewall_policy_rule_collection_group: (raw) => ({
    kind: 'firewallPolicyRules',
    from: raw,
    at: raw.at,
    policyId: ref(raw, 'firewall_policy_id'),
    allowsBackup: ruleCollectionGroupAllowsBackup(raw),
  }),
  azurerm_subnet_network_security_group_association: (raw) => ({
    kind: 'subnetNsg',
    from: raw,
    at: read(raw, ['network_security_group_id']).at,
    subnetId: ref(raw, 'subnet_id'),
    nsgId: ref(raw, 'network_security_group_id'),
  }),
  azurerm_subnet_route_table_association: (raw) => ({
    kind: 'subnetRouteTable',
    from: raw,
    at: read(raw, ['route_table_id']).at,
    subnetId: ref(raw, 'subnet_id'),
    routeTableId: ref(raw, 'route_table_id'),
  }),
  azurerm_network_interface_security_group_association: (raw) => ({
    kind: 'nicNsg',
    from: raw,
    at: read(raw, ['network_security_group_id']).at,
    nicId: ref(raw, 'network_interface_id'),
    nsgId: ref(raw, 'network_security_group_id'),
  }),
  azurerm_network_interface_application_security_group_association: (raw) => ({
    kind: 'nicAsg',
    from: raw,
    at: read(raw, ['application_security_group_id']).at,
    nicId: ref(raw, 'network_interface_id'),
    asgId: ref(raw, 'application_security_group_id'),
  }),
};

/** The azurerm resource types the model reads; the Terraform reader leaves the values of other types unevaluated. */
export const TERRAFORM_MODELLED_TYPES: ReadonlySet<string> = new Set([...Object.keys(NODE_BUILDERS), ...Object.keys(PENDING_BUILDERS)]);

export interface TerraformBuild {
  nodes: DomainNode[];
  /** Attachments whose target node is not among these resources: pass them to `attachPending` over the whole run. */
  unattached: PendingAttachment[];
}

/**
 * Maps Terraform resources (plan or `.tf`; nested blocks as arrays of objects) to domain nodes, then applies
 * separate rules, routes, rule collections and associations to their targets among them.
 */
export function buildTerraformModel(resources: readonly RawResource[]): TerraformBuild {
  const nodes: DomainNode[] = [];
  const pending: PendingAttachment[] = [];
  for (const raw of resources) {
    try {
      const node = NODE_BUILDERS[raw.type];
      if (node) nodes.push(...node(raw));
      const attachment = PENDING_BUILDERS[raw.type];
      if (attachment) pending.push(attachment(raw));
    } catch {
      // Builders read defensively; a resource that still breaks one is left out rather than ending the run.
    }
  }
  return { nodes, unattached: attachPending(nodes, pending) };
}

/** The nodes of `buildTerraformModel`, for callers that link within one set of resources only. */
export function buildTerraformNodes(resources: readonly RawResource[]): DomainNode[] {
  return buildTerraformModel(resources).nodes;
}

function ref(raw: RawResource, attribute: string) {
  return new FieldReader(raw, {}).ref(attribute, [attribute]);
}

function namedTarget(raw: RawResource, nameAttribute: string): NamedTarget {
  const attrs = new FieldReader(raw, {});
  return {
    ref: attrs.ref(nameAttribute, [nameAttribute]),
    name: attrs.string(nameAttribute, [nameAttribute]),
    resourceGroupName: attrs.string('resourceGroupName', ['resource_group_name']),
  };
}
