import { loadModel } from '../../src/lint';
import type { DomainNode } from '../../src/model/domain';
import { fieldsOf, GROUP_SCHEMA, NODE_SCHEMA, type Shape } from '../../src/model/field-schema';
import { runAnalyses } from '../../src/analysis';
import { isUnknown } from '../../src/model/unknown';
import { FIXTURES } from '../helpers/run-cli';

/**
 * The field schema is declared next to the domain types and the type checker holds its keys to theirs; this test
 * holds it to the nodes the builders really make: every field a node carries is in the schema, and every field the
 * schema does not mark optional is there.
 */
function mismatches(value: unknown, shape: Shape, path: string, out: string[]): void {
  if (value === null || value === undefined || isUnknown(value)) return;
  if (shape.type === 'array') {
    if (!Array.isArray(value)) out.push(`${path}: expected a list`);
    else value.forEach((item, i) => mismatches(item, shape.items, `${path}[${i}]`, out));
    return;
  }
  if (shape.type === 'node' || shape.type === 'group') return; // checked where the node itself is walked
  if (shape.type === 'map') {
    for (const [key, item] of Object.entries(value as object)) mismatches(item, shape.values, `${path}.${key}`, out);
    return;
  }
  const fields = fieldsOf(shape);
  if (!fields) return;
  if (typeof value !== 'object') {
    out.push(`${path}: expected an object, got ${typeof value}`);
    return;
  }
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(fields, key)) out.push(`${path}.${key}: not in the field schema`);
  }
  for (const [key, field] of Object.entries(fields)) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined && !field.optional) out.push(`${path}.${key}: missing, but not optional in the schema`);
    else if (!field.hidden) mismatches(item, field.shape, `${path}.${key}`, out);
  }
}

const FIXTURE_DIRS = ['BL201', 'BL202', 'analysis', 'tf-eval', 'tfplan-eval', 'clean', 'mixed'];

describe('the domain field schema matches the nodes the builders make', () => {
  it.each(FIXTURE_DIRS)('fixtures/%s: every node field is in the schema and every required one is present', async (dir) => {
    const { model, analysis } = await loadModel({ cwd: FIXTURES, paths: [dir], ignore: [], parameterPairs: new Map(), context: {} });
    expect(model.nodes.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const node of model.nodes as DomainNode[]) mismatches(node, NODE_SCHEMA[node.kind], `${node.kind} ${node.label}`, problems);
    for (const group of analysis.groups) mismatches(group, GROUP_SCHEMA, `group ${group.label}`, problems);
    expect(problems).toEqual([]);
  });

  it('is held to every node kind: the fixtures hold each kind, from ARM and from Terraform', async () => {
    const { model } = await loadModel({ cwd: FIXTURES, paths: ['analysis/kinds', 'analysis/network'], ignore: [], parameterPairs: new Map(), context: {} });
    const kinds = new Set(model.nodes.map((n) => n.kind));
    expect([...kinds].sort()).toEqual(Object.keys(NODE_SCHEMA).sort());
    const problems: string[] = [];
    for (const node of model.nodes as DomainNode[]) mismatches(node, NODE_SCHEMA[node.kind], `${node.kind} ${node.label}`, problems);
    expect(problems).toEqual([]);
  });

  it('covers the facts the analyses write', async () => {
    const { model } = await loadModel({ cwd: FIXTURES, paths: ['analysis'], ignore: [], parameterPairs: new Map(), context: {} });
    await runAnalyses(model);
    const vm = model.ofKind('vm')[0]!;
    const problems: string[] = [];
    mismatches(vm, NODE_SCHEMA.vm, 'vm', problems);
    expect(vm.facts?.network).toBeDefined();
    expect(problems).toEqual([]);
  });

  it('tells a field the schema lacks and a required field a node lacks (the check can fail)', async () => {
    const { model } = await loadModel({ cwd: FIXTURES, paths: ['clean'], ignore: [], parameterPairs: new Map(), context: {} });
    const { os, ...withoutOs } = model.ofKind('vm')[0]!;
    void os;
    const problems: string[] = [];
    mismatches({ ...withoutOs, agent: { ...withoutOs.agent, provisoned: true } }, NODE_SCHEMA.vm, 'vm', problems);
    expect(problems).toEqual(['vm.os: missing, but not optional in the schema', 'vm.agent.provisoned: not in the field schema']);
  });
});
