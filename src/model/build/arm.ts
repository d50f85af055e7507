import { nodeBase } from './base';
import { asArray, asBoolean, asNumber, asString, asStringList, read, readId } from './read';
import type {
  BackupPolicyNode,
  DomainNode,
  ExtensionNode,
  GuestText,
  IpConfiguration,
  NicNode,
  NsgNode,
  NsgRule,
  ProtectedItemNode,
  Route,
  RouteTableNode,
  SqlVmNode,
  SubnetNode,
  VmNode,
} from '../domain';
import type { RawResource } from '../resource';
import { isObject, isUnknown, unknown, type Maybe, type Value } from '../unknown';

type Builder = (raw: RawResource) => DomainNode[];

/** ARM resource type (lower case) → domain node builder. Types not listed carry nothing the rules read. */
const BUILDERS: Record<string, Builder> = {
  'microsoft.compute/virtualmachines': (raw) => [buildVm(raw)],
  'microsoft.compute/virtualmachines/extensions': (raw) => [buildExtension(raw)],
  'microsoft.compute/virtualmachines/runcommands': (raw) => [
    { ...nodeBase('runCommand', raw), vmId: parentId(raw), guestTexts: guestTexts(raw, [['properties', 'source', 'script']]) },
  ],
  'microsoft.network/networkinterfaces': (raw) => [buildNic(raw)],
  'microsoft.network/virtualnetworks/subnets': (raw) => [buildSubnet(raw, [], parentId(raw))],
  'microsoft.network/virtualnetworks': (raw) => buildInlineSubnets(raw),
  'microsoft.network/networksecuritygroups': (raw) => [buildNsg(raw)],
  'microsoft.network/routetables': (raw) => [buildRouteTable(raw)],
  'microsoft.compute/availabilitysets': (raw) => [nodeBase('availabilitySet', raw)],
  'microsoft.recoveryservices/vaults': (raw) => [nodeBase('vault', raw)],
  'microsoft.recoveryservices/vaults/backuppolicies': (raw) => [buildBackupPolicy(raw)],
  'microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems': (raw) => [buildProtectedItem(raw)],
  'microsoft.sqlvirtualmachine/sqlvirtualmachines': (raw) => [buildSqlVm(raw)],
};

/**
 * Maps all ARM resources of a run to domain nodes. Security rules and routes declared as resources of their own
 * are appended to their NSG / route table, wherever in the run that is declared.
 */
export function buildArmNodes(resources: readonly RawResource[]): DomainNode[] {
  const nodes: DomainNode[] = [];
  for (const raw of resources) {
    const builder = BUILDERS[raw.type.toLowerCase()];
    if (builder) nodes.push(...builder(raw));
  }
  const byId = new Map<string, DomainNode>();
  for (const node of nodes) if (typeof node.id === 'string') byId.set(node.id.toLowerCase(), node);
  for (const raw of resources) {
    const type = raw.type.toLowerCase();
    if (type !== 'microsoft.network/networksecuritygroups/securityrules' && type !== 'microsoft.network/routetables/routes') continue;
    const parent = parentId(raw);
    const owner = typeof parent === 'string' ? byId.get(parent.toLowerCase()) : undefined;
    if (owner?.kind === 'nsg') {
      if (Array.isArray(owner.rules)) owner.rules.push(nsgRule(raw, []));
    } else if (owner?.kind === 'routeTable') {
      if (Array.isArray(owner.routes)) owner.routes.push(route(raw, []));
    }
  }
  return nodes;
}

