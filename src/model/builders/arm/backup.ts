import { ancestorId, parentId } from './ids';
import { nodeBase } from '../base';
import { asBoolean, asNumber, asString, asStringList, read } from '../read';
import type { BackupPolicyNode, ProtectedItemNode, SqlVmNode } from '../../domain';
import type { RawResource } from '../../resource';
import { isUnknown } from '../../unknown';

export function buildBackupPolicy(raw: RawResource): BackupPolicyNode {
  const schedule = read(raw, ['properties', 'schedulePolicy']);
  const s = (name: string) => read(raw, ['properties', 'schedulePolicy', name]).value;
  const hourly = (name: string) => read(raw, ['properties', 'schedulePolicy', 'hourlySchedule', name]).value;
  const node: BackupPolicyNode = {
    ...nodeBase('backupPolicy', raw),
    vaultId: parentId(raw),
    schedule: isUnknown(schedule.value)
      ? schedule.value
      : {
          frequency: asString(s('scheduleRunFrequency')),
          times: asStringList(s('scheduleRunTimes') ?? read(raw, ['properties', 'schedulePolicy', 'dailySchedule', 'scheduleRunTimes']).value) ?? [],
          days: asStringList(s('scheduleRunDays')),
          timeZone: asString(read(raw, ['properties', 'timeZone']).value),
          hourlyIntervalHours: asNumber(hourly('interval'), 'interval'),
          hourlyWindowHours: asNumber(hourly('scheduleWindowDuration'), 'scheduleWindowDuration'),
        },
  };
  node.sources['schedule'] = schedule.at;
  return node;
}

export function buildProtectedItem(raw: RawResource): ProtectedItemNode {
  const source = read(raw, ['properties', 'sourceResourceId']);
  const policy = read(raw, ['properties', 'policyId']);
  const node: ProtectedItemNode = {
    ...nodeBase('protectedItem', raw),
    vaultId: ancestorId(raw, 3),
    vmId: asString(source.value),
    policyId: asString(policy.value),
  };
  node.sources['vmId'] = source.at;
  node.sources['policyId'] = policy.at;
  return node;
}

export function buildSqlVm(raw: RawResource): SqlVmNode {
  const vm = read(raw, ['properties', 'virtualMachineResourceId']);
  const enable = read(raw, ['properties', 'autoBackupSettings', 'enable']);
  const node: SqlVmNode = {
    ...nodeBase('sqlVm', raw),
    vmId: asString(vm.value),
    autoBackupEnabled: asBoolean(enable.value, 'autoBackupSettings.enable') ?? false,
  };
  node.sources['vmId'] = vm.at;
  node.sources['autoBackupEnabled'] = enable.at;
  return node;
}
