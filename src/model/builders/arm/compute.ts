import { idOf, parentId } from './ids';
import { placeInScaleSet } from './scale-set-member';
import { nodeBase, vmNode } from '../base';
import { FieldReader, type Path } from '../fields';
import { asArray, asBoolean, valueAt } from '../read';
import type { ExtensionNode, RunCommandNode, VmNode } from '../../domain';
import type { RawResource } from '../../resource';
import { isObject, isUnknown, unknown, type Maybe } from '../../unknown';

/** Where a VM's settings sit: under `properties` (a VM) or `properties.virtualMachineProfile` (a scale set). */
export interface VmLayout {
  profile: Path;
  size: Path;
}

const VM_LAYOUT: VmLayout = { profile: ['properties'], size: ['properties', 'hardwareProfile', 'vmSize'] };
export const SCALE_SET_LAYOUT: VmLayout = { profile: ['properties', 'virtualMachineProfile'], size: ['sku', 'name'] };

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

/** The settings a VM and a scale set's VM profile share: size, image, OS, agent, guest texts. */
export function readProfile(raw: RawResource, node: VmNode, layout: VmLayout): FieldReader {
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
  const linux = valueAt(raw, [...profile, 'osProfile', 'linuxConfiguration']);
  const windows = valueAt(raw, [...profile, 'osProfile', 'windowsConfiguration']);
  if (isObject(linux)) return 'linux';
  if (isObject(windows)) return 'windows';
  const osType = valueAt(raw, [...profile, 'storageProfile', 'osDisk', 'osType']);
  if (typeof osType === 'string' && /^(linux|windows)$/i.test(osType)) return osType.toLowerCase() as 'linux' | 'windows';
  const publisher = valueAt(raw, [...profile, 'storageProfile', 'imageReference', 'publisher']);
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
  const node: ExtensionNode = Object.assign(base, {
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
  });
  if (prefix.length > 0) {
    // Named as in an extension resource (`properties.settings.commandToExecute`).
    node.guestTexts = node.guestTexts.map((text) => ({ ...text, property: `properties.${text.property.split('.properties.').pop() ?? ''}` }));
    placeInScaleSet(node, raw, prefix, 'extensions');
  }
  return node;
}

export function buildRunCommand(raw: RawResource): RunCommandNode {
  const base = nodeBase('runCommand', raw);
  return Object.assign(base, { vmId: parentId(raw), guestTexts: new FieldReader(raw, base.sources).guestTexts([['properties', 'source', 'script']]) });
}
