import { runAnalyses } from '../../src/analysis';
import { busiestWindow, congestion } from '../../src/analysis/schedules/congestion';
import { expandSchedule, timeOfDay } from '../../src/analysis/schedules/expand';
import { ianaZone, localToUtc, windowsZoneIds } from '../../src/analysis/schedules/time-zone';
import { loadModel } from '../../src/lint';
import type { BackupPolicyNode, BackupSchedule, VmNode } from '../../src/model/domain';
import type { BackupStart } from '../../src/model/facts';
import { isUnknown } from '../../src/model/unknown';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, runJson } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';

const utcTime = (ms: number) => new Date(ms).toISOString().slice(0, 16);

describe('time zones: Windows IDs → IANA (CLDR via windows-iana) → UTC (Intl), daylight saving included', () => {
  it('maps every Windows zone CLDR knows (the portal offers these) to an IANA zone Intl converts, on a winter and a summer day', () => {
    const ids = windowsZoneIds();
    expect(ids.length).toBeGreaterThan(130);
    const failed = ids.filter((id) => {
      const zone = ianaZone(id);
      if (!zone) return true;
      const winter = localToUtc('2026-01-14', 22 * 60, zone);
      const summer = localToUtc('2026-07-15', 22 * 60, zone);
      return !Number.isFinite(winter) || !Number.isFinite(summer);
    });
    expect(failed).toEqual([]);
  });

  it('Pacific Standard Time is UTC-8 in January (PST) and UTC-7 in July (PDT)', () => {
    expect(ianaZone('Pacific Standard Time')).toBe('America/Los_Angeles');
    expect(utcTime(localToUtc('2026-01-14', 14 * 60 + 30, 'America/Los_Angeles'))).toBe('2026-01-14T22:30');
    expect(utcTime(localToUtc('2026-07-15', 14 * 60 + 30, 'America/Los_Angeles'))).toBe('2026-07-15T21:30');
  });

  it('Tokyo Standard Time has no DST: 22:00 is 13:00 UTC all year', () => {
    const zone = ianaZone('Tokyo Standard Time') as string;
    expect(utcTime(localToUtc('2026-01-14', 22 * 60, zone))).toBe('2026-01-14T13:00');
    expect(utcTime(localToUtc('2026-07-15', 22 * 60, zone))).toBe('2026-07-15T13:00');
  });

  it('a southern-hemisphere zone has DST in January: AUS Eastern 01:00 is the previous UTC day, 14:00 in January and 15:00 in July', () => {
    const zone = ianaZone('AUS Eastern Standard Time') as string;
    expect(utcTime(localToUtc('2026-01-14', 60, zone))).toBe('2026-01-13T14:00');
    expect(utcTime(localToUtc('2026-07-15', 60, zone))).toBe('2026-07-14T15:00');
  });

  it('matches Windows IDs case-insensitively and refuses unknown ones (no guess)', () => {
    expect(ianaZone('tokyo standard time')).toBe('Asia/Tokyo');
    expect(ianaZone('UTC')).toBeDefined();
    expect(ianaZone('Atlantis Standard Time')).toBeUndefined();
  });
});

function policy(schedule: Partial<BackupSchedule>): BackupPolicyNode {
  const full: BackupSchedule = { frequency: 'Daily', times: ['22:00'], days: null, timeZone: null, hourlyIntervalHours: null, hourlyWindowHours: null, ...schedule };
  const at = { file: 'p.json', line: 3 };
  return { kind: 'backupPolicy', id: 'p', name: 'p', label: 'p', type: 't', format: 'arm', file: 'p.json', at, sources: {}, raw: {} as never, vaultId: null, schedule: full };
}

