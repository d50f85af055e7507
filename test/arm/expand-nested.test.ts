import { DEFAULT_DEPLOYMENT_CONTEXT, expandTemplate } from '../../src/formats/arm/expand';
import { Unknown } from '../../src/model/unknown';
import { byName, expand, MG_SCHEMA, names, RG_PREFIX, RG_SCHEMA, SUB, SUB_SCHEMA, TENANT_SCHEMA } from './expand-helpers';

const innerTemplate = {
  $schema: RG_SCHEMA,
  contentVersion: '1.0.0.0',
  parameters: { storageName: { type: 'string', defaultValue: 'inner-default' } },
  variables: { suffix: 'inner' },
  resources: [{ type: 'Microsoft.Storage/storageAccounts', name: "[concat(parameters('storageName'), '-', variables('suffix'))]", properties: { rg: '[resourceGroup().name]' } }],
  outputs: { accountName: { type: 'string', value: "[concat(parameters('storageName'), '-', variables('suffix'))]" } },
};

function deployment(properties: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'nested', ...extra, properties: { mode: 'Incremental', ...properties } };
}

describe('expandTemplate: nested deployments', () => {
  const parent = { parameters: { storageName: { type: 'string', defaultValue: 'outer' } }, variables: { suffix: 'outer' } };

  it('evaluates an inner-scope template with the parameters passed in', () => {
    const result = expand({
      ...parent,
      resources: [deployment({ expressionEvaluationOptions: { scope: 'inner' }, parameters: { storageName: { value: "[concat(parameters('storageName'), 'X')]" } }, template: innerTemplate })],
    });
    expect(names(result)).toEqual(['nested', 'outerX-inner']);
    const storage = byName(result, 'outerX-inner');
    expect(storage.at.pointer).toBe('/resources/0/properties/template/resources/0');
    expect(storage.id).toBe(`${RG_PREFIX}/Microsoft.Storage/storageAccounts/outerX-inner`);
    expect(byName(result, 'nested').values.properties).toMatchObject({ parameters: { storageName: { value: 'outerX' } }, template: innerTemplate });
  });

  it('evaluates an outer-scope template (the default) with the parent parameters and variables', () => {
    const result = expand({ ...parent, resources: [deployment({ template: innerTemplate })] });
    expect(names(result)).toEqual(['nested', 'outer-outer']);
  });

  it('moves inner resources to the resource group and subscription of the deployment', () => {
    const result = expand({ resources: [deployment({ expressionEvaluationOptions: { scope: 'inner' }, template: innerTemplate }, { resourceGroup: 'other-rg', subscriptionId: '1111' })] });
    const storage = byName(result, 'inner-default-inner');
    expect(storage.id).toBe('/subscriptions/1111/resourceGroups/other-rg/providers/Microsoft.Storage/storageAccounts/inner-default-inner');
    expect(storage.values.properties).toEqual({ rg: 'other-rg' });
    expect(byName(result, 'nested').id).toBe('/subscriptions/1111/resourceGroups/other-rg/providers/Microsoft.Resources/deployments/nested');
  });

  it('treats Bicep module templates as inner scope and reads module outputs through reference()', () => {
    const module = { ...innerTemplate, metadata: { _generator: { name: 'bicep', version: '0.30.0' } } };
    const result = expand(
      {
        languageVersion: '2.0',
        ...parent,
        resources: {
          mod: deployment({ parameters: { storageName: { value: 'fromModule' } }, template: module }, { name: 'storageModule' }),
          consumer: { type: 'Microsoft.Web/sites', name: "[reference('mod').outputs.accountName.value]" },
        },
      },
      undefined,
      'bicep-json',
    );
    expect(names(result)).toEqual(['storageModule', 'fromModule-inner', 'fromModule-inner']);
    expect(result.resources.map((r) => r.type)).toEqual(['Microsoft.Resources/deployments', 'Microsoft.Storage/storageAccounts', 'Microsoft.Web/sites']);
    expect(result.resources[0]!.format).toBe('bicep-json');
    expect(result.resources[2]!.at.pointer).toBe('/resources/consumer');
  });

  it('applies the deployment condition to the resources it deploys', () => {
    const result = expand({
      parameters: { enabled: { type: 'bool' } },
      resources: [deployment({ template: innerTemplate }, { condition: "[parameters('enabled')]" })],
    });
    const reason = new Unknown("condition is unknown: parameter 'enabled' has no value", undefined, 'deploy-time-input');
    expect(result.resources.map((r) => r.conditional)).toEqual([reason, reason]);
    expect(expand({ resources: [deployment({ template: innerTemplate }, { condition: false })] }).resources).toEqual([]);
  });

  it('deploys nothing from a linked template and notes it', () => {
    const result = expand({ resources: [deployment({ templateLink: { uri: 'https://example.com/t.json' } })] });
    expect(names(result)).toEqual(['nested']);
    expect(result.stats.unknownReasons).toEqual({ 'linked template (templateLink) is not available offline': 1 });
  });

  it('stops expanding nested deployments after 10 levels', () => {
    let template: Record<string, unknown> = { $schema: RG_SCHEMA, resources: [{ type: 'A.B/c', name: 'leaf' }] };
    for (let i = 0; i < 12; i++) template = { $schema: RG_SCHEMA, resources: [deployment({ template }, { name: `level${i}` })] };
    const result = expand(template);
    expect(result.resources).toHaveLength(11);
    expect(result.stats.unknownReasons).toEqual({ 'nested deployments deeper than N levels are not expanded': 1 });
  });
});

