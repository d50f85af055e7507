import { idOf, parentId } from './ids';
import { buildNic } from './network';
import { labelOf, nodeBase, vmNode } from '../base';
import { FieldReader, type Path } from '../fields';
import { asArray, asBoolean, asString, oneOf, read } from '../read';
import type { DomainNode, ExtensionNode, NicNode, RunCommandNode, VmNode } from '../../domain';
import { concatText, isText } from '../../symbolic-text';
import type { RawResource } from '../../resource';
import { isObject, isUnknown, unknown, type Maybe } from '../../unknown';

/** Where a VM's settings sit: under `properties` (a VM) or `properties.virtualMachineProfile` (a scale set). */
interface VmLayout {
  profile: Path;
  size: Path;
}

const VM_LAYOUT: VmLayout = { profile: ['properties'], size: ['properties', 'hardwareProfile', 'vmSize'] };
const SCALE_SET_LAYOUT: VmLayout = { profile: ['properties', 'virtualMachineProfile'], size: ['sku', 'name'] };

export function buildVm(raw: RawResource): VmNode {
  const node = vmNode(raw);
  const fields = readProfile(raw, node, VM_LAYOUT);
  node.availabilitySetId = fields.id('availabilitySetId', ['properties', 'availabilitySet']);
  node.scaleSetId = fields.id('scaleSetId', ['properties', 'virtualMachineScaleSet']);
  const list = asArray(fields.value(['properties', 'networkProfile', 'networkInterfaces']));
  fields.source('nicIds', ['properties', 'networkProfile', 'networkInterfaces']);
  node.nicIds = list === null ? [] : isUnknown(list) ? list : list.map((entry) => idOf(entry));
  return node;
}

/**
 * `Microsoft.Compute/virtualMachineScaleSets`: its VM profile as one VM node (`isScaleSet`), and one NIC node per
 * `networkInterfaceConfigurations` entry (ID `<scale set ID>/networkInterfaceConfigurations/<name>`), which the VM
 * node's `nicIds` name. Without `orchestrationMode` ARM creates a Uniform scale set.
 */
export function buildScaleSet(raw: RawResource): DomainNode[] {
  const node = vmNode(raw);
  const fields = readProfile(raw, node, SCALE_SET_LAYOUT);
  node.isScaleSet = true;
  node.orchestrationMode =
    oneOf(fields.string('orchestrationMode', ['properties', 'orchestrationMode']), ['Uniform', 'Flexible'] as const, 'orchestrationMode') ?? 'Uniform';
  const extensions = profileExtensions(raw);
  const listPath = [...SCALE_SET_LAYOUT.profile, 'networkProfile', 'networkInterfaceConfigurations'];
  const list = asArray(fields.value(listPath));
  fields.source('nicIds', listPath);
  if (list === null || isUnknown(list)) {
    node.nicIds = list ?? [];
    return [node, ...extensions];
  }
  const nics = list.map((_, index) => scaleSetNic(raw, [...listPath, index]));
  node.nicIds = nics.map((nic) => nic.id);
  nics.forEach((nic, index) => (node.sources[`nicIds.${index}`] = nic.at));
  return [node, ...nics, ...extensions];
}

/** The extensions of a scale set's VM profile (`extensionProfile.extensions`), each an extension node of the scale set. */
function profileExtensions(raw: RawResource): ExtensionNode[] {
  const path = [...SCALE_SET_LAYOUT.profile, 'extensionProfile', 'extensions'];
  const list = asArray(read(raw, path).value);
  if (list === null || isUnknown(list)) return [];
  return list.map((_, index) => buildExtension(raw, [...path, index]));
}

function scaleSetNic(raw: RawResource, path: Path): NicNode {
  const nic = buildNic(raw, path);
  const name = asString(read(raw, [...path, 'name']).value);
  // A name that cannot be evaluated still leaves an ID unique within the scale set: its position.
  const key = isText(name) ? name : `#${String(path[path.length - 1])}`;
  nic.id = isText(raw.id) ? concatText([raw.id, '/networkInterfaceConfigurations/', key]) : unknown('the scale set ID is not resolved');
  nic.name = isText(raw.name) && isText(name) ? concatText([raw.name, '/', name]) : unknown('network interface configuration name');
  nic.label = isText(nic.name) ? labelOf(nic.name, undefined) : `${raw.declaredName ?? nic.label}/${typeof name === 'string' ? name : '?'}`;
  nic.at = raw.locate(path);
  return nic;
}

