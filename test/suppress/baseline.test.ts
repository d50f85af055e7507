import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { normaliseMessage } from '../../src/findings/fingerprint';
import { tempProject } from '../helpers/temp-project';
import { FIXTURES, runCli } from '../helpers/run-cli';

const TF = readFileSync(path.join(FIXTURES, 'suppress/tf/main.tf'), 'utf8');
const ARM = readFileSync(path.join(FIXTURES, 'suppress/arm/metadata.json'), 'utf8');

describe('baseline', () => {
  it('a run against its own baseline exits 0, and still does after lines move; a new finding fails alone', async () => {
    const p = tempProject({ 'infra/main.tf': TF, 'infra/vms.json': ARM });
    try {
      const first = await runCli(['--write-baseline', 'baseline.json', 'infra'], { cwd: p.dir });
      expect(first.code).toBe(1);
      const baseline = JSON.parse(readFileSync(path.join(p.dir, 'baseline.json'), 'utf8')) as { version: number; fingerprint: string; findings: { ruleId: string; file: string; resource: string }[] };
      expect(baseline).toMatchObject({ version: 1, fingerprint: 'backupLint/v1' });
      expect(baseline.findings.map((f) => `${f.ruleId} ${f.file} ${f.resource}`)).toEqual([
        'BL202 infra/main.tf azurerm_linux_virtual_machine.builder',
        'BL201 infra/main.tf azurerm_linux_virtual_machine.noreason',
        'BL201 infra/main.tf azurerm_linux_virtual_machine.plain',
        'BL201 infra/vms.json unsuppressed-01',
        'BL201 infra/vms.json no-reason-01',
        'BL201 infra/vms.json other-rule-01',
        'BL202 infra/vms.json both-rules-01',
      ]);

      const again = await runCli(['-f', 'json', '--baseline', 'baseline.json', 'infra'], { cwd: p.dir });
      expect(again.code).toBe(0);
      const report = JSON.parse(again.stdout) as { findings: unknown[]; summary: { suppressed: number } };
      expect(report.findings).toEqual([]);
      expect(report.summary.suppressed).toBe(11);

      // Lines move: lines added at the top and after every block.
      writeFileSync(path.join(p.dir, 'infra/main.tf'), '# moved\n\n\n' + TF.replace(/\n}\n/g, '\n}\n\n# spacer\n'));
      writeFileSync(path.join(p.dir, 'infra/vms.json'), '\n\n\n' + ARM);
      expect((await runCli(['--baseline', 'baseline.json', 'infra'], { cwd: p.dir })).code).toBe(0);

      // A new finding is the only one counted.
      const plain = TF.slice(TF.indexOf('resource "azurerm_linux_virtual_machine" "plain"'));
      writeFileSync(path.join(p.dir, 'infra/new.tf'), plain.replace('"plain"', '"fresh"'));
      const withNew = await runCli(['-f', 'json', '--baseline', 'baseline.json', 'infra'], { cwd: p.dir });
      expect(withNew.code).toBe(1);
      const newReport = JSON.parse(withNew.stdout) as { findings: { ruleId: string; file: string; resource: { name: string } }[] };
      expect(newReport.findings.map((f) => `${f.ruleId} ${f.file} ${f.resource.name}`)).toEqual(['BL201 infra/new.tf azurerm_linux_virtual_machine.fresh']);
    } finally {
      p.cleanup();
    }
  });

  it('a missing or foreign baseline file is a usage error (exit 2, one line)', async () => {
    const p = tempProject({ 'infra/vms.json': ARM, 'other.json': '{"version": 2}' });
    try {
      const missing = await runCli(['--baseline', 'nope.json', 'infra'], { cwd: p.dir });
      expect([missing.code, missing.stderr]).toEqual([2, "backup-lint: --baseline 'nope.json': no such file (write one with --write-baseline)\n"]);
      const foreign = await runCli(['--baseline', 'other.json', 'infra'], { cwd: p.dir });
      expect([foreign.code, foreign.stderr]).toEqual([2, "backup-lint: --baseline 'other.json': not a backup-lint baseline (version 1 with findings[].fingerprint)\n"]);
    } finally {
      p.cleanup();
    }
  });

  it('fingerprints ignore positions in messages but keep other numbers', () => {
    expect(normaliseMessage('Denied by rule X (priority 1000) of NSG app-nsg, line 88')).toBe(normaliseMessage('Denied by rule X (priority 1000) of NSG app-nsg, line 120'));
    expect(normaliseMessage('declared at infra/nsg.json:88:13')).toBe(normaliseMessage('declared at infra/nsg.json:91:5'));
    expect(normaliseMessage('priority 1000')).not.toBe(normaliseMessage('priority 2000'));
  });
});
