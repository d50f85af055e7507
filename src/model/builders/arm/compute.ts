import { idOf, parentId } from './ids';
import { nodeBase, vmNode } from '../base';
import { FieldReader } from '../fields';
import { asArray, asBoolean, read } from '../read';
import type { ExtensionNode, RunCommandNode, VmNode } from '../../domain';
import type { RawResource } from '../../resource';
import { isObject, isUnknown, unknown, type Maybe } from '../../unknown';

export function buildVm(raw: RawResource): VmNode {
  const node = vmNode(raw);
  const fields = new FieldReader(raw, node.sources);
  const imageReference = ['properties', 'storageProfile', 'imageReference'];
  node.os = vmOs(raw);
  node.size = fields.string('size', ['properties', 'hardwareProfile', 'vmSize']);
  node.image = {
    publisher: fields.string('image.publisher', [...imageReference, 'publisher']),
    offer: fields.string('image.offer', [...imageReference, 'offer']),
    sku: fields.string('image.sku', [...imageReference, 'sku']),
  };
  node.availabilitySetId = fields.id('availabilitySetId', ['properties', 'availabilitySet']);
  node.scaleSetId = fields.id('scaleSetId', ['properties', 'virtualMachineScaleSet']);
  node.guestTexts = fields.guestTexts([
    ['properties', 'osProfile', 'customData'],
    ['properties', 'userData'],
  ]);

  const osProfile = fields.read(['properties', 'osProfile']);
  for (const config of ['linuxConfiguration', 'windowsConfiguration']) {
    const configRead = fields.read(['properties', 'osProfile', config]);
    if (configRead.value === undefined || configRead.value === null) continue;
    const path = ['properties', 'osProfile', config, 'provisionVMAgent'];
    const provisioned = asBoolean(fields.value(path), 'provisionVMAgent');
    if (provisioned !== undefined) {
      node.agent.provisioned = provisioned;
      node.agent.provisionedByDefault = false;
      fields.source('agent.provisioned', path);
    }
  }
  node.sources['agent.provisioned'] ??= osProfile.at;
  if (isUnknown(osProfile.value)) node.agent.provisioned = osProfile.value;

  const allowed = fields.boolean('agent.extensionOperationsAllowed', ['properties', 'osProfile', 'allowExtensionOperations']);
  if (allowed !== undefined) node.agent.extensionOperationsAllowed = allowed;

  const list = asArray(fields.value(['properties', 'networkProfile', 'networkInterfaces']));
  fields.source('nicIds', ['properties', 'networkProfile', 'networkInterfaces']);
  node.nicIds = list === null ? [] : isUnknown(list) ? list : list.map((entry) => idOf(entry));
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

export function buildExtension(raw: RawResource): ExtensionNode {
  const base = nodeBase('extension', raw);
  const fields = new FieldReader(raw, base.sources);
  return {
    ...base,
    vmId: parentId(raw),
    publisher: fields.string('publisher', ['properties', 'publisher']),
    handlerType: fields.string('handlerType', ['properties', 'type']),
    typeHandlerVersion: fields.string('typeHandlerVersion', ['properties', 'typeHandlerVersion']),
    autoUpgradeMinorVersion: fields.boolean('autoUpgradeMinorVersion', ['properties', 'autoUpgradeMinorVersion']) ?? null,
    sqlAutoBackup: fields.boolean('sqlAutoBackup', ['properties', 'settings', 'AutoBackupSettings', 'Enable']) ?? null,
    guestTexts: fields.guestTexts([
      ['properties', 'settings', 'commandToExecute'],
      ['properties', 'protectedSettings', 'commandToExecute'],
      ['properties', 'settings', 'script'],
      ['properties', 'protectedSettings', 'script'],
    ]),
  };
}

export function buildRunCommand(raw: RawResource): RunCommandNode {
  const base = nodeBase('runCommand', raw);
  return { ...base, vmId: parentId(raw), guestTexts: new FieldReader(raw, base.sources).guestTexts([['properties', 'source', 'script']]) };
}
