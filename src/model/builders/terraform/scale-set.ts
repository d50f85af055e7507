import type { DomainNode, ExtensionNode, NicNode, NodeBase, VmNode } from '../../domain';
import type { RawResource } from '../../resource';
import { isUnknown, unknown, type Maybe } from '../../unknown';
import { vmNode } from '../base';
import { FieldReader, type Path } from '../fields';
import { valueAt } from '../read';
import { buildExtension, defaultedBoolean, image, legacyCustomData } from './compute';
import { buildNic } from './network';

/**
 * azurerm scale sets, each as one VM node (`isScaleSet`) for its VM profile plus one NIC node per `network_interface`
 * block (legacy: `network_profile`), addressed `<scale set address>.network_interface["<name>"]`, which the VM node's
 * `nicIds` name. `azurerm_linux_/windows_virtual_machine_scale_set` and the legacy `azurerm_virtual_machine_scale_set`
 * are Uniform; `azurerm_orchestrated_virtual_machine_scale_set` is Flexible.
 */
export function buildScaleSet(raw: RawResource, os: 'linux' | 'windows'): DomainNode[] {
  const node = scaleSetNode(raw, 'Uniform');
  const attrs = new FieldReader(raw, node.sources);
  node.os = os;
  node.sources['os'] = raw.at;
  node.size = attrs.string('size', ['sku']);
  node.image = image(attrs, ['source_image_reference', 0]);
  node.agent = agent(attrs, ['provision_vm_agent'], ['extension_operations_enabled']);
  node.guestTexts = attrs.guestTexts([['custom_data'], ['user_data']]);
  return [node, ...attachNics(node, attrs, 'network_interface'), ...extensionBlocks(attrs)];
}

export function buildOrchestratedScaleSet(raw: RawResource): DomainNode[] {
  const node = scaleSetNode(raw, 'Flexible');
  const attrs = new FieldReader(raw, node.sources);
  const linux = attrs.blockCount(['os_profile', 0, 'linux_configuration']);
  const windows = attrs.blockCount(['os_profile', 0, 'windows_configuration']);
  const config = linux !== 0 && !isUnknown(linux) ? 'linux_configuration' : windows !== 0 && !isUnknown(windows) ? 'windows_configuration' : undefined;
  if (config) {
    node.os = config === 'linux_configuration' ? 'linux' : 'windows';
    attrs.source('os', ['os_profile', 0, config]);
  } else {
    // Without an os_profile the scale set has no VM profile (VMs join it by virtual_machine_scale_set_id).
    node.os = isUnknown(linux) ? linux : isUnknown(windows) ? windows : unknown('no os_profile linux_configuration or windows_configuration block', raw.at);
  }
  node.size = attrs.string('size', ['sku_name']);
  node.image = image(attrs, ['source_image_reference', 0]);
  node.agent = config
    ? agent(attrs, ['os_profile', 0, config, 0, 'provision_vm_agent'], ['extension_operations_enabled'])
    : agent(attrs, ['os_profile', 0, 'provision_vm_agent'], ['extension_operations_enabled']);
  node.guestTexts = attrs.guestTexts([['os_profile', 0, 'custom_data'], ['user_data_base64']]);
  return [node, ...attachNics(node, attrs, 'network_interface'), ...extensionBlocks(attrs)];
}

/** Legacy `azurerm_virtual_machine_scale_set` (Uniform): `network_profile` blocks; custom_data as for the legacy VM. */
export function buildLegacyScaleSet(raw: RawResource): DomainNode[] {
  const node = scaleSetNode(raw, 'Uniform');
  const attrs = new FieldReader(raw, node.sources);
  const windows = attrs.blockCount(['os_profile_windows_config']);
  const linux = attrs.blockCount(['os_profile_linux_config']);
  node.os = windows !== 0 && !isUnknown(windows) ? 'windows' : linux !== 0 && !isUnknown(linux) ? 'linux' : unknown('no os_profile_*_config block', raw.at);
  node.size = attrs.string('size', ['sku', 0, 'name']);
  node.image = image(attrs, ['storage_profile_image_reference', 0]);
  if (node.os === 'windows') {
    // The legacy resource's default for a Windows agent is not modelled: only a declared value is taken.
    const declared = attrs.boolean('agent.provisioned', ['os_profile_windows_config', 0, 'provision_vm_agent']);
    node.agent.provisioned = declared ?? unknown('the legacy scale set does not declare provision_vm_agent', raw.at, 'provider-computed');
    node.agent.provisionedByDefault = false;
  }
  node.guestTexts = legacyCustomData(attrs);
  return [node, ...attachNics(node, attrs, 'network_profile'), ...extensionBlocks(attrs)];
}

function scaleSetNode(raw: RawResource, mode: 'Uniform' | 'Flexible'): VmNode {
  const node = vmNode(raw);
  node.isScaleSet = true;
  node.orchestrationMode = mode;
  node.sources['orchestrationMode'] = raw.at;
  return node;
}

function agent(attrs: FieldReader, provisionedPath: Path, extensionsPath: Path): VmNode['agent'] {
  const provisioned = defaultedBoolean(attrs, 'agent.provisioned', provisionedPath);
  const extensions = defaultedBoolean(attrs, 'agent.extensionOperationsAllowed', extensionsPath);
  return {
    provisioned: provisioned.value ?? true,
    provisionedByDefault: provisioned.value === undefined,
    extensionOperationsAllowed: extensions.value ?? true,
  };
}

/** One NIC node per interface block, named by the VM node's `nicIds`. */
function attachNics(node: VmNode, attrs: FieldReader, blockName: string): NicNode[] {
  attrs.source('nicIds', [blockName]);
  const blocks = attrs.value([blockName]);
  if (isUnknown(blocks)) {
    node.nicIds = blocks;
    return [];
  }
  if (!Array.isArray(blocks)) return [];
  const raw = attrs.raw;
  const nics = blocks.map((_, index) => {
    const nic = buildNic(raw, [blockName, index]);
    placeInScaleSet(nic, raw, blockName, index);
    node.sources[`nicIds.${index}`] = nic.at;
    return nic;
  });
  node.nicIds = nics.map((nic): Maybe<string> => nic.id);
  return nics;
}

/** The scale set's `extension` blocks, each an extension node of the scale set (`<address>.extension["<name>"]`). */
function extensionBlocks(attrs: FieldReader): ExtensionNode[] {
  const blocks = attrs.value(['extension']);
  if (!Array.isArray(blocks)) return [];
  const raw = attrs.raw;
  return blocks.map((_, index) => {
    const extension = buildExtension(raw, ['extension', index]);
    extension.vmId = raw.id;
    placeInScaleSet(extension, raw, 'extension', index);
    return extension;
  });
}

/** A node built from a block of the scale set gets the address `<scale set>.<block>["<name>"]` (by index without a name). */
function placeInScaleSet(node: NodeBase, raw: RawResource, blockName: string, index: number): void {
  const name = valueAt(raw, [blockName, index, 'name']);
  const key = typeof name === 'string' ? JSON.stringify(name) : String(index);
  node.id = typeof raw.id === 'string' ? `${raw.id}.${blockName}[${key}]` : raw.id;
  node.name = typeof raw.name === 'string' ? `${raw.name}.${blockName}[${key}]` : node.id;
  node.label = typeof node.name === 'string' ? node.name : node.label;
  node.at = raw.locate([blockName, index]);
}
