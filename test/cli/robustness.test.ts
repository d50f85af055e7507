import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, REPO_ROOT, runCli, runJson } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';

/** Robustness: what a demanding user throws at the command line. */

const agentOff = readFileSync(path.join(FIXTURES, 'BL201/invalid/arm-linux-agent-off.json'), 'utf8');

async function withProject(files: Record<string, string>, body: (dir: string) => void | Promise<void>): Promise<void> {
  const project = tempProject(files);
  try {
    await body(project.dir);
  } finally {
    project.cleanup();
  }
}

/** Exit 2 with exactly one line on stderr and nothing on stdout. */
function expectUsageError(run: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stdout).toBe('');
  expect(run.code).toBe(2);
}

describe('command-line options', () => {
  it('reports a bad option value on one line, never the parser\'s multi-line hint', async () => {
    expectUsageError(await runCli(['--max-warnings', '-1', 'clean']), /^backup-lint: .*--max-warnings/);
  });

  it('exits 2 when --config is given twice instead of silently using the last one', async () => {
    await withProject({ 'vm.json': agentOff, 'a.yaml': 'rules:\n  BL201: off\n', 'b.yaml': 'ignore: []\n' }, async (dir) => {
      expectUsageError(await runCli(['-c', 'a.yaml', '-c', 'b.yaml', 'vm.json'], { cwd: dir }), /^backup-lint: .*--config.*once/);
    });
  });

  it('exits 2 with a clear message when an --output-file cannot be written', async () => {
    await withProject({ 'vm.json': agentOff }, async (dir) => {
      expectUsageError(await runCli(['-f', 'json', '-o', '.', 'vm.json'], { cwd: dir }), /^backup-lint: cannot write .*'\.'/);
      expectUsageError(await runCli(['-f', 'json', '-o', 'vm.json/report.json', 'vm.json'], { cwd: dir }), /^backup-lint: cannot write .*vm\.json\/report\.json/);
    });
  });

  it('stops quietly when the reader of stdout goes away (| head)', async () => {
    const many = agentOff.replace('"name": "web-01"', '"name": "[concat(\'web-\', copyIndex())]", "copy": { "name": "vms", "count": 400 }');
    await withProject({ 'vm.json': many }, (dir) => {
      const bin = path.join(REPO_ROOT, 'bin', 'backup-lint.js');
      const run = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" --format json vm.json | head -c 10 >/dev/null`], { cwd: dir, encoding: 'utf8' });
      expect(run.stderr).toBe('');
    });
  });
});

