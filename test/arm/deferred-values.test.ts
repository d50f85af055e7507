import fc from 'fast-check';
import { DEFAULT_DEPLOYMENT_CONTEXT, expandTemplate, type ExpandResult } from '../../src/formats/arm/expand';
import { valueAt } from '../../src/model/builders/read';
import { Deferred, materialize } from '../../src/model/deferred';
import { isUnknown, type Value } from '../../src/model/unknown';
import { runJson } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';
import { RG_SCHEMA } from './expand-helpers';
import { armVm } from '../hostile/cases';

// Issue #12, lazy by need: a lint evaluates the values of the resources the model reads as the model builders read
// them (deferValues), so the members no builder reads are never evaluated; what is read is as evaluated at once.

/** 10,000 × 10,000 comparisons: a million steps, the default budget of a file. */
const HEAVY = '[string(length(union(range(0, 10000), range(10000, 10000))))]';

/** A VM with other top-level members (`tags`) and properties beside its hardware profile. */
const vm = (name: string, extra: Record<string, unknown>, properties: Record<string, unknown> = {}) => armVm(name, properties, extra);

function expand(resources: unknown[], deferValues: boolean, variables: Record<string, unknown> = {}): ExpandResult {
  return expandTemplate({
    file: 'infra/main.json',
    format: 'arm',
    template: { $schema: RG_SCHEMA, contentVersion: '1.0.0.0', variables, resources },
    context: DEFAULT_DEPLOYMENT_CONTEXT,
    deferValues,
  });
}

describe('resource values evaluated as they are read (deferValues)', () => {
  it('evaluates a member only when a path reaches it, charged to the file budget then', () => {
    const result = expand([vm('vm1', { tags: { cost: HEAVY } }, { osProfile: { customData: "[base64('echo hi')]" } })], true);
    const raw = result.resources[0]!;
    expect(raw.values['tags']).toBeInstanceOf(Deferred);
    expect(valueAt(raw, ['properties', 'osProfile', 'customData'])).toBe(Buffer.from('echo hi').toString('base64'));
    expect(result.limits).toEqual([]);

    materialize(raw.values);
    expect(result.limits.map((hit) => [hit.at.pointer, hit.message])).toEqual([['/resources/0', 'evaluation of infra/main.json stopped at the limit of 1,000,000 steps']]);
    expect(isUnknown((raw.values['tags'] as { cost: Value }).cost)).toBe(true);
  });

  it('gives, once materialized, the values evaluated at once: property copies, arrays, escapes, nested objects', () => {
    const resources = [
      vm(
        'vm1',
        { tags: { owner: "[variables('owner')]", literal: '[[not an expression]' } },
        {
          storageProfile: {
            copy: [{ name: 'dataDisks', count: 2, input: { lun: "[copyIndex('dataDisks')]", name: "[concat('disk', copyIndex('dataDisks'))]" } }],
          },
          networkProfile: { networkInterfaces: [{ id: "[resourceId('Microsoft.Network/networkInterfaces', 'nic1')]" }, { id: 'static' }] },
          osProfile: { computerName: "[toUpper('vm1')]", linuxConfiguration: { disablePasswordAuthentication: true } },
        },
      ),
    ];
    const variables = { owner: 'team-a' };
    const atOnce = expand(resources, false, variables).resources[0]!.values;
    const deferred = expand(resources, true, variables).resources[0]!.values;
    expect(materialize(deferred)).toEqual(atOnce);
    expect(JSON.stringify(deferred)).toBe(JSON.stringify(atOnce));
  });

  it('gives the values evaluated at once for any tree of expressions, whichever path is read first', () => {
    const leaf = fc.constantFrom<unknown>('plain', '[[escaped]', "[parameters('p')]", "[variables('v')]", "[concat('a', parameters('p'))]", "[createArray(1, 2)]", "[json('{\"k\": 1}')]", 7, true, null);
    const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(tie('tree'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('a', 'b', 'c', 'Name'), tie('tree'), { maxKeys: 3 }),
        tie('tree').map((input) => ({ copy: [{ name: 'items', count: 2, input: { at: "[copyIndex('items')]", input } }] })),
      ),
    }));
    const path = fc.array(fc.oneof(fc.constantFrom('properties', 'tags', 'a', 'b', 'c', 'items'), fc.nat(2)), { maxLength: 4 });
    fc.assert(
      fc.property(tree, tree, path, (properties, tags, readFirst) => {
        const resource = { ...vm('vm1', { tags }), properties };
        const template = { parameters: { p: { type: 'string', defaultValue: 'x' } }, variables: { v: 'y' } };
        const expandOne = (deferValues: boolean) =>
          expandTemplate({ file: 'infra/main.json', format: 'arm', template: { $schema: RG_SCHEMA, contentVersion: '1.0.0.0', ...template, resources: [resource] }, context: DEFAULT_DEPLOYMENT_CONTEXT, deferValues }).resources[0]!;
        const atOnce = expandOne(false);
        const deferred = expandOne(true);
        const read = valueAt(deferred, readFirst);
        expect(JSON.stringify(read)).toBe(JSON.stringify(valueAt(atOnce, readFirst)));
        expect(JSON.stringify(materialize(deferred.values))).toBe(JSON.stringify(atOnce.values));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps `__proto__` a member of the values, not their prototype', () => {
    const result = expand([vm('vm1', {}, JSON.parse('{"__proto__": {"polluted": "[toUpper(\'x\')]"}}') as Record<string, unknown>)], true);
    const properties = materialize(valueAt(result.resources[0]!, ['properties'])) as Record<string, Value>;
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(properties, '__proto__')?.value).toEqual({ polluted: 'X' });
  });
});

describe('a lint evaluates only what the model reads', () => {
  it('gives no BL002 for a heavy tag no rule reads, and BL002 at the VM for the same in its userData', async () => {
    const template = (resource: unknown) => JSON.stringify({ $schema: RG_SCHEMA, contentVersion: '1.0.0.0', resources: [resource] }, null, 2);
    const project = tempProject({
      'tagged.json': template(vm('tagged', { tags: { cost: HEAVY } })),
      'scripted.json': template(vm('scripted', {}, { userData: HEAVY })),
    });
    try {
      const { report } = await runJson(['.'], { cwd: project.dir });
      expect(report.findings.filter((f) => f.ruleId === 'BL002').map((f) => `${f.file}:${f.line}`)).toEqual(['scripted.json:5']);
      expect(report.files.map((f) => `${f.path} ${f.status}`).sort()).toEqual(['scripted.json ok', 'tagged.json ok']);
    } finally {
      project.cleanup();
    }
  });
});
