import type { AvailabilitySetNode, ExtensionNode, GuestText, RunCommandNode, VmAgent, VmNode } from '../../domain';
import type { RawResource } from '../../resource';
import { isObject, isUnknown, unknown, type Maybe, type Value } from '../../unknown';
import { defaultAgent, nodeBase, vmNode } from '../base';
import { FieldReader, type Path } from '../fields';

/** `azurerm_linux_virtual_machine` / `azurerm_windows_virtual_machine`. */
export function buildVm(raw: RawResource, os: 'linux' | 'windows'): VmNode {
  const node = vmNode(raw);
  const attrs = new FieldReader(raw, node.sources);
  node.os = os;
  node.sources['os'] = raw.at;
  node.size = attrs.string('size', ['size']);
  node.image = image(attrs, ['source_image_reference', 0]);
  const provisioned = defaultedBoolean(attrs, 'agent.provisioned', ['provision_vm_agent']);
  const extensions = defaultedBoolean(attrs, 'agent.extensionOperationsAllowed', ['allow_extension_operations']);
  node.agent = {
    provisioned: provisioned.value ?? true,
    provisionedByDefault: provisioned.value === undefined,
    extensionOperationsAllowed: extensions.value ?? true,
  };
  node.nicIds = attrs.refList('nicIds', ['network_interface_ids']);
  node.availabilitySetId = attrs.ref('availabilitySetId', ['availability_set_id']);
  node.scaleSetId = attrs.ref('scaleSetId', ['virtual_machine_scale_set_id']);
  node.guestTexts = attrs.guestTexts([['custom_data'], ['user_data']]);
  return node;
}

/**
 * Legacy `azurerm_virtual_machine`. The OS comes from which `os_profile_*_config` block is present, else from
 * `storage_os_disk.os_type`. Its Windows `provision_vm_agent` defaults to **false**: a legacy Windows VM that
 * does not set it has no VM agent. Linux has no such attribute (the agent is provisioned).
 */
export function buildLegacyVm(raw: RawResource): VmNode {
  const node = vmNode(raw);
  const attrs = new FieldReader(raw, node.sources);
  node.os = legacyOs(attrs);
  node.size = attrs.string('size', ['vm_size']);
  node.image = image(attrs, ['storage_image_reference', 0]);
  node.agent = legacyAgent(attrs, node.os);
  node.nicIds = attrs.refList('nicIds', ['network_interface_ids']);
  node.availabilitySetId = attrs.ref('availabilitySetId', ['availability_set_id']);
  node.scaleSetId = null;
  node.guestTexts = legacyCustomData(attrs);
  return node;
}

export function image(attrs: FieldReader, block: Path): VmNode['image'] {
  return {
    publisher: attrs.string('image.publisher', [...block, 'publisher']),
    offer: attrs.string('image.offer', [...block, 'offer']),
    sku: attrs.string('image.sku', [...block, 'sku']),
  };
}

/**
 * A boolean whose provider default is true: `undefined` when absent or computed-but-unset (the default applies),
 * the value when set, Unknown when set to something not known before apply.
 */
export function defaultedBoolean(attrs: FieldReader, field: string, path: Path): { value: Maybe<boolean> | undefined } {
  const raw = attrs.value(path);
  if (isUnknown(raw) && raw.kind === 'provider-computed') {
    attrs.source(field, path);
    return { value: undefined };
  }
  return { value: attrs.boolean(field, path) };
}

function legacyOs(attrs: FieldReader): VmNode['os'] {
  const windows = attrs.blockCount(['os_profile_windows_config']);
  const linux = attrs.blockCount(['os_profile_linux_config']);
  if (windows !== 0 && !isUnknown(windows)) {
    attrs.source('os', ['os_profile_windows_config']);
    return 'windows';
  }
  if (linux !== 0 && !isUnknown(linux)) {
    attrs.source('os', ['os_profile_linux_config']);
    return 'linux';
  }
  const osType = attrs.string('os', ['storage_os_disk', 0, 'os_type']);
  if (typeof osType === 'string') {
    const os = osType.toLowerCase();
    if (os === 'windows' || os === 'linux') return os;
  }
  if (isUnknown(windows)) return windows;
  if (isUnknown(linux)) return linux;
  return isUnknown(osType) ? osType : unknown('no os_profile_*_config block and no storage_os_disk.os_type', attrs.raw.at);
}