function buildVm(raw: RawResource): VmNode {
  const node: VmNode = {
    ...nodeBase('vm', raw),
    os: unknown('the operating system could not be determined'),
    size: asString(read(raw, ['properties', 'hardwareProfile', 'vmSize']).value),
    image: {
      publisher: asString(read(raw, ['properties', 'storageProfile', 'imageReference', 'publisher']).value),
      offer: asString(read(raw, ['properties', 'storageProfile', 'imageReference', 'offer']).value),
      sku: asString(read(raw, ['properties', 'storageProfile', 'imageReference', 'sku']).value),
    },
    agent: { provisioned: true, provisionedByDefault: true, extensionOperationsAllowed: true },
    nicIds: [],
    availabilitySetId: null,
    scaleSetId: null,
    guestTexts: guestTexts(raw, [
      ['properties', 'osProfile', 'customData'],
      ['properties', 'userData'],
    ]),
  };
  node.os = vmOs(raw);

  const osProfile = read(raw, ['properties', 'osProfile']);
  node.sources['agent.provisioned'] = osProfile.at;
  node.sources['agent.extensionOperationsAllowed'] = osProfile.at;
  for (const config of ['linuxConfiguration', 'windowsConfiguration']) {
    const configRead = read(raw, ['properties', 'osProfile', config]);
    if (configRead.value === undefined || configRead.value === null) continue;
    const flag = read(raw, ['properties', 'osProfile', config, 'provisionVMAgent']);
    const provisioned = asBoolean(flag.value, 'provisionVMAgent');
    if (provisioned !== undefined) {
      node.agent.provisioned = provisioned;
      node.agent.provisionedByDefault = false;
      node.sources['agent.provisioned'] = flag.at;
    }
  }
  if (isUnknown(osProfile.value)) node.agent.provisioned = osProfile.value;

  const allow = read(raw, ['properties', 'osProfile', 'allowExtensionOperations']);
  const allowed = asBoolean(allow.value, 'allowExtensionOperations');
  if (allowed !== undefined) {
    node.agent.extensionOperationsAllowed = allowed;
    node.sources['agent.extensionOperationsAllowed'] = allow.at;
  }

  const interfaces = read(raw, ['properties', 'networkProfile', 'networkInterfaces']);
  const list = asArray(interfaces.value);
  node.nicIds = list === null ? [] : isUnknown(list) ? list : list.map((entry) => idOf(entry));
  node.sources['nicIds'] = interfaces.at;
  const availabilitySet = readId(raw, ['properties', 'availabilitySet']);
  node.availabilitySetId = availabilitySet.value;
  node.sources['availabilitySetId'] = availabilitySet.at;
  const scaleSet = readId(raw, ['properties', 'virtualMachineScaleSet']);
  node.scaleSetId = scaleSet.value;
  node.sources['scaleSetId'] = scaleSet.at;
  return node;
}

const WINDOWS_PUBLISHERS = /^(microsoftwindowsserver|microsoftwindowsdesktop|microsoftsqlserver|microsoftvisualstudio|microsoftdynamicsax)$/i;
const LINUX_PUBLISHERS = /^(canonical|redhat|suse|openlogic|debian|oracle|almalinux|resf|kinvolk|credativ|center-for-internet-security-inc)$/i;

function vmOs(raw: RawResource): Maybe<'linux' | 'windows'> {
  const linux = read(raw, ['properties', 'osProfile', 'linuxConfiguration']).value;
  const windows = read(raw, ['properties', 'osProfile', 'windowsConfiguration']).value;
  if (isObject(linux)) return 'linux';
  if (isObject(windows)) return 'windows';
  const osType = read(raw, ['properties', 'storageProfile', 'osDisk', 'osType']).value;
  if (typeof osType === 'string' && /^(linux|windows)$/i.test(osType)) return osType.toLowerCase() as 'linux' | 'windows';
  const publisher = read(raw, ['properties', 'storageProfile', 'imageReference', 'publisher']).value;
  if (typeof publisher === 'string') {
    if (WINDOWS_PUBLISHERS.test(publisher)) return 'windows';
    if (LINUX_PUBLISHERS.test(publisher)) return 'linux';
  }
  return unknown('the operating system could not be determined from osProfile, osDisk.osType or the image');
}

function buildExtension(raw: RawResource): ExtensionNode {
  const node: ExtensionNode = {
    ...nodeBase('extension', raw),
    vmId: parentId(raw),
    publisher: asString(read(raw, ['properties', 'publisher']).value),
    handlerType: asString(read(raw, ['properties', 'type']).value),
    typeHandlerVersion: asString(read(raw, ['properties', 'typeHandlerVersion']).value),
    autoUpgradeMinorVersion: asBoolean(read(raw, ['properties', 'autoUpgradeMinorVersion']).value, 'autoUpgradeMinorVersion') ?? null,
    guestTexts: guestTexts(raw, [
      ['properties', 'settings', 'commandToExecute'],
      ['properties', 'protectedSettings', 'commandToExecute'],
      ['properties', 'settings', 'script'],
      ['properties', 'protectedSettings', 'script'],
    ]),
  };
  for (const field of ['publisher', 'type', 'typeHandlerVersion', 'autoUpgradeMinorVersion']) {
    node.sources[field === 'type' ? 'handlerType' : field] = read(raw, ['properties', field]).at;
  }
  return node;
}

function buildNic(raw: RawResource): NicNode {
  const configs = read(raw, ['properties', 'ipConfigurations']);
  const list = asArray(configs.value);
  const ipConfigurations: Maybe<IpConfiguration[]> =
    list === null ? [] : isUnknown(list) ? list : list.map((_, index) => ipConfiguration(raw, index));
  const nsg = readId(raw, ['properties', 'networkSecurityGroup']);
  const node: NicNode = { ...nodeBase('nic', raw), ipConfigurations, nsgId: nsg.value };
  node.sources['ipConfigurations'] = configs.at;
  node.sources['nsgId'] = nsg.at;
  return node;
}