describe('schedule expansion over the reference weeks (2026-01-12…18, 2026-07-13…19)', () => {
  it('reads only the time of day of scheduleRunTimes', () => {
    expect(timeOfDay('2020-03-04T22:30:00Z')).toBe(22 * 60 + 30);
    expect(timeOfDay('07:00')).toBe(7 * 60);
    expect(timeOfDay('noon')).toBeUndefined();
  });

  it('a daily policy starts every day; no time zone means UTC', () => {
    const starts = expandSchedule(policy({}), 'vm') as BackupStart[];
    expect(starts).toHaveLength(14);
    expect(new Set(starts.map((s) => s.utcTime))).toEqual(new Set(['22:00']));
  });

  it('a weekly policy starts on its days only', () => {
    const starts = expandSchedule(policy({ frequency: 'Weekly', days: ['Sunday', 'Wednesday'] }), 'vm') as BackupStart[];
    expect(starts.map((s) => s.local.slice(0, 10))).toEqual(['2026-01-14', '2026-01-18', '2026-07-15', '2026-07-19']);
  });

  it('an hourly (Enhanced) policy starts every interval inside its window: 08:00, 4 h, 12 h → 08:00 12:00 16:00', () => {
    const starts = expandSchedule(policy({ frequency: 'Hourly', times: ['2024-01-01T08:00:00Z'], hourlyIntervalHours: 4, hourlyWindowHours: 12 }), 'vm') as BackupStart[];
    expect(starts.filter((s) => s.local.startsWith('2026-01-12')).map((s) => s.utcTime)).toEqual(['08:00', '12:00', '16:00']);
  });

  it('an unknown time zone, or an hourly policy without interval, is Unknown', () => {
    expect(isUnknown(expandSchedule(policy({ timeZone: 'Atlantis Standard Time' }), 'vm'))).toBe(true);
    expect(isUnknown(expandSchedule(policy({ frequency: 'Hourly' }), 'vm'))).toBe(true);
  });
});

describe('busiest window', () => {
  const start = (vm: string, epochMinute: number, policyId = 'p'): BackupStart => ({
    vm, policy: policyId, policyId, utc: new Date(epochMinute * 60000).toISOString().slice(0, 16) + 'Z', utcTime: new Date(epochMinute * 60000).toISOString().slice(11, 16),
    epochMinute, local: '', timeZone: 'UTC', ianaZone: 'UTC', at: { file: 'x' },
  });
  const base = Date.UTC(2026, 0, 12, 22) / 60000;

  it('counts distinct VMs starting less than windowMinutes apart and proposes a spread', () => {
    const starts = Array.from({ length: 12 }, (_, i) => start(`vm${i}`, base));
    const window = busiestWindow(starts, 60, 10)!;
    expect(window).toMatchObject({ count: 12, utcTime: '22:00', move: 6, moveTo: '23:30' });
  });

  it('starts exactly windowMinutes apart are not in one window', () => {
    const starts = [...Array.from({ length: 6 }, (_, i) => start(`a${i}`, base)), ...Array.from({ length: 6 }, (_, i) => start(`b${i}`, base + 60))];
    expect(busiestWindow(starts, 60, 10)!.count).toBe(6);
  });

  it('with a policy given, only windows holding one of its starts count', () => {
    const starts = [...Array.from({ length: 11 }, (_, i) => start(`a${i}`, base, 'p1')), start('b', base + 300, 'p2')];
    expect(busiestWindow(starts, 60, 10, 'p2')!.count).toBe(1);
    expect(busiestWindow(starts, 60, 10, 'p1')!.count).toBe(11);
  });
});

describe('protection graph across files', () => {
  async function vms(dir: string): Promise<VmNode[]> {
    const { model } = await loadModel({ cwd: FIXTURES, paths: [dir], ignore: [], parameterPairs: new Map(), context: {} });
    runAnalyses(model);
    return model.ofKind('vm');
  }

  it('joins ARM protected items (vms.json) to the policy and vault of vault.json, PST starts moving with DST', async () => {
    const all = await vms('../fixtures/BL402/invalid/arm-2200-utc-and-1430-pacific');
    const late = all.find((vm) => vm.label === 'app-7')!;
    const fact = late.facts!.backup!;
    expect(fact.protections).toHaveLength(1);
    const [p] = fact.protections;
    expect(p!.joinedBy).toBe('sourceResourceId');
    expect(isUnknown(p!.policy) || p!.policy === null ? null : p!.policy.label).toBe('rsv/late');
    expect(isUnknown(p!.policy) || p!.policy === null ? null : p!.policy.at.file).toMatch(/vault\.json$/);
    const starts = fact.starts as BackupStart[];
    expect(starts.find((s) => s.local.startsWith('2026-01-12'))!.utc).toBe('2026-01-12T22:30Z');
    expect(starts.find((s) => s.local.startsWith('2026-07-13'))!.utc).toBe('2026-07-13T21:30Z');
  });

  it('joins Terraform azurerm_backup_protected_vm with count to each VM instance and the policy of another file', async () => {
    const all = await vms('../fixtures/BL402/valid/tf-count-split');
    const policies = all.map((vm) => {
      const p = vm.facts!.backup!.protections[0]!.policy;
      return p && !isUnknown(p) ? p.label : null;
    });
    expect(policies.filter((p) => p === 'azurerm_backup_policy_vm.nightly')).toHaveLength(6);
    expect(policies.filter((p) => p === 'azurerm_backup_policy_vm.late')).toHaveLength(6);
  });
});

