import type { BackupPolicyFacts, VmFacts } from './facts';
import type { SourceRef } from './location';
import type { RawResource, SourceFormat, TextFile } from './resource';
import type { Maybe, Unknown } from './unknown';

/**
 * The Azure domain model (DESIGN §4), the same whatever the source format. Every field is a known value or
 * Unknown; `sources` says where each field came from. References between nodes are IDs (ARM resource IDs,
 * compared case-insensitively) or Terraform addresses; `Model.resolve` follows them.
 *
 * Absent, for policy authors: a field the source does not set and Azure does not default is `null` (a reference
 * to nothing, no size, no image). Unknown means the linter cannot tell (its `kind` says why). `undefined` is never
 * a field's value: every field of FIELD_SCHEMA (model/field-schema.ts) is present on its nodes, except the
 * optional ones marked there (`conditional`, `facts`); a policy reads `undefined` only through `?.`, `find` or an
 * optional field. The expression helper `absent(x)` is true for null and undefined, Unknown for Unknown.
 */
export type NodeKind =
  | 'vm'
  | 'nic'
  | 'subnet'
  | 'nsg'
  | 'routeTable'
  | 'firewall'
  | 'extension'
  | 'runCommand'
  | 'availabilitySet'
  | 'vault'
  | 'backupPolicy'
  | 'protectedItem'
  | 'sqlVm';

export interface NodeBase {
  kind: NodeKind;
  /** Resolved ARM resource ID or Terraform address; the join key. May be a SymbolicText (see `Model.resolve`). */
  id: Maybe<string>;
  /** Deployed name as evaluated (ARM) or Terraform address; may be a SymbolicText (`{vmName}`). */
  name: Maybe<string>;
  /**
   * How messages name the node: the evaluated name, else a symbolic name's display (`{vmName}-nic`), else the
   * name as declared (`[reference('x').name]`).
   */
  label: string;
  /** ARM type or Terraform resource type, as declared. */
  type: string;
  format: SourceFormat;
  file: string;
  at: SourceRef;
  /** Field path (`agent.provisioned`) → where its value came from. */
  sources: Record<string, SourceRef>;
  /** Set when the resource exists only under a condition that could not be evaluated (the reason). */
  conditional?: string;
  raw: RawResource;
}

/** A reference to another node: its ID/address, or Unknown (maybe a symbolic ID: `Model.resolve`), or null when absent. */
export type Ref = Maybe<string | null>;

export interface VmAgent {
  /** Whether the VM agent is provisioned. Azure's default is true (legacy azurerm Windows VM: false). */
  provisioned: Maybe<boolean>;
  /** True when `provisioned` comes from the default, not from a declared attribute. */
  provisionedByDefault: boolean;
  extensionOperationsAllowed: Maybe<boolean>;
}

/** Text that runs in the guest (customData, userData, scripts): filled by the guest analysis (§5.2). */
export interface GuestText {
  property: string;
  text: Maybe<string>;
  at: SourceRef;
  /** Terraform: the file the text was read from (`file()`, `templatefile()`), so findings can point at its lines. */
  origin?: TextFile;
}

export interface VmNode extends NodeBase {
  kind: 'vm';
  os: Maybe<'linux' | 'windows'>;
  size: Maybe<string | null>;
  image: { publisher: Maybe<string | null>; offer: Maybe<string | null>; sku: Maybe<string | null> };
  agent: VmAgent;
  nicIds: Maybe<Ref[]>;
  availabilitySetId: Ref;
  /** The scale set this VM joined (Flexible orchestration `virtualMachineScaleSet`), by reference. */
  scaleSetId: Ref;
  /**
   * True when the node is a virtual machine scale set itself (ARM `Microsoft.Compute/virtualMachineScaleSets`, the
   * azurerm scale set resources): its VM profile is read as one VM, and each `networkInterfaceConfigurations` entry /
   * `network_interface` block is a NIC node of its own, so the network and egress analyses see its instances' path.
   */
  isScaleSet: boolean;
  /**
   * A scale set's orchestration mode (null on a VM). Azure Backup protects the VMs of a Flexible scale set one by one;
   * Uniform instances cannot be protected at all, so backup rules stay silent on Uniform scale sets.
   */
  orchestrationMode: Maybe<'Uniform' | 'Flexible' | null>;
  guestTexts: GuestText[];
  /** Written by the analyses stage (src/analysis): absent on a node no analysis has seen. */
  facts?: VmFacts;
}

export interface IpConfiguration {
  name: Maybe<string>;
  allocation: Maybe<'Static' | 'Dynamic' | null>;
  privateIp: Maybe<string | null>;
  subnetId: Ref;
  /** IDs of the application security groups this IP configuration belongs to ([] when none). */
  asgIds: Maybe<Ref[]>;
}

export interface NicNode extends NodeBase {
  kind: 'nic';
  ipConfigurations: Maybe<IpConfiguration[]>;
  nsgId: Ref;
}

export interface SubnetNode extends NodeBase {
  kind: 'subnet';
  /** ID of the virtual network the subnet belongs to. */
  vnetId: Ref;
  prefixes: Maybe<Maybe<string>[]>;
  nsgId: Ref;
  routeTableId: Ref;
  serviceEndpoints: Maybe<Maybe<string>[]>;
}