function legacyAgent(attrs: FieldReader, os: VmNode['os']): VmAgent {
  const agent: VmAgent = defaultAgent();
  attrs.sources['agent.extensionOperationsAllowed'] = attrs.raw.at;
  if (isUnknown(os)) {
    agent.provisioned = unknown('whether the agent is provisioned depends on the unknown operating system', os.at);
    agent.provisionedByDefault = false;
    attrs.source('agent.provisioned', []);
  } else if (os === 'linux') {
    attrs.source('agent.provisioned', ['os_profile_linux_config', 0]);
  } else if (attrs.blockCount(['os_profile_windows_config']) === 0) {
    // The provider sends windowsConfiguration only for an os_profile_windows_config block, so its false default
    // applies only there. Without the block Azure's own default (true) applies when the VM is provisioned from an
    // image (os_profile); an attached OS disk is not provisioned at all: its agent is whatever the disk holds.
    if (attrs.blockCount(['os_profile']) === 0) {
      agent.provisioned = unknown('the OS disk is attached, not provisioned: the VM agent is whatever the disk holds', attrs.raw.at);
      agent.provisionedByDefault = false;
      attrs.source('agent.provisioned', ['storage_os_disk', 0]);
    } else {
      attrs.source('agent.provisioned', ['os_profile', 0]);
    }
  } else {
    const flag = ['os_profile_windows_config', 0, 'provision_vm_agent'];
    // A plan fills in the provider's default (false) where the configuration left the attribute out: that is
    // still "not declared", and the finding belongs on the block that lacks it.
    const filledIn = attrs.raw.configured !== undefined && attrs.raw.configured(flag.slice(0, 2)) !== undefined && attrs.raw.configured(flag) === undefined;
    const declared = filledIn ? undefined : attrs.boolean('agent.provisioned', flag);
    agent.provisioned = declared ?? false;
    agent.provisionedByDefault = declared === undefined;
    if (declared === undefined) attrs.source('agent.provisioned', ['os_profile_windows_config', 0]);
  }
  return agent;
}

export const HASHED_CUSTOM_DATA =
  'azurerm_virtual_machine keeps only a SHA-1 hash of os_profile.custom_data in the plan, and the configuration does not give it as a constant';

/**
 * Legacy `azurerm_virtual_machine` keeps `os_profile.custom_data` as a SHA-1 hash in state and plan, so a plan's
 * value is never the script: the text is the configuration's literal, else Unknown (never the hash).
 */
export function legacyCustomData(attrs: FieldReader): GuestText[] {
  const path = ['os_profile', 0, 'custom_data'];
  const texts = attrs.guestTexts([path]);
  if (!attrs.raw.configured) return texts;
  const constant = attrs.raw.configured(path)?.constant;
  return texts.map((text) => ({ ...text, text: typeof constant === 'string' ? constant : unknown(HASHED_CUSTOM_DATA, text.at) }));
}

/**
 * `azurerm_virtual_machine_extension` (`azurerm_virtual_machine_scale_set_extension`: `vmAttribute`
 * `virtual_machine_scale_set_id`), or (`block`) a scale set's `extension` block, whose caller sets `vmId`.
 * `settings` / `protected_settings` are JSON strings (usually `jsonencode({...})`); their `commandToExecute` and
 * `script` are guest texts.
 */
