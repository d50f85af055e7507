import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, spawnCli } from '../helpers/run-cli';
import {
  armDeployment,
  armTemplate,
  armVm,
  briefs,
  CONTROL,
  expectNothingForeign,
  hostileProject,
  outsideFolder,
  parseReport,
  runBoth,
  runIn,
  SECRET,
  tfVm,
  type Run,
} from './hostile-project';

/**
 * Issue #14, confinement and output integrity: each case is a repository an attacker wrote, beside a folder that
 * holds secrets. Every case checks that the run finishes with one JSON document, that the control template's
 * finding is still there, and that no output carries the secret, /etc/passwd or an outside file's name.
 */

const outside = outsideFolder();
afterAll(() => outside.cleanup());

/** From a file at `from` (relative to a project in the same temp folder) to `name` in the outside folder. */
const fromProject = (from: string, name: string) => path.posix.join('../'.repeat(from.split('/').length), path.basename(outside.dir), name);
/** Enough `..` to climb from any temp folder to `/`. */
const UP = '../'.repeat(12);

async function lintHostile(
  files: Record<string, string>,
  setup: (dir: string) => void = () => undefined,
  options: { repositoryNamesOutside?: boolean } = {},
) {
  const project = hostileProject(files, setup);
  try {
    const { stylish, json, report } = await runBoth(project.dir);
    expect(briefs(report)).toContain(CONTROL);
    expect([stylish.code, json.code]).toEqual([1, 1]);
    expect(stylish.stderr + json.stderr).toBe('');
    expectNothingForeign([stylish, json], outside.dir, options);
    return { stylish, json, report, dir: project.dir };
  } finally {
    project.cleanup();
  }
}

const finding = (report: ReturnType<typeof parseReport>, file: string) => report.findings.filter((f) => f.file === file);

