import { SymbolicText, unknown } from '../../src/model/unknown';
import { loadPolicyText, runPolicies, type CompiledPolicy } from '../../src/policy';
import { modelOf, vmNode } from './nodes';

function policy(text: string): CompiledPolicy {
  const { policy: compiled, errors } = loadPolicyText(text, 'policies/test.yaml');
  if (!compiled) throw new Error(errors.map((e) => `${e.line}:${e.column} ${e.message}`).join('\n'));
  return compiled;
}

const AGENT = policy(`id: TT201
name: agent-off
title: Agent off
cause: 2
severity: error
errorCodes: [UserErrorGuestAgentStatusUnavailable]
subject: vm
when: vm.os !== "windows"
assert: vm.agent.provisioned !== false
at: agent.provisioned
message: VM {{ vm.name }} ({{ vm.size }}) has no agent
related:
  - at: nicIds
    message: first NIC {{ vm.nicIds[0] }}
rationale: Backup needs the agent.
remediation:
  arm: set provisionVMAgent
  terraform: set provision_vm_agent
`);

const SIZE_LIMIT = policy(`id: TT404
name: size-limit
title: Too many NICs
severity: warning
subject: vm
assert: vm.nicIds.length <= options.maxNics
message: VM {{ vm.name }} has more than {{ options.maxNics }} NICs
options:
  type: object
  properties:
    maxNics: { type: integer, minimum: 0, default: 1 }
rationale: Test.
`);

const noAgentAt = { file: 'vm.json', pointer: '/resources/0/properties/osProfile/linuxConfiguration/provisionVMAgent' };
const withoutAgent = vmNode({
  name: 'app-vm',
  agent: { provisioned: false, provisionedByDefault: false, extensionOperationsAllowed: true },
  nicIds: ['nic-1', 'nic-2'],
  sources: { 'agent.provisioned': noAgentAt, nicIds: { file: 'vm.json', pointer: '/resources/0/properties/networkProfile' } },
});