export function buildExtension(raw: RawResource, block: Path = [], vmAttribute = 'virtual_machine_id'): ExtensionNode {
  const node: ExtensionNode = Object.assign(nodeBase('extension', raw), {
    vmId: null,
    publisher: null,
    handlerType: null,
    typeHandlerVersion: null,
    autoUpgradeMinorVersion: null,
    sqlAutoBackup: null,
    onScaleSet: block.length > 0 || vmAttribute === 'virtual_machine_scale_set_id',
    guestTexts: [],
  });
  const attrs = new FieldReader(raw, node.sources);
  if (block.length === 0) node.vmId = attrs.ref('vmId', [vmAttribute]);
  node.publisher = attrs.string('publisher', [...block, 'publisher']);
  node.handlerType = attrs.string('handlerType', [...block, 'type']);
  node.typeHandlerVersion = attrs.string('typeHandlerVersion', [...block, 'type_handler_version']);
  node.autoUpgradeMinorVersion = attrs.boolean('autoUpgradeMinorVersion', [...block, 'auto_upgrade_minor_version']) ?? null;
  node.guestTexts = [...settingsTexts(attrs, [...block, 'settings']), ...settingsTexts(attrs, [...block, 'protected_settings'])];
  node.sqlAutoBackup = sqlAutoBackup(attrs, [...block, 'settings']);
  return node;
}

/** The SQL IaaS Agent extension's `AutoBackupSettings.Enable` inside the `settings` JSON. */
function sqlAutoBackup(attrs: FieldReader, path: Path): Maybe<boolean | null> {
  const value = attrs.value(path);
  if (isUnknown(value)) return value;
  const settings = parseSettings(value);
  const block = settings ? settings[Object.keys(settings).find((k) => k.toLowerCase() === 'autobackupsettings') ?? ''] : undefined;
  if (!isObject(block)) return null;
  const enable = block[Object.keys(block).find((k) => k.toLowerCase() === 'enable') ?? ''];
  if (isUnknown(enable)) return enable;
  attrs.source('sqlAutoBackup', path);
  return enable === true || enable === 'true' ? true : enable === false || enable === 'false' ? false : null;
}

const SCRIPT_SETTINGS = ['commandToExecute', 'script'];

function settingsTexts(attrs: FieldReader, path: Path): GuestText[] {
  const attribute = String(path[path.length - 1]);
  const value = attrs.value(path);
  const at = attrs.read(path).at;
  if (isUnknown(value)) return [{ property: attribute, text: value, at }];
  const settings = parseSettings(value);
  if (!settings) return [];
  const texts: GuestText[] = [];
  for (const name of SCRIPT_SETTINGS) {
    const key = Object.keys(settings).find((k) => k.toLowerCase() === name.toLowerCase());
    const text = key === undefined ? undefined : settings[key];
    if (typeof text === 'string' && text !== '') texts.push({ property: `${attribute}.${name}`, text, at });
    else if (isUnknown(text)) texts.push({ property: `${attribute}.${name}`, text, at });
  }
  return texts;
}

/** Settings arrive as a JSON string (plan, evaluated `.tf`) or already as an object (a `.tf` reader may keep it). */
function parseSettings(value: Value | undefined): { [key: string]: Value } | undefined {
  if (isObject(value)) return value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return isObject(parsed) ? (parsed as { [key: string]: Value }) : undefined;
  } catch {
    return undefined;
  }
}

/** `azurerm_virtual_machine_run_command`: `source.script` runs in the guest. */
export function buildRunCommand(raw: RawResource): RunCommandNode {
  const node: RunCommandNode = Object.assign(nodeBase('runCommand', raw), { vmId: null, guestTexts: [] });
  const attrs = new FieldReader(raw, node.sources);
  node.vmId = attrs.ref('vmId', ['virtual_machine_id']);
  node.guestTexts = attrs.guestTexts([['source', 0, 'script']]);
  return node;
}

export function buildAvailabilitySet(raw: RawResource): AvailabilitySetNode {
  return nodeBase('availabilitySet', raw);
}
