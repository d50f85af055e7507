import type { BackupPolicyNode, DomainNode, NicNode, NodeKind, NsgNode, ProtectedItemNode, RouteTableNode, SubnetNode, VaultNode, VmNode } from './domain';
import type { SourceRef } from './location';
import type { Maybe, Unknown } from './unknown';

/**
 * Derived facts: what the analyses stage (src/analysis) writes onto nodes and groups for policies to read.
 * A fact is computed once, from the whole model, and carries its evidence; policies never recompute it.
 */

/** Why a fact holds: the source locations that decided it, and a short text saying how. */
export interface Evidence {
  at: SourceRef[];
  why: string;
}

/** A reference an analysis followed to a node of the model. */
export interface Link<N extends DomainNode = DomainNode> {
  node: N;
  /** How messages name the node (its label). */
  label: string;
  /** Where the node is declared. */
  at: SourceRef;
  /** Where the reference is written (the property that points at the node). */
  via: SourceRef;
}

/** A followed reference: the node, `null` when none is declared, Unknown (with its kind) when it cannot be told. */
export type Linked<N extends DomainNode = DomainNode> = Link<N> | null | Unknown;

/** One IP configuration of a NIC joined to its subnet, and the subnet to its NSG and route table. */
export interface IpConfigurationNetwork {
  name: Maybe<string>;
  subnet: Linked<SubnetNode>;
  /** The subnet's NSG; Unknown when the subnet is. */
  subnetNsg: Linked<NsgNode>;
  /** The subnet's route table; Unknown when the subnet is. */
  routeTable: Linked<RouteTableNode>;
}

/** One NIC of a VM with its own NSG and its IP configurations. */
export interface NicNetwork {
  nic: Link<NicNode>;
  nsg: Linked<NsgNode>;
  ipConfigurations: Maybe<IpConfigurationNetwork[]>;
}

/**
 * VM ↔ NIC ↔ subnet ↔ NSG / route table, joined once (the egress analysis reads it). `nics` is Unknown when the
 * VM's NIC list is; an entry is Unknown when its reference does not lead to a NIC of this run.
 */
export interface NetworkFact {
  nics: Maybe<Maybe<NicNetwork>[]>;
  evidence: Evidence;
}

/** One egress problem of a VM, said in a sentence, with the source line that decides it and the exact fix. */
export interface EgressProblem {
  /** e.g. "outbound 443 to Storage is denied by Deny_Internet (priority 2000) of NSG app-nsg on subnet app". */
  text: string;
  /** The deciding rule or route as written. */
  at: SourceRef;
  /** What to add or change, in the format of the file that holds the rule (ARM JSON, Bicep, Terraform). */
  fix: string;
}

/** One step of an evaluated path, for --explain: `subnet NSG app-nsg: Deny by Deny_Internet (priority 2000)`. */
export interface EgressStep {
  text: string;
  at: SourceRef;
}

/** The evaluated path from one IP configuration of one NIC to Azure Storage (or to the proxy). */
export interface EgressPath {
  /** `nic app-nic, ip configuration ipconfig1`. */
  from: string;
  steps: EgressStep[];
}

/** A proxy the guest uses, as the egress analysis consumes it (host and port as configured, where it is said). */
export interface EgressProxy {
  host: Maybe<string>;
  port: Maybe<number | null>;
  at: SourceRef;
}

/**
 * Can the VM's backup extension reach Azure Storage over HTTPS (DESIGN §5.1)? Each problem field is the problem
 * (its rule fires), null when the templates show none, or Unknown when an input it depends on is not known (the
 * rule stays silent and the check is counted as skipped). A VM with several NICs has a problem only when every
 * NIC path has it.
 */
export interface EgressFact {
  /** The proxy the guest uses (null: none; the direct path is checked), Unknown when a guest text could not be read. */
  proxy: Maybe<EgressProxy | null>;
  /** BL101: an NSG (NIC's, then subnet's) denies TCP 443 to Storage on the direct path. */
  nsgBlocked: Maybe<EgressProblem | null>;
  /** BL102: the subnet's route for Storage goes to next hop None. */
  routeBlackholed: Maybe<EgressProblem | null>;
  /** BL103: the route for Storage goes to an appliance or gateway that nothing shows allows backup. */
  applianceUnverified: Maybe<EgressProblem | null>;
  /** BL104: the NSGs deny VM → proxy, or the proxy VM has no egress itself. */
  proxyBlocked: Maybe<EgressProblem | null>;
  /** Each NIC path as evaluated (--explain). */
  paths: EgressPath[];
  evidence: Evidence;
}

