import type {
  AvailabilitySetNode,
  BackupPolicyNode,
  BackupSchedule,
  ExtensionNode,
  FirewallNode,
  GuestText,
  IpConfiguration,
  NicNode,
  NodeBase,
  NodeKind,
  NsgNode,
  NsgRule,
  ProtectedItemNode,
  Route,
  RouteTableNode,
  RunCommandNode,
  SqlVmNode,
  SubnetNode,
  VaultNode,
  VmAgent,
  VmNode,
} from './domain';
import type {
  EgressFact,
  EgressPath,
  EgressProblem,
  EgressProxy,
  EgressStep,
  BackupFact,
  BackupPolicyFacts,
  BackupStart,
  Evidence,
  Group,
  GuestFact,
  GuestObservation,
  GuestProxy,
  GuestTextReading,
  IpConfigurationNetwork,
  Link,
  NetworkFact,
  NicNetwork,
  Protection,
  SqlAutoBackupFact,
  VmFacts,
  WaagentSetting,
} from './facts';
import type { SourceRef } from './location';

/**
 * The field schema of the domain model: what a policy expression, `at` or `related` may read of each node kind,
 * of groups and of the facts analyses write. One source of truth, declared next to the types: every object here is
 * built by `fields<T>()`, whose argument must name exactly the keys of `T` (the type checker refuses a missing or an
 * extra key), and test/model/field-schema.test.ts checks real nodes against it. Policies are checked against it at
 * load time, so a misspelt field is an error instead of a rule that never fires.
 */
export type Shape =
  /** A string, number or boolean (or Unknown, or null when absent). */
  | { type: 'scalar' }
  /** Anything: not checked (options, helper results). */
  | { type: 'any' }
  | { type: 'object'; fields: Readonly<Record<string, Field>> }
  | { type: 'array'; items: Shape }
  /** An object with free keys (`sources`). */
  | { type: 'map'; values: Shape }
  /** A node of the model: of one kind, or of any kind (`model.resolve(ref)`). */
  | { type: 'node'; kind: NodeKind | 'any' }
  | { type: 'group' };

export interface Field {
  shape: Shape;
  /** The field may be missing (`undefined`), not only null or Unknown. */
  optional?: boolean;
  /** Present on nodes but not for policies to read. */
  hidden?: boolean;
}

const scalar: Shape = { type: 'scalar' };
const any: Shape = { type: 'any' };
const arrayOf = (items: Shape): Shape => ({ type: 'array', items });
const node = (kind: NodeKind | 'any'): Shape => ({ type: 'node', kind });
const optional = (shape: Shape): Field => ({ shape, optional: true });
const hidden = (shape: Shape): Field => ({ shape, hidden: true });

/** An object shape whose keys must be exactly those of `T` (checked by the compiler). */
function fields<T>(spec: { [K in keyof Required<T>]: Shape | Field }): { type: 'object'; fields: Record<string, Field> } {
  const out: Record<string, Field> = {};
  for (const [key, value] of Object.entries(spec as Record<string, Shape | Field>)) out[key] = 'shape' in value ? value : { shape: value };
  return { type: 'object', fields: out };
}

const sourceRef = fields<SourceRef>({
  file: scalar,
  pointer: optional(scalar),
  line: optional(scalar),
  column: optional(scalar),
  endLine: optional(scalar),
  endColumn: optional(scalar),
  blockPath: optional(scalar),
  property: optional(scalar),
});

const base = {
  kind: scalar,
  id: scalar,
  name: scalar,
  label: scalar,
  type: scalar,
  format: scalar,
  file: scalar,
  at: sourceRef,
  sources: { type: 'map', values: sourceRef } as Shape,
  conditional: optional(scalar),
  raw: hidden(any),
} satisfies { [K in keyof Required<NodeBase>]: Shape | Field };

const guestText = fields<GuestText>({ property: scalar, text: scalar, at: sourceRef, origin: { shape: any, optional: true, hidden: true } });