describe('expandTemplate: reference()', () => {
  it('returns evaluated properties of a resource of the same template, by ID or by name', () => {
    const result = expand({
      resources: [
        { type: 'Microsoft.Network/publicIPAddresses', name: 'pip', properties: { dnsSettings: { domainNameLabel: 'app' } } },
        {
          type: 'Microsoft.Web/sites',
          name: "[reference(resourceId('Microsoft.Network/publicIPAddresses', 'pip')).dnsSettings.domainNameLabel]",
          properties: {
            byName: "[reference('pip').dnsSettings.domainNameLabel]",
            full: "[reference(resourceId('Microsoft.Network/publicIPAddresses', 'pip'), '2023-04-01', 'Full').id]",
            runtime: "[reference('pip').ipAddress]",
          },
        },
      ],
    });
    const site = byName(result, 'app');
    expect(site.values.properties).toEqual({
      byName: 'app',
      full: `${RG_PREFIX}/Microsoft.Network/publicIPAddresses/pip`,
      runtime: new Unknown("property 'ipAddress' of a deployed resource is only known at deployment time", undefined, 'deploy-time-input'),
    });
  });

  it('makes references outside the deployment and reference cycles Unknown', () => {
    const result = expand({
      resources: [
        { type: 'A.B/c', name: 'a', properties: { x: "[reference('b').y]" } },
        { type: 'A.B/c', name: 'b', properties: { y: "[reference('a').x]" } },
        { type: 'A.B/c', name: 'c', properties: { z: "[reference('/subscriptions/x/resourceGroups/y/providers/A.B/c/zz').q]" } },
      ],
    });
    expect((byName(result, 'a').values.properties as { x: Unknown }).x).toEqual(new Unknown('resource properties refer to themselves'));
    expect((byName(result, 'c').values.properties as { z: Unknown }).z).toEqual(
      new Unknown("reference() to '/subscriptions/x/resourceGroups/y/providers/A.B/c/zz', which is not deployed by this template", undefined, 'not-in-run'),
    );
  });
});

describe('expandTemplate: languageVersion 2.0 and existing resources', () => {
  it('reads symbolic-name resources, references them and returns existing ones flagged', () => {
    const result = expand({
      languageVersion: '2.0',
      resources: {
        nsg: { existing: true, type: 'Microsoft.Network/networkSecurityGroups', name: 'shared-nsg', resourceGroup: 'net-rg' },
        vnet: { type: 'Microsoft.Network/virtualNetworks', name: 'vnet', properties: { subnets: [{ name: 's', properties: { networkSecurityGroup: { id: "[resourceId('net-rg', 'Microsoft.Network/networkSecurityGroups', 'shared-nsg')]" } } }] } },
        nic: { type: 'Microsoft.Network/networkInterfaces', name: 'nic', properties: { subnetName: "[reference('vnet').subnets[0].name]", nsgProps: "[reference('nsg').securityRules]" } },
      },
    });
    const nsg = byName(result, 'shared-nsg');
    expect(nsg.existing).toBe(true);
    expect(nsg.id).toBe(`/subscriptions/${SUB}/resourceGroups/net-rg/providers/Microsoft.Network/networkSecurityGroups/shared-nsg`);
    expect(nsg.at.pointer).toBe('/resources/nsg');
    expect(byName(result, 'vnet').existing).toBeUndefined();
    expect(byName(result, 'nic').values.properties).toEqual({ subnetName: 's', nsgProps: new Unknown("reference() to existing resource 'nsg'", undefined, 'deploy-time-input') });
  });

  it('reads the same resources identically from the classic array form', () => {
    const resource = { type: 'Microsoft.Network/virtualNetworks', name: 'vnet', properties: { a: 1 } };
    const classic = expand({ resources: [resource] }).resources[0]!;
    const symbolic = expand({ languageVersion: '2.0', resources: { vnet: resource } }).resources[0]!;
    expect(symbolic.values).toEqual(classic.values);
    expect(symbolic.id).toBe(classic.id);
    expect([classic.at.pointer, symbolic.at.pointer]).toEqual(['/resources/0', '/resources/vnet']);
  });
});

