import path from 'node:path';
import { DEFAULT_DEPLOYMENT_CONTEXT, expandTemplate, type ExpandResult, type LinkedTemplateReader } from '../../src/formats/arm/expand';
import { MAX_NESTING_DEPTH } from '../../src/formats/arm/expand/run';
import { byName, names, RG_PREFIX, RG_SCHEMA } from './expand-helpers';

const MAIN = 'infra/main.json';

/** A reader over in-memory files, resolving as the CLI does: relative to the directory of the linking file. */
function readerOver(files: Record<string, unknown>, calls: string[] = []): LinkedTemplateReader {
  return (fromFile, relativePath) => {
    const file = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), relativePath));
    calls.push(file);
    if (!(file in files)) return undefined;
    const value = files[file];
    return typeof value === 'string' ? { file, error: value } : { file, value };
  };
}

function template(body: Record<string, unknown>): Record<string, unknown> {
  return { $schema: RG_SCHEMA, contentVersion: '1.0.0.0', ...body };
}

function expandWith(main: Record<string, unknown>, files: Record<string, unknown>, calls?: string[]): ExpandResult {
  return expandTemplate({ file: MAIN, format: 'arm', template: template(main), context: DEFAULT_DEPLOYMENT_CONTEXT, readTemplate: readerOver(files, calls) });
}

function linkedDeployment(name: string, templateLink: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name, ...extra, properties: { mode: 'Incremental', templateLink, ...((extra.properties as object) ?? {}) } };
}

const vmTemplate = template({
  parameters: { vmName: { type: 'string' }, agent: { type: 'bool', defaultValue: true } },
  variables: { suffix: 'vm' },
  resources: [
    {
      type: 'Microsoft.Compute/virtualMachines',
      apiVersion: '2024-07-01',
      name: "[concat(parameters('vmName'), '-', variables('suffix'))]",
      properties: { osProfile: { linuxConfiguration: { provisionVMAgent: "[parameters('agent')]" } } },
    },
  ],
  outputs: { vmId: { type: 'string', value: "[resourceId('Microsoft.Compute/virtualMachines', concat(parameters('vmName'), '-', variables('suffix')))]" } },
});