/** One protected item of a VM, joined to its backup policy and vault (DESIGN §5.3). */
export interface Protection {
  item: Link<ProtectedItemNode>;
  policy: Linked<BackupPolicyNode>;
  vault: Linked<VaultNode>;
  /** How the item names the VM: by `sourceResourceId` / `source_vm_id`, or by its `vm;iaasvmcontainerv2;<rg>;<vm>` name. */
  joinedBy: 'sourceResourceId' | 'name';
}

/**
 * One scheduled backup start, converted to UTC, on one day of the reference weeks (a winter and a summer week, so
 * that daylight saving shows). What a reporter charts per group, and what BL402 counts.
 */
export interface BackupStart {
  /** The VM's label. */
  vm: string;
  /** The backup policy's label. */
  policy: string;
  /** The policy's node ID (its join key), to tell which policy a start belongs to. */
  policyId: string;
  /** UTC instant, `YYYY-MM-DDTHH:MMZ`. */
  utc: string;
  /** UTC time of day, `HH:MM`. */
  utcTime: string;
  /** Minutes since the Unix epoch (UTC). */
  epochMinute: number;
  /** Local date and time of day as the policy states it, `YYYY-MM-DD HH:MM`. */
  local: string;
  /** The policy's Windows time-zone ID, and the IANA zone it maps to. */
  timeZone: string;
  ianaZone: string;
  /** Where the policy's schedule is written. */
  at: SourceRef;
}

/** The VM's backup protection: its protected items, and its scheduled starts in UTC. */
export interface BackupFact {
  protections: Protection[];
  /** The starts of every protection over the reference weeks; Unknown when one of the schedules cannot be told. */
  starts: Maybe<BackupStart[]>;
  evidence: Evidence;
}

/**
 * SQL Server automated backup on a VM (BL403): a `Microsoft.SqlVirtualMachine/sqlVirtualMachines` /
 * `azurerm_mssql_virtual_machine` with `autoBackupSettings.enable` / `auto_backup`, or the SQL IaaS Agent extension's
 * `AutoBackupSettings.Enable`. `enabled` is true when one of them enables it, Unknown when none does but one cannot be
 * read, false otherwise.
 */
export interface SqlAutoBackupFact {
  enabled: Maybe<boolean>;
  /** The SQL VM resource or extension that enables it (or the first one found). */
  source: Link;
  evidence: Evidence;
}

/**
 * One thing a guest text does (DESIGN §5.2), as found by the guest analysis: the sentence for messages, the guest
 * line it quotes (short, control characters escaped), and where: the property holding the text, the line inside
 * the decoded text, and the guest file written when the observation is about a file's content.
 */
export interface GuestObservation {
  /** e.g. "cloud-init writes `dhcp4: false` to /etc/netplan/60-static.yaml (line 14 of the decoded customData)". */
  text: string;
  /** The guest line (at most 120 characters, control characters escaped). */
  quote: string;
  /** The property that holds the text, as written in its file (`osProfile.customData`, `settings.commandToExecute`). */
  property: string;
  /** The file inside the guest that is written, when the observation is about a written file. */
  guestFile: string | null;
  /** 1-based line inside the decoded text. */
  line: number;
  /** The property (or, for text read by file()/templatefile(), the line in that file). */
  at: SourceRef;
}

/** A proxy the guest is configured to use: for the agent (waagent.conf), the system environment, LocalSystem or WinHTTP. */
export interface GuestProxy {
  scope: 'waagent' | 'environment' | 'localsystem' | 'winhttp';
  /** Host name or IP as written; Unknown when it comes from a deploy-time input. */
  host: Maybe<string>;
  /** Port when written; null when not written. */
  port: Maybe<number | null>;
  observation: GuestObservation;
}

/** A `key=value` line the guest writes into /etc/waagent.conf (or changes with `sed -i`). */
export interface WaagentSetting {
  key: string;
  value: Maybe<string>;
  observation: GuestObservation;
}

/**
 * What the guest texts of a VM (its customData/userData, its Custom Script extensions, its run commands) do to
 * the backup path. Each list is the observations found; `[]` when every text was read and none does it; Unknown
 * when none was found but some text could not be read (a deploy-time input, undecodable base64, a gzip bomb, a
 * script that does not parse): the reason says which.
 */
