import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileBuiltins } from '../../src/policy/compile-builtins';
import { catalogue, loadBuiltinPolicies, runPolicies, type CompiledPolicy } from '../../src/policy';
import { modelOf, vmNode } from './nodes';

const ROOT = join(__dirname, '..', '..');
const POLICIES = join(ROOT, 'policies');

function compileToTemp(policyDir: string = POLICIES): { errors: ReturnType<typeof compileBuiltins>; out: string } {
  const out = join(mkdtempSync(join(tmpdir(), 'bl-builtins-')), 'builtin-policies.json');
  return { errors: compileBuiltins(policyDir, out, ROOT), out };
}

let compiled: CompiledPolicy[];

beforeAll(() => {
  const { errors, out } = compileToTemp();
  expect(errors).toEqual([]);
  compiled = loadBuiltinPolicies(out);
});

describe('compile-builtins', () => {
  test('round trip: the JSON holds every policy file, compiled, and loads back without the YAML', () => {
    const files = readdirSync(POLICIES).filter((f) => f.endsWith('.yaml'));
    expect(compiled.map((p) => `${p.id}-${p.name}.yaml`)).toEqual(files.sort());
    const bl201 = compiled.find((p) => p.id === 'BL201');
    expect(bl201?.assert?.ast).toMatchObject({ type: 'Binary', operator: '!==' });
    expect(bl201?.file).toBe('policies/BL201-vm-agent-not-provisioned.yaml');
  });

  test('a broken built-in fails the build with file:line: message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bl-broken-'));
    const policies = join(dir, 'policies');
    mkdirSync(policies);
    copyFileSync(join(POLICIES, 'BL202-extension-operations-disabled.yaml'), join(policies, 'BL202-extension-operations-disabled.yaml'));
    const text = readFileSync(join(POLICIES, 'BL201-vm-agent-not-provisioned.yaml'), 'utf8');
    writeFileSync(join(policies, 'BL201-vm-agent-not-provisioned.yaml'), text.replace('assert: vm.agent.provisioned !== false', 'assert: vm.agent.provisioned = false'));
    writeFileSync(join(policies, 'BL999-misnamed.yaml'), 'id: BL998\nname: other\ntitle: T\nseverity: info\nimplemented: false\nrationale: r\n');
    const errors = compileBuiltins(policies, join(dir, 'out.json'), dir);
    expect(errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`)).toEqual([
      'policies/BL201-vm-agent-not-provisioned.yaml:13:9: in `assert`: assignment is not allowed',
      'policies/BL999-misnamed.yaml:1:5: a built-in policy file must be named BL998-other.yaml',
    ]);
    expect(existsSync(join(dir, 'out.json'))).toBe(false);
  });
});

describe('catalogue', () => {
  // DESIGN §3 (contract): id, name, cause, default severity.
  const DESIGN: [string, string, number | null, string][] = [
    ['BL001', 'parse-error', null, 'error'],
    ['BL002', 'evaluation-limit', null, 'warning'],
    ['BL101', 'egress-blocked-by-nsg', 1, 'error'],
    ['BL102', 'egress-blackholed-by-route', 1, 'error'],
    ['BL103', 'egress-via-appliance-unverified', 1, 'warning'],
    ['BL104', 'proxy-path-blocked', 1, 'error'],
    ['BL105', 'wireserver-blocked-in-guest', 1, 'error'],
    ['BL201', 'vm-agent-not-provisioned', 2, 'error'],
    ['BL202', 'extension-operations-disabled', 2, 'error'],
    ['BL203', 'guest-agent-disabled', 2, 'error'],
    ['BL204', 'agent-autoupdate-disabled', 2, 'warning'],
    ['BL205', 'agent-installed-from-source', 2, 'warning'],
    ['BL301', 'snapshot-extension-pinned', 3, 'warning'],
    ['BL302', 'snapshot-extension-os-mismatch', 3, 'error'],
    ['BL303', 'iaasvmprovider-disabled', 3, 'error'],
    ['BL401', 'guest-static-ip', 4, 'error'],
    ['BL402', 'backup-schedule-congestion', 4, 'warning'],
    ['BL403', 'sql-backup-without-copy-only', 4, 'warning'],
    ['BL404', 'vm-undersized-for-snapshot', 4, 'info'],
    ['BL405', 'vm-protected-twice', 4, 'error'],
  ];

  test('lists every rule of DESIGN §3 with its contract name, cause and default severity', () => {
    expect(catalogue(compiled).map((e) => [e.id, e.name, e.cause, e.severity])).toEqual(DESIGN);
  });

  test('marks every rule of the catalogue implemented (BL001 and BL002 are reported by the command)', () => {
    expect(catalogue(compiled).filter((e) => e.implemented).map((e) => e.id)).toEqual(['BL001', 'BL002', 'BL101', 'BL102', 'BL103', 'BL104', 'BL105', 'BL201', 'BL202', 'BL203', 'BL204', 'BL205', 'BL301', 'BL302', 'BL303', 'BL401', 'BL402', 'BL403', 'BL404', 'BL405']);
    expect(compiled.find((p) => p.id === 'BL001')?.assert).toBeUndefined();
  });

  test('every entry has a title and a rationale; BL402 has its option defaults', () => {
    for (const entry of catalogue(compiled)) {
      expect(entry.title.length).toBeGreaterThan(10);
      expect(entry.rationale.length).toBeGreaterThan(100);
    }
    expect(catalogue(compiled).find((e) => e.id === 'BL402')?.optionDefaults).toEqual({
      groupBy: 'availability-set',
      maxConcurrentPerGroup: 10,
      windowMinutes: 60,
      maxConcurrentPerVault: 100,
    });
  });
});

describe('BL201 and BL202', () => {
  // The messages name the property as the field's source records it in its file, whatever the node's format.
  const declaredOff = vmNode({
    name: 'app-vm',
    agent: { provisioned: false, provisionedByDefault: false, extensionOperationsAllowed: false },
    sources: {
      'agent.provisioned': { file: 'vm.json', pointer: '/resources/0/properties/osProfile/linuxConfiguration/provisionVMAgent', property: 'provisionVMAgent' },
      'agent.extensionOperationsAllowed': { file: 'vm.json', pointer: '/resources/0/properties/osProfile/allowExtensionOperations', property: 'allowExtensionOperations' },
    },
  });
  const legacyTf = vmNode({
    name: 'azurerm_virtual_machine.legacy',
    format: 'tf',
    agent: { provisioned: false, provisionedByDefault: true, extensionOperationsAllowed: true },
  });
  const tfDeclared = vmNode({
    name: 'azurerm_linux_virtual_machine.app',
    format: 'tfplan',
    agent: { provisioned: false, provisionedByDefault: false, extensionOperationsAllowed: false },
    sources: {
      'agent.provisioned': { file: 'infra/main.tf', line: 9, column: 3, property: 'provision_vm_agent' },
      'agent.extensionOperationsAllowed': { file: 'infra/main.tf', line: 10, column: 3, property: 'allow_extension_operations' },
    },
  });

  function messages(vms: ReturnType<typeof vmNode>[]): [string, string][] {
    const result = runPolicies(compiled, modelOf(vms), {});
    expect(result.errors).toEqual([]);
    return result.findings.map((f) => [f.policy.id, f.message]);
  }

  test('say whether the value was declared or is the legacy azurerm default', () => {
    expect(messages([declaredOff, legacyTf, tfDeclared])).toEqual([
      [
        'BL201',
        "VM 'app-vm' is deployed without the Azure VM agent (provisionVMAgent: false), so Azure Backup cannot install its snapshot extension or get snapshot status.",
      ],
      [
        'BL201',
        "VM 'azurerm_virtual_machine.legacy' is deployed without the Azure VM agent (not declared: the legacy azurerm_virtual_machine defaults os_profile_windows_config.provision_vm_agent to false), so Azure Backup cannot install its snapshot extension or get snapshot status.",
      ],
      [
        'BL201',
        "VM 'azurerm_linux_virtual_machine.app' is deployed without the Azure VM agent (provision_vm_agent = false), so Azure Backup cannot install its snapshot extension or get snapshot status.",
      ],
      [
        'BL202',
        "VM 'app-vm' disallows extension operations (allowExtensionOperations: false), so Azure Backup cannot install or update its snapshot extension.",
      ],
      [
        'BL202',
        "VM 'azurerm_linux_virtual_machine.app' disallows extension operations (allow_extension_operations = false), so Azure Backup cannot install or update its snapshot extension.",
      ],
    ]);
  });

  test('stay silent on a VM with the agent and extensions allowed', () => {
    expect(messages([vmNode({ name: 'ok' })])).toEqual([]);
  });
});

// `npm test` builds first; the measurement needs the compiled dist/ (no TypeScript at runtime).
const built = existsSync(join(ROOT, 'dist', 'builtin-policies.json')) && existsSync(join(ROOT, 'dist', 'policy', 'index.js'));
(built ? test : test.skip)('loading the built-in policies from dist loads neither yaml, ajv nor the TypeScript parser', () => {
  const script = `
    require('./dist/policy').loadBuiltinPolicies();
    const loaded = Object.keys(require.cache).filter((f) => /node_modules[\\\\/](typescript|@typescript-eslint|yaml|ajv)[\\\\/]/.test(f));
    process.stdout.write(JSON.stringify(loaded));`;
  expect(JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }))).toEqual([]);
});
