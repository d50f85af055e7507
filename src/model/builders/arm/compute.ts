import { idOf, parentId } from './ids';
import { nodeBase } from '../base';
import { asArray, asBoolean, asString, read, readId } from '../read';
import type { ExtensionNode, GuestText, VmNode } from '../../domain';
import type { RawResource } from '../../resource';
import { isObject, isUnknown, unknown, type Maybe } from '../../unknown';

export function buildVm(raw: RawResource): VmNode {
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

export function buildExtension(raw: RawResource): ExtensionNode {
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

export function guestTexts(raw: RawResource, paths: (string | number)[][]): GuestText[] {
  const texts: GuestText[] = [];
  for (const path of paths) {
    const { value, at } = read(raw, path);
    if (value === undefined || value === null) continue;
    texts.push({ property: path.join('.'), text: isUnknown(value) ? value : String(value), at });
  }
  return texts;
}