describe('expandTemplate: template scopes', () => {
  const run = ($schema: string, resources: unknown[]) => expandTemplate({ file: 'x.json', format: 'arm', template: { $schema, resources }, context: DEFAULT_DEPLOYMENT_CONTEXT });

  it('builds IDs at subscription, management group and tenant scope', () => {
    const policy = { type: 'Microsoft.Authorization/policyDefinitions', name: 'p' };
    expect(run(SUB_SCHEMA, [policy]).resources[0]!.id).toBe(`/subscriptions/${SUB}/providers/Microsoft.Authorization/policyDefinitions/p`);
    expect(run(MG_SCHEMA, [policy]).resources[0]!.id).toBe('/providers/Microsoft.Management/managementGroups/backup-lint-mg/providers/Microsoft.Authorization/policyDefinitions/p');
    expect(run(TENANT_SCHEMA, [policy]).resources[0]!.id).toBe('/providers/Microsoft.Authorization/policyDefinitions/p');
  });

  it('gives resource groups their Azure ID and deploys into them from a subscription template', () => {
    const result = run(SUB_SCHEMA, [
      { type: 'Microsoft.Resources/resourceGroups', name: 'app-rg', location: 'westeurope' },
      deployment({ expressionEvaluationOptions: { scope: 'inner' }, template: innerTemplate }, { resourceGroup: 'app-rg' }),
    ]);
    expect(result.resources.map((r) => r.id)).toEqual([
      `/subscriptions/${SUB}/resourceGroups/app-rg`,
      `/subscriptions/${SUB}/resourceGroups/app-rg/providers/Microsoft.Resources/deployments/nested`,
      `/subscriptions/${SUB}/resourceGroups/app-rg/providers/Microsoft.Storage/storageAccounts/inner-default-inner`,
    ]);
  });

  it('builds extension resource IDs from the scope property', () => {
    const result = expand({ resources: [{ type: 'Microsoft.Authorization/locks', name: 'lock', scope: "[format('Microsoft.Compute/virtualMachines/{0}', 'vm')]" }] });
    expect(result.resources[0]!.id).toBe(`${RG_PREFIX}/Microsoft.Compute/virtualMachines/vm/providers/Microsoft.Authorization/locks/lock`);
  });
});

describe('expandTemplate: outputs, looped modules and runtime state', () => {
  it('evaluates output copies and returns looped module instances through references()', () => {
    const module = {
      $schema: RG_SCHEMA,
      parameters: { n: { type: 'int' } },
      resources: [],
      outputs: { names: { type: 'array', copy: { count: "[parameters('n')]", input: "[concat('item', copyIndex())]" } } },
    };
    const result = expand({
      languageVersion: '2.0',
      resources: {
        mods: deployment(
          { expressionEvaluationOptions: { scope: 'inner' }, parameters: { n: { value: '[add(copyIndex(), 1)]' } }, template: module },
          { name: "[format('mod{0}', copyIndex())]", copy: { name: 'mods', count: 2 } },
        ),
        consumer: { type: 'A.B/c', name: 'consumer', properties: { all: "[map(references('mods'), lambda('m', lambdaVariables('m').outputs.names.value))]" } },
      },
    });
    expect(names(result)).toEqual(['mod0', 'mod1', 'consumer']);
    expect(byName(result, 'consumer').values.properties).toEqual({ all: [['item0'], ['item0', 'item1']] });
  });

  it('treats members missing from a referenced resource as runtime state at any depth', () => {
    const result = expand({
      resources: [
        { type: 'Microsoft.Compute/virtualMachines', name: 'vm', identity: { type: 'SystemAssigned' } },
        { type: 'A.B/c', name: 'user', properties: { principal: "[reference(resourceId('Microsoft.Compute/virtualMachines', 'vm'), '2023-03-01', 'full').identity.principalId]" } },
      ],
    });
    expect(byName(result, 'user').values.properties).toEqual({
      principal: new Unknown("property 'principalId' of a deployed resource is only known at deployment time", undefined, 'deploy-time-input'),
    });
  });

  it('leaves inner parameters Unknown when they come from a parametersLink', () => {
    const result = expand({
      resources: [deployment({ expressionEvaluationOptions: { scope: 'inner' }, parametersLink: { uri: 'https://example.com/p.json' }, template: innerTemplate })],
    });
    expect(result.resources[1]!.name).toEqual(new Unknown('nested deployment parameters come from a parametersLink, not available offline', undefined, 'not-in-run'));
  });

  it('lets an outer-scope template inside a copy loop see the loop index', () => {
    const template = { $schema: RG_SCHEMA, resources: [{ type: 'A.B/c', name: "[concat(variables('base'), copyIndex())]" }] };
    const result = expand({ variables: { base: 'res' }, resources: [deployment({ template }, { name: "[concat('d', copyIndex())]", copy: { name: 'ds', count: 2 } })] });
    expect(names(result)).toEqual(['d0', 'res0', 'd1', 'res1']);
  });

  it('exposes deployment() of the nested deployment to an inner-scope template', () => {
    const template = { $schema: RG_SCHEMA, resources: [{ type: 'A.B/c', name: '[deployment().name]' }] };
    const result = expand({ resources: [deployment({ expressionEvaluationOptions: { scope: 'inner' }, template }, { name: 'inner-deployment' })] });
    expect(names(result)).toEqual(['inner-deployment', 'inner-deployment']);
  });
});
