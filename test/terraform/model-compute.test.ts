import { buildTerraformNodes } from '../../src/model/builders/terraform';
import type { ExtensionNode, RunCommandNode, VmNode } from '../../src/model/domain';
import { COMPUTED_UNSET } from '../../src/formats/terraform/plan';
import { HASHED_CUSTOM_DATA } from '../../src/model/builders/terraform/compute';
import { isUnknown, Unknown } from '../../src/model/unknown';
import { declared, FILE, resource } from './model-helpers';

const only = <T>(nodes: unknown[]): T => {
  expect(nodes).toHaveLength(1);
  return nodes[0] as T;
};

describe('azurerm_linux_virtual_machine / azurerm_windows_virtual_machine', () => {
  const address = 'azurerm_linux_virtual_machine.app';

  it('maps os from the type, size, image, references and guest texts, with sources', () => {
    const vm = only<VmNode>(
      buildTerraformNodes([
        resource(
          'azurerm_linux_virtual_machine',
          address,
          {
            size: 'Standard_B1s',
            source_image_reference: [{ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' }],
            network_interface_ids: new Unknown('known after apply'),
            availability_set_id: null,
            custom_data: 'IyEvYmluL2Jhc2gK',
            user_data: new Unknown('known after apply'),
          },
          { network_interface_ids: ['azurerm_network_interface.app'] },
        ),
      ]),
    );
    expect(vm).toMatchObject({
      kind: 'vm',
      id: address,
      name: address,
      format: 'tfplan',
      file: FILE,
      os: 'linux',
      size: 'Standard_B1s',
      image: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server' },
      nicIds: ['azurerm_network_interface.app'],
      availabilitySetId: null,
      scaleSetId: null,
    });
    expect(vm.sources['size']).toEqual(declared(address, 'size'));
    expect(vm.sources['image.sku']).toEqual(declared(address, 'source_image_reference', 0, 'sku'));
    expect(vm.sources['nicIds']).toEqual(declared(address, 'network_interface_ids'));
    expect(vm.guestTexts).toEqual([
      { property: 'custom_data', text: 'IyEvYmluL2Jhc2gK', at: declared(address, 'custom_data') },
      { property: 'user_data', text: expect.any(Unknown), at: declared(address, 'user_data') },
    ]);
  });

  it('defaults provision_vm_agent and allow_extension_operations to true when absent, marked as default', () => {
    const vm = only<VmNode>(buildTerraformNodes([resource('azurerm_windows_virtual_machine', 'azurerm_windows_virtual_machine.w', {})]));
    expect(vm.os).toBe('windows');
    expect(vm.agent).toEqual({ provisioned: true, provisionedByDefault: true, extensionOperationsAllowed: true });
    expect(vm.sources['agent.provisioned']).toEqual(declared('azurerm_windows_virtual_machine.w'));
  });

  it('applies the default when the plan says the provider computes an attribute the configuration leaves unset', () => {
    const vm = only<VmNode>(
      buildTerraformNodes([
        resource('azurerm_linux_virtual_machine', address, {
          provision_vm_agent: new Unknown(COMPUTED_UNSET, undefined, 'provider-computed'),
          allow_extension_operations: new Unknown(COMPUTED_UNSET, undefined, 'provider-computed'),
        }),
      ]),
    );
    expect(vm.agent).toEqual({ provisioned: true, provisionedByDefault: true, extensionOperationsAllowed: true });
  });

  it('takes declared values and points at them', () => {
    const vm = only<VmNode>(
      buildTerraformNodes([resource('azurerm_linux_virtual_machine', address, { provision_vm_agent: false, allow_extension_operations: false })]),
    );
    expect(vm.agent).toEqual({ provisioned: false, provisionedByDefault: false, extensionOperationsAllowed: false });
    expect(vm.sources['agent.provisioned']).toEqual(declared(address, 'provision_vm_agent'));
    expect(vm.sources['agent.extensionOperationsAllowed']).toEqual(declared(address, 'allow_extension_operations'));
  });

  it('keeps an Unknown agent flag Unknown', () => {
    const flag = new Unknown('known after apply');
    const vm = only<VmNode>(buildTerraformNodes([resource('azurerm_linux_virtual_machine', address, { provision_vm_agent: flag })]));
    expect(vm.agent.provisioned).toBe(flag);
    expect(vm.agent.provisionedByDefault).toBe(false);
  });

  it('uses known Azure IDs as given and references for unknown ones', () => {
    const nicId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/existing';
    const vm = only<VmNode>(
      buildTerraformNodes([
        resource('azurerm_linux_virtual_machine', address, {
          network_interface_ids: [nicId],
          availability_set_id: new Unknown('known after apply'),
          virtual_machine_scale_set_id: new Unknown('known after apply'),
        }, { availability_set_id: ['azurerm_availability_set.app'] }),
      ]),
    );
    expect(vm.nicIds).toEqual([nicId]);
    expect(vm.availabilitySetId).toBe('azurerm_availability_set.app');
    expect(vm.scaleSetId).toBeInstanceOf(Unknown);
  });
});

describe('azurerm_virtual_machine (legacy)', () => {
  const address = 'azurerm_virtual_machine.legacy';

  it('Windows without provision_vm_agent: agent not provisioned, by default, sourced at the os_profile_windows_config block', () => {
    const vm = only<VmNode>(
      buildTerraformNodes([
        resource('azurerm_virtual_machine', address, {
          vm_size: 'Standard_D2s_v3',
          os_profile_windows_config: [{ enable_automatic_upgrades: false }],
          os_profile_linux_config: [],
          storage_image_reference: [{ publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2019-Datacenter' }],
        }),
      ]),
    );
    expect(vm.os).toBe('windows');
    expect(vm.size).toBe('Standard_D2s_v3');
    expect(vm.image).toEqual({ publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2019-Datacenter' });
    expect(vm.agent).toEqual({ provisioned: false, provisionedByDefault: true, extensionOperationsAllowed: true });
    expect(vm.sources['agent.provisioned']).toEqual(declared(address, 'os_profile_windows_config', 0));
    expect(vm.sources['os']).toEqual(declared(address, 'os_profile_windows_config'));
  });

  it('Windows with provision_vm_agent = true: provisioned, declared', () => {
    const vm = only<VmNode>(
      buildTerraformNodes([resource('azurerm_virtual_machine', address, { os_profile_windows_config: [{ provision_vm_agent: true }] })]),
    );
    expect(vm.agent).toMatchObject({ provisioned: true, provisionedByDefault: false });
    expect(vm.sources['agent.provisioned']).toEqual(declared(address, 'os_profile_windows_config', 0, 'provision_vm_agent'));
  });

  it('Linux has no such attribute: provisioned by default', () => {
    const vm = only<VmNode>(
      buildTerraformNodes([resource('azurerm_virtual_machine', address, { os_profile_linux_config: [{ disable_password_authentication: true }] })]),
    );
    expect(vm.os).toBe('linux');
    expect(vm.agent).toEqual({ provisioned: true, provisionedByDefault: true, extensionOperationsAllowed: true });
  });

  it('falls back to storage_os_disk.os_type for the OS; an attached disk is not provisioned, so the agent is Unknown', () => {
    const vm = only<VmNode>(
      buildTerraformNodes([resource('azurerm_virtual_machine', address, { storage_os_disk: [{ os_type: 'Windows', create_option: 'Attach' }] })]),
    );
    expect(vm.os).toBe('windows');
    expect(isUnknown(vm.agent.provisioned)).toBe(true);
    expect(vm.agent.provisionedByDefault).toBe(false);
    expect(vm.sources['os']).toEqual(declared(address, 'storage_os_disk', 0, 'os_type'));
  });

  it('applies Azure\'s default (agent provisioned) to a Windows VM with os_profile but no os_profile_windows_config block', () => {
    // The provider sends windowsConfiguration (and its provision_vm_agent = false default) only for that block.
    const vm = only<VmNode>(
      buildTerraformNodes([
        resource('azurerm_virtual_machine', address, {
          storage_os_disk: [{ os_type: 'Windows', create_option: 'FromImage' }],
          os_profile: [{ computer_name: 'app', admin_username: 'azureadmin' }],
        }),
      ]),
    );
    expect(vm.os).toBe('windows');
    expect(vm.agent).toEqual({ provisioned: true, provisionedByDefault: true, extensionOperationsAllowed: true });
  });

  it('leaves OS and agent Unknown when nothing tells the OS', () => {
    const vm = only<VmNode>(buildTerraformNodes([resource('azurerm_virtual_machine', address, {})]));
    expect(vm.os).toBeInstanceOf(Unknown);
    expect(vm.agent.provisioned).toBeInstanceOf(Unknown);
  });

  it('records os_profile.custom_data as a guest text, Unknown when the plan only had its hash', () => {
    const hashed = new Unknown(HASHED_CUSTOM_DATA);
    const vm = only<VmNode>(
      buildTerraformNodes([resource('azurerm_virtual_machine', address, { os_profile: [{ computer_name: 'x', custom_data: hashed }] })]),
    );
    expect(vm.guestTexts).toEqual([{ property: 'os_profile.custom_data', text: hashed, at: declared(address, 'os_profile', 0, 'custom_data') }]);
  });
});

describe('azurerm_virtual_machine_extension', () => {
  const address = 'azurerm_virtual_machine_extension.cse';

  it('maps handler fields and takes commandToExecute / script from the JSON settings strings', () => {
    const ext = only<ExtensionNode>(
      buildTerraformNodes([
        resource(
          'azurerm_virtual_machine_extension',
          address,
          {
            virtual_machine_id: new Unknown('known after apply'),
            publisher: 'Microsoft.Azure.Extensions',
            type: 'CustomScript',
            type_handler_version: '2.1',
            auto_upgrade_minor_version: false,
            settings: JSON.stringify({ fileUris: ['https://x/y.sh'], commandToExecute: 'systemctl stop walinuxagent' }),
            protected_settings: JSON.stringify({ script: 'IyEvYmluL3No' }),
          },
          { virtual_machine_id: ['azurerm_linux_virtual_machine.app'] },
        ),
      ]),
    );
    expect(ext).toMatchObject({
      kind: 'extension',
      vmId: 'azurerm_linux_virtual_machine.app',
      publisher: 'Microsoft.Azure.Extensions',
      handlerType: 'CustomScript',
      typeHandlerVersion: '2.1',
      autoUpgradeMinorVersion: false,
    });
    expect(ext.sources['vmId']).toEqual(declared(address, 'virtual_machine_id'));
    expect(ext.guestTexts).toEqual([
      { property: 'settings.commandToExecute', text: 'systemctl stop walinuxagent', at: declared(address, 'settings') },
      { property: 'protected_settings.script', text: 'IyEvYmluL3No', at: declared(address, 'protected_settings') },
    ]);
  });

  it('keeps unknown settings as an Unknown guest text and ignores settings that are not JSON', () => {
    const ext = only<ExtensionNode>(
      buildTerraformNodes([
        resource('azurerm_virtual_machine_extension', address, { settings: new Unknown('known after apply'), protected_settings: '{not json' }),
      ]),
    );
    expect(ext.guestTexts).toEqual([{ property: 'settings', text: expect.any(Unknown), at: declared(address, 'settings') }]);
    expect(ext.autoUpgradeMinorVersion).toBeNull();
  });
});

describe('azurerm_virtual_machine_run_command and azurerm_availability_set', () => {
  it('takes source.script of a run command as a guest text', () => {
    const address = 'azurerm_virtual_machine_run_command.fix';
    const run = only<RunCommandNode>(
      buildTerraformNodes([
        resource('azurerm_virtual_machine_run_command', address, {
          virtual_machine_id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm',
          source: [{ script: 'Set-Service iaasvmprovider -StartupType Disabled' }],
        }),
      ]),
    );
    expect(run.vmId).toBe('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm');
    expect(run.guestTexts).toEqual([
      { property: 'source.script', text: 'Set-Service iaasvmprovider -StartupType Disabled', at: declared(address, 'source', 0, 'script') },
    ]);
  });

  it('maps an availability set to a node with its address as id', () => {
    const [set] = buildTerraformNodes([resource('azurerm_availability_set', 'azurerm_availability_set.web', { name: 'web' })]);
    expect(set).toMatchObject({ kind: 'availabilitySet', id: 'azurerm_availability_set.web' });
  });

  it('ignores resource types without a domain node', () => {
    expect(buildTerraformNodes([resource('azurerm_storage_account', 'azurerm_storage_account.x', {})])).toEqual([]);
  });
});
