import { ancestorId, parentId } from './ids';
import { nodeBase } from '../base';
import { FieldReader } from '../fields';
import { asBoolean, asNumber, asString, asStringList, read, valueAt } from '../read';
import type { BackupPolicyNode, ProtectedItemNode, SqlVmNode } from '../../domain';
import type { RawResource } from '../../resource';
import { isUnknown, type Value } from '../../unknown';

export function buildBackupPolicy(raw: RawResource): BackupPolicyNode {
  const schedule = read(raw, ['properties', 'schedulePolicy']);
  const base = nodeBase('backupPolicy', raw);
  const s = (name: string) => valueAt(raw, ['properties', 'schedulePolicy', name]);
  const hourly = (name: string) => valueAt(raw, ['properties', 'schedulePolicy', 'hourlySchedule', name]);
  const v2 = (block: string, name: string) => valueAt(raw, ['properties', 'schedulePolicy', block, name]);
  const node: BackupPolicyNode = Object.assign(base, {
    vaultId: parentId(raw),
    schedule: isUnknown(schedule.value)
      ? schedule.value
      : {
          frequency: asString(s('scheduleRunFrequency')),
          // V1 keeps times and days at the top; V2 (Enhanced) under dailySchedule / weeklySchedule, or the hourly window's start.
          times: asStringList(first(s('scheduleRunTimes'), v2('dailySchedule', 'scheduleRunTimes'), v2('weeklySchedule', 'scheduleRunTimes'), listOf(hourly('scheduleWindowStartTime')))) ?? [],
          days: asStringList(first(s('scheduleRunDays'), v2('weeklySchedule', 'scheduleRunDays'))),
          timeZone: asString(valueAt(raw, ['properties', 'timeZone'])),
          hourlyIntervalHours: asNumber(hourly('interval'), 'interval'),
          hourlyWindowHours: asNumber(hourly('scheduleWindowDuration'), 'scheduleWindowDuration'),
        },
  });
  node.sources['schedule'] = schedule.at;
  return node;
}

export function buildProtectedItem(raw: RawResource): ProtectedItemNode {
  const base = nodeBase('protectedItem', raw);
  const fields = new FieldReader(raw, base.sources);
  fields.source('vmId', ['properties', 'sourceResourceId']);
  fields.source('policyId', ['properties', 'policyId']);
  return Object.assign(base, {
    vaultId: ancestorId(raw, 3),
    vmId: asString(fields.value(['properties', 'sourceResourceId'])),
    policyId: asString(fields.value(['properties', 'policyId'])),
  });
}

export function buildSqlVm(raw: RawResource): SqlVmNode {
  const base = nodeBase('sqlVm', raw);
  const fields = new FieldReader(raw, base.sources);
  fields.source('vmId', ['properties', 'virtualMachineResourceId']);
  fields.source('autoBackupEnabled', ['properties', 'autoBackupSettings', 'enable']);
  return Object.assign(base, {
    vmId: asString(fields.value(['properties', 'virtualMachineResourceId'])),
    autoBackupEnabled: asBoolean(fields.value(['properties', 'autoBackupSettings', 'enable']), 'autoBackupSettings.enable') ?? false,
  });
}

/** The first value that is set (not null or undefined). */
function first(...values: (Value | undefined)[]): Value | undefined {
  return values.find((value) => value !== null && value !== undefined);
}

function listOf(value: Value | undefined): Value | undefined {
  return value === null || value === undefined || isUnknown(value) ? value : [value];
}
