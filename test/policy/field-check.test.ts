import { loadPolicyText } from '../../src/policy/load';

const policy = (fields: Record<string, string>) =>
  [
    'id: TT101',
    'name: field-check',
    'title: Field check',
    'severity: warning',
    `subject: ${fields['subject'] ?? 'vm'}`,
    ...(fields['groupKind'] ? [`groupKind: ${fields['groupKind']}`] : []),
    `assert: ${fields['assert'] ?? 'vm.kind === "vm"'}`,
    `message: "${fields['message'] ?? 'm'}"`,
    ...(fields['at'] ? [`at: ${fields['at']}`] : []),
    'rationale: r',
    '',
  ].join('\n');

const problems = (fields: Record<string, string>) =>
  loadPolicyText(policy(fields), 'acme/p.yaml').errors.map((e) => `${e.line}:${e.column} ${e.message}`);

describe('policy member paths are checked against the domain field schema at load time', () => {
  it('names the misspelt field, its line and column, and the closest field', () => {
    expect(problems({ assert: 'vm.agent.provisoned !== false' })).toEqual(["6:18 vm.agent has no field 'provisoned'; did you mean 'provisioned'?"]);
  });

  it('checks message placeholders and `at`', () => {
    expect(problems({ message: 'VM {{ vm.labl }}', at: 'agent.provisonedd' })).toEqual([
      "7:20 vm has no field 'labl'; did you mean 'label'?",
      "8:11 vm.agent has no field 'provisonedd'; did you mean 'provisioned'?",
    ]);
  });

  it('follows arrays through some/find/index, facts, links and model.ofKind', () => {
    expect(problems({ assert: 'vm.guestTexts.some(t => t.proprety === "x")' })).toEqual(["6:35 t has no field 'proprety'; did you mean 'property'?"]);
    expect(problems({ assert: 'vm.facts.network.nics[0].nic.node.nsgid === null' })).toEqual([
      "6:43 vm.facts.network.nics[0].nic.node has no field 'nsgid'; did you mean 'nsgId'?",
    ]);
    expect(problems({ assert: 'model.ofKind("nsg").every(n => n.ruls.length === 0)' })).toEqual(["6:42 n has no field 'ruls'; did you mean 'rules'?"]);
    expect(problems({ assert: 'vm.nicIds.lenght > 0' })).toEqual(["6:19 vm.nicIds has no field 'lenght'; did you mean 'length'?"]);
    expect(problems({ assert: 'vm.guestTexts.text !== null' })).toEqual([
      "6:23 vm.guestTexts is a list: read its items with `some`, `find`, `[0]` …, not 'text'",
    ]);
  });

  it('refuses what is not for policies (the raw resource) and fields no node kind has', () => {
    expect(problems({ assert: 'vm.raw !== null' })).toEqual([
      '6:12 in `assert`: `raw` is not readable: policies see the domain model, not the source format (name a property as written in its file with `source(node, "field.path")`)',
    ]);
    expect(problems({ assert: 'model.resolve(vm.availabilitySetId)?.nme !== "x"' })).toEqual([
      "6:46 model.resolve(vm.availabilitySetId) has no field 'nme' (no node kind has one); did you mean 'name'?",
    ]);
  });

  it('checks group subjects: members, anchor and their paths in `at`', () => {
    expect(problems({ subject: 'group', groupKind: 'availabilitySet', assert: 'group.members.every(m => m.sise !== null)', at: 'members.scaleSetId' })).toEqual([
      "7:36 m has no field 'sise'; did you mean 'size'?",
    ]);
    expect(problems({ subject: 'group', groupKind: 'scaleSet', assert: 'group.members.length < 10', at: 'members.1.scaleSetID' })).toEqual([
      "9:15 group.members.1 has no field 'scaleSetID'; did you mean 'scaleSetId'?",
    ]);
  });

  it('lets correct paths, options and helper results through', () => {
    expect(
      problems({
        assert: 'vm.agent.provisioned !== false && options.anything !== 1 && lower(vm.os).length > 0 && vm.sources["agent.provisioned"].file !== ""',
        message: "{{ vm.facts.network.nics.map(n => n.nic.label).join('; ') }}",
        at: 'agent.provisioned',
      }),
    ).toEqual([]);
  });
});

describe('related.each', () => {
  const withRelated = (each: string, at: string) =>
    [
      'id: TT102',
      'name: each-check',
      'title: Each',
      'severity: warning',
      'subject: vm',
      'assert: vm.kind === "vm"',
      'message: m',
      'related:',
      `  - each: ${each}`,
      `    at: ${at}`,
      '    message: "{{ item.label }}"',
      'rationale: r',
      '',
    ].join('\n');
  const problems = (each: string, at: string) => loadPolicyText(withRelated(each, at), 'acme/e.yaml').errors.map((e) => `${e.line}:${e.column} ${e.message}`);

  it('checks `at` against the fields of the items, a link standing for its node', () => {
    expect(problems('vm.facts.network.nics.map(n => n.nic)', 'nsgId')).toEqual([]);
    expect(problems('vm.facts.network.nics.map(n => n.nic)', 'nsgID')).toEqual(["10:9 item has no field 'nsgID'; did you mean 'nsgId'?"]);
    expect(problems('model.ofKind("subnet")', 'routeTableId')).toEqual([]);
  });
});
