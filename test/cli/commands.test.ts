import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';

const ESC = '\u001b[';

describe('backup-lint rules', () => {
  it('lists the whole catalogue of DESIGN §3, every rule implemented', async () => {
    const run = await runCli(['rules']);
    expect(run.code).toBe(0);
    const ids = run.stdout.split('\n').filter((l) => /^BL\d{3} /.test(l)).map((l) => l.slice(0, 5));
    expect(ids).toEqual([
      'BL001', 'BL002', 'BL101', 'BL102', 'BL103', 'BL104', 'BL105', 'BL201', 'BL202', 'BL203', 'BL204', 'BL205',
      'BL301', 'BL302', 'BL303', 'BL401', 'BL402', 'BL403', 'BL404', 'BL405',
    ]);
    expect(run.stdout).toMatch(/^BL201 +vm-agent-not-provisioned +error +cause 2 +The VM is deployed without the Azure VM agent$/m);
    expect(run.stdout).toMatch(/^BL104 +proxy-path-blocked +error +cause 1 +The guest's HTTP proxy cannot be reached, or cannot reach the internet$/m);
    expect(run.stdout).not.toContain('not yet implemented');
  });

  it('prints the catalogue as JSON with --format json', async () => {
    const entries = JSON.parse((await runCli(['rules', '--format', 'json'])).stdout) as { id: string; implemented: boolean }[];
    expect(entries.filter((e) => e.implemented).map((e) => e.id)).toEqual(['BL001', 'BL002', 'BL101', 'BL102', 'BL103', 'BL104', 'BL105', 'BL201', 'BL202', 'BL203', 'BL204', 'BL205', 'BL301', 'BL302', 'BL303', 'BL401', 'BL402', 'BL403', 'BL404', 'BL405']);
  });
});

describe('backup-lint explain', () => {
  it('shows a rule in full: cause, portal codes, rationale and the fix per format', async () => {
    const run = await runCli(['explain', 'bl201']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^# BL201 vm-agent-not-provisioned\n/);
    expect(run.stdout).toContain('| Portal error codes | `UserErrorGuestAgentStatusUnavailable`, `GuestAgentSnapshotTaskStatusError` |');
    expect(run.stdout).toContain('## How to fix\n\n### ARM JSON\n');
    expect(run.stdout).toContain('### Terraform\n');
  });

  it('exits 2 for an unknown rule', async () => {
    const run = await runCli(['explain', 'BL999']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("backup-lint: unknown rule 'BL999' (backup-lint rules lists them)\n");
  });
});

describe('--version, --help and outputs', () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect((await runCli(['--version'])).stdout).toBe(`${pkg.version}\n`);
  });

  it('--help describes the options and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--fail-on <severity>');
  });

  it('writes each --format to its --output-file and keeps stdout for the one without a file', async () => {
    const project = tempProject({});
    try {
      const report = path.join(project.dir, 'out', 'report.json');
      const run = await runCli(['-f', 'json', '-o', report, '-f', 'stylish', 'BL202/invalid/arm-extensions-disabled.json']);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('BL202 extension-operations-disabled');
      const written = JSON.parse(readFileSync(report, 'utf8')) as { findings: { ruleId: string; line: number }[] };
      expect(written.findings.map((f) => `${f.ruleId}:${f.line}`)).toEqual(['BL202:15']);
    } finally {
      project.cleanup();
    }
  });

  it('colours stylish output only when asked: FORCE_COLOR on, NO_COLOR and --no-color off, no colour when piped', async () => {
    const target = 'BL202/invalid/arm-extensions-disabled.json';
    expect((await runCli([target])).stdout).not.toContain(ESC);
    expect((await runCli([target], { env: { FORCE_COLOR: '1' } })).stdout).toContain(ESC);
    expect((await runCli([target], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout).not.toContain(ESC);
    expect((await runCli(['--no-color', target], { env: { FORCE_COLOR: '1' } })).stdout).not.toContain(ESC);
  });
});
