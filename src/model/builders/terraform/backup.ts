import type { BackupPolicyNode, BackupSchedule, ProtectedItemNode, SqlVmNode, VaultNode } from '../../domain';
import type { RawResource } from '../../resource';
import { isUnknown, unknown, type Maybe } from '../../unknown';
import { nodeBase } from '../base';
import { FieldReader } from '../fields';

export function buildVault(raw: RawResource): VaultNode {
  return nodeBase('vault', raw);
}

/**
 * `azurerm_backup_policy_vm`: the `backup` block (frequency, `time` as `HH:MM`, weekdays, and for V2 hourly
 * policies `hour_interval`/`hour_duration`) and `timezone`, which defaults to UTC.
 */
export function buildBackupPolicy(raw: RawResource): BackupPolicyNode {
  const node: BackupPolicyNode = Object.assign(nodeBase('backupPolicy', raw), { vaultId: null, schedule: unknown('no backup block') });
  const attrs = new FieldReader(raw, node.sources);
  node.vaultId = attrs.ref('vaultId', ['recovery_vault_name']);
  attrs.source('schedule', ['backup']);
  const block = attrs.value(['backup']);
  if (isUnknown(block)) node.schedule = block;
  else if (Array.isArray(block) && block.length > 0) node.schedule = schedule(attrs);
  return node;
}

function schedule(attrs: FieldReader): BackupSchedule {
  const time = attrs.string('schedule.times', ['backup', 0, 'time']);
  const days = attrs.strings('schedule.days', ['backup', 0, 'weekdays']);
  return {
    frequency: attrs.string('schedule.frequency', ['backup', 0, 'frequency']),
    times: time === null ? [] : [time],
    days: days !== null && !isUnknown(days) && days.length === 0 ? null : days,
    timeZone: attrs.string('schedule.timeZone', ['timezone']) ?? 'UTC',
    hourlyIntervalHours: positive(attrs.number('schedule.hourlyIntervalHours', ['backup', 0, 'hour_interval'])),
    hourlyWindowHours: positive(attrs.number('schedule.hourlyWindowHours', ['backup', 0, 'hour_duration'])),
  };
}

/** The provider reports unset hour_interval/hour_duration as 0. */
function positive(value: Maybe<number | null>): Maybe<number | null> {
  return value === 0 ? null : value;
}

/** `azurerm_backup_protected_vm`: VM, policy and vault. */
export function buildProtectedItem(raw: RawResource): ProtectedItemNode {
  const node: ProtectedItemNode = Object.assign(nodeBase('protectedItem', raw), { vaultId: null, vmId: null, policyId: null });
  const attrs = new FieldReader(raw, node.sources);
  node.vaultId = attrs.ref('vaultId', ['recovery_vault_name']);
  node.vmId = attrs.ref('vmId', ['source_vm_id']);
  node.policyId = attrs.ref('policyId', ['backup_policy_id']);
  return node;
}

/** `azurerm_mssql_virtual_machine`: an `auto_backup` block means SQL automated backup is on. */
export function buildSqlVm(raw: RawResource): SqlVmNode {
  const node: SqlVmNode = Object.assign(nodeBase('sqlVm', raw), { vmId: null, autoBackupEnabled: false });
  const attrs = new FieldReader(raw, node.sources);
  node.vmId = attrs.ref('vmId', ['virtual_machine_id']);
  attrs.source('autoBackupEnabled', ['auto_backup']);
  const blocks = attrs.blockCount(['auto_backup']);
  node.autoBackupEnabled = isUnknown(blocks) ? blocks : blocks > 0;
  return node;
}
