import { ancestorId, parentId } from './ids';
import { nodeBase } from '../base';
import { FieldReader } from '../fields';
import { asBoolean, asNumber, asString, asStringList, read } from '../read';
import type { BackupPolicyNode, ProtectedItemNode, SqlVmNode } from '../../domain';
import type { RawResource } from '../../resource';
import { isUnknown } from '../../unknown';

export function buildBackupPolicy(raw: RawResource): BackupPolicyNode {
  const schedule = read(raw, ['properties', 'schedulePolicy']);
  const base = nodeBase('backupPolicy', raw);
  const s = (name: string) => read(raw, ['properties', 'schedulePolicy', name]).value;
  const hourly = (name: string) => read(raw, ['properties', 'schedulePolicy', 'hourlySchedule', name]).value;
  const node: BackupPolicyNode = {
    ...base,
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
  const base = nodeBase('protectedItem', raw);
  const fields = new FieldReader(raw, base.sources);
  fields.source('vmId', ['properties', 'sourceResourceId']);
  fields.source('policyId', ['properties', 'policyId']);
  return {
    ...base,
    vaultId: ancestorId(raw, 3),
    vmId: asString(fields.value(['properties', 'sourceResourceId'])),
    policyId: asString(fields.value(['properties', 'policyId'])),
  };
}

export function buildSqlVm(raw: RawResource): SqlVmNode {
  const base = nodeBase('sqlVm', raw);
  const fields = new FieldReader(raw, base.sources);
  fields.source('vmId', ['properties', 'virtualMachineResourceId']);
  fields.source('autoBackupEnabled', ['properties', 'autoBackupSettings', 'enable']);
  return {
    ...base,
    vmId: asString(fields.value(['properties', 'virtualMachineResourceId'])),
    autoBackupEnabled: asBoolean(fields.value(['properties', 'autoBackupSettings', 'enable']), 'autoBackupSettings.enable') ?? false,
  };
}