function ipConfiguration(raw: RawResource, index: number): IpConfiguration {
  const base = ['properties', 'ipConfigurations', index];
  const allocation = asString(read(raw, [...base, 'properties', 'privateIPAllocationMethod']).value);
  return {
    name: asString(read(raw, [...base, 'name']).value) ?? unknown('unnamed IP configuration'),
    allocation: typeof allocation === 'string' ? (/^static$/i.test(allocation) ? 'Static' : 'Dynamic') : allocation,
    privateIp: asString(read(raw, [...base, 'properties', 'privateIPAddress']).value),
    subnetId: readId(raw, [...base, 'properties', 'subnet']).value,
  };
}

function buildInlineSubnets(raw: RawResource): SubnetNode[] {
  const subnets = asArray(read(raw, ['properties', 'subnets']).value);
  if (subnets === null || isUnknown(subnets)) return [];
  const vnetId = raw.id;
  return subnets.map((subnet, index) => {
    const name = isObject(subnet) ? asString(subnet['name']) : unknown('subnet name');
    const id =
      typeof vnetId === 'string' && typeof name === 'string' ? `${vnetId}/subnets/${name}` : unknown('subnet ID not resolved');
    const node = buildSubnet(raw, ['properties', 'subnets', index], vnetId);
    node.id = id;
    node.name = typeof raw.name === 'string' && typeof name === 'string' ? `${raw.name}/${name}` : unknown('subnet name');
    node.label = typeof node.name === 'string' ? node.name : `${raw.declaredName ?? node.label}/${typeof name === 'string' ? name : '?'}`;
    node.type = 'Microsoft.Network/virtualNetworks/subnets';
    node.at = raw.locate(['properties', 'subnets', index]);
    return node;
  });
}

function buildSubnet(raw: RawResource, prefix: (string | number)[], vnetId: Maybe<string | null>): SubnetNode {
  const props = [...prefix, 'properties'];
  const single = read(raw, [...props, 'addressPrefix']).value;
  const many = read(raw, [...props, 'addressPrefixes']).value;
  const nsg = readId(raw, [...props, 'networkSecurityGroup']);
  const routeTable = readId(raw, [...props, 'routeTable']);
  const endpoints = asArray(read(raw, [...props, 'serviceEndpoints']).value);
  const node: SubnetNode = {
    ...nodeBase('subnet', raw),
    vnetId,
    prefixes: asStringList(many ?? single) ?? [],
    nsgId: nsg.value,
    routeTableId: routeTable.value,
    serviceEndpoints:
      endpoints === null ? [] : isUnknown(endpoints) ? endpoints : endpoints.map((e) => asString(isObject(e) ? e['service'] : e) ?? ''),
  };
  node.sources['nsgId'] = nsg.at;
  node.sources['routeTableId'] = routeTable.at;
  return node;
}

function buildNsg(raw: RawResource): NsgNode {
  const rules = read(raw, ['properties', 'securityRules']);
  const list = asArray(rules.value);
  const node: NsgNode = {
    ...nodeBase('nsg', raw),
    rules: list === null ? [] : isUnknown(list) ? list : list.map((_, i) => nsgRule(raw, ['properties', 'securityRules', i])),
  };
  node.sources['rules'] = rules.at;
  return node;
}

/** One security rule at `path` (an inline rule) or `[]` (a `networkSecurityGroups/securityRules` resource). */
export function nsgRule(raw: RawResource, path: (string | number)[]): NsgRule {
  const props = [...path, 'properties'];
  const value = (name: string) => read(raw, [...props, name]).value;
  const plural = (single: string, many: string) => {
    const list = asStringList(value(many));
    if (list !== null && (isUnknown(list) || list.length > 0)) return list;
    return asStringList(value(single)) ?? [];
  };
  const direction = asString(value('direction'));
  const access = asString(value('access'));
  const ruleName = path.length === 0 ? lastSegment(raw.name) : asString(read(raw, [...path, 'name']).value);
  return {
    name: ruleName ?? unknown('unnamed rule'),
    direction: normaliseEnum(direction, ['Inbound', 'Outbound']),
    access: normaliseEnum(access, ['Allow', 'Deny']),
    priority: asNumber(value('priority'), 'priority') ?? unknown('rule without priority'),
    protocol: asString(value('protocol')) ?? '*',
    sources: plural('sourceAddressPrefix', 'sourceAddressPrefixes'),
    destinations: plural('destinationAddressPrefix', 'destinationAddressPrefixes'),
    destinationPorts: plural('destinationPortRange', 'destinationPortRanges'),
    at: raw.locate(path),
  };
}