describe('runPolicies', () => {
  test('a false assert is a finding with message, location, related location and the fix for the format', () => {
    const result = runPolicies([AGENT], modelOf([withoutAgent]), {});
    expect(result.errors).toEqual([]);
    expect(result.skippedChecks).toEqual([]);
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding).toMatchObject({
      severity: 'error',
      message: 'VM app-vm (Standard_B2s) has no agent',
      at: noAgentAt,
      related: [{ at: { file: 'vm.json', pointer: '/resources/0/properties/networkProfile' }, message: 'first NIC nic-1' }],
      fix: 'set provisionVMAgent',
    });
    expect(finding?.node).toBe(withoutAgent);
    expect(finding?.policy).toBe(AGENT);
    expect(finding).not.toHaveProperty('conditional');
  });

  test('a true assert gives nothing', () => {
    const result = runPolicies([AGENT], modelOf([vmNode({ name: 'fine' })]), {});
    expect(result).toEqual({ findings: [], skippedChecks: [], errors: [] });
  });

  test('a false `when` skips the node silently', () => {
    const windows = vmNode({ ...withoutAgent, name: 'win', os: 'windows' });
    expect(runPolicies([AGENT], modelOf([windows]), {})).toEqual({ findings: [], skippedChecks: [], errors: [] });
  });

  test('an Unknown assert is a skipped check with the Unknown reason and kind, not a finding', () => {
    const vm = vmNode({
      name: 'maybe',
      agent: { provisioned: unknown("parameter 'agent' has no value", undefined, 'deploy-time-input'), provisionedByDefault: false, extensionOperationsAllowed: true },
    });
    const result = runPolicies([AGENT], modelOf([vm]), {});
    expect(result.findings).toEqual([]);
    expect(result.skippedChecks).toEqual([{ ruleId: 'TT201', resource: 'maybe', file: 'vm.json', reason: "parameter 'agent' has no value", kind: 'deploy-time-input' }]);
  });

  test('an Unknown `when` is a skipped check too', () => {
    const vm = vmNode({ ...withoutAgent, name: 'os?', os: unknown('image from a parameter') });
    const result = runPolicies([AGENT], modelOf([vm]), {});
    expect(result.findings).toEqual([]);
    expect(result.skippedChecks).toEqual([
      { ruleId: 'TT201', resource: 'os?', file: 'vm.json', reason: 'whether the rule applies is unknown: image from a parameter', kind: 'not-evaluated' },
    ]);
  });

  test('an Unknown inside a message renders as (unknown)', () => {
    const vm = vmNode({ ...withoutAgent, name: unknown('name from a parameter'), size: unknown('size') });
    expect(runPolicies([AGENT], modelOf([vm]), {}).findings[0]?.message).toBe('VM (unknown) ((unknown)) has no agent');
  });

  test('symbolic text (built from deploy-time inputs) renders as its display, and names skipped checks', () => {
    const name = new SymbolicText([{ display: '{vmName}', identity: 'vm.json#%2fparameters%2fvmName' }, '-01'], "parameter 'vmName' has no value");
    const vm = vmNode({ ...withoutAgent, name, size: unknown('size') });
    expect(runPolicies([AGENT], modelOf([vm]), {}).findings[0]?.message).toBe('VM {vmName}-01 ((unknown)) has no agent');
    const maybe = vmNode({ name, agent: { provisioned: unknown('agent'), provisionedByDefault: false, extensionOperationsAllowed: true } });
    expect(runPolicies([AGENT], modelOf([maybe]), {}).skippedChecks[0]).toMatchObject({ resource: '{vmName}-01' });
  });

  test('a rule turned off by ID or by name does not run', () => {
    expect(runPolicies([AGENT], modelOf([withoutAgent]), { TT201: { severity: 'off' } }).findings).toEqual([]);
    expect(runPolicies([AGENT], modelOf([withoutAgent]), { 'agent-off': { severity: 'off' } }).findings).toEqual([]);
  });

  test('a configured severity replaces the default', () => {
    expect(runPolicies([AGENT], modelOf([withoutAgent]), { TT201: { severity: 'info' } }).findings[0]?.severity).toBe('info');
  });

  test('options default from the schema and can be overridden', () => {
    const model = modelOf([withoutAgent]);
    const byDefault = runPolicies([SIZE_LIMIT], model, {});
    expect(byDefault.findings.map((f) => [f.severity, f.message])).toEqual([['warning', 'VM app-vm has more than 1 NICs']]);
    expect(runPolicies([SIZE_LIMIT], model, { TT404: { options: { maxNics: 2 } } }).findings).toEqual([]);
  });

  test('invalid or unknown options are configuration errors and the rule does not run', () => {
    const result = runPolicies([SIZE_LIMIT], modelOf([withoutAgent]), { TT404: { options: { maxNics: -1, colour: 'red' } } });
    expect(result.findings).toEqual([]);
    expect(result.errors).toEqual([
      {
        file: 'policies/test.yaml',
        line: 8,
        column: 1,
        kind: 'configuration',
        message: 'rule TT404 (size-limit): invalid options in the configuration: unknown option `colour`; option `maxNics` must be >= 0',
      },
    ]);
    const noOptions = runPolicies([AGENT], modelOf([withoutAgent]), { TT201: { options: { x: 1 } } });
    expect(noOptions.errors.map((e) => [e.kind, e.message])).toEqual([
      ['configuration', 'rule TT201 (agent-off): has no options, but the configuration sets x'],
    ]);
  });

  test('a conditional node carries its condition into the finding', () => {
    const vm = vmNode({ ...withoutAgent, conditional: "condition [parameters('deployVm')] is unknown" });
    expect(runPolicies([AGENT], modelOf([vm]), {}).findings[0]?.conditional).toBe("condition [parameters('deployVm')] is unknown");
  });

  test('`existing` resources are references, never checked', () => {
    const vm = vmNode({ ...withoutAgent, raw: { ...withoutAgent.raw, existing: true } });
    expect(runPolicies([AGENT], modelOf([vm]), {}).findings).toEqual([]);
  });

  test('the fix follows the node format: Terraform text for tf, ARM text when Bicep has none', () => {
    const tf = vmNode({ ...withoutAgent, name: 'tf-vm', format: 'tf' });
    const bicep = { ...vmNode({ ...withoutAgent, name: 'bicep-vm' }), format: 'bicep-json' as const };
    const findings = runPolicies([AGENT], modelOf([tf, bicep]), {}).findings;
    expect(findings.map((f) => f.fix)).toEqual(['set provision_vm_agent', 'set provisionVMAgent']);
  });

  test('the location falls back to the nearest declared ancestor field, then to the node', () => {
    const vm = vmNode({ ...withoutAgent, sources: { agent: { file: 'vm.json', pointer: '/resources/0/properties/osProfile' } } });
    expect(runPolicies([AGENT], modelOf([vm]), {}).findings[0]?.at.pointer).toBe('/resources/0/properties/osProfile');
    const bare = vmNode({ ...withoutAgent, sources: {} });
    expect(runPolicies([AGENT], modelOf([bare]), {}).findings[0]?.at).toBe(bare.at);
  });

  test('an evaluation error is reported once per policy position, with the line in the policy file', () => {
    const broken = policy(`id: TT999
name: broken
title: Broken
severity: error
subject: vm
assert: |
  vm.agent.provisioned &&
    vm.nicIds[5].deeper
message: never
rationale: Test.
`);
    const result = runPolicies([broken], modelOf([vmNode({ name: 'a' }), vmNode({ name: 'b' })]), {});
    expect(result.findings).toEqual([]);
    expect(result.errors).toEqual([
      {
        file: 'policies/test.yaml',
        line: 8,
        column: 5,
        kind: 'evaluation',
        message: 'rule TT999, `assert` on a: cannot read `deeper` of undefined (use `?.` if it may be absent)',
      },
    ]);
  });

  test('an assert that is not a boolean is an evaluation error', () => {
    const sloppy = policy('id: TT998\nname: sloppy\ntitle: S\nseverity: error\nsubject: vm\nassert: vm.nicIds.length\nmessage: m\nrationale: r\n');
    const result = runPolicies([sloppy], modelOf([vmNode({ name: 'a' })]), {});
    expect(result.errors.map((e) => [e.line, e.column, e.message])).toEqual([[6, 9, 'rule TT998, `assert` on a: must be true or false, got number']]);
  });

  test('catalogue-only policies never run', () => {
    const later = policy('id: TT100\nname: later\ntitle: L\nseverity: error\nimplemented: false\nrationale: r\n');
    expect(runPolicies([later], modelOf([withoutAgent]), {})).toEqual({ findings: [], skippedChecks: [], errors: [] });
  });
});
