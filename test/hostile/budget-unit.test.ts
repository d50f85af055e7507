import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expand } from '../arm/expand-helpers';
import { readModule } from '../terraform/hcl-helpers';
import { readTerraformModule } from '../../src/formats/terraform/hcl';
import { DEFAULT_LIMITS, EvaluationBudget, firstTooDeep, withBudget } from '../../src/formats/budget';
import { measureValue } from '../../src/model/measure';
import { findUnknown, isUnknown, Unknown, type Value } from '../../src/model/unknown';

/** The evaluation budget (issue #14 part 3) in process: where each limit is reported and what it leaves Unknown. */

/** A value standing for 2^depth leaves in `depth` distinct arrays, as `concat(x, x)` chains build them. */
function doubled(depth: number, leaf: Value): Value {
  let value: Value = [leaf];
  for (let i = 0; i < depth; i++) value = [value, value];
  return value;
}

describe('measuring and walking shared values', () => {
  it('measures a value of 2^60 leaves by its distinct parts, saturating just above the cap', () => {
    expect(measureValue(doubled(60, 'x'), 1_000_000)).toBe(1_000_001);
    // At least the JSON length (one separator counted per item, the last one too).
    const json = JSON.stringify(doubled(2, 'x')).length;
    expect(measureValue(doubled(2, 'x'), 1_000_000)).toBe(json + 7);
  });

  it('measures small shared parts where they recur, and a cycle (never built by evaluation) as too deep', () => {
    const small: Value = { a: 'b' };
    expect(measureValue([small, small, small], 1_000_000)).toBe(2 + 3 * (measureValue(small, 1_000_000) + 1));
    const cyclic: { [key: string]: Value } = {};
    cyclic['self'] = cyclic;
    expect(measureValue(cyclic, 1_000_000)).toBe(Number.POSITIVE_INFINITY);
  });

  it('finds the Unknown of such a value, or says it is known, without walking every path', () => {
    const unknown = new Unknown('deploy-time');
    expect(findUnknown(doubled(60, 'x'))).toBeUndefined();
    const mixed: Value = [doubled(60, 'x'), unknown];
    expect(findUnknown(mixed)).toBe(unknown);
  });

  it('cuts JSON nested deeper than the limit at the first container too deep, with an explicit stack', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const root = { resources: [deep] };
    const path = firstTooDeep(root, 256, 'too deep');
    expect(path).toHaveLength(256);
    expect(path!.slice(0, 3)).toEqual(['resources', 0, 'a']);
    let node: unknown = root;
    for (const segment of path!) node = (node as Record<string | number, unknown>)[segment];
    expect(isUnknown(node)).toBe(true);
  });
});