function buildRouteTable(raw: RawResource): RouteTableNode {
  const routes = asArray(read(raw, ['properties', 'routes']).value);
  return {
    ...nodeBase('routeTable', raw),
    routes: routes === null ? [] : isUnknown(routes) ? routes : routes.map((_, i) => route(raw, ['properties', 'routes', i])),
  };
}

export function route(raw: RawResource, path: (string | number)[]): Route {
  const props = [...path, 'properties'];
  return {
    name: path.length === 0 ? lastSegment(raw.name) : asString(read(raw, [...path, 'name']).value) ?? unknown('unnamed route'),
    prefix: asString(read(raw, [...props, 'addressPrefix']).value) ?? unknown('route without address prefix'),
    nextHopType: asString(read(raw, [...props, 'nextHopType']).value) ?? unknown('route without next hop type'),
    nextHopIp: asString(read(raw, [...props, 'nextHopIpAddress']).value),
    at: raw.locate(path),
  };
}

function buildBackupPolicy(raw: RawResource): BackupPolicyNode {
  const schedule = read(raw, ['properties', 'schedulePolicy']);
  const s = (name: string) => read(raw, ['properties', 'schedulePolicy', name]).value;
  const hourly = (name: string) => read(raw, ['properties', 'schedulePolicy', 'hourlySchedule', name]).value;
  const node: BackupPolicyNode = {
    ...nodeBase('backupPolicy', raw),
    vaultId: parentId(raw),
    schedule: isUnknown(schedule.value)
      ? schedule.value
      : {
          frequency: asString(s('scheduleRunFrequency')),
          times: asStringList(s('scheduleRunTimes') ?? read(raw, ['properties', 'schedulePolicy', 'dailySchedule', 'scheduleRunTimes']).value) ?? [],
          days: asStringList(s('scheduleRunDays')),
          timeZone: asString(read(raw, ['properties', 'timeZone']).value),
          hourlyIntervalHours: asNumber(hourly('interval'), 'interval'),
          hourlyWindowHours: asNumber(hourly('scheduleWindowDuration'), 'scheduleWindowDuration'),
        },
  };
  node.sources['schedule'] = schedule.at;
  return node;
}

function buildProtectedItem(raw: RawResource): ProtectedItemNode {
  const source = read(raw, ['properties', 'sourceResourceId']);
  const policy = read(raw, ['properties', 'policyId']);
  const node: ProtectedItemNode = {
    ...nodeBase('protectedItem', raw),
    vaultId: ancestorId(raw, 3),
    vmId: asString(source.value),
    policyId: asString(policy.value),
  };
  node.sources['vmId'] = source.at;
  node.sources['policyId'] = policy.at;
  return node;
}

function buildSqlVm(raw: RawResource): SqlVmNode {
  const vm = read(raw, ['properties', 'virtualMachineResourceId']);
  const enable = read(raw, ['properties', 'autoBackupSettings', 'enable']);
  const node: SqlVmNode = {
    ...nodeBase('sqlVm', raw),
    vmId: asString(vm.value),
    autoBackupEnabled: asBoolean(enable.value, 'autoBackupSettings.enable') ?? false,
  };
  node.sources['vmId'] = vm.at;
  node.sources['autoBackupEnabled'] = enable.at;
  return node;
}

function guestTexts(raw: RawResource, paths: (string | number)[][]): GuestText[] {
  const texts: GuestText[] = [];
  for (const path of paths) {
    const { value, at } = read(raw, path);
    if (value === undefined || value === null) continue;
    texts.push({ property: path.join('.'), text: isUnknown(value) ? value : String(value), at });
  }
  return texts;
}

/** ID of the parent resource: the resource ID minus its last type/name pair. */
function parentId(raw: RawResource): Maybe<string | null> {
  return ancestorId(raw, 1);
}

function ancestorId(raw: RawResource, levels: number): Maybe<string | null> {
  if (isUnknown(raw.id)) return raw.id;
  const segments = raw.id.split('/');
  if (segments.length < 2 * levels + 3) return unknown(`no parent in resource ID ${raw.id}`);
  return segments.slice(0, segments.length - 2 * levels).join('/');
}

function idOf(entry: Value): Maybe<string | null> {
  if (isUnknown(entry)) return entry;
  if (isObject(entry)) return asString(entry['id']);
  return null;
}

function lastSegment(name: Maybe<string>): Maybe<string> {
  return isUnknown(name) ? name : name.slice(name.lastIndexOf('/') + 1);
}

function normaliseEnum<T extends string>(value: Maybe<string | null>, allowed: readonly T[]): Maybe<T> {
  if (isUnknown(value)) return value;
  const match = allowed.find((a) => a.toLowerCase() === (value ?? '').toLowerCase());
  return match ?? unknown(`'${value}' is not one of ${allowed.join(', ')}`);
}
