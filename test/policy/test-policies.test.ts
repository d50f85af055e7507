import { cpSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { REPO_ROOT } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd,
  });
  return { code, stdout, stderr };
}

/** A project holding a copy of BL201's policy and fixtures, as a third-party author would lay them out. */
function bl201Project() {
  const project = tempProject({});
  mkdirSync(path.join(project.dir, 'policies'));
  cpSync(path.join(REPO_ROOT, 'policies/BL201-vm-agent-not-provisioned.yaml'), path.join(project.dir, 'policies/BL201.yaml'));
  cpSync(path.join(REPO_ROOT, 'fixtures/BL201'), path.join(project.dir, 'fixtures/BL201'), { recursive: true });
  const expected = path.join(project.dir, 'fixtures/BL201/invalid/expected.yaml');
  return { ...project, expected };
}

describe('backup-lint test-policies', () => {
  it('passes for the built-in policies and their fixtures', async () => {
    const { code, stdout } = await run(['test-policies', 'policies/'], REPO_ROOT);
    expect(stdout).toMatch(/^✔ BL001 parse-error: \d+ valid, \d+ invalid \(fixtures\/BL001\)$/m);
    expect(stdout).toMatch(/^✔ BL201 vm-agent-not-provisioned: \d+ valid, \d+ invalid \(fixtures\/BL201\)$/m);
    expect(stdout).toMatch(/^✔ BL202 extension-operations-disabled: \d+ valid, \d+ invalid \(fixtures\/BL202\)$/m);
    expect(stdout).toMatch(/^✔ BL101 egress-blocked-by-nsg: \d+ valid, \d+ invalid \(fixtures\/BL101\)$/m);
    expect(stdout).toMatch(/^✔ BL104 proxy-path-blocked: \d+ valid, \d+ invalid \(fixtures\/BL104\)$/m);
    expect(stdout).toMatch(/^✔ BL403 sql-backup-without-copy-only: \d+ valid, \d+ invalid \(fixtures\/BL403\)$/m);
    expect(stdout).not.toContain('✖');
    expect(code).toBe(0);
  });

  it('skips a catalogue-only policy (implemented: false), which needs no fixtures', async () => {
    const project = bl201Project();
    try {
      writeFileSync(path.join(project.dir, 'policies/XX900.yaml'), 'id: XX900\nname: later\ntitle: Later\nseverity: info\nimplemented: false\nrationale: Soon.\n');
      const { code, stdout } = await run(['test-policies', 'policies/'], project.dir);
      expect(stdout).toMatch(/^- XX900 later: skipped, not implemented \(catalogue entry\)$/m);
      expect(stdout).toMatch(/^✔ BL201 vm-agent-not-provisioned: /m);
      expect(code).toBe(0);
    } finally {
      project.cleanup();
    }
  });

  it('fails naming the case when an expected finding is removed (the finding is then unexpected)', async () => {
    const project = bl201Project();
    try {
      const text = readFileSync(project.expected, 'utf8');
      writeFileSync(project.expected, text.replace(/^ {2}- \{ rule: BL201, file: arm-copy-loop\.json, line: 20, resource: app-2 \}\n/m, ''));
      const { code, stdout } = await run(['test-policies', 'policies'], project.dir);
      expect(stdout).toContain('✖ BL201 vm-agent-not-provisioned');
      expect(stdout).toContain('    invalid/arm-copy-loop.json: unexpected finding BL201 arm-copy-loop.json:20 app-2\n');
      expect(stdout).toMatch(/✖ 1 failing \(of \d+ cases\)/);
      expect(code).toBe(1);
    } finally {
      project.cleanup();
    }
  });

  it('fails on a missing finding, and on an invalid case that produces none', async () => {
    const project = bl201Project();
    try {
      const invalid = path.join(project.dir, 'fixtures/BL201/invalid');
      renameSync(path.join(project.dir, 'fixtures/BL201/valid/arm-windows-agent-default.json'), path.join(invalid, 'arm-windows-agent-default.json'));
      writeFileSync(
        project.expected,
        readFileSync(project.expected, 'utf8') + 'arm-windows-agent-default.json:\n  - { rule: BL201, file: arm-windows-agent-default.json, line: 15, resource: app-01 }\n',
      );
      const { code, stdout } = await run(['test-policies', 'policies'], project.dir);
      expect(stdout).toContain('    invalid/arm-windows-agent-default.json: produced no BL201 finding\n');
      expect(stdout).toContain('    invalid/arm-windows-agent-default.json: missing finding BL201 arm-windows-agent-default.json:15 app-01\n');
      expect(code).toBe(1);
    } finally {
      project.cleanup();
    }
  });

  it('fails on a finding in a valid case, and on an invalid case without expectations', async () => {
    const project = bl201Project();
    try {
      const fixtures = path.join(project.dir, 'fixtures/BL201');
      renameSync(path.join(fixtures, 'invalid/arm-windows-agent-off.json'), path.join(fixtures, 'valid/arm-windows-agent-off.json'));
      cpSync(path.join(fixtures, 'invalid/arm-conditions.json'), path.join(fixtures, 'invalid/arm-conditions-copy.json'));
      writeFileSync(project.expected, readFileSync(project.expected, 'utf8').replace(/^arm-windows-agent-off\.json:\n.*\n/m, ''));
      const { code, stdout } = await run(['test-policies', 'policies'], project.dir);
      expect(stdout).toContain('    valid/arm-windows-agent-off.json: unexpected finding BL201 arm-windows-agent-off.json:15 sql-01\n');
      expect(stdout).toContain("    invalid/arm-conditions-copy.json: no expected findings: list them under 'arm-conditions-copy.json:' in invalid/expected.yaml\n");
      expect(code).toBe(1);
    } finally {
      project.cleanup();
    }
  });

  it('fails on a policy with no fixtures, naming where they go', async () => {
    const project = tempProject({});
    try {
      mkdirSync(path.join(project.dir, 'acme'));
      cpSync(path.join(REPO_ROOT, 'policies/BL202-extension-operations-disabled.yaml'), path.join(project.dir, 'acme/ACME202.yaml'));
      const policy = path.join(project.dir, 'acme/ACME202.yaml');
      writeFileSync(policy, readFileSync(policy, 'utf8').replace('id: BL202', 'id: AC202'));
      const { code, stdout } = await run(['test-policies', 'acme'], project.dir);
      expect(stdout).toContain('✖ AC202 extension-operations-disabled: 0 valid, 0 invalid\n    no fixtures: add cases to fixtures/AC202/valid/ and invalid/');
      expect(code).toBe(1);
    } finally {
      project.cleanup();
    }
  });

  it('exits 2 on a policy that does not load (a misspelt field), naming file, line and the field meant', async () => {
    const project = bl201Project();
    try {
      const policy = path.join(project.dir, 'policies/BL201.yaml');
      writeFileSync(policy, readFileSync(policy, 'utf8').replace('assert: vm.agent.provisioned !== false', 'assert: vm.agent.provisoned !== false'));
      const { code, stderr } = await run(['test-policies', 'policies'], project.dir);
      expect(stderr).toBe("backup-lint: policies/BL201.yaml:13:18: vm.agent has no field 'provisoned'; did you mean 'provisioned'?\n");
      expect(code).toBe(2);
    } finally {
      project.cleanup();
    }
  });
});

describe('backup-lint test-policies --fixtures', () => {
  it('reads the fixtures from the folder given, and refuses one that does not exist', async () => {
    const project = bl201Project();
    try {
      renameSync(path.join(project.dir, 'fixtures'), path.join(project.dir, 'cases'));
      expect((await run(['test-policies', 'policies'], project.dir)).stdout).toContain('no fixtures: add cases to fixtures/BL201/valid/ and invalid/');
      const given = await run(['test-policies', 'policies', '--fixtures', 'cases'], project.dir);
      expect(given.stdout).toMatch(/^✔ BL201 vm-agent-not-provisioned: \d+ valid, \d+ invalid \(cases\/BL201\)$/m);
      expect(given.code).toBe(0);
      expect(await run(['test-policies', 'policies', '--fixtures', 'nowhere'], project.dir)).toMatchObject({
        code: 2,
        stderr: "backup-lint: --fixtures: no such folder 'nowhere'\n",
      });
      expect((await run(['--fixtures', 'cases', '.'], project.dir)).stderr).toBe('backup-lint: --fixtures is an option of test-policies\n');
    } finally {
      project.cleanup();
    }
  });
});
