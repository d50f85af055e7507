import { loadModel } from '../../src/lint';
import type { NicNode } from '../../src/model/domain';
import { SymbolicMember, SymbolicValue } from '../../src/model/symbolic-value';
import { isUnknown, SymbolicText, Unknown, type Value } from '../../src/model/unknown';
import { brief, runJson } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';
import { byName, expand, RG_PREFIX, RG_SCHEMA } from './expand-helpers';

const TOKEN = '\u0001';
const escaped = (text: string) => text.replace(/%/g, '%25').replace(/\//g, '%2f');
/** Identity of a member token: the parameter declared at `pointer` of infra/main.json, then `%.name` / `%[0]` steps. */
const member = (name: string, steps: string, pointer = `/parameters/${name}`) => `${TOKEN}${escaped(`infra/main.json#${pointer}`)}${steps}${TOKEN}`;

function symbolic(value: Value): SymbolicText {
  if (!(value instanceof SymbolicText)) throw new Error(`expected SymbolicText, got ${value instanceof Unknown ? `Unknown(${value.reason})` : JSON.stringify(value)}`);
  return value;
}

function plainUnknown(value: Value): Unknown {
  if (!(value instanceof Unknown) || value instanceof SymbolicText || value instanceof SymbolicValue) {
    throw new Error(`expected a plain Unknown, got ${String(value)} (${value?.constructor?.name})`);
  }
  return value;
}

const PARAMETERS = { vm: { type: 'object' }, vms: { type: 'array' }, other: { type: 'object' }, settings: { type: 'secureObject' } };

/** Evaluates expressions as properties of a probe resource (no parameter file unless `values` is given). */
function outputs(expressions: Record<string, unknown>, extra: { parameters?: Record<string, unknown>; values?: Record<string, unknown>; variables?: Record<string, unknown> } = {}): Record<string, Value> {
  const probe = { type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-01-01', name: 'probe', properties: expressions };
  const template = { parameters: { ...PARAMETERS, ...extra.parameters }, variables: extra.variables ?? {}, resources: [probe] };
  return byName(expand(template, extra.values), 'probe').values.properties as Record<string, Value>;
}

const NIC = 'Microsoft.Network/networkInterfaces';

describe('symbols for members of object and array parameters without value', () => {
  it('member and index access give symbolic text with the access path in display and identity', () => {
    const out = outputs({
      dot: "[parameters('vm').name]",
      bracket: "[parameters('vm')['name']]",
      indexed: "[parameters('vms')[0].name]",
      nested: "[parameters('vm').osProfile.computerName]",
      odd: "[parameters('vm')['my-key']]",
      secure: "[parameters('settings').prefix]",
    });
    const dot = symbolic(out.dot!);
    expect(dot).toBeInstanceOf(SymbolicMember);
    expect(dot.display).toBe('{vm.name}');
    expect(dot.identity).toBe(member('vm', '%.name'));
    expect(dot.reason).toBe("parameter 'vm' has no value");
    expect(isUnknown(dot)).toBe(true);
    expect(symbolic(out.bracket!).identity).toBe(dot.identity);
    const indexed = symbolic(out.indexed!);
    expect(indexed.display).toBe('{vms[0].name}');
    expect(indexed.identity).toBe(member('vms', '%[0]%.name'));
    expect(symbolic(out.nested!).display).toBe('{vm.osProfile.computerName}');
    expect(symbolic(out.nested!).identity).toBe(member('vm', '%.osProfile%.computerName'));
    expect(symbolic(out.odd!).display).toBe("{vm['my-key']}");
    expect(symbolic(out.secure!).display).toBe('{settings.prefix}');
    for (const value of Object.values(out)) expect(symbolic(value).identity.replace(/\u0001/g, '')).not.toMatch(/[/]/);
  });

  it('the same access joins; another path, parameter or a look-alike name does not', () => {
    const out = outputs(
      {
        a: "[parameters('vm').name]",
        b: "[parameters('vm').name]",
        case: "[parameters('vm').Name]",
        path: "[parameters('vm').id]",
        other: "[parameters('other').name]",
        index: "[parameters('vms')[1].name]",
        stringIndex: "[parameters('vms')['1'].name]",
        dotted: "[parameters('vm')['a.b']]",
        split: "[parameters('vm').a.b]",
      },
    );
    const identity = (key: string) => symbolic(out[key]!).identity;
    expect(identity('b')).toBe(identity('a'));
    const distinct = ['a', 'case', 'path', 'other', 'index', 'stringIndex', 'dotted', 'split'].map(identity);
    expect(new Set(distinct).size).toBe(distinct.length);
  });

  it('the whole parameter is a symbolic value, not text: string builders and other functions see a plain Unknown', () => {
    const out = outputs(
      {
        whole: "[parameters('vm')]",
        concat: "[concat(parameters('vm'), '-nic')]",
        string: "[string(parameters('vm'))]",
        format: "[format('{0}', parameters('vm'))]",
        byUnknown: "[parameters('vms')[parameters('n')].name]",
        negative: "[parameters('vms')[-1]]",
        length: "[length(parameters('vms'))]",
        empty: "[empty(parameters('vm'))]",
        contains: "[contains(parameters('vm'), 'name')]",
        equals: "[equals(parameters('vm').name, 'x')]",
        ifOnMember: "[if(parameters('vm').enabled, 'a', 'b')]",
        ifCondition: "[if(equals(parameters('vm').name, 'a'), 'b', 'c')]",
        union: "[union(parameters('vm'), createObject('a', 1))]",
        items: "[items(parameters('vm'))]",
        first: "[first(parameters('vms'))]",
        map: "[map(parameters('vms'), lambda('v', lambdaVariables('v').name))]",
        tryGet: "[tryGet(parameters('vm'), 'name')]",
        coalesceMember: "[coalesce(parameters('vm').name, 'x')]",
        memberOfString: "[parameters('s').name]",
      },
      { parameters: { n: { type: 'int' }, s: { type: 'string' } } },
    );
    expect(out.whole).toBeInstanceOf(SymbolicValue);
    expect((out.whole as SymbolicValue).display).toBe('{vm}');
    const { whole: _whole, ...rest } = out;
    for (const [key, value] of Object.entries(rest)) expect([key, plainUnknown(value) instanceof Unknown]).toEqual([key, true]);
  });

  it('members carry through string builders, resource IDs, pass-through functions and variables', () => {
    const out = outputs(
      {
        concat: "[concat(parameters('settings').prefix, '-nic')]",
        format: "[format('{0}-{1}', parameters('vm').name, parameters('vms')[0].name)]",
        id: `[resourceId('${NIC}', concat(parameters('vm').name, '-nic'))]`,
        lower: "[toLower(parameters('vm').name)]",
        ifTaken: "[if(true(), parameters('vm'), json('{}')).name]",
        variable: "[variables('nicName')]",
        variableObject: "[variables('config').vm.name]",
        created: "[createArray(parameters('vm'))[0].name]",
      },
      { variables: { nicName: "[concat(parameters('vm').name, '-nic')]", config: { vm: "[parameters('vm')]" } } },
    );
    expect(symbolic(out.concat!).display).toBe('{settings.prefix}-nic');
    expect(symbolic(out.format!).display).toBe('{vm.name}-{vms[0].name}');
    const id = symbolic(out.id!);
    expect(id.display).toBe(`${RG_PREFIX}/${NIC}/{vm.name}-nic`);
    expect(id.identity).toBe(`${RG_PREFIX}/${NIC}/${member('vm', '%.name')}-nic`);
    expect(symbolic(out.lower!).identity).toBe(member('vm', '%.name'));
    expect(symbolic(out.ifTaken!).display).toBe('{vm.name}');
    expect(symbolic(out.variable!).identity).toBe(`${member('vm', '%.name')}-nic`);
    expect(symbolic(out.variableObject!).display).toBe('{vm.name}');
    expect(symbolic(out.created!).display).toBe('{vm.name}');
  });

  it('a parameter with a value or default, and a nullable one, are unaffected', () => {
    const out = outputs(
      {
        given: "[parameters('vm').name]",
        defaulted: "[parameters('withDefault').name]",
        nullable: "[parameters('optional').name]",
        nullableWhole: "[parameters('optional')]",
        int: "[parameters('n')]",
      },
      {
        parameters: { withDefault: { type: 'object', defaultValue: { name: 'vm-1' } }, optional: { type: 'object', nullable: true }, n: { type: 'int' } },
        values: { vm: { value: { name: 'vm-0' } } },
      },
    );
    expect(out.given).toBe('vm-0');
    expect(out.defaulted).toBe('vm-1');
    for (const key of ['nullable', 'nullableWhole', 'int']) plainUnknown(out[key]!);
  });

  it('Bicep user-defined types are followed through local definitions; a nullable type stays plain Unknown', () => {
    const probe = {
      type: 'Microsoft.Storage/storageAccounts',
      apiVersion: '2023-01-01',
      name: 'probe',
      properties: {
        typed: "[parameters('typed').name]",
        aliased: "[parameters('aliased').name]",
        text: "[parameters('label')]",
        nullableRef: "[parameters('maybe').name]",
        nullableDefinition: "[parameters('optional').name]",
        unresolved: "[parameters('missing').name]",
        cyclic: "[parameters('cyclic').name]",
      },
    };
    const result = expand({
      definitions: {
        vmType: { type: 'object', properties: { name: { type: 'string' } } },
        alias: { $ref: '#/definitions/vmType' },
        labelType: { type: 'string', maxLength: 10 },
        optionalType: { type: 'object', nullable: true },
        loopA: { $ref: '#/definitions/loopB' },
        loopB: { $ref: '#/definitions/loopA' },
      },
      parameters: {
        typed: { $ref: '#/definitions/vmType' },
        aliased: { $ref: '#/definitions/alias' },
        label: { $ref: '#/definitions/labelType' },
        maybe: { $ref: '#/definitions/vmType', nullable: true },
        optional: { $ref: '#/definitions/optionalType' },
        missing: { $ref: '#/definitions/nope' },
        cyclic: { $ref: '#/definitions/loopA' },
      },
      resources: [probe],
    }, undefined, 'bicep-json');
    const out = byName(result, 'probe').values.properties as Record<string, Value>;
    expect(symbolic(out.typed!).display).toBe('{typed.name}');
    expect(symbolic(out.aliased!).display).toBe('{aliased.name}');
    expect(symbolic(out.text!)).not.toBeInstanceOf(SymbolicMember);
    expect(symbolic(out.text!).display).toBe('{label}');
    for (const key of ['nullableRef', 'nullableDefinition', 'unresolved', 'cyclic']) plainUnknown(out[key]!);
  });

  it('a copy loop over a known count indexes the symbolic array; a count from its length stays unknown', () => {
    const result = expand({
      parameters: { vms: { type: 'array' } },
      resources: [
        { type: NIC, apiVersion: '2023-04-01', name: "[parameters('vms')[copyIndex()].name]", copy: { name: 'two', count: 2 }, properties: {} },
        { type: NIC, apiVersion: '2023-04-01', name: "[concat(parameters('vms')[copyIndex()].name, '-b')]", copy: { name: 'all', count: "[length(parameters('vms'))]" }, properties: {} },
      ],
    });
    const names = result.resources.map((r) => (r.name instanceof SymbolicText ? r.name.display : r.name instanceof SymbolicValue ? 'SymbolicValue' : isUnknown(r.name) ? 'unknown' : r.name));
    expect(names).toEqual(['{vms[0].name}', '{vms[1].name}', 'unknown']);
  });

  it('an inner-scope nested template receiving a symbolic object keeps its identity; its own object parameter is another symbol', () => {
    const inner = (passed: Record<string, unknown>) => ({
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2022-09-01',
      name: `inner-${Object.keys(passed).length}`,
      properties: {
        mode: 'Incremental',
        expressionEvaluationOptions: { scope: 'inner' },
        parameters: passed,
        template: {
          $schema: RG_SCHEMA,
          contentVersion: '1.0.0.0',
          parameters: { vm: { type: 'object' } },
          resources: [{ type: NIC, apiVersion: '2023-04-01', name: "[concat(parameters('vm').name, '-nic')]", properties: {} }],
        },
      },
    });
    const result = expand({
      parameters: { vm: { type: 'object' }, vms: { type: 'array' } },
      resources: [
        { type: NIC, apiVersion: '2023-04-01', name: "[concat(parameters('vm').name, '-nic')]", properties: {} },
        inner({}),
        inner({ vm: { value: "[parameters('vm')]" } }),
        { ...inner({ vm: { value: "[parameters('vms')[copyIndex()]]" }, from: { value: 'loop' } }), copy: { name: 'each', count: 1 }, name: "[concat('inner-loop-', copyIndex())]" },
      ],
    });
    const nics = result.resources.filter((r) => r.type === NIC).map((r) => symbolic(r.name));
    expect(nics.map((n) => n.display)).toEqual(['{vm.name}-nic', '{vm.name}-nic', '{vm.name}-nic', '{vms[0].name}-nic']);
    const [outer, own, passed, looped] = nics;
    expect(passed!.identity).toBe(outer!.identity);
    expect(own!.identity).not.toBe(outer!.identity);
    expect(own!.identity).toBe(`${member('vm', '%.name', '/resources/1/properties/template/parameters/vm')}-nic`);
    expect(looped!.identity).toBe(`${member('vms', '%[0]%.name')}-nic`);
  });
});

const schema = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

/** A VM and its NIC named from one object parameter without value; the VM has no agent (BL201). */
const template = {
  $schema: schema,
  contentVersion: '1.0.0.0',
  parameters: { vm: { type: 'object' } },
  resources: [
    {
      type: NIC,
      apiVersion: '2024-05-01',
      name: "[concat(parameters('vm').name, '-nic')]",
      properties: { ipConfigurations: [{ name: 'ipconfig1', properties: { privateIPAllocationMethod: 'Dynamic' } }] },
    },
    {
      type: 'Microsoft.Compute/virtualMachines',
      apiVersion: '2024-07-01',
      name: "[parameters('vm').name]",
      properties: {
        networkProfile: { networkInterfaces: [{ id: `[resourceId('${NIC}', concat(parameters('vm').name, '-nic'))]` }] },
        osProfile: { computerName: 'vm', adminUsername: 'azureuser', linuxConfiguration: { provisionVMAgent: false } },
      },
    },
  ],
};

describe('the model joins resources named from members of an object parameter', () => {
  const text = JSON.stringify(template, null, 2);
  const project = tempProject({ 'a/main.json': text, 'b/main.json': text });
  afterAll(() => project.cleanup());

  it('resolves the VM NIC reference built from the same member, within one file only', async () => {
    const { model } = await loadModel({ cwd: project.dir, paths: ['.'], ignore: [], parameterPairs: new Map(), context: {} });
    const vms = model.ofKind('vm');
    expect(vms.map((vm) => [vm.file, vm.label])).toEqual([
      ['a/main.json', '{vm.name}'],
      ['b/main.json', '{vm.name}'],
    ]);
    for (const vm of vms) {
      const nic = model.resolve((vm.nicIds as unknown[])[0]) as NicNode;
      expect(nic).toMatchObject({ kind: 'nic', label: '{vm.name}-nic', file: vm.file });
    }
  });

  it('BL201 reports the VM by its symbolic name', async () => {
    const { report } = await runJson(['a/main.json'], { cwd: project.dir });
    const agentLine = text.split('\n').findIndex((line) => line.includes('provisionVMAgent')) + 1;
    expect(report.findings.map(brief)).toEqual([`BL201 a/main.json:${agentLine} {vm.name}`]);
    expect(report.findings[0]).toMatchObject({ resource: { type: 'Microsoft.Compute/virtualMachines', name: '{vm.name}' } });
  });
});