const link = (kind: NodeKind | 'any') => fields<Link>({ node: node(kind), label: scalar, at: sourceRef, via: sourceRef });
const evidence = fields<Evidence>({ at: arrayOf(sourceRef), why: scalar });

const networkFact = fields<NetworkFact>({
  nics: arrayOf(
    fields<NicNetwork>({
      nic: link('nic'),
      nsg: link('nsg'),
      ipConfigurations: arrayOf(
        fields<IpConfigurationNetwork>({ name: scalar, subnet: link('subnet'), subnetNsg: link('nsg'), routeTable: link('routeTable') }),
      ),
    }),
  ),
  evidence,
});

const egressProblem = fields<EgressProblem>({ text: scalar, at: sourceRef, fix: scalar });
const egressFact = fields<EgressFact>({
  proxy: fields<EgressProxy>({ host: scalar, port: scalar, at: sourceRef }),
  nsgBlocked: egressProblem,
  routeBlackholed: egressProblem,
  applianceUnverified: egressProblem,
  proxyBlocked: egressProblem,
  paths: arrayOf(fields<EgressPath>({ from: scalar, steps: arrayOf(fields<EgressStep>({ text: scalar, at: sourceRef })) })),
  evidence,
});


const backupStart = fields<BackupStart>({
  vm: scalar,
  policy: scalar,
  policyId: scalar,
  utc: scalar,
  utcTime: scalar,
  epochMinute: scalar,
  local: scalar,
  timeZone: scalar,
  ianaZone: scalar,
  at: sourceRef,
});

const protection = fields<Protection>({ item: link('protectedItem'), policy: link('backupPolicy'), vault: link('vault'), joinedBy: scalar });

const backupFact = fields<BackupFact>({ protections: arrayOf(protection), starts: arrayOf(backupStart), evidence });

const sqlAutoBackupFact = fields<SqlAutoBackupFact>({ enabled: scalar, source: link('any'), evidence });

const guestObservation = fields<GuestObservation>({ text: scalar, quote: scalar, property: scalar, guestFile: scalar, line: scalar, at: sourceRef });
const observations = arrayOf(guestObservation);

const guestFact = fields<GuestFact>({
  staticIp: observations,
  agentDisabled: observations,
  agentAutoUpdateDisabled: observations,
  agentFromSource: observations,
  waagentSettings: arrayOf(fields<WaagentSetting>({ key: scalar, value: scalar, observation: guestObservation })),
  proxies: arrayOf(fields<GuestProxy>({ scope: scalar, host: scalar, port: scalar, observation: guestObservation })),
  iaasVmProviderDisabled: observations,
  vssCopyBackup: guestObservation,
  wireserverBlocked: observations,
  texts: arrayOf(fields<GuestTextReading>({ source: scalar, at: sourceRef, read: scalar, unreadable: any })),
  evidence,
});

const vmFacts = fields<VmFacts>({
  network: optional(networkFact),
  guest: optional(guestFact),
  egress: optional(egressFact),
  backup: optional(backupFact),
  sqlAutoBackup: optional(sqlAutoBackupFact),
});

const vm = fields<VmNode>({
  ...base,
  kind: scalar,
  os: scalar,
  size: scalar,
  image: fields<VmNode['image']>({ publisher: scalar, offer: scalar, sku: scalar }),
  agent: fields<VmAgent>({ provisioned: scalar, provisionedByDefault: scalar, extensionOperationsAllowed: scalar }),
  nicIds: arrayOf(scalar),
  availabilitySetId: scalar,
  scaleSetId: scalar,
  isScaleSet: scalar,
  orchestrationMode: scalar,
  guestTexts: arrayOf(guestText),
  facts: optional(vmFacts),
});

const nic = fields<NicNode>({
  ...base,
  kind: scalar,
  ipConfigurations: arrayOf(fields<IpConfiguration>({ name: scalar, allocation: scalar, privateIp: scalar, subnetId: scalar, asgIds: arrayOf(scalar) })),
  nsgId: scalar,
});

const subnet = fields<SubnetNode>({
  ...base,
  kind: scalar,
  vnetId: scalar,
  prefixes: arrayOf(scalar),
  nsgId: scalar,
  routeTableId: scalar,
  serviceEndpoints: arrayOf(scalar),
});