describe('the file system', () => {
  it('follows symbolic links to files inside a folder, skips dangling ones and does not follow linked folders', async () => {
    await withProject({ 'shared/vm.json': agentOff }, async (dir) => {
      mkdirSync(path.join(dir, 'infra'));
      symlinkSync('../shared/vm.json', path.join(dir, 'infra', 'vm.json'));
      symlinkSync('nowhere.json', path.join(dir, 'infra', 'dangling.json'));
      symlinkSync('..', path.join(dir, 'infra', 'up'));
      const { code, report } = await runJson(['infra'], { cwd: dir });
      expect(report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['BL201 infra/vm.json:21']);
      expect(code).toBe(1);
    });
  });

  // Root reads everything: the unreadable cases run as user nobody when the suite runs as root.
  const asRoot = process.getuid?.() === 0;
  const canDrop = !asRoot || spawnSync('setpriv', ['--version']).status === 0;
  const runAsUser = (args: string[], cwd: string) => {
    const bin = path.join(REPO_ROOT, 'bin', 'backup-lint.js');
    const drop = asRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    const [command, ...rest] = [...drop, process.execPath, bin, ...args];
    const run = spawnSync(command!, rest, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  };
  (canDrop ? it : it.skip)('reports an unreadable folder or file as BL001 at it and lints the others (issue #14)', async () => {
    await withProject({ 'locked/vm.json': agentOff, 'noexec/vm.json': agentOff, 'open/vm.json': agentOff, 'ok/vm.json': agentOff }, (dir) => {
      chmodSync(dir, 0o755);
      chmodSync(path.join(dir, 'locked'), 0o000);
      chmodSync(path.join(dir, 'noexec'), 0o644);
      chmodSync(path.join(dir, 'open', 'vm.json'), 0o000);
      const all = runAsUser(['--format', 'json', '.'], dir);
      const report = JSON.parse(all.stdout) as { findings: { ruleId: string; file: string; message: string }[] };
      expect(report.findings.map((f) => `${f.ruleId} ${f.file}: ${f.message}`)).toEqual([
        'BL001 locked: locked could not be read: permission denied',
        'BL001 noexec/vm.json: noexec/vm.json could not be read: permission denied',
        expect.stringMatching(/^BL201 ok\/vm\.json: /),
        'BL001 open/vm.json: open/vm.json could not be read: permission denied',
      ]);
      expect(all.code).toBe(1);
      const named = runAsUser(['--format', 'json', 'open/vm.json', 'ok/vm.json'], dir);
      expect((JSON.parse(named.stdout) as { findings: { ruleId: string; file: string }[] }).findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual([
        'BL201 ok/vm.json',
        'BL001 open/vm.json',
      ]);
    });
  });
});

describe('configuration and user policies', () => {
  const builtinAgentPolicy = readFileSync(path.join(REPO_ROOT, 'policies', 'BL201-vm-agent-not-provisioned.yaml'), 'utf8');

  it('exits 2 naming the user policy that reuses a built-in rule ID or name', async () => {
    const sameId = builtinAgentPolicy.replace(/^name: .*$/m, 'name: acme-agent-check');
    await withProject({ 'vm.json': agentOff, '.backup-lint.yaml': 'policies:\n  - acme\n', 'acme/agent.yaml': sameId }, async (dir) => {
      expectUsageError(await runCli(['vm.json'], { cwd: dir }), /^backup-lint: acme\/agent\.yaml:1:5: rule id BL201 is taken by a built-in rule/);
    });
    const sameName = builtinAgentPolicy.replace(/^id: .*$/m, 'id: ACME001');
    await withProject({ 'vm.json': agentOff, '.backup-lint.yaml': 'policies:\n  - acme\n', 'acme/agent.yaml': sameName }, async (dir) => {
      expectUsageError(await runCli(['vm.json'], { cwd: dir }), /^backup-lint: acme\/agent\.yaml:1:5: rule name vm-agent-not-provisioned is taken by built-in rule BL201/);
    });
  });

  it('exits 2 at the configuration line that sets options on a rule without options (BL001 included)', async () => {
    for (const id of ['BL201', 'BL001']) {
      await withProject({ 'vm.json': agentOff, '.backup-lint.yaml': `ignore: []\nrules:\n  ${id}:\n    severity: warning\n    options: { x: 1 }\n` }, async (dir) => {
        expectUsageError(await runCli(['vm.json'], { cwd: dir }), new RegExp(`^backup-lint: \\.backup-lint\\.yaml:3:3: rule ${id} \\(.*\\): has no options, but the configuration sets x`));
      });
    }
  });

  it('exits 2 at the configuration line of a policy folder that does not exist', async () => {
    await withProject({ 'vm.json': agentOff, '.backup-lint.yaml': 'policies:\n  - acme-policies\n' }, async (dir) => {
      expectUsageError(await runCli(['vm.json'], { cwd: dir }), /^backup-lint: \.backup-lint\.yaml:2:5: policy folder 'acme-policies' not found/);
    });
  });
});

describe('parameter files', () => {
  const template = JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { vmName: { type: 'string', defaultValue: 'vm-default' }, agent: { type: 'bool', defaultValue: false } },
    resources: [{
      type: 'Microsoft.Compute/virtualMachines', apiVersion: '2024-07-01', name: "[parameters('vmName')]", location: 'westeurope',
      properties: { osProfile: { computerName: 'x', linuxConfiguration: { provisionVMAgent: "[parameters('agent')]" } } },
    }],
  }, null, 2);
  const parameters = (body: string) =>
    `{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",\n  "contentVersion": "1.0.0.0",\n  "parameters": ${body}\n}\n`;

  it('a broken parameter file is BL001 at its line, and its template is not linted with the defaults it overrides', async () => {
    await withProject({ 'vm.json': template, 'vm.parameters.json': parameters('{ "agent": { "value": tru } }') }, async (dir) => {
      const { code, report } = await runJson(['.'], { cwd: dir });
      expect(report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`)).toEqual(['BL001 vm.parameters.json:4:39']);
      expect(code).toBe(1);
    });
  });

  it('a parameter file whose parameters are not an object is BL001 there, and its template stays silent', async () => {
    for (const body of ['[1, 2]', 'null', '"agent"']) {
      await withProject({ 'vm.json': template, 'vm.parameters.json': parameters(body) }, async (dir) => {
        const { report } = await runJson(['.'], { cwd: dir });
        expect(report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['BL001 vm.parameters.json:4']);
      });
    }
  });

  it('a string parameter given as a Key Vault reference is shown as {name}, not as the raw expression', async () => {
    const body = '{ "agent": { "value": false }, "vmName": { "reference": { "keyVault": { "id": "/subscriptions/x/resourceGroups/y/providers/Microsoft.KeyVault/vaults/kv" }, "secretName": "name" } } }';
    await withProject({ 'vm.json': template, 'vm.parameters.json': parameters(body) }, async (dir) => {
      const { report } = await runJson(['.'], { cwd: dir });
      expect(report.findings.map((f) => `${f.ruleId} ${f.file} ${f.message.slice(0, 13)}`)).toEqual(["BL201 vm.json VM '{vmName}'"]);
    });
  });
});

describe('Terraform variable files', () => {
  const dir = path.join(FIXTURES, 'BL201/valid/tf-tfvars-override');
  const files = Object.fromEntries(['main.tf', 'variables.tf'].map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));

  it('a broken terraform.tfvars is BL001 there, and the variables it may set are not taken from their defaults', async () => {
    await withProject({ ...files, 'terraform.tfvars': 'agent   = tru e\nvm_name = "app-prod-01"\n' }, async (cwd) => {
      const { report } = await runJson(['.'], { cwd });
      expect(report.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(['BL001 terraform.tfvars']);
    });
  });

  it('a later variable file still sets what it sets after a broken earlier one', async () => {
    await withProject({ ...files, 'terraform.tfvars': 'agent = = true\n', 'z.auto.tfvars': 'agent = false\n' }, async (cwd) => {
      const { report } = await runJson(['.'], { cwd });
      expect(report.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(['BL201 main.tf', 'BL001 terraform.tfvars']);
    });
  });
});

describe('text encodings', () => {
  it('reads UTF-16 (LE and BE, with BOM) templates as Windows tools save them, at the same lines and columns', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(agentOff, 'utf16le')]);
    const be = Buffer.from(le).swap16();
    await withProject({}, async (dir) => {
      writeFileSync(path.join(dir, 'le.json'), le);
      writeFileSync(path.join(dir, 'be.json'), be);
      const { report } = await runJson(['.'], { cwd: dir });
      expect(report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`)).toEqual(['BL201 be.json:21:13', 'BL201 le.json:21:13']);
    });
  });
});
