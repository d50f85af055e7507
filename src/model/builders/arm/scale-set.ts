import { buildExtension, readProfile, SCALE_SET_LAYOUT } from './compute';
import { buildNic } from './network';
import { placeInScaleSet } from './scale-set-member';
import { vmNode } from '../base';
import { asArray, oneOf, valueAt } from '../read';
import type { DomainNode, ExtensionNode } from '../../domain';
import type { RawResource } from '../../resource';
import { isUnknown } from '../../unknown';

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
  const nics = list.map((_, index) => {
    const nic = buildNic(raw, [...listPath, index]);
    placeInScaleSet(nic, raw, [...listPath, index], 'networkInterfaceConfigurations');
    return nic;
  });
  node.nicIds = nics.map((nic) => nic.id);
  nics.forEach((nic, index) => (node.sources[`nicIds.${index}`] = nic.at));
  return [node, ...nics, ...extensions];
}

/** The extensions of a scale set's VM profile (`extensionProfile.extensions`), each an extension node of the scale set. */
function profileExtensions(raw: RawResource): ExtensionNode[] {
  const path = [...SCALE_SET_LAYOUT.profile, 'extensionProfile', 'extensions'];
  const list = asArray(valueAt(raw, path));
  if (list === null || isUnknown(list)) return [];
  return list.map((_, index) => buildExtension(raw, [...path, index]));
}
