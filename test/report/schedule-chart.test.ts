import { format } from '../../src/report';
import { formatMarkdown, MARKDOWN_LIMIT } from '../../src/report/markdown';
import { MAX_CHARTS } from '../../src/report/schedule-chart';
import type { BackupSchedule } from '../../src/findings/finding';
import { CATALOGUE, finding, resultOf } from './sample';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, runCli, runJson } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';

const REFERENCE_DAYS = ['2026-01-12', '2026-01-13', '2026-01-14', '2026-01-15', '2026-01-16', '2026-01-17', '2026-01-18', '2026-07-13', '2026-07-14', '2026-07-15', '2026-07-16', '2026-07-17', '2026-07-18', '2026-07-19'];

function schedule(overrides: Partial<BackupSchedule> = {}): BackupSchedule {
  return {
    groupKind: 'availabilitySet',
    label: 'app-as',
    file: 'infra/vms.json',
    line: 5,
    vms: 3,
    windowMinutes: 60,
    days: REFERENCE_DAYS.map((date) => ({ date, starts: [{ time: '22:00', vms: 3 }] })),
    unknownStarts: 0,
    ...overrides,
  };
}

describe('markdown chart of backup start times per group', () => {
  it('charts the twelve VMs of availability set app-as starting at 22:00 UTC every reference day (ARM)', async () => {
    const { stdout } = await runCli(['-f', 'markdown', 'BL402/invalid/arm-twelve-at-2200-utc']);
    expect(stdout).toContain(
      [
        '#### Availability set `app-as` (`BL402/invalid/arm-twelve-at-2200-utc/vms.json:5`)',
        '',
        '12 VMs; busiest start: 12 VMs at once.',
        '',
        '| UTC days | Start times (VMs starting) |',
        '|---|---|',
        '| 2026-01-12 to 2026-01-18, 2026-07-13 to 2026-07-19 | 22:00 (12) |',
        '',
        '```mermaid',
        'gantt',
        '  title Availability set app-as - backup starts, UTC',
        '  dateFormat HH:mm',
        '  axisFormat %H:%M',
        '  todayMarker off',
        '  section 2026-01-12 to 2026-01-18, 2026-07-13 to 2026-07-19',
        '  12 VMs : 22:00, 60m',
        '```',
      ].join('\n'),
    );
    // The vault and the resource group of the same VMs are charted too; the findings table stays first.
    expect(stdout).toContain('#### Recovery Services vault `rsv` (`BL402/invalid/arm-twelve-at-2200-utc/vault.json:5`)');
    expect(stdout.indexOf('| 26:9 |')).toBeLessThan(stdout.indexOf('### Backup start times (UTC)'));
  });

  it('splits the days where daylight saving moves a start: 14:00 Pacific is 22:00 UTC in January, 21:00 in July', async () => {
    const { stdout } = await runCli(['-f', 'markdown', 'BL402/invalid/arm-2200-utc-and-1400-pacific-winter']);
    expect(stdout).toContain('| 2026-01-12 to 2026-01-18 | 22:00 (12) |\n| 2026-07-13 to 2026-07-19 | 21:00 (6), 22:00 (6) |');
    expect(stdout).toContain('  section 2026-01-12 to 2026-01-18\n  12 VMs : 22:00, 60m\n  section 2026-07-13 to 2026-07-19\n  6 VMs : 21:00, 60m\n  6 VMs : 22:00, 60m\n```');
  });

  it('charts a Terraform availability set whose twelve counted VMs start at 22:00 UTC', async () => {
    const { stdout } = await runCli(['-f', 'markdown', 'BL402/invalid/tf-count']);
    expect(stdout).toContain('#### Availability set `azurerm_availability_set.app` (`BL402/invalid/tf-count/vms.tf:1`)');
    expect(stdout).toContain('  title Availability set azurerm_availability_set.app - backup starts, UTC');
    expect(stdout).toContain('| 2026-01-12 to 2026-01-18, 2026-07-13 to 2026-07-19 | 22:00 (12) |');
    expect(stdout).toContain('  12 VMs : 22:00, 60m\n```');
  });

  it('sizes the bars by the configured BL402 window', async () => {
    const read = (name: string) => readFileSync(path.join(FIXTURES, 'BL402/invalid/tf-count', name), 'utf8');
    const project = tempProject({ 'vms.tf': read('vms.tf'), 'vault.tf': read('vault.tf'), '.backup-lint.yaml': 'rules:\n  BL402:\n    options:\n      windowMinutes: 90\n' });
    try {
      const { stdout } = await runCli(['-f', 'markdown', '.'], { cwd: project.dir });
      expect(stdout).toContain('  12 VMs : 22:00, 90m\n```');
    } finally {
      project.cleanup();
    }
  });

  it('draws no chart for a run without backup schedules', async () => {
    const { stdout } = await runCli(['-f', 'markdown', 'BL202/invalid/arm-extensions-disabled.json']);
    expect(stdout).toContain('| 15:11 |');
    expect(stdout).not.toContain('```mermaid');
    expect(stdout).not.toContain('Backup start times');
  });

  it('keeps the JSON report to its contract: no schedules in it', async () => {
    const { stdout, report } = await runJson(['BL402/invalid/arm-twelve-at-2200-utc']);
    expect(Object.keys(report)).toEqual(['version', 'tool', 'files', 'findings', 'suppressed', 'summary']);
    expect(stdout).not.toMatch(/schedules|22:00 \(12\)|backupStarts/);
  });

  it('escapes a hostile group name: Markdown heading in a code span, Mermaid title with only safe characters', () => {
    const label = 'evil"] : #35; %%{init}%% ;\n```\u001b[31m<b>`x`</b>\u202e';
    const result = { ...resultOf([finding()]), schedules: [schedule({ label, file: 'infra/`vms`.json' })] };
    const text = format('markdown', result, CATALOGUE, { colors: { enabled: false } as never, explain: false });
    const title = text.split('\n').find((l) => l.startsWith('  title '))!;
    expect(title).toBe('  title Availability set evil__ _ _35_ ___init___ __n____x1b_31m_b__x__/b__u202e - backup starts, UTC');
    expect(text).toContain("#### Availability set `evil\"] : #35; %%{init}%% ;\\n'''\\x1b[31m<b>'x'</b>\\u202e` (`infra/'vms'.json:5`)");
    // Only the chart's own fences start a line with backticks: the name cannot close the code block.
    expect(text.split('\n').filter((l) => l.startsWith('```'))).toEqual(['```mermaid', '```']);
    expect(text).not.toMatch(/[\u001b\u202e]/);
  });

  it('charts at most MAX_CHARTS groups, the busiest first, and says how many were left out', () => {
    const schedules = Array.from({ length: MAX_CHARTS + 3 }, (_, i) =>
      schedule({ label: `as-${i}`, days: [{ date: '2026-01-12', starts: [{ time: '22:00', vms: i + 1 }] }] }),
    );
    schedules.push(schedule({ label: 'unknown-only', days: [], unknownStarts: 4 }));
    const text = formatMarkdown({ ...resultOf([]), schedules }, CATALOGUE);
    expect(text.match(/```mermaid/g)).toHaveLength(MAX_CHARTS);
    expect(text.indexOf('`as-12`')).toBeLessThan(text.indexOf('`as-11`'));
    expect(text).not.toContain('`as-2`');
    expect(text).toContain('#### Availability set `as-12` (`infra/vms.json:5`)\n\n3 VMs; busiest start: 13 VMs at once.');
    expect(text).toContain('  13 VMs : 22:00, 60m');
    const single = formatMarkdown({ ...resultOf([]), schedules: [schedule({ vms: 1, days: [{ date: '2026-01-12', starts: [{ time: '23:30', vms: 1 }] }] })] }, CATALOGUE);
    expect(single).toContain('1 VM; busiest start: 1 VM at once.');
    expect(single).toContain('| 2026-01-12 | 23:30 (1) |');
    expect(single).toContain('  section 2026-01-12\n  1 VM : 23:30, 60m\n```');
    expect(text).toContain('_3 more groups with backup starts not charted. 1 group with only VMs whose backup starts are unknown._');
  });

  it('stays under 1 MiB with many findings and charts', () => {
    const findings = Array.from({ length: 8000 }, (_, i) => finding({ file: `infra/${i % 400}.json`, line: i + 1, endLine: i + 1, message: `VM ${i} ${'is misconfigured '.repeat(8)}` }));
    const busy = REFERENCE_DAYS.map((date, d) => ({ date, starts: Array.from({ length: 48 }, (_, h) => ({ time: `${String(Math.floor(h / 2)).padStart(2, '0')}:${h % 2 ? '30' : '00'}`, vms: d + h + 1 })) }));
    const schedules = Array.from({ length: 20 }, (_, i) => schedule({ label: `as-${i}`, days: busy }));
    const text = formatMarkdown({ ...resultOf(findings), schedules }, CATALOGUE);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(text).toContain('### Backup start times (UTC)');
    expect(text).toContain('_The chart shows the first 96 of 672 start times; the table lists them all._');
    expect(text).toContain('**Report truncated:**');
  });
});
