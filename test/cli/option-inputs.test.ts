import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, REPO_ROOT, runCli } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';

describe('files named by options must exist', () => {
  it.each([
    [['-p', 'nowhere.json'], "backup-lint: --parameters: no such file 'nowhere.json'\n"],
    [['-p', 'BL201/invalid/arm-linux-agent-off.json=nope.json'], "backup-lint: --parameters: no such file 'nope.json'\n"],
    [['--terraform-dir', 'nowhere'], "backup-lint: --terraform-dir: no such folder 'nowhere'\n"],
  ])('%j exits 2 naming the missing file', async (args, message) => {
    const run = await runCli([...args, 'BL201/invalid/arm-linux-agent-off.json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(message);
    expect(run.stdout).toBe('');
  });

  it('a configuration parameters pair naming a missing file exits 2', async () => {
    const project = tempProject({ 'vm.json': '{}', '.backup-lint.yaml': 'parameters:\n  vm.json: vm.prod.json\n' });
    try {
      const run = await runCli(['.'], { cwd: project.dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe("backup-lint: .backup-lint.yaml parameters: no such file 'vm.prod.json'\n");
    } finally {
      project.cleanup();
    }
  });
});

describe('--output-file', () => {
  it('refuses to overwrite a file that is being linted (a forgotten output name)', async () => {
    const template = readFileSync(path.join(FIXTURES, 'BL201/invalid/arm-linux-agent-off.json'), 'utf8');
    const project = tempProject({ 'vm.json': template });
    try {
      const run = await runCli(['-f', 'json', '-o', 'vm.json', '.'], { cwd: project.dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe("backup-lint: --output-file 'vm.json' is one of the linted files; not overwriting it\n");
      expect(readFileSync(path.join(project.dir, 'vm.json'), 'utf8')).toBe(template);
    } finally {
      project.cleanup();
    }
  });
});

describe('a reader that stops early (backup-lint | head)', () => {
  it('keeps the exit code of the run and prints no stack trace', () => {
    // 800 findings: far more output than a pipe buffers, so the writer does meet the closed pipe.
    const template = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [
        {
          type: 'Microsoft.Compute/virtualMachines',
          apiVersion: '2024-07-01',
          name: "[format('vm-{0}', copyIndex())]",
          copy: { name: 'vms', count: 800 },
          properties: { osProfile: { computerName: 'x', linuxConfiguration: { provisionVMAgent: false } } },
        },
      ],
    };
    const project = tempProject({ 'vms.json': JSON.stringify(template) });
    try {
      const bin = path.join(REPO_ROOT, 'bin', 'backup-lint.js');
      const script = `set -o pipefail; node '${bin}' -f json vms.json | head -c 10 >/dev/null`;
      const run = spawnSync('bash', ['-c', script], { cwd: project.dir, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(1);
    } finally {
      project.cleanup();
    }
  });
});
