import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicyText, loadUserPolicies, PolicyLoadError, readUserPolicies } from '../../src/policy';

const VALID = `id: XX101
name: vm-must-have-agent
title: VM without agent
cause: 2
severity: error
errorCodes: [UserErrorGuestAgentStatusUnavailable]
subject: vm
assert: vm.agent.provisioned !== false
message: VM {{ vm.name }} has no agent
at: agent.provisioned
rationale: Backup needs the agent.
`;

function errorsOf(text: string, file = 'my-policies/p.yaml') {
  const result = loadPolicyText(text, file);
  expect(result.policy).toBeUndefined();
  return result.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`);
}

describe('valid policy', () => {
  test('compiles with its fields, expressions and defaults', () => {
    const { policy, errors } = loadPolicyText(VALID, 'p.yaml');
    expect(errors).toEqual([]);
    expect(policy).toMatchObject({
      id: 'XX101',
      name: 'vm-must-have-agent',
      cause: 2,
      severity: 'error',
      errorCodes: ['UserErrorGuestAgentStatusUnavailable'],
      implemented: true,
      subject: 'vm',
      at: 'agent.provisioned',
      related: [],
      optionDefaults: {},
      remediation: {},
      docs: [],
      file: 'p.yaml',
      positions: { id: { line: 1, column: 5 } },
    });
    expect(policy?.assert?.source).toBe('vm.agent.provisioned !== false');
    expect(policy?.message?.parts[0]).toBe('VM ');
    expect(policy?.message?.parts[2]).toBe(' has no agent');
  });

  test('option defaults come from the options schema', () => {
    const text = `${VALID}options:
  type: object
  properties:
    limit: { type: integer, minimum: 1, default: 10 }
    mode: { enum: [strict, lax], default: lax }
`;
    const { policy } = loadPolicyText(text, 'p.yaml');
    expect(policy?.optionDefaults).toEqual({ limit: 10, mode: 'lax' });
    expect(policy?.positions.options).toEqual({ line: 12, column: 1 });
  });

  test('a catalogue entry needs no subject or expressions', () => {
    const { policy, errors } = loadPolicyText('id: XX900\nname: later\ntitle: Later\nseverity: info\nimplemented: false\nrationale: Soon.\n', 'p.yaml');
    expect(errors).toEqual([]);
    expect(policy).toMatchObject({ implemented: false, cause: null });
    expect(policy?.assert).toBeUndefined();
  });
});

describe('schema errors name the line of the offending key or value', () => {
  test('an invalid enum value points at the value', () => {
    expect(errorsOf(VALID.replace('severity: error', 'severity: fatal'))).toEqual([
      'my-policies/p.yaml:5:11: `severity` must be one of: error, warning, info',
    ]);
  });

  test('a bad id pattern and an unknown field', () => {
    expect(errorsOf(VALID.replace('id: XX101', 'id: x1').replace('at: agent', 'colour: red\nat: agent'))).toEqual([
      'my-policies/p.yaml:10:1: unknown field `colour`',
      'my-policies/p.yaml:1:5: `id` must match ^[A-Z]{2,}[0-9]{3}$',
    ]);
  });

  test('a wrong type inside a list points at the item', () => {
    expect(errorsOf(VALID.replace('errorCodes: [UserErrorGuestAgentStatusUnavailable]', 'errorCodes:\n  - Fine\n  - [nested]'))).toEqual([
      'my-policies/p.yaml:8:5: `errorCodes.1` must be string',
    ]);
  });

  test('a missing required field of an implemented policy', () => {
    expect(errorsOf(VALID.replace('assert: vm.agent.provisioned !== false\n', ''))).toEqual([
      'my-policies/p.yaml:1:1: missing required field `assert`',
    ]);
  });

  test('an option without a default points at the options key', () => {
    const text = `${VALID}options:\n  type: object\n  properties:\n    limit:\n      type: integer\n`;
    expect(errorsOf(text)).toEqual(['my-policies/p.yaml:15:5: `options.properties.limit`: missing required field `default`']);
  });

  test('YAML syntax errors keep their position', () => {
    expect(errorsOf('id: XX101\nname: [unclosed\n')[0]).toMatch(/^my-policies\/p\.yaml:\d+:\d+: YAML: /);
  });
});

describe('expression errors point inside the policy file', () => {
  test('in a plain scalar', () => {
    expect(errorsOf(VALID.replace('assert: vm.agent.provisioned !== false', 'assert: vm.agent.constructor'))).toEqual([
      'my-policies/p.yaml:8:18: in `assert`: access to `constructor` is not allowed',
    ]);
  });

  test('in a literal block scalar, on its own line and column', () => {
    const text = VALID.replace(
      'assert: vm.agent.provisioned !== false',
      'assert: |\n  vm.agent.provisioned !== false &&\n    vm.nicIds.every(id =>\n      new Thing(id))',
    );
    expect(errorsOf(text)).toEqual(['my-policies/p.yaml:11:7: in `assert`: `new` is not allowed']);
  });

  test('in a folded block scalar', () => {
    const text = VALID.replace('assert: vm.agent.provisioned !== false', 'assert: >-\n  vm.agent.provisioned\n  !== false && this.x');
    expect(errorsOf(text)).toEqual(['my-policies/p.yaml:10:16: in `assert`: `this` is not allowed']);
  });

  test('in a double-quoted scalar', () => {
    expect(errorsOf(VALID.replace('assert: vm.agent.provisioned !== false', 'assert: "vm.ok && x++"'))).toEqual([
      'my-policies/p.yaml:8:19: in `assert`: increment and decrement (`++`, `--`) are not allowed',
    ]);
  });

  test('in a message placeholder', () => {
    expect(errorsOf(VALID.replace('message: VM {{ vm.name }} has no agent', 'message: VM {{ vm.name }} in {{ nsg.name }}'))).toEqual([
      'my-policies/p.yaml:9:33: in `message`: unknown identifier `nsg` (in scope: `vm`, `options`, `model` and arrow parameters)',
    ]);
  });

  test('in a placeholder on a later line of a block message', () => {
    const text = VALID.replace('message: VM {{ vm.name }} has no agent', 'message: |\n  VM {{ vm.name }}\n  has {{ vm.agent as any }}');
    expect(errorsOf(text)).toEqual([
      'my-policies/p.yaml:11:10: in `message`: type assertions (`as`) are not allowed: expressions are plain values, not TypeScript types',
    ]);
  });

  test('a syntax error', () => {
    expect(errorsOf(VALID.replace('assert: vm.agent.provisioned !== false', 'assert: vm.agent.provisioned !=='))).toEqual([
      'my-policies/p.yaml:8:33: in `assert`: syntax error: Expression expected.',
    ]);
  });
});

describe('user policy folders', () => {
  test('loads every YAML file and reports every problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bl-policies-'));
    writeFileSync(join(dir, 'a.yaml'), VALID);
    writeFileSync(join(dir, 'b.yml'), VALID.replace('severity: error', 'severity: loud'));
    writeFileSync(join(dir, 'c.yaml'), VALID.replace('name: vm-must-have-agent', 'name: other'));
    writeFileSync(join(dir, 'notes.txt'), 'not a policy');
    const { policies, errors } = readUserPolicies([dir]);
    expect(policies.map((p) => p.name)).toEqual(['vm-must-have-agent', 'other']);
    expect(errors.map((e) => [e.file.endsWith('b.yml') || e.file.endsWith('c.yaml'), e.line, e.message])).toEqual([
      [true, 5, '`severity` must be one of: error, warning, info'],
      [true, 1, 'duplicate rule id XX101 (also in ' + errors[0]!.file.replace('b.yml', 'a.yaml') + ')'],
    ]);
    expect(() => loadUserPolicies([dir])).toThrow(PolicyLoadError);
  });

  test('a missing folder is a configuration error', () => {
    const { errors } = readUserPolicies(['/nonexistent/policies']);
    expect(errors).toEqual([{ file: '/nonexistent/policies', line: 1, column: 1, message: 'policy folder not found', kind: 'configuration' }]);
  });
});