describe('the budget', () => {
  it('stops every further step once the steps are spent, and records the hit once', () => {
    const budget = new EvaluationBudget('infra/a.json', { ...DEFAULT_LIMITS, steps: 3 });
    const results = withBudget(budget, () => [budget.step(), budget.step(), budget.step(), budget.step(), budget.step()]);
    expect(results.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(results[3]).toBe(results[4]);
    expect(budget.hits).toEqual([{ at: { file: 'infra/a.json', line: 1, column: 1 }, message: 'evaluation of infra/a.json stopped at the limit of 3 steps', scope: 'infra/a.json' }]);
  });
});

describe('ARM limits in the expander', () => {
  it('reports a copy count above 800 at the loop and keeps one Unknown-count representative', () => {
    const result = expand({
      resources: [{ type: 'Microsoft.Network/networkSecurityGroups', apiVersion: '2023-04-01', name: "[concat('nsg-', copyIndex())]", location: 'westeurope', copy: { name: 'nsgs', count: 801 } }],
    });
    expect(result.limits.map((h) => [h.at.pointer, h.message])).toEqual([['/resources/0/copy', "evaluation of copy loop 'nsgs' stopped at the limit of 800 copies"]]);
    expect(result.resources).toHaveLength(1);
    expect(isUnknown(result.resources[0]!.name)).toBe(true);
  });

  it('refuses padLeft to 400,000,000 characters before building the string, at the resource', () => {
    const result = expand({ resources: [{ type: 'Microsoft.Compute/virtualMachines', apiVersion: '2024-07-01', name: "[padLeft('', 400000000)]", location: 'westeurope' }] });
    expect(result.limits.map((h) => [h.at.pointer, h.message])).toEqual([['/resources/0', 'evaluation of padLeft() stopped at the limit of 16 MB per value']]);
  });

  it('counts union() of two 10,000-element arrays as the comparisons it makes, and stops at the step limit', () => {
    const result = expand({
      resources: [{ type: 'Microsoft.Compute/virtualMachines', apiVersion: '2024-07-01', name: 'vm', location: 'westeurope', properties: { userData: '[string(length(union(range(0, 10000), range(10000, 10000))))]' } }],
    });
    expect(result.limits.map((h) => [h.at.pointer, h.message])).toEqual([['/resources/0', 'evaluation of infra/main.json stopped at the limit of 1,000,000 steps']]);
  });

  it('reports an expression nested 3,000 deep (which overflowed the parser) at its resource', () => {
    let nested = '1';
    for (let i = 0; i < 3000; i++) nested = `add(${nested}, 1)`;
    const result = expand({ resources: [{ type: 'Microsoft.Compute/virtualMachines', apiVersion: '2024-07-01', name: 'vm', location: 'westeurope', properties: { userData: `[${nested}]` } }] });
    expect(result.limits.map((h) => [h.at.pointer, h.message])).toEqual([['/resources/0', 'evaluation of this expression stopped at the limit of 256 levels of nesting']]);
    expect(isUnknown((result.resources[0]!.values.properties as { userData: Value }).userData)).toBe(true);
  });

  it('reports nested deployments deeper than 10 levels at the deployment that is not expanded', () => {
    let inner: Record<string, unknown> = { type: 'Microsoft.Network/networkSecurityGroups', apiVersion: '2023-04-01', name: 'nsg', location: 'westeurope' };
    for (let level = 11; level >= 1; level--) {
      inner = { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: `level${level}`, properties: { mode: 'Incremental', template: { resources: [inner] } } };
    }
    const result = expand({ resources: [inner] });
    const pointer = '/resources/0' + '/properties/template/resources/0'.repeat(10);
    expect(result.limits.map((h) => [h.at.pointer, h.message])).toEqual([[pointer, "evaluation of nested deployment 'level11' stopped at the limit of 10 levels of nested deployments"]]);
  });
});

describe('Terraform limits in the module reader', () => {
  it('reports count = 1000000000 at the count and keeps one representative instance', async () => {
    const result = await readModule({ 'main.tf': 'resource "azurerm_resource_group" "rg" {\n  count = 1000000000\n  name  = "rg-${count.index}"\n}\n' });
    expect(result.limits.map((h) => [h.at.file, h.at.line, h.message])).toEqual([
      ['app/main.tf', 2, 'evaluation of resource `azurerm_resource_group.rg` stopped at the limit of 10,000 instances'],
    ]);
    expect(result.resources.map((r) => r.name)).toEqual(['azurerm_resource_group.rg[*]']);
  });

  it('refuses a format width of 300,000,000 before building it, at the call', async () => {
    const result = await readModule({ 'main.tf': 'resource "azurerm_resource_group" "rg" {\n  name = "rg"\n  tags = { big = format("%0300000000d", 1) }\n}\n' });
    expect(result.limits.map((h) => [h.at.line, h.at.column, h.message])).toEqual([[3, 18, 'evaluation of format() stopped at the limit of 16 MB per value']]);
  });

  it('reports local modules nested deeper than 8 levels at the call that is not followed', async () => {
    const files: Record<string, string> = { 'main.tf': 'module "next" {\n  source = "./m1"\n}\n' };
    for (let level = 1; level <= 10; level++) files[`m${level}/main.tf`] = `module "next" {\n  source = "../m${level + 1}"\n}\n`;
    files['m11/main.tf'] = 'resource "azurerm_resource_group" "deep" {\n  name = "rg"\n}\n';
    const result = await readModule(files);
    expect(result.limits.map((h) => [h.at.file, h.at.line, h.message])).toEqual([
      ['app/m7/main.tf', 1, `evaluation of module \`${'module.next.'.repeat(7)}module.next\` stopped at the limit of 8 levels of nested modules`],
    ]);
  });

  it('parses a template rendered in a loop once, and charges each template parsed two steps a character', async () => {
    const files = new Map<string, string>([
      ['app/main.tf', 'locals {\n  same = [for i in range(50) : templatefile("${path.module}/a.tpl", { i = i })]\n  other = templatefile("${path.module}/b.tpl", {})\n}\nresource "azurerm_resource_group" "rg" {\n  name = "rg"\n  tags = { n = length(local.same), o = local.other }\n}\n'],
      ['app/a.tpl', `${'x'.repeat(2000)}\${i}`],
      ['app/b.tpl', 'y'.repeat(2000)],
    ]);
    const read = (limit: number) =>
      readTerraformModule({ dir: 'app', files: ['app/main.tf'], readFile: (p) => files.get(p), limits: { ...DEFAULT_LIMITS, steps: limit } });
    // a.tpl parsed once (4,000 steps), its 50 renders and b.tpl (4,000) fit in 10,000 steps; a.tpl parsed 50 times would not.
    expect((await read(10_000)).limits).toEqual([]);
    const tight = await read(5000);
    expect(tight.limits.map((h) => [h.at.file, h.at.line, h.message])).toEqual([['app/main.tf', 3, 'evaluation of module app stopped at the limit of 5,000 steps']]);
  });

  it('refuses a value nested 100,000 deep from jsondecode() at the call, instead of overflowing the stack later', async () => {
    const deep = `format("%s1%s", join("", [for i in range(1000) : join("", [for j in range(100) : "["])]), join("", [for i in range(1000) : join("", [for j in range(100) : "]"])]))`;
    const result = await readModule({ 'main.tf': `resource "azurerm_resource_group" "rg" {\n  name = "rg"\n  tags = { deep = jsonencode(jsondecode(${deep})) }\n}\n` });
    expect(result.limits.map((h) => [h.at.line, h.message])).toEqual([[3, 'evaluation of jsondecode() stopped at the limit of 256 levels of nesting']]);
    expect(result.resources.map((r) => r.name)).toEqual(['azurerm_resource_group.rg']);
  });

  it('stops reading a module (its local children included) past its limit of Terraform source, at the first file not read', async () => {
    const vm = (name: string) => `resource "azurerm_linux_virtual_machine" "${name}" {\n  name = "${name}"\n}\n`;
    const files = new Map<string, string>([
      ['app/a.tf', `${vm('a')}module "child" {\n  source = "./child"\n}\n`],
      ['app/b.tf', vm('b')],
      ['app/child/c.tf', vm('c')],
      ['app/child/d.tf', vm('d')],
    ]);
    const read = (terraformSource: number) =>
      readTerraformModule({
        dir: 'app',
        files: ['app/a.tf', 'app/b.tf'],
        readFile: (p) => files.get(p),
        listFiles: (dir) => (dir === 'app/child' ? ['c.tf', 'd.tf'] : undefined),
        limits: { ...DEFAULT_LIMITS, terraformSource },
      });
    const all = [...files.values()].reduce((total, text) => total + text.length, 0);
    const whole = await read(all);
    expect(whole.limits).toEqual([]);
    expect(whole.resources.map((r) => r.name)).toEqual(['azurerm_linux_virtual_machine.a', 'azurerm_linux_virtual_machine.b', 'module.child.azurerm_linux_virtual_machine.c', 'module.child.azurerm_linux_virtual_machine.d']);
    const cut = await read(all - 1);
    expect(cut.limits.map((h) => [h.at.file, h.at.line, h.message])).toEqual([['app/child/d.tf', 1, 'evaluation of module app stopped at the limit of ' + (all - 1).toLocaleString('en-US') + ' characters of Terraform source']]);
    // d.tf is not parsed; what the module evaluates after the limit (the child's resources) is Unknown.
    expect(cut.stats.files).toBe(3);
    expect(cut.resources.map((r) => [r.name, isUnknown(r.values.name)])).toEqual([
      ['azurerm_linux_virtual_machine.a', false],
      ['azurerm_linux_virtual_machine.b', false],
      ['module.child.azurerm_linux_virtual_machine.c', true],
    ]);
  });

  it('refuses templatefile() inside a template, as Terraform does', async () => {
    const result = await readModule({
      'main.tf': 'resource "azurerm_resource_group" "rg" {\n  name = "rg"\n  tags = { t = templatefile("${path.module}/a.tpl", {}) }\n}\n',
      'a.tpl': '${templatefile("a.tpl", {})}',
    });
    const tags = result.resources[0]!.values.tags as { t: Unknown };
    expect(tags.t.reason).toMatch(/cannot recursively call templatefile from inside templatefile call/);
  });
});

describe('the configuration schema', () => {
  it('caps every limit at its default: the configuration can lower limits, never raise them', () => {
    const schema = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'schemas', 'config.schema.json'), 'utf8')) as {
      properties: { limits: { properties: Record<string, { maximum: number }> } };
    };
    const maxima = Object.fromEntries(Object.entries(schema.properties.limits.properties).map(([key, rule]) => [key, rule.maximum]));
    expect(maxima).toEqual({ ...DEFAULT_LIMITS });
  });
});

describe('the JSON depth check', () => {
  /** Depth of the deepest container below the root (the root's children are at depth 1). */
  const deepest = (node: unknown, depth = 0): number =>
    node === null || typeof node !== 'object' ? depth - 1 : Math.max(depth, ...Object.values(node).map((child) => deepest(child, depth + 1)));

  it('cuts exactly the trees with a container at the limit or deeper, at a path of the limit\'s length', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 1, max: 8 }), (tree, limit) => {
        const copy = JSON.parse(JSON.stringify(tree)) as unknown;
        const path = firstTooDeep(copy, limit, 'too deep');
        if (deepest(tree) >= limit) expect(path).toHaveLength(limit);
        else expect(path).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });
});