describe('expandTemplate: linked templates through a local relativePath', () => {
  it('expands the linked file with the parameters passed in, and locates its resources in that file', () => {
    const result = expandWith(
      {
        parameters: { prefix: { type: 'string', defaultValue: 'web' } },
        variables: { suffix: 'parent-only' },
        resources: [
          linkedDeployment('vmDeploy', { relativePath: 'modules/vm.json' }, {
            properties: { parameters: { vmName: { value: "[concat(parameters('prefix'), '01')]" }, agent: { value: false } } },
          }),
          { type: 'Microsoft.Web/sites', apiVersion: '2022-09-01', name: "[last(split(reference('vmDeploy').outputs.vmId.value, '/'))]" },
        ],
      },
      { 'infra/modules/vm.json': vmTemplate },
    );
    expect(names(result)).toEqual(['vmDeploy', 'web01-vm', 'web01-vm']);
    const vm = byName(result, 'web01-vm');
    expect(vm.type).toBe('Microsoft.Compute/virtualMachines');
    expect(vm.file).toBe('infra/modules/vm.json');
    expect(vm.at).toEqual({ file: 'infra/modules/vm.json', pointer: '/resources/0' });
    expect(vm.locate(['properties', 'osProfile', 'linuxConfiguration', 'provisionVMAgent'])).toEqual({
      file: 'infra/modules/vm.json',
      pointer: '/resources/0/properties/osProfile/linuxConfiguration/provisionVMAgent',
    });
    expect(vm.values.properties).toEqual({ osProfile: { linuxConfiguration: { provisionVMAgent: false } } });
    expect(vm.id).toBe(`${RG_PREFIX}/Microsoft.Compute/virtualMachines/web01-vm`);
    expect(byName(result, 'vmDeploy').at).toEqual({ file: MAIN, pointer: '/resources/0' });
    expect(result.notes).toEqual([]);
    expect(result.stats.linkedTemplatesFollowed).toBe(1);
  });

  it('evaluates a linked template with inner scope even when outer scope is asked for', () => {
    const linked = template({ resources: [{ type: 'Microsoft.Storage/storageAccounts', name: "[parameters('name')]" }] });
    const result = expandWith(
      {
        parameters: { name: { type: 'string', defaultValue: 'from-parent' } },
        resources: [linkedDeployment('d', { relativePath: 'linked.json' }, { properties: { expressionEvaluationOptions: { scope: 'outer' } } })],
      },
      { 'infra/linked.json': linked },
    );
    expect(names(result)).toEqual(['d', "<parameter 'name' is not declared>"]);
  });

  it('resolves a relativePath inside a linked file against that file, two levels deep', () => {
    const nic = template({ parameters: { nicName: { type: 'string' } }, resources: [{ type: 'Microsoft.Network/networkInterfaces', name: "[parameters('nicName')]" }] });
    const vm = template({
      parameters: { vmName: { type: 'string' } },
      resources: [
        linkedDeployment('nicDeploy', { relativePath: '../network/nic.json' }, { properties: { parameters: { nicName: { value: "[concat(parameters('vmName'), '-nic')]" } } } }),
      ],
    });
    const calls: string[] = [];
    const result = expandWith(
      { resources: [linkedDeployment('vmDeploy', { relativePath: './compute/vm.json' }, { properties: { parameters: { vmName: { value: 'app' } } } })] },
      { 'infra/compute/vm.json': vm, 'infra/network/nic.json': nic },
      calls,
    );
    expect(calls).toEqual(['infra/compute/vm.json', 'infra/network/nic.json']);
    expect(names(result)).toEqual(['vmDeploy', 'nicDeploy', 'app-nic']);
    expect(byName(result, 'nicDeploy').at).toEqual({ file: 'infra/compute/vm.json', pointer: '/resources/0' });
    expect(byName(result, 'app-nic').at).toEqual({ file: 'infra/network/nic.json', pointer: '/resources/0' });
    expect(result.stats.linkedTemplatesFollowed).toBe(2);
  });

  it('evaluates a relativePath expression first, and does not follow one that is Unknown', () => {
    const main = {
      parameters: { module: { type: 'string', defaultValue: 'vm' }, other: { type: 'string' } },
      resources: [
        linkedDeployment('known', { relativePath: "[concat('modules/', parameters('module'), '.json')]" }, { properties: { parameters: { vmName: { value: 'x' } } } }),
        linkedDeployment('unknown', { relativePath: "[concat('modules/', parameters('other'), '.json')]" }),
      ],
    };
    const result = expandWith(main, { 'infra/modules/vm.json': vmTemplate });
    expect(names(result)).toEqual(['known', 'x-vm', 'unknown']);
    expect(result.notes).toEqual([
      { file: MAIN, pointer: '/resources/1', message: expect.stringMatching(/^linked template at an unknown relative path is not evaluated \(.*other.*\); its resources are not linted$/) },
    ]);
  });

  it('reads a relativePath written with backslashes, and treats one holding an absolute URI as remote', () => {
    const result = expandWith(
      {
        resources: [
          linkedDeployment('windows', { relativePath: 'modules\\vm.json' }, { properties: { parameters: { vmName: { value: 'win' } } } }),
          linkedDeployment('remote', { relativePath: 'https://example.com/vm.json' }),
        ],
      },
      { 'infra/modules/vm.json': vmTemplate },
    );
    expect(names(result)).toEqual(['windows', 'win-vm', 'remote']);
    expect(result.notes.map((n) => n.message)).toEqual(['linked template at https://example.com/vm.json is not available offline; its resources are not linted']);
  });

  it('expands one linked template per copy of the deployment, reading the file once', () => {
    const calls: string[] = [];
    const result = expandWith(
      {
        resources: [
          linkedDeployment("[concat('vm', copyIndex())]", { relativePath: 'modules/vm.json' }, {
            copy: { name: 'vms', count: 2 },
            properties: { parameters: { vmName: { value: "[concat('app', copyIndex())]" } } },
          }),
        ],
      },
      { 'infra/modules/vm.json': vmTemplate },
      calls,
    );
    expect(names(result)).toEqual(['vm0', 'app0-vm', 'vm1', 'app1-vm']);
    expect(calls).toEqual(['infra/modules/vm.json']);
  });

  it('drops the resources of a linked deployment whose condition is false, without a note', () => {
    const result = expandWith({ resources: [linkedDeployment('off', { relativePath: 'missing.json' }, { condition: false })] }, {});
    expect(result.resources).toEqual([]);
    expect(result.notes).toEqual([]);
  });

  it('notes a relativePath file that does not exist or does not parse', () => {
    const result = expandWith(
      { resources: [linkedDeployment('missing', { relativePath: 'modules/none.json' }), linkedDeployment('broken', { relativePath: 'modules/broken.json' })] },
      { 'infra/modules/broken.json': 'Unexpected token at 3:5' },
    );
    expect(names(result)).toEqual(['missing', 'broken']);
    expect(result.notes).toEqual([
      { file: MAIN, pointer: '/resources/0', message: "linked template 'modules/none.json' does not exist (relative to infra/main.json); its resources are not linted" },
      { file: MAIN, pointer: '/resources/1', message: 'linked template infra/modules/broken.json does not parse (Unexpected token at 3:5); its resources are not linted' },
    ]);
  });

  it('notes a link by URI or template spec, which is not followed', () => {
    const result = expandWith(
      {
        parameters: { base: { type: 'string' } },
        resources: [
          linkedDeployment('byUri', { uri: 'https://example.com/templates/vm.json' }),
          linkedDeployment('byExpression', { uri: "[uri(parameters('base'), 'vm.json')]" }),
          linkedDeployment('bySpec', { id: '/subscriptions/1/resourceGroups/specs/providers/Microsoft.Resources/templateSpecs/vm/versions/1.0' }),
        ],
      },
      {},
    );
    expect(names(result)).toEqual(['byUri', 'byExpression', 'bySpec']);
    expect(result.notes.map((n) => `${n.pointer} ${n.message}`)).toEqual([
      '/resources/0 linked template at https://example.com/templates/vm.json is not available offline; its resources are not linted',
      '/resources/1 linked template at an unknown URI is not available offline; its resources are not linted',
      '/resources/2 linked template at template spec /subscriptions/1/resourceGroups/specs/providers/Microsoft.Resources/templateSpecs/vm/versions/1.0 is not available offline; its resources are not linted',
    ]);
    expect(result.stats.unknownReasons).toEqual({ 'linked template (templateLink) is not available offline': 3 });
  });

  it('notes a linked file that links back to a file deploying it, and stops there', () => {
    const a = template({ resources: [linkedDeployment('toB', { relativePath: 'b.json' }), { type: 'Microsoft.Storage/storageAccounts', name: 'in-a' }] });
    const b = template({ resources: [linkedDeployment('toMain', { relativePath: '../main.json' })] });
    const result = expandWith({ resources: [linkedDeployment('toA', { relativePath: 'sub/a.json' })] }, { 'infra/sub/a.json': a, 'infra/sub/b.json': b, [MAIN]: {} });
    expect(names(result)).toEqual(['toA', 'toB', 'toMain', 'in-a']);
    expect(result.notes).toEqual([
      {
        file: 'infra/sub/b.json',
        pointer: '/resources/0',
        message: 'linked template infra/main.json is already being deployed by this deployment (infra/sub/b.json links back to it): the cycle is not evaluated',
      },
    ]);
  });

  it(`notes deployments nested deeper than ${MAX_NESTING_DEPTH} levels, inline or linked`, () => {
    const files: Record<string, unknown> = {};
    for (let level = 1; level <= MAX_NESTING_DEPTH + 1; level++) {
      files[`infra/level${level}.json`] = template({
        resources: [linkedDeployment(`deploy${level + 1}`, { relativePath: `level${level + 1}.json` }), { type: 'Microsoft.Storage/storageAccounts', name: `store${level}` }],
      });
    }
    const result = expandWith({ resources: [linkedDeployment('deploy1', { relativePath: 'level1.json' })] }, files);
    expect(names(result).filter((n) => String(n).startsWith('store'))).toHaveLength(MAX_NESTING_DEPTH);
    expect(result.notes).toEqual([
      { file: `infra/level${MAX_NESTING_DEPTH}.json`, pointer: '/resources/0', message: `nested deployments deeper than ${MAX_NESTING_DEPTH} levels are not evaluated` },
    ]);

    let inline: Record<string, unknown> = template({ resources: [] });
    for (let level = 0; level <= MAX_NESTING_DEPTH; level++) inline = template({ resources: [{ ...linkedDeployment(`inline${level}`, {}), properties: { mode: 'Incremental', template: inline } }] });
    const deep = expandWith(inline, {});
    expect(deep.notes.map((n) => n.message)).toEqual([`nested deployments deeper than ${MAX_NESTING_DEPTH} levels are not evaluated`]);
  });

  it('notes a relativePath it cannot read when no reader is given', () => {
    const result = expandTemplate({
      file: MAIN,
      format: 'arm',
      template: template({ resources: [linkedDeployment('d', { relativePath: 'modules/vm.json' })] }),
      context: DEFAULT_DEPLOYMENT_CONTEXT,
    });
    expect(names(result)).toEqual(['d']);
    expect(result.notes.map((n) => n.message)).toEqual(["linked template 'modules/vm.json' is not read (local files are not available here); its resources are not linted"]);
  });
});