describe('Terraform file functions never read outside the repository', () => {
  it('file() of ../../etc/passwd: the for_each over its lines is Unknown, no line of it is printed', async () => {
    const { report, stylish } = await lintHostile({
      'tf/main.tf': `locals {\n  users = file("${UP}etc/passwd")\n}\n${tfVm('vm', ['for_each = toset(split("\\n", local.users))', 'name = each.key'])}`,
    });
    expect(finding(report, 'tf/main.tf').map((f) => `${f.ruleId} ${f.resource?.name}`)).toEqual(['BL201 azurerm_linux_virtual_machine.vm[*]']);
    expect(stylish.stdout).toContain('is not read: outside the repository');
  });

  it('file("${path.module}/../..") and an absolute path are refused the same way', async () => {
    const { report } = await lintHostile({
      'tf/main.tf': tfVm('vm', [`name = file("\${path.module}/${UP}etc/hostname")`, 'custom_data = base64encode(file("/etc/passwd"))']),
    });
    const [vm] = finding(report, 'tf/main.tf');
    expect(vm?.resource?.name).toBe('azurerm_linux_virtual_machine.vm');
  });

  it('templatefile() of an outside file is Unknown with the reason, not its text', async () => {
    const { stylish } = await lintHostile({
      'tf/main.tf': tfVm('vm', ['name = "vm"', `custom_data = base64encode(templatefile("${UP}etc/passwd", {}))`]),
      'tf/run.tf': tfVm('shown', [`count = length(templatefile("${UP}etc/passwd", {})) > 0 ? 1 : 0`, 'name = "shown"']),
    });
    expect(stylish.stdout).toMatch(/VM 'azurerm_linux_virtual_machine\.shown\[\*\]' .* \(if deployed: file `(\.\.\/)+etc\/passwd` is not read: outside the repository\)/);
  });

  it('fileexists() of an outside file is Unknown: whether it exists is not told', async () => {
    const { report, stylish } = await lintHostile({
      'tf/main.tf': tfVm('vm', [`count = fileexists("${UP}etc/shadow") ? 1 : 0`, 'name = "vm"']),
      'tf/other.tf': tfVm('other', [`count = fileexists("${UP}no/such/file") ? 1 : 0`, 'name = "other"']),
    });
    // Both answers are the same Unknown, existing file or not: the finding is conditional on the Unknown count.
    const shape = (file: string, label: string) => finding(report, file).map((f) => f.message.replace(`.${label}[`, '.X[').replace(/file `[^`]*`/, 'file `P`'));
    expect(shape('tf/main.tf', 'vm')).toEqual(shape('tf/other.tf', 'other'));
    expect(shape('tf/main.tf', 'vm')[0]).toContain('(if deployed: file `P` is not read: outside the repository)');
    expect(stylish.stdout).not.toContain('no such file or directory');
  });

  it('reading /proc/self/environ through file() never prints SECRET_TOKEN (spawned, so the secret is in its environ)', () => {
    const project = hostileProject({
      'tf/main.tf': `locals {\n  env = file("${UP}proc/self/environ")\n}\n${tfVm('vm', ['for_each = toset(split("=", local.env))', 'name = each.key', 'custom_data = base64encode(local.env)'])}`,
    });
    try {
      const runs: Run[] = (['stylish', 'json'] as const).map((format) => ({
        format,
        ...spawnCli(['--format', format, ...(format === 'stylish' ? ['--explain'] : []), '.'], { cwd: project.dir, env: { SECRET_TOKEN: SECRET, NO_COLOR: '1' } }),
      })) as Run[];
      expect(briefs(parseReport(runs[1]!))).toEqual([CONTROL, 'BL201 tf/main.tf:13']);
      expect(runs.map((r) => r.code)).toEqual([1, 1]);
      expectNothingForeign(runs, outside.dir);
    } finally {
      project.cleanup();
    }
  });
});

describe('links out of the repository are not followed', () => {
  it('a .tf link to an outside file is BL001 "outside the repository"; no snippet of its text', async () => {
    const { report } = await lintHostile({ 'tf/main.tf': tfVm('vm') }, (dir) => symlinkSync(path.join(outside.dir, 'farside.tf'), path.join(dir, 'tf', 'evil.tf')));
    expect(finding(report, 'tf/evil.tf').map((f) => `${f.ruleId} ${f.message}`)).toEqual(['BL001 tf/evil.tf could not be read: outside the repository']);
    expect(finding(report, 'tf/main.tf').map((f) => f.ruleId)).toEqual(['BL201']);
  });

  it('a linked template file, a parameter file and a terraform.tfvars that lead outside are BL001 at the link', async () => {
    const { report } = await lintHostile({ 'tf/main.tf': tfVm('vm') }, (dir) => {
      mkdirSync(path.join(dir, 'arm'));
      symlinkSync(path.join(outside.dir, 'farside-template.json'), path.join(dir, 'arm', 'direct.json'));
      symlinkSync(path.join(outside.dir, 'farside-broken.json'), path.join(dir, 'control', 'vm.parameters.json'));
      symlinkSync(path.join(outside.dir, 'farside.tfvars'), path.join(dir, 'tf', 'terraform.tfvars'));
    });
    expect(briefs(report).filter((b) => b.startsWith('BL001'))).toEqual([
      'BL001 arm/direct.json:1',
      'BL001 control/vm.parameters.json:1',
      'BL001 tf/terraform.tfvars:1',
    ]);
    expect(report.findings.filter((f) => f.ruleId === 'BL001').every((f) => f.message.endsWith('could not be read: outside the repository'))).toBe(true);
  });

  it('an ARM relativePath to an outside template, and one through a linked folder, are notes; the outside VMs are not linted', async () => {
    const { report, stylish } = await lintHostile(
      {
        'arm/main.json': armTemplate([
          armDeployment('direct', fromProject('arm/main.json', 'farside-template.json')),
          armDeployment('through-link', 'shared/farside-template.json'),
        ]),
      },
      (dir) => symlinkSync(outside.dir, path.join(dir, 'arm', 'shared')),
      { repositoryNamesOutside: true },
    );
    expect(briefs(report)).toEqual([CONTROL]);
    expect(stylish.stdout).toContain(`linked template '${fromProject('main.json', 'farside-template.json')}' is not read: outside the repository`);
    expect(stylish.stdout).toContain("linked template 'arm/shared/farside-template.json' is not read: outside the repository");
  });

  it('a module source outside the repository is a note at the module block; its resources are not linted', async () => {
    const { report, stylish } = await lintHostile(
      { 'tf/main.tf': `module "m" {\n  source = "${fromProject('tf/main.tf', 'farside-module')}"\n}\nmodule "l" {\n  source = "./linked"\n}\n` },
      (dir) => symlinkSync(path.join(outside.dir, 'farside-module'), path.join(dir, 'tf', 'linked')),
      { repositoryNamesOutside: true },
    );
    expect(briefs(report)).toEqual([CONTROL]);
    expect(stylish.stdout).toContain('tf/main.tf:1:1 module `m` source is not read: outside the repository; its resources are not linted');
    expect(stylish.stdout).toContain('tf/main.tf:4:1 module `l` source is not read: outside the repository; its resources are not linted');
  });
});

describe('a repository named through a link', () => {
  it('--root and the paths given through a link to the repository: linted as the repository, links out still refused', async () => {
    const project = hostileProject({ 'tf/main.tf': tfVm('vm') }, (dir) => symlinkSync(path.join(outside.dir, 'farside.tf'), path.join(dir, 'tf', 'evil.tf')));
    const link = path.join(outside.dir, 'link-to-repository');
    symlinkSync(project.dir, link);
    try {
      const report = parseReport(await runIn(project.dir, ['--root', link, path.join(link, 'control'), path.join(link, 'tf')], 'json'));
      const linked = `../${path.basename(outside.dir)}/link-to-repository`;
      expect(briefs(report)).toEqual([`BL201 ${linked}/control/vm.json:21`, `BL001 ${linked}/tf/evil.tf:1`, expect.stringMatching(new RegExp(`^BL201 ${linked}/tf/main\\.tf:\\d+$`))]);
      expect(report.findings[1]!.message).toMatch(/could not be read: outside the repository$/);
    } finally {
      rmSync(link);
      project.cleanup();
    }
  });
});

describe('special files are never read', () => {
  it('a FIFO named x.json and links to /dev/zero are BL001 at them, and the run does not block', async () => {
    const { report } = await lintHostile({ 'tf/main.tf': tfVm('vm', ['name = "vm"', 'custom_data = filebase64("/dev/zero")']) }, (dir) => {
      mkdirSync(path.join(dir, 'arm'));
      spawnSync('mkfifo', [path.join(dir, 'arm', 'x.json')]);
      symlinkSync('/dev/zero', path.join(dir, 'arm', 'zero.json'));
      symlinkSync('/dev/zero', path.join(dir, 'tf', 'zero.tf'));
    });
    expect(report.findings.filter((f) => f.ruleId === 'BL001').map((f) => f.message)).toEqual([
      'arm/x.json could not be read: not a regular file',
      'arm/zero.json could not be read: outside the repository',
      'tf/zero.tf could not be read: outside the repository',
    ]);
    expect(finding(report, 'tf/main.tf').map((f) => f.ruleId)).toEqual(['BL201']);
  });

  it('a template over the size cap is BL001 "larger than the size limit"; other big JSON is skipped like any other', async () => {
    const project = hostileProject({
      'arm/big.json': armTemplate([armVm('big')]) + ' '.repeat(2 * 1024 * 1024),
      'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { x: 'y'.repeat(2 * 1024 * 1024) } }),
    });
    try {
      const { stylish, json: run } = await runBoth(project.dir, ['--max-file-size', '1', '.']);
      expectNothingForeign([stylish, run], outside.dir);
      expect(parseReport(run).findings[0]?.message).toBe('arm/big.json could not be read: larger than the size limit of 1 MiB (--max-file-size)');
      expect(briefs(parseReport(run))).toEqual(['BL001 arm/big.json:1', CONTROL]);
      expect(parseReport(run).findings[0]?.fix).toMatch(/^backup-lint reads only regular files inside the repository/);
    } finally {
      project.cleanup();
    }
  });
});

describe('the configuration cannot reach outside the repository', () => {
  const usageError = (run: Run, pattern: RegExp) => {
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toMatch(pattern);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expectNothingForeign([run], outside.dir, { repositoryNamesOutside: true });
  };

  it('a policies folder outside is a configuration error at its line; a policy file linked out is one too', async () => {
    const folder = fromProject('.backup-lint.yaml', 'farside-policies');
    const project = hostileProject({ '.backup-lint.yaml': `policies:\n  - ${folder}\n` });
    try {
      usageError(await runIn(project.dir, ['.'], 'json'), new RegExp(`^backup-lint: \\.backup-lint\\.yaml:2:5: policy folder '${folder.replace(/\./g, '\\.')}' is not read: outside the repository$`));
    } finally {
      project.cleanup();
    }
    const linked = hostileProject({ '.backup-lint.yaml': 'policies:\n  - acme\n' }, (dir) => {
      mkdirSync(path.join(dir, 'acme'));
      symlinkSync(path.join(outside.dir, 'farside-policies', 'p.yaml'), path.join(dir, 'acme', 'p.yaml'));
    });
    try {
      usageError(await runIn(linked.dir, ['.'], 'stylish'), /^backup-lint: (\S*\/)?acme\/p\.yaml:1:1: policy file not read: outside the repository$/);
    } finally {
      linked.cleanup();
    }
  });

  it('a configuration file linked out of the repository is refused without quoting it', async () => {
    const project = hostileProject({}, (dir) => symlinkSync(path.join(outside.dir, 'farside-config.yaml'), path.join(dir, '.backup-lint.yaml')));
    try {
      usageError(await runIn(project.dir, ['.'], 'json'), /^backup-lint: cannot read configuration file .*: outside the repository$/);
    } finally {
      project.cleanup();
    }
  });

  it('--terraform-dir, named paths outside --root and a named folder that is a link out are usage errors', async () => {
    const project = hostileProject({ 'tf/main.tf': tfVm('vm') }, (dir) => symlinkSync(outside.dir, path.join(dir, 'elsewhere')));
    try {
      usageError(await runIn(project.dir, ['elsewhere'], 'json'), /^backup-lint: 'elsewhere' is outside the run's root .* \(set --root\)$/);
      usageError(await runIn(project.dir, ['--terraform-dir', outside.dir, '.'], 'json'), /^backup-lint: --terraform-dir '.*' is not read: outside the repository/);
      usageError(await runIn(project.dir, ['--root', 'tf', 'control/vm.json'], 'json'), /^backup-lint: 'control\/vm\.json' is outside the run's root .* \(set --root\)$/);
      const rooted = await runIn(project.dir, ['--root', 'tf', 'tf'], 'json');
      expect(briefs(parseReport(rooted))).toEqual(['BL201 tf/main.tf:8']);
    } finally {
      project.cleanup();
    }
  });
});

describe('no foreign bytes in the output', () => {
  it('ESC, CR, NUL and a bidi override in a VM name and a file name are printed as visible escapes in every format', async () => {
    const name = 'evil\u001b[2J\r\u0000\u202e-vm';
    const file = 'arm/esc\u001b[31m\rname.json';
    const { stylish, report } = await lintHostile({ [file]: armTemplate([armVm(name)]) });
    const shown = 'evil\\x1b[2J\\r\\x00\\u202e-vm';
    const shownFile = 'arm/esc\\x1b[31m\\rname.json';
    expect(stylish.stdout).toContain(`${shownFile}\n`);
    expect(stylish.stdout).toContain(`VM '${shown}' is deployed without the Azure VM agent`);
    const [found] = report.findings.filter((f) => f.file === shownFile);
    expect(found?.resource?.name).toBe(shown);
    expect(found?.message).toContain(`VM '${shown}'`);
  });

  it('a very long VM name is cut, saying how much was left out', async () => {
    const { report } = await lintHostile({ 'arm/long.json': armTemplate([armVm('v'.repeat(5000))]) });
    const [found] = finding(report, 'arm/long.json');
    expect(found?.resource?.name).toBe(`${'v'.repeat(200)}… (4800 more characters)`);
    expect(found!.message.length).toBeLessThan(1100);
  });
});

// Root reads everything: run as user nobody when the suite runs as root (as the robustness suite does).
const asRoot = process.getuid?.() === 0;
const canDrop = !asRoot || spawnSync('setpriv', ['--version']).status === 0;
(canDrop ? it : it.skip)('an unreadable file is BL001 at it and the run goes on', () => {
  const project = hostileProject({ 'arm/locked.json': armTemplate([armVm('locked')]) });
  try {
    chmodSync(project.dir, 0o755);
    chmodSync(path.join(project.dir, 'arm', 'locked.json'), 0o000);
    const drop = asRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    const [command, ...rest] = [...drop, process.execPath, path.join(REPO_ROOT, 'bin', 'backup-lint.js'), '--format', 'json', '.'];
    const spawned = spawnSync(command!, rest, { cwd: project.dir, encoding: 'utf8', env: { ...process.env, SECRET_TOKEN: SECRET } });
    const run: Run = { format: 'json', code: spawned.status ?? -1, stdout: spawned.stdout, stderr: spawned.stderr };
    expect(briefs(parseReport(run))).toEqual(['BL001 arm/locked.json:1', CONTROL]);
    expect(run.code).toBe(1);
    expectNothingForeign([run], outside.dir);
  } finally {
    project.cleanup();
  }
});