describe('congestion: which groups count, and their limits', () => {
  const starts = (n: number, policyId: string): BackupStart[] =>
    Array.from({ length: n }, (_, i) => ({
      vm: `vm${i}`, policy: policyId, policyId, utc: '2026-01-12T22:00Z', utcTime: '22:00', epochMinute: Date.UTC(2026, 0, 12, 22) / 60000,
      local: '', timeZone: 'UTC', ianaZone: 'UTC', at: { file: 'x' },
    }));
  const group = (groupKind: 'availabilitySet' | 'subnet' | 'vault', n: number) =>
    ({ kind: 'group', groupKind, id: groupKind, label: groupKind, anchor: null, members: [], at: { file: 'x' }, file: 'x', evidence: { at: [], why: '' }, backupStarts: starts(n, 'p') }) as never;
  const options = { groupBy: 'availability-set', windowMinutes: 60, maxConcurrentPerGroup: 10, maxConcurrentPerVault: 100 };

  it('counts groups of the groupBy kind against maxConcurrentPerGroup, others not', () => {
    expect(congestion([group('subnet', 12)], 'p', options)).toBeNull();
    expect(congestion([group('subnet', 12)], 'p', { ...options, groupBy: 'subnet' })).toMatchObject({ count: 12, groupType: 'subnet', limit: 10 });
  });

  it('counts vaults against maxConcurrentPerVault whatever groupBy says', () => {
    expect(congestion([group('vault', 100)], 'p', options)).toBeNull();
    expect(congestion([group('vault', 101)], 'p', options)).toMatchObject({ count: 101, groupType: 'vault', limit: 100, move: 50 });
  });

  it('ignores windows without a start of the policy asked about', () => {
    expect(congestion([group('availabilitySet', 12)], 'other', options)).toBeNull();
  });
});

describe('BL402 by resource group (groupBy: resource-group)', () => {
  const fixture = (name: string) => readFileSync(path.join(FIXTURES, 'BL402', 'invalid', 'arm-twelve-at-2200-utc', name), 'utf8');
  // Two templates, each with 6 VMs protected by one policy starting at 22:00: 12 together, over the limit of 10.
  const sixVms = fixture('vms.json').replace(/"count": 12/g, '"count": 6');
  const config = (context: string) => `rules:\n  BL402:\n    options:\n      groupBy: resource-group\n${context}`;
  const lint402 = async (context: string) => {
    // Other VM names in the second template: in one resource group, one name is one VM.
    const otherSix = sixVms.replace(/'app-/g, "'web-").replace(/;app-/g, ';web-').replace(/app-as/g, 'web-as');
    const project = tempProject({ 'a/vms.json': sixVms, 'b/vms.json': otherSix, 'vault.json': fixture('vault.json'), '.backup-lint.yaml': config(context) });
    try {
      const { report } = await runJson(['.'], { cwd: project.dir });
      return report.findings.filter((f) => f.ruleId === 'BL402').map((f) => f.message.replace(/\s+/g, ' '));
    } finally {
      project.cleanup();
    }
  };

  it('does not put templates deployed without a named resource group into one group (each deploys to its own)', async () => {
    expect(await lint402('')).toEqual([]);
  });

  it("names a template's own resource group by the template, not by the stand-in name expansion uses", async () => {
    const project = tempProject({ 'vms.json': fixture('vms.json'), 'vault.json': fixture('vault.json'), '.backup-lint.yaml': config('') });
    try {
      const { report } = await runJson(['.'], { cwd: project.dir });
      expect(report.findings.filter((f) => f.ruleId === 'BL402').map((f) => f.message.replace(/\s+/g, ' ').split(' start ')[0])).toEqual([
        "12 VMs of resource group '(where vms.json is deployed)'",
      ]);
    } finally {
      project.cleanup();
    }
  });

  it('counts them together when the configuration names the resource group they all deploy to', async () => {
    const found = await lint402('context:\n  resourceGroup: prod-rg\n');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^12 VMs of resource group 'prod-rg' start backup within 60 minutes of 2026-01-12 22:00 UTC/);
  });
});