export interface NsgRule {
  name: Maybe<string>;
  direction: Maybe<'Inbound' | 'Outbound'>;
  access: Maybe<'Allow' | 'Deny'>;
  priority: Maybe<number>;
  protocol: Maybe<string>;
  sources: Maybe<Maybe<string>[]>;
  destinations: Maybe<Maybe<string>[]>;
  /** Application security groups the rule names as its source / destination instead of prefixes ([] when none). */
  sourceAsgIds: Maybe<Ref[]>;
  destinationAsgIds: Maybe<Ref[]>;
  /** Source port ranges (`*` when not written): outbound traffic leaves from an ephemeral port. */
  sourcePorts: Maybe<Maybe<string>[]>;
  destinationPorts: Maybe<Maybe<string>[]>;
  at: SourceRef;
}

export interface NsgNode extends NodeBase {
  kind: 'nsg';
  rules: Maybe<NsgRule[]>;
}

export interface Route {
  name: Maybe<string>;
  prefix: Maybe<string>;
  nextHopType: Maybe<string>;
  nextHopIp: Maybe<string | null>;
  at: SourceRef;
}

export interface RouteTableNode extends NodeBase {
  kind: 'routeTable';
  routes: Maybe<Route[]>;
}

export interface FirewallNode extends NodeBase {
  kind: 'firewall';
  privateIp: Maybe<string | null>;
  /** The subnet of its first IP configuration (AzureFirewallSubnet): a next hop inside it is this firewall. */
  subnetId: Ref;
  /** True when an application rule with FQDN tag AzureBackup, or a network rule for TCP 443 to Storage/AzureCloud/AzureBackup/*, allows traffic. */
  allowsBackup: Maybe<boolean>;
}

export interface ExtensionNode extends NodeBase {
  kind: 'extension';
  vmId: Ref;
  publisher: Maybe<string | null>;
  handlerType: Maybe<string | null>;
  typeHandlerVersion: Maybe<string | null>;
  autoUpgradeMinorVersion: Maybe<boolean | null>;
  /** SQL IaaS Agent extension: `settings.AutoBackupSettings.Enable` (SQL automated backup); null when not set. */
  sqlAutoBackup: Maybe<boolean | null>;
  /** True for an extension of a scale set (its profile's, or a scale set extension resource); `vmId` names the scale set. */
  onScaleSet: boolean;
  guestTexts: GuestText[];
}

export interface RunCommandNode extends NodeBase {
  kind: 'runCommand';
  vmId: Ref;
  guestTexts: GuestText[];
}

export interface AvailabilitySetNode extends NodeBase {
  kind: 'availabilitySet';
}

export interface VaultNode extends NodeBase {
  kind: 'vault';
}

export interface BackupSchedule {
  frequency: Maybe<string | null>;
  /** Start times as written (ISO date-times or `HH:MM`). */
  times: Maybe<Maybe<string>[]>;
  days: Maybe<Maybe<string>[] | null>;
  timeZone: Maybe<string | null>;
  hourlyIntervalHours: Maybe<number | null>;
  hourlyWindowHours: Maybe<number | null>;
}

export interface BackupPolicyNode extends NodeBase {
  kind: 'backupPolicy';
  vaultId: Ref;
  schedule: Maybe<BackupSchedule>;
  /** Written by the schedule analysis. */
  facts?: BackupPolicyFacts;
}

export interface ProtectedItemNode extends NodeBase {
  kind: 'protectedItem';
  vaultId: Ref;
  vmId: Ref;
  policyId: Ref;
}

export interface SqlVmNode extends NodeBase {
  kind: 'sqlVm';
  vmId: Ref;
  autoBackupEnabled: Maybe<boolean>;
}

export type DomainNode =
  | VmNode
  | NicNode
  | SubnetNode
  | NsgNode
  | RouteTableNode
  | FirewallNode
  | ExtensionNode
  | RunCommandNode
  | AvailabilitySetNode
  | VaultNode
  | BackupPolicyNode
  | ProtectedItemNode
  | SqlVmNode;

export type NodeOfKind<K extends NodeKind> = Extract<DomainNode, { kind: K }>;

/** The model of a whole run: every file's nodes, so that cross-file joins work. */
export interface Model {
  readonly nodes: readonly DomainNode[];
  ofKind<K extends NodeKind>(kind: K): NodeOfKind<K>[];
  /** Node by ID or address (ARM IDs compare case-insensitively). */
  byId(id: string): DomainNode | undefined;
  /**
   * Node a reference points to: a string by ID (as `byId`), a symbolic ID (built from deploy-time inputs) by its
   * identity, case-insensitively like ARM IDs; anything else (Unknown, null, absent) resolves to nothing.
   * `from` is the referrer's file: an ID declared in several files joins the declaration in that file, and names
   * nothing from elsewhere (see `lookup` and NodesById in model/index.ts).
   */
  resolve(ref: unknown, from?: string): DomainNode | undefined;
  /** As `resolve`, but an ID declared in several files, none of them `from`, is an Unknown of kind `ambiguous`. */
  lookup(ref: unknown, from?: string): DomainNode | Unknown | undefined;
}
