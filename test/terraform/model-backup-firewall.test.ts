import { buildTerraformModel, buildTerraformNodes, POLICY_RULES_NOT_FOUND } from '../../src/model/builders/terraform';
import type { BackupPolicyNode, DomainNode, FirewallNode, ProtectedItemNode, SqlVmNode } from '../../src/model/domain';
import { Unknown, type Value } from '../../src/model/unknown';
import { declared, resource } from './model-helpers';

const firewallOf = (nodes: DomainNode[]) => nodes.find((n): n is FirewallNode => n.kind === 'firewall')!;

const classicFirewall = resource('azurerm_firewall', 'azurerm_firewall.hub', {
  name: 'hub-fw',
  resource_group_name: 'net',
  ip_configuration: [{ name: 'ipc', private_ip_address: '10.0.0.4' }],
  firewall_policy_id: null,
});

function collection(type: string, values: Record<string, unknown>) {
  return resource(type, `${type}.c`, { azure_firewall_name: 'hub-fw', resource_group_name: 'net', action: 'Allow', ...values } as never);
}

describe('azurerm_firewall', () => {
  it('maps the private IP; with no rule collections nothing shows that backup is allowed', () => {
    const firewall = firewallOf(buildTerraformNodes([classicFirewall]));
    expect(firewall.privateIp).toBe('10.0.0.4');
    expect(firewall.sources['privateIp']).toEqual(declared('azurerm_firewall.hub', 'ip_configuration', 0, 'private_ip_address'));
    expect(firewall.allowsBackup).toBe(false);
  });

  it('allows backup with an application rule that has the AzureBackup FQDN tag', () => {
    const nodes = buildTerraformNodes([
      classicFirewall,
      collection('azurerm_firewall_application_rule_collection', { rule: [{ name: 'backup', fqdn_tags: ['azurebackup'], target_fqdns: [] }] }),
    ]);
    expect(firewallOf(nodes).allowsBackup).toBe(true);
  });

  it.each([
    [{ destination_addresses: ['Storage'], destination_ports: ['443'], protocols: ['TCP'] }, true],
    [{ destination_addresses: ['Storage.WestEurope'], destination_ports: ['*'], protocols: ['Any'] }, true],
    [{ destination_addresses: ['AzureBackup'], destination_ports: ['400-500'], protocols: ['TCP'] }, true],
    [{ destination_addresses: ['Storage'], destination_ports: ['80'], protocols: ['TCP'] }, false],
    [{ destination_addresses: ['Storage'], destination_ports: ['443'], protocols: ['UDP'] }, false],
    // AzureCloud and * hold Azure Storage's addresses (issue #9): a network rule to them on 443 lets backup out.
    [{ destination_addresses: ['AzureCloud'], destination_ports: ['443'], protocols: ['TCP'] }, true],
    [{ destination_addresses: ['*'], destination_ports: ['443'], protocols: ['TCP'] }, true],
    [{ destination_addresses: ['Sql'], destination_ports: ['443'], protocols: ['TCP'] }, false],
  ])('network rule %p → allowsBackup %p', (rule, expected) => {
    const nodes = buildTerraformNodes([classicFirewall, collection('azurerm_firewall_network_rule_collection', { rule: [{ name: 'r', ...rule }] })]);
    expect(firewallOf(nodes).allowsBackup).toBe(expected);
  });

  it('does not count a Deny collection', () => {
    const nodes = buildTerraformNodes([
      classicFirewall,
      collection('azurerm_firewall_application_rule_collection', { action: 'Deny', rule: [{ name: 'b', fqdn_tags: ['AzureBackup'] }] }),
    ]);
    expect(firewallOf(nodes).allowsBackup).toBe(false);
  });

  it('is Unknown when the only rules are unknown', () => {
    const nodes = buildTerraformNodes([
      classicFirewall,
      collection('azurerm_firewall_network_rule_collection', { rule: new Unknown('known after apply') }),
    ]);
    expect(firewallOf(nodes).allowsBackup).toBeInstanceOf(Unknown);
  });

  it('reads policy rule collection groups attached through firewall_policy_id', () => {
    const firewall = resource('azurerm_firewall', 'azurerm_firewall.hub', { firewall_policy_id: new Unknown('known after apply') }, { firewall_policy_id: ['azurerm_firewall_policy.p'] });
    const group = (allow: boolean) =>
      resource(
        'azurerm_firewall_policy_rule_collection_group',
        'azurerm_firewall_policy_rule_collection_group.g',
        {
          firewall_policy_id: new Unknown('known after apply'),
          application_rule_collection: [
            { name: 'apps', action: 'Allow', rule: [{ name: 'b', destination_fqdn_tags: allow ? ['AzureBackup'] : ['WindowsUpdate'] }] },
          ],
          network_rule_collection: [],
        },
        { firewall_policy_id: ['azurerm_firewall_policy.p'] },
      );
    expect(firewallOf(buildTerraformNodes([firewall])).allowsBackup).toEqual(expect.objectContaining({ reason: POLICY_RULES_NOT_FOUND }));
    expect(firewallOf(buildTerraformNodes([firewall, group(true)])).allowsBackup).toBe(true);
    expect(firewallOf(buildTerraformNodes([firewall, group(false)])).allowsBackup).toBe(false);
  });

  it('hands back rule collections of a firewall that is not among the resources', () => {
    const { unattached } = buildTerraformModel([collection('azurerm_firewall_application_rule_collection', { rule: [] })]);
    expect(unattached).toEqual([expect.objectContaining({ kind: 'firewallRules', allowsBackup: false })]);
  });
});