describe('expandTemplate: links by a URI built from the template location, read from the local copy', () => {
  const artifactParameters = {
    _artifactsLocation: { type: 'string', defaultValue: '[deployment().properties.templateLink.uri]' },
    _artifactsLocationSasToken: { type: 'securestring', defaultValue: '' },
    prefix: { type: 'string', defaultValue: 'qs' },
  };
  const passVm = { properties: { parameters: { vmName: { value: "[concat(parameters('prefix'), '01')]" } } } };

  it('follows uri(deployment().properties.templateLink.uri, …), _artifactsLocation with concat or uri, and a variable holding either', () => {
    const calls: string[] = [];
    const result = expandWith(
      {
        parameters: artifactParameters,
        variables: { nestedUri: "[concat(parameters('_artifactsLocation'), '/modules/vm.json', parameters('_artifactsLocationSasToken'))]" },
        resources: [
          linkedDeployment('a', { uri: "[uri(deployment().properties.templateLink.uri, 'modules/vm.json')]" }, passVm),
          linkedDeployment('b', { uri: "[uri(parameters('_artifactsLocation'), concat('modules/vm.json', parameters('_artifactsLocationSasToken')))]" }, passVm),
          linkedDeployment('c', { uri: "[variables('nestedUri')]" }, passVm),
        ],
      },
      { 'infra/modules/vm.json': vmTemplate },
      calls,
    );
    expect(names(result)).toEqual(['a', 'qs01-vm', 'b', 'qs01-vm', 'c', 'qs01-vm']);
    expect(byName(result, 'qs01-vm').file).toBe('infra/modules/vm.json');
    expect(result.stats).toMatchObject({ linkedTemplatesFollowed: 3, localCopiesFollowed: 3 });
    expect(result.notes.map((n) => `${n.pointer} ${n.message}`)).toEqual([
      "/resources/0 linked template 'modules/vm.json' (templateLink.uri) is read from its local copy infra/modules/vm.json",
      "/resources/1 linked template 'modules/vm.json' (templateLink.uri) is read from its local copy infra/modules/vm.json",
      "/resources/2 linked template 'modules/vm.json' (templateLink.uri) is read from its local copy infra/modules/vm.json",
    ]);
    expect(new Set(calls)).toEqual(new Set(['infra/modules/vm.json']));
  });

  it('evaluates each variable once under the stand-ins: a URI from a chain of variables each read three times is followed', () => {
    // v0 reads v1 three times, v1 reads v2 three times … : 3^24 evaluations if each reference evaluated again.
    const variables: Record<string, string> = { v24: "[uri(deployment().properties.templateLink.uri, 'modules/vm.json')]" };
    for (let i = 23; i >= 0; i--) variables[`v${i}`] = `[if(equals(variables('v${i + 1}'), variables('v${i + 1}')), variables('v${i + 1}'), 'other.json')]`;
    const result = expandWith({ parameters: artifactParameters, variables, resources: [linkedDeployment('chain', { uri: "[variables('v0')]" }, passVm)] }, { 'infra/modules/vm.json': vmTemplate });
    expect(names(result)).toEqual(['chain', 'qs01-vm']);
    expect(byName(result, 'qs01-vm').file).toBe('infra/modules/vm.json');
    expect(result.limits).toEqual([]);
  });

  it('resolves _artifactsLocation passed down to a linked template against the root template folder', () => {
    const middle = template({
      parameters: { _artifactsLocation: { type: 'string' }, _artifactsLocationSasToken: { type: 'securestring' } },
      resources: [linkedDeployment('inner', { uri: "[uri(parameters('_artifactsLocation'), 'modules/vm.json')]" }, { properties: { parameters: { vmName: { value: 'deep' } } } })],
    });
    const result = expandWith(
      {
        parameters: artifactParameters,
        resources: [
          linkedDeployment('outer', { uri: "[uri(parameters('_artifactsLocation'), 'nested/middle.json')]" }, {
            properties: { parameters: { _artifactsLocation: { value: "[parameters('_artifactsLocation')]" }, _artifactsLocationSasToken: { value: '' } } },
          }),
        ],
      },
      { 'infra/nested/middle.json': middle, 'infra/modules/vm.json': vmTemplate },
    );
    expect(names(result)).toEqual(['outer', 'inner', 'deep-vm']);
  });

  it('never reads outside the template folder, and keeps a missing file or a real remote URI remote', () => {
    const calls: string[] = [];
    const result = expandWith(
      {
        parameters: artifactParameters,
        resources: [
          linkedDeployment('escape', { uri: "[concat(parameters('_artifactsLocation'), '../secrets/vm.json')]" }),
          linkedDeployment('escapeByUri', { uri: "[uri(deployment().properties.templateLink.uri, '../secrets/vm.json')]" }),
          linkedDeployment('missing', { uri: "[uri(deployment().properties.templateLink.uri, 'modules/none.json')]" }),
          linkedDeployment('remote', { uri: 'https://raw.githubusercontent.com/x/y/main/modules/vm.json' }),
        ],
      },
      { 'secrets/vm.json': vmTemplate, 'infra/modules/vm.json': vmTemplate },
      calls,
    );
    expect(names(result)).toEqual(['escape', 'escapeByUri', 'missing', 'remote']);
    expect(calls).toEqual(['infra/modules/none.json']);
    expect(result.stats.localCopiesFollowed).toBe(0);
    expect(result.notes.map((n) => n.message)).toEqual([
      'linked template at an unknown URI is not available offline; its resources are not linted',
      'linked template at an unknown URI is not available offline; its resources are not linted',
      'linked template at an unknown URI is not available offline; its resources are not linted',
      'linked template at https://raw.githubusercontent.com/x/y/main/modules/vm.json is not available offline; its resources are not linted',
    ]);
  });
});
