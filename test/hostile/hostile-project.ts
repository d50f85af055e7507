import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { tempProject } from '../helpers/temp-project';

/**
 * Hostile-input cases (issue #14): a repository written by an attacker, next to files outside it that hold secrets.
 * Runs are in-process (fast); the one case that needs a secret in the process environment spawns the CLI.
 */

/** Planted in the environment and in every file outside the repository: no output may ever contain it. */
export const SECRET = 'SECRET_TOKEN_VALUE_9f3c1d77e2';

/** A name that only files outside the repository carry (a VM name, a policy ID): never printed. */
export const FARSIDE = 'farside-vm-6a1b';

/** The lines of /etc/passwd worth looking for (empty when the machine has none). */
export const PASSWD_LINES = (() => {
  try {
    return readFileSync('/etc/passwd', 'utf8').split('\n').filter((line) => line.length >= 12);
  } catch {
    return [];
  }
})();

export const AGENT_OFF_ARM = readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'BL201', 'invalid', 'arm-linux-agent-off.json'), 'utf8');
/** The control finding every case's repository also holds: it must survive whatever the hostile files do. */
export const CONTROL = 'BL201 control/vm.json:21';

export function armTemplate(resources: unknown[]): string {
  return JSON.stringify(
    { $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', resources },
    null,
    2,
  );
}

export function armVm(name: string): unknown {
  return {
    type: 'Microsoft.Compute/virtualMachines',
    apiVersion: '2024-07-01',
    name,
    location: 'westeurope',
    properties: { osProfile: { computerName: 'x', adminUsername: 'x', linuxConfiguration: { provisionVMAgent: false } } },
  };
}

export function armDeployment(name: string, relativePath: string): unknown {
  return {
    type: 'Microsoft.Resources/deployments',
    apiVersion: '2022-09-01',
    name,
    properties: { mode: 'Incremental', templateLink: { relativePath } },
  };
}

/** A Linux VM without the agent (BL201), with extra attribute lines (`name = …` by default). */
export function tfVm(label: string, lines: string[] = [`name = "${label}"`]): string {
  return `resource "azurerm_linux_virtual_machine" "${label}" {
  ${lines.join('\n  ')}
  resource_group_name   = "rg"
  location              = "westeurope"
  size                  = "Standard_B2s"
  admin_username        = "x"
  network_interface_ids = []
  provision_vm_agent    = false
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Standard_LRS"
  }
  source_image_reference {
    publisher = "Canonical"
    offer     = "x"
    sku       = "x"
    version   = "latest"
  }
}
`;
}

/** A folder outside every case's repository, holding what an attacker would like to read. */
export function outsideFolder(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'backup-lint-elsewhere-'));
  const write = (name: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  };
  write('secret.txt', `${SECRET}\n${FARSIDE}\n`);
  write('farside-template.json', armTemplate([armVm(FARSIDE), { ...(armVm(`${FARSIDE}-2`) as object), tags: { token: SECRET } }]));
  write('farside-broken.json', `{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "${SECRET}": ${FARSIDE} }`);
  write('farside.tf', `resource "x" "${FARSIDE}" { ${SECRET} !!! {{{\n`);
  write('farside.tfvars', `${SECRET} = = "${FARSIDE}"\n`);
  write('farside-module/main.tf', tfVm(FARSIDE));
  write('farside-policies/p.yaml', `id: ${FARSIDE}\nname: ${SECRET}\n: broken yaml ${SECRET}\n`);
  write('farside-config.yaml', `rules:\n  ${SECRET}: [${FARSIDE}\n`);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Run {
  format: 'stylish' | 'json';
  code: number;
  stdout: string;
  stderr: string;
}

/** One in-process run of the command line from `cwd`, colours off, SECRET_TOKEN in its environment. */
export async function runIn(cwd: string, args: string[], format: 'stylish' | 'json'): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(['--format', format, ...args], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { NO_COLOR: '1', SECRET_TOKEN: SECRET },
    cwd,
  });
  return { format, code, stdout, stderr };
}

/** The same arguments in stylish (with --explain: notes and skipped checks printed too) and in JSON. */
export async function runBoth(cwd: string, args: string[] = ['.']): Promise<{ stylish: Run; json: Run; report: JsonReport }> {
  const stylish = await runIn(cwd, ['--explain', ...args], 'stylish');
  const json = await runIn(cwd, args, 'json');
  return { stylish, json, report: parseReport(json) };
}

export interface JsonReport {
  files: { path: string; status: string }[];
  findings: { ruleId: string; file: string; line: number; message: string; fix: string; resource?: { name: string } }[];
}

/** Exactly one JSON document on stdout (JSON.parse rejects anything after it). */
export function parseReport(run: Run): JsonReport {
  return JSON.parse(run.stdout) as JsonReport;
}

export function briefs(report: JsonReport): string[] {
  return report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`);
}

/**
 * The guarantees of SECURITY.md on one run's outputs: no secret, no byte of /etc/passwd, no name of a file outside
 * the repository (unless the repository's own text names it), and no raw control or bidi character.
 */
export function expectNothingForeign(runs: Run[], outside: string, options: { repositoryNamesOutside?: boolean } = {}): void {
  for (const run of runs) {
    for (const text of [run.stdout, run.stderr]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(FARSIDE);
      for (const line of PASSWD_LINES) expect(text).not.toContain(line);
      if (!options.repositoryNamesOutside) expect(text).not.toContain(path.basename(outside));
      expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069]/);
    }
  }
}

/** A repository holding `files` and the control template; `setup` adds links and special files. */
export function hostileProject(files: Record<string, string>, setup: (dir: string) => void = () => undefined): { dir: string; cleanup(): void } {
  const project = tempProject({ 'control/vm.json': AGENT_OFF_ARM, ...files });
  setup(project.dir);
  return project;
}

/** Lints `files` as a repository of their own both ways (stylish, JSON), checks that nothing of `outside` shows, and removes it. */
export async function lintHostile(files: Record<string, string>, outside: string): Promise<{ stylish: Run; json: Run; report: JsonReport }> {
  const project = hostileProject(files);
  try {
    const run = await runBoth(project.dir);
    expectNothingForeign([run.stylish, run.json], outside);
    return run;
  } finally {
    project.cleanup();
  }
}