/** The settings a VM and a scale set's VM profile share: size, image, OS, agent, guest texts. */
function readProfile(raw: RawResource, node: VmNode, layout: VmLayout): FieldReader {
  const fields = new FieldReader(raw, node.sources);
  const { profile } = layout;
  const imageReference = [...profile, 'storageProfile', 'imageReference'];
  node.os = vmOs(raw, profile);
  node.size = fields.string('size', layout.size);
  node.image = {
    publisher: fields.string('image.publisher', [...imageReference, 'publisher']),
    offer: fields.string('image.offer', [...imageReference, 'offer']),
    sku: fields.string('image.sku', [...imageReference, 'sku']),
  };
  node.guestTexts = fields.guestTexts([
    [...profile, 'osProfile', 'customData'],
    [...profile, 'userData'],
  ]);

  const osProfile = fields.read([...profile, 'osProfile']);
  for (const config of ['linuxConfiguration', 'windowsConfiguration']) {
    const configRead = fields.read([...profile, 'osProfile', config]);
    if (configRead.value === undefined || configRead.value === null) continue;
    const path = [...profile, 'osProfile', config, 'provisionVMAgent'];
    const provisioned = asBoolean(fields.value(path), 'provisionVMAgent');
    if (provisioned !== undefined) {
      node.agent.provisioned = provisioned;
      node.agent.provisionedByDefault = false;
      fields.source('agent.provisioned', path);
    }
  }
  node.sources['agent.provisioned'] ??= osProfile.at;
  if (isUnknown(osProfile.value)) node.agent.provisioned = osProfile.value;

  const allowed = fields.boolean('agent.extensionOperationsAllowed', [...profile, 'osProfile', 'allowExtensionOperations']);
  if (allowed !== undefined) node.agent.extensionOperationsAllowed = allowed;
  return fields;
}

const WINDOWS_PUBLISHERS = /^(microsoftwindowsserver|microsoftwindowsdesktop|microsoftsqlserver|microsoftvisualstudio|microsoftdynamicsax)$/i;

const LINUX_PUBLISHERS = /^(canonical|redhat|suse|openlogic|debian|oracle|almalinux|resf|kinvolk|credativ|center-for-internet-security-inc)$/i;

function vmOs(raw: RawResource, profile: Path): Maybe<'linux' | 'windows'> {
  const linux = read(raw, [...profile, 'osProfile', 'linuxConfiguration']).value;
  const windows = read(raw, [...profile, 'osProfile', 'windowsConfiguration']).value;
  if (isObject(linux)) return 'linux';
  if (isObject(windows)) return 'windows';
  const osType = read(raw, [...profile, 'storageProfile', 'osDisk', 'osType']).value;
  if (typeof osType === 'string' && /^(linux|windows)$/i.test(osType)) return osType.toLowerCase() as 'linux' | 'windows';
  const publisher = read(raw, [...profile, 'storageProfile', 'imageReference', 'publisher']).value;
  if (typeof publisher === 'string') {
    if (WINDOWS_PUBLISHERS.test(publisher)) return 'windows';
    if (LINUX_PUBLISHERS.test(publisher)) return 'linux';
  }
  return unknown('the operating system could not be determined from osProfile, osDisk.osType or the image');
}

/**
 * A VM or scale set extension resource, or (`prefix`) an extension of a scale set's `extensionProfile`, which
 * belongs to the scale set (`vmId`) and gets the ID `<scale set ID>/extensions/<name>`.
 */
export function buildExtension(raw: RawResource, prefix: Path = []): ExtensionNode {
  const base = nodeBase('extension', raw);
  const fields = new FieldReader(raw, base.sources);
  const props = [...prefix, 'properties'];
  const node: ExtensionNode = {
    ...base,
    vmId: prefix.length === 0 ? parentId(raw) : raw.id,
    publisher: fields.string('publisher', [...props, 'publisher']),
    handlerType: fields.string('handlerType', [...props, 'type']),
    typeHandlerVersion: fields.string('typeHandlerVersion', [...props, 'typeHandlerVersion']),
    autoUpgradeMinorVersion: fields.boolean('autoUpgradeMinorVersion', [...props, 'autoUpgradeMinorVersion']) ?? null,
    sqlAutoBackup: fields.boolean('sqlAutoBackup', [...props, 'settings', 'AutoBackupSettings', 'Enable']) ?? null,
    onScaleSet: prefix.length > 0 || raw.type.toLowerCase() === 'microsoft.compute/virtualmachinescalesets/extensions',
    guestTexts: fields.guestTexts([
      [...props, 'settings', 'commandToExecute'],
      [...props, 'protectedSettings', 'commandToExecute'],
      [...props, 'settings', 'script'],
      [...props, 'protectedSettings', 'script'],
    ]),
  };
  if (prefix.length > 0) {
    // Named as in an extension resource (`properties.settings.commandToExecute`).
    node.guestTexts = node.guestTexts.map((text) => ({ ...text, property: `properties.${text.property.split('.properties.').pop() ?? ''}` }));
    const name = asString(read(raw, [...prefix, 'name']).value);
    const key = isText(name) ? name : `#${String(prefix[prefix.length - 1])}`;
    node.id = isText(raw.id) ? concatText([raw.id, '/extensions/', key]) : unknown('the scale set ID is not resolved');
    node.name = isText(raw.name) && isText(name) ? concatText([raw.name, '/', name]) : unknown('extension name');
    node.label = isText(node.name) ? labelOf(node.name, undefined) : `${raw.declaredName ?? base.label}/${typeof name === 'string' ? name : '?'}`;
    node.at = raw.locate(prefix);
  }
  return node;
}

export function buildRunCommand(raw: RawResource): RunCommandNode {
  const base = nodeBase('runCommand', raw);
  return { ...base, vmId: parentId(raw), guestTexts: new FieldReader(raw, base.sources).guestTexts([['properties', 'source', 'script']]) };
}
