import type { SourceRef } from '../../../model/location';
import { isObject, Unknown, type Value } from '../../../model/unknown';
import { isPlainObject } from './unknowns';

export const HASHED_CUSTOM_DATA =
  'azurerm_virtual_machine keeps only a SHA-1 hash of os_profile.custom_data in the plan, and the configuration does not give it as a constant';

/**
 * Legacy `azurerm_virtual_machine` stores `os_profile.custom_data` as a SHA-1 hash in state and plan, so the
 * plan value is never the script. Take the text from the configuration's `constant_value`; when there is
 * none, the text is Unknown (never the hash).
 */
export function restoreLegacyCustomData(
  values: { [key: string]: Value },
  expressions: Record<string, unknown> | undefined,
  locate: (path: readonly (string | number)[]) => SourceRef,
): { [key: string]: Value } {
  const profiles = values['os_profile'];
  if (!Array.isArray(profiles)) return values;
  const configured = configuredCustomData(expressions);
  let changed = false;
  const restored = profiles.map((profile, i): Value => {
    if (!isObject(profile) || !('custom_data' in profile)) return profile;
    const current = profile['custom_data'];
    if (current === null || current === '') return profile;
    changed = true;
    const text =
      configured !== undefined ? configured : new Unknown(HASHED_CUSTOM_DATA, locate(['os_profile', i, 'custom_data']));
    return { ...profile, custom_data: text };
  });
  return changed ? { ...values, os_profile: restored } : values;
}

function configuredCustomData(expressions: Record<string, unknown> | undefined): string | undefined {
  const blocks = expressions?.['os_profile'];
  const block = Array.isArray(blocks) ? blocks[0] : blocks;
  if (!isPlainObject(block)) return undefined;
  const expression = block['custom_data'];
  if (!isPlainObject(expression)) return undefined;
  const constant = expression['constant_value'];
  return typeof constant === 'string' ? constant : undefined;
}

/**
 * The plan fills `os_profile_windows_config.provision_vm_agent` with its default (false) when the configuration
 * leaves it out. Remove the filled-in value so the model sees it as not declared, as in `.tf`: the finding then
 * points at the block and says the default applies. Only when the configuration block is there to tell.
 */
export function dropDefaultedAgentFlag(
  values: { [key: string]: Value },
  expressions: Record<string, unknown> | undefined,
): { [key: string]: Value } {
  const blocks = values['os_profile_windows_config'];
  const configured = expressions?.['os_profile_windows_config'];
  if (!Array.isArray(blocks) || !Array.isArray(configured) || configured.length !== blocks.length) return values;
  let changed = false;
  const cleaned = blocks.map((block, i): Value => {
    const config = configured[i];
    if (!isObject(block) || !isPlainObject(config) || 'provision_vm_agent' in config || !('provision_vm_agent' in block)) {
      return block;
    }
    changed = true;
    const { provision_vm_agent: _defaulted, ...rest } = block;
    return rest;
  });
  return changed ? { ...values, os_profile_windows_config: cleaned } : values;
}