export interface GuestFact {
  /** DHCP disabled or a static address set in the guest (BL401). */
  staticIp: Maybe<GuestObservation[]>;
  /** The agent stopped, disabled, masked or removed, or Extensions.Enabled=n / Provisioning.Agent=disabled (BL203). */
  agentDisabled: Maybe<GuestObservation[]>;
  /** AutoUpdate.Enabled=n in waagent.conf (BL204). */
  agentAutoUpdateDisabled: Maybe<GuestObservation[]>;
  /** WALinuxAgent installed from GitHub / source / pip (BL205). */
  agentFromSource: Maybe<GuestObservation[]>;
  /** Every waagent.conf setting written. */
  waagentSettings: Maybe<WaagentSetting[]>;
  /** Proxy configuration (read by the egress analysis, BL101/BL104). */
  proxies: Maybe<GuestProxy[]>;
  /** The iaasvmprovider service set to disabled/manual or stopped (BL303). */
  iaasVmProviderDisabled: Maybe<GuestObservation[]>;
  /** `USEVSSCOPYBACKUP=TRUE` under HKLM\SOFTWARE\Microsoft\BCDRAGENT (read by BL403); null when not set. */
  vssCopyBackup: Maybe<GuestObservation | null>;
  /** Guest firewall rules that drop or reject 168.63.129.16 (BL105). */
  wireserverBlocked: Maybe<GuestObservation[]>;
  /** Every guest text of the VM: read, or why not. */
  texts: GuestTextReading[];
  evidence: Evidence;
}

/** One guest text of a VM and how reading it went. */
export interface GuestTextReading {
  /** `osProfile.customData`, or `extension cse: settings.commandToExecute`. */
  source: string;
  at: SourceRef;
  /** What was read (`cloud-config`, `shell`, `powershell`, `cmd`, `mime`), or null when not read. */
  read: string | null;
  /** Why (part of) the text could not be read; null when it was read completely. */
  unreadable: Unknown | null;
}

export interface VmFacts {
  network?: NetworkFact;
  egress?: EgressFact;
  backup?: BackupFact;
  sqlAutoBackup?: SqlAutoBackupFact;
  guest?: GuestFact;
}

/** What the schedule analysis writes onto a backup policy: the groups with VMs it protects (BL402). */
export interface BackupPolicyFacts {
  groups: Group[];
}

/** What groups analyses build. `protectedVm`: a VM with its protected items (filled by the schedule analysis). */
export const GROUP_KINDS = ['availabilitySet', 'scaleSet', 'subnet', 'resourceGroup', 'vault', 'protectedVm'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

/**
 * Nodes that belong together (the VMs of one availability set or scale set, …), a policy subject like a node
 * (`subject: group`, `groupKind: availabilitySet`). `anchor` is the node that defines the group when the model has
 * it (the availability set, the scale set, the vault, the protected VM).
 */
export interface Group {
  kind: 'group';
  groupKind: GroupKind;
  /** The join key the members share (the availability set's or scale set's ID or address). */
  id: string;
  label: string;
  anchor: DomainNode | null;
  members: VmNode[];
  /** The anchor's declaration, else where the first member points at the group. */
  at: SourceRef;
  file: string;
  evidence: Evidence;
  /** The members' backup starts in UTC (schedule analysis); the members whose starts are Unknown are left out. */
  backupStarts?: BackupStart[];
  /** Members whose backup starts are Unknown (their schedule, time zone or policy cannot be told). */
  unknownStarts?: string[];
  /** A protectedVm group's protected items (schedule analysis). */
  items?: Protection[];
}

/** Azure resource type of what a group kind groups, for reports. */
export const GROUP_RESOURCE_TYPES: Readonly<Record<GroupKind, string>> = {
  availabilitySet: 'Microsoft.Compute/availabilitySets',
  scaleSet: 'Microsoft.Compute/virtualMachineScaleSets',
  subnet: 'Microsoft.Network/virtualNetworks/subnets',
  resourceGroup: 'Microsoft.Resources/resourceGroups',
  vault: 'Microsoft.RecoveryServices/vaults',
  protectedVm: 'Microsoft.Compute/virtualMachines',
};

/** The node kind a group kind's anchor has, when the model can hold it (a scale set is a VM node with `isScaleSet`). */
export const GROUP_ANCHOR_KINDS: Readonly<Record<GroupKind, NodeKind | null>> = {
  availabilitySet: 'availabilitySet',
  scaleSet: 'vm',
  subnet: 'subnet',
  resourceGroup: null,
  vault: 'vault',
  protectedVm: 'vm',
};