describe('backup resources', () => {
  it('maps a vault to a node', () => {
    expect(buildTerraformNodes([resource('azurerm_recovery_services_vault', 'azurerm_recovery_services_vault.v', { name: 'v' })])).toEqual([
      expect.objectContaining({ kind: 'vault', id: 'azurerm_recovery_services_vault.v' }),
    ]);
  });

  it('maps a daily V1 policy with the UTC default time zone', () => {
    const address = 'azurerm_backup_policy_vm.daily';
    const [policy] = buildTerraformNodes([
      resource(
        'azurerm_backup_policy_vm',
        address,
        { recovery_vault_name: 'vault', policy_type: 'V1', backup: [{ frequency: 'Daily', time: '23:00', weekdays: null, hour_interval: null, hour_duration: null }] },
        { recovery_vault_name: ['azurerm_recovery_services_vault.v'] },
      ),
    ]) as BackupPolicyNode[];
    expect(policy!.vaultId).toBe('azurerm_recovery_services_vault.v');
    expect(policy!.schedule).toEqual({ frequency: 'Daily', times: ['23:00'], days: null, timeZone: 'UTC', hourlyIntervalHours: null, hourlyWindowHours: null });
    expect(policy!.sources['schedule.times']).toEqual(declared(address, 'backup', 0, 'time'));
    expect(policy!.sources['schedule.timeZone']).toEqual(declared(address));
  });

  it('maps weekly days, a declared time zone, and V2 hourly windows', () => {
    const [weekly, hourly] = buildTerraformNodes([
      resource('azurerm_backup_policy_vm', 'azurerm_backup_policy_vm.weekly', {
        timezone: 'Pacific Standard Time',
        backup: [{ frequency: 'Weekly', time: '01:30', weekdays: ['Sunday', 'Wednesday'] }],
      }),
      resource('azurerm_backup_policy_vm', 'azurerm_backup_policy_vm.hourly', {
        policy_type: 'V2',
        timezone: '',
        backup: [{ frequency: 'Hourly', time: '08:00', hour_interval: 4, hour_duration: 12, weekdays: [] }],
      }),
    ]) as BackupPolicyNode[];
    expect(weekly!.schedule).toMatchObject({ frequency: 'Weekly', days: ['Sunday', 'Wednesday'], timeZone: 'Pacific Standard Time' });
    expect(hourly!.schedule).toEqual({ frequency: 'Hourly', times: ['08:00'], days: null, timeZone: 'UTC', hourlyIntervalHours: 4, hourlyWindowHours: 12 });
  });

  it('keeps an unknown backup block Unknown', () => {
    const [policy] = buildTerraformNodes([resource('azurerm_backup_policy_vm', 'azurerm_backup_policy_vm.x', { backup: new Unknown('known after apply') })]) as BackupPolicyNode[];
    expect(policy!.schedule).toBeInstanceOf(Unknown);
  });

  it('maps a protected VM to its VM, policy and vault references', () => {
    const address = 'azurerm_backup_protected_vm.app';
    const [item] = buildTerraformNodes([
      resource(
        'azurerm_backup_protected_vm',
        address,
        { recovery_vault_name: 'vault', source_vm_id: new Unknown('known after apply'), backup_policy_id: new Unknown('known after apply') },
        {
          recovery_vault_name: ['azurerm_recovery_services_vault.v'],
          source_vm_id: ['azurerm_linux_virtual_machine.app["a"]'],
          backup_policy_id: ['azurerm_backup_policy_vm.daily'],
        },
      ),
    ]) as ProtectedItemNode[];
    expect(item).toMatchObject({
      kind: 'protectedItem',
      vaultId: 'azurerm_recovery_services_vault.v',
      vmId: 'azurerm_linux_virtual_machine.app["a"]',
      policyId: 'azurerm_backup_policy_vm.daily',
    });
    expect(item!.sources['vmId']).toEqual(declared(address, 'source_vm_id'));
  });

  it('makes a reference to several instances Unknown rather than guessing one', () => {
    const [item] = buildTerraformNodes([
      resource('azurerm_backup_protected_vm', 'azurerm_backup_protected_vm.x', { source_vm_id: new Unknown('known after apply') }, { source_vm_id: ['azurerm_linux_virtual_machine.a[0]', 'azurerm_linux_virtual_machine.a[1]'] }),
    ]) as ProtectedItemNode[];
    expect(item!.vmId).toBeInstanceOf(Unknown);
  });
});

describe('azurerm_mssql_virtual_machine', () => {
  it.each([
    [[{ retention_period_in_days: 7, storage_blob_endpoint: 'https://x' }], true],
    [[], false],
    [undefined, false],
  ])('auto_backup %p → autoBackupEnabled %p', (autoBackup, expected) => {
    const values: { [key: string]: Value } = autoBackup === undefined ? {} : { auto_backup: autoBackup };
    const [sql] = buildTerraformNodes([
      resource('azurerm_mssql_virtual_machine', 'azurerm_mssql_virtual_machine.sql', { ...values, virtual_machine_id: new Unknown('known after apply') }, { virtual_machine_id: ['azurerm_windows_virtual_machine.sql'] }),
    ]) as SqlVmNode[];
    expect(sql!.autoBackupEnabled).toBe(expected);
    expect(sql!.vmId).toBe('azurerm_windows_virtual_machine.sql');
  });

  it('is Unknown when the auto_backup block is unknown, pointing at it', () => {
    const [sql] = buildTerraformNodes([resource('azurerm_mssql_virtual_machine', 'azurerm_mssql_virtual_machine.sql', { auto_backup: new Unknown('known after apply') })]) as SqlVmNode[];
    expect(sql!.autoBackupEnabled).toBeInstanceOf(Unknown);
    expect(sql!.sources['autoBackupEnabled']).toEqual(declared('azurerm_mssql_virtual_machine.sql', 'auto_backup'));
  });
});