const nsgRule = fields<NsgRule>({
  name: scalar,
  direction: scalar,
  access: scalar,
  priority: scalar,
  protocol: scalar,
  sources: arrayOf(scalar),
  destinations: arrayOf(scalar),
  sourceAsgIds: arrayOf(scalar),
  destinationAsgIds: arrayOf(scalar),
  sourcePorts: arrayOf(scalar),
  destinationPorts: arrayOf(scalar),
  at: sourceRef,
});

const route = fields<Route>({ name: scalar, prefix: scalar, nextHopType: scalar, nextHopIp: scalar, at: sourceRef });

const schedule = fields<BackupSchedule>({
  frequency: scalar,
  times: arrayOf(scalar),
  days: arrayOf(scalar),
  timeZone: scalar,
  hourlyIntervalHours: scalar,
  hourlyWindowHours: scalar,
});

/** Each node kind's fields. */
export const NODE_SCHEMA: { readonly [K in NodeKind]: { type: 'object'; fields: Record<string, Field> } } = {
  vm,
  nic,
  subnet,
  nsg: fields<NsgNode>({ ...base, kind: scalar, rules: arrayOf(nsgRule) }),
  routeTable: fields<RouteTableNode>({ ...base, kind: scalar, routes: arrayOf(route) }),
  firewall: fields<FirewallNode>({ ...base, kind: scalar, privateIp: scalar, subnetId: scalar, allowsBackup: scalar }),
  extension: fields<ExtensionNode>({
    ...base,
    kind: scalar,
    vmId: scalar,
    publisher: scalar,
    handlerType: scalar,
    typeHandlerVersion: scalar,
    autoUpgradeMinorVersion: scalar,
    sqlAutoBackup: scalar,
    onScaleSet: scalar,
    guestTexts: arrayOf(guestText),
  }),
  runCommand: fields<RunCommandNode>({ ...base, kind: scalar, vmId: scalar, guestTexts: arrayOf(guestText) }),
  availabilitySet: fields<AvailabilitySetNode>({ ...base, kind: scalar }),
  vault: fields<VaultNode>({ ...base, kind: scalar }),
  backupPolicy: fields<BackupPolicyNode>({
    ...base,
    kind: scalar,
    vaultId: scalar,
    schedule,
    facts: optional(fields<BackupPolicyFacts>({ groups: arrayOf({ type: 'group' }) })),
  }),
  protectedItem: fields<ProtectedItemNode>({ ...base, kind: scalar, vaultId: scalar, vmId: scalar, policyId: scalar }),
  sqlVm: fields<SqlVmNode>({ ...base, kind: scalar, vmId: scalar, autoBackupEnabled: scalar }),
};

/** The fields of a group (`subject: group`). */
export const GROUP_SCHEMA = fields<Group>({
  kind: scalar,
  groupKind: scalar,
  id: scalar,
  label: scalar,
  anchor: node('any'),
  members: arrayOf(node('vm')),
  at: sourceRef,
  file: scalar,
  evidence,
  backupStarts: optional(arrayOf(backupStart)),
  unknownStarts: optional(arrayOf(scalar)),
  items: optional(arrayOf(protection)),
});

/** The object fields of a shape (a node's by its kind); undefined for shapes without named fields. */
export function fieldsOf(shape: Shape): Readonly<Record<string, Field>> | undefined {
  if (shape.type === 'object') return shape.fields;
  if (shape.type === 'node' && shape.kind !== 'any') return NODE_SCHEMA[shape.kind].fields;
  if (shape.type === 'group') return GROUP_SCHEMA.fields;
  return undefined;
}

/** Every field name some node kind has: what a node of unknown kind (`model.resolve(ref)`) may have. */
export const ANY_NODE_FIELDS: ReadonlySet<string> = new Set(
  Object.values(NODE_SCHEMA).flatMap((schema) => Object.entries(schema.fields).filter(([, f]) => !f.hidden).map(([name]) => name)),
);
