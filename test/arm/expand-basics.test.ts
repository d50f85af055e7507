import { DEFAULT_DEPLOYMENT_CONTEXT, expandTemplate } from '../../src/formats/arm/expand';
import { SymbolicText, Unknown } from '../../src/model/unknown';
import { byName, expand, names, RG_PREFIX } from './expand-helpers';

const vnet = {
  type: 'Microsoft.Network/virtualNetworks',
  apiVersion: '2023-04-01',
  name: "[parameters('vnetName')]",
  location: "[parameters('location')]",
  dependsOn: [],
  properties: { addressSpace: { addressPrefixes: ["[variables('prefix')]"] } },
};

describe('expandTemplate: resources, parameters and variables', () => {
  it('evaluates names, IDs, values and the declaration pointer', () => {
    const result = expand({
      parameters: { vnetName: { type: 'string', defaultValue: 'vnet-a' }, location: { type: 'string', defaultValue: '[resourceGroup().location]' } },
      variables: { prefix: '10.0.0.0/16' },
      resources: [vnet],
    });
    expect(result.fatal).toBeUndefined();
    expect(result.stats).toEqual({ resources: 1, namesResolved: 1, namesSymbolic: 0, unknownReasons: {}, linkedTemplatesFollowed: 0, localCopiesFollowed: 0 });
    const resource = result.resources[0]!;
    expect(resource).toMatchObject({
      format: 'arm',
      file: 'infra/main.json',
      type: 'Microsoft.Network/virtualNetworks',
      name: 'vnet-a',
      id: `${RG_PREFIX}/Microsoft.Network/virtualNetworks/vnet-a`,
      at: { file: 'infra/main.json', pointer: '/resources/0' },
    });
    expect(resource.values).toEqual({
      type: 'Microsoft.Network/virtualNetworks',
      apiVersion: '2023-04-01',
      name: 'vnet-a',
      location: 'westeurope',
      properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
    });
    expect(resource.conditional).toBeUndefined();
    expect(resource.existing).toBeUndefined();
  });

  it('prefers parameter-file values and makes Key Vault references Unknown', () => {
    const result = expand(
      {
        parameters: { vnetName: { type: 'string', defaultValue: 'vnet-a' }, location: { type: 'string' }, secret: { type: 'securestring' } },
        variables: { prefix: "[parameters('secret')]" },
        resources: [vnet],
      },
      { vnetName: { value: 'vnet-from-file' }, location: { value: 'northeurope' }, secret: { reference: { keyVault: { id: '/x' }, secretName: 's' } } },
    );
    const resource = byName(result, 'vnet-from-file');
    expect(resource.values.location).toBe('northeurope');
    const prefix = (resource.values.properties as { addressSpace: { addressPrefixes: unknown[] } }).addressSpace.addressPrefixes[0];
    // Unknown, and as a string parameter of the deployed file a symbol: one deploy-time value, shown as {secret}.
    expect(prefix).toBeInstanceOf(SymbolicText);
    expect(prefix).toMatchObject({ reason: "parameter 'secret' is a Key Vault reference", display: '{secret}' });
  });

  it('makes every parameter Unknown, defaults included, when the parameter file could not be read', () => {
    const result = expandTemplate({
      file: 'main.json',
      format: 'arm',
      template: { parameters: { count: { type: 'int', defaultValue: 2 } }, resources: [{ ...vnet, name: 'vnet', properties: { n: "[parameters('count')]" } }] },
      parameterValues: { values: undefined, file: 'main.parameters.json' },
      context: DEFAULT_DEPLOYMENT_CONTEXT,
    });
    expect(result.resources[0]!.values.properties).toEqual({ n: new Unknown('parameter file main.parameters.json could not be read', undefined, 'not-in-run') });
  });

  it('makes a parameter without value or default Unknown (a symbol for strings), and counts the reason', () => {
    const result = expand({ parameters: { vnetName: { type: 'string' }, location: { type: 'string', defaultValue: 'x' } }, variables: { prefix: 'p' }, resources: [vnet] });
    const { name, id } = result.resources[0]!;
    expect(name).toBeInstanceOf(SymbolicText);
    expect(name).toMatchObject({ reason: "parameter 'vnetName' has no value", display: '{vnetName}' });
    expect(id).toMatchObject({ reason: "parameter 'vnetName' has no value", display: `${RG_PREFIX}/Microsoft.Network/virtualNetworks/{vnetName}` });
    expect(result.stats).toEqual({ resources: 1, namesResolved: 0, namesSymbolic: 1, unknownReasons: { "parameter '…' has no value": 1 }, linkedTemplatesFollowed: 0, localCopiesFollowed: 0 });
  });

  it('evaluates variables holding objects, variable copy and `if(..., json(\'null\'), ...)`', () => {
    const result = expand({
      parameters: { linux: { type: 'bool', defaultValue: false } },
      variables: {
        linuxConfiguration: { disablePasswordAuthentication: true },
        settings: { sizes: { small: 'Standard_B1s' } },
        copy: [{ name: 'diskNames', count: 2, input: "[concat('disk', copyIndex('diskNames', 1))]" }],
      },
      resources: [
        {
          type: 'Microsoft.Compute/virtualMachines',
          name: 'vm',
          properties: {
            hardwareProfile: { vmSize: "[variables('settings').sizes.small]" },
            osProfile: { linuxConfiguration: "[if(parameters('linux'), variables('linuxConfiguration'), json('null'))]" },
            disks: "[variables('diskNames')]",
          },
        },
      ],
    });
    expect(byName(result, 'vm').values.properties).toEqual({
      hardwareProfile: { vmSize: 'Standard_B1s' },
      osProfile: { linuxConfiguration: null },
      disks: ['disk1', 'disk2'],
    });
  });

  it('reports self-referencing variables as Unknown instead of recursing', () => {
    const result = expand({ variables: { a: "[variables('b')]", b: "[variables('a')]" }, resources: [{ type: 'Microsoft.Storage/storageAccounts', name: "[variables('a')]" }] });
    expect(result.resources[0]!.name).toEqual(new Unknown("variable 'a' refers to itself"));
  });

  it('evaluates user-defined functions', () => {
    const result = expand({
      functions: [{ namespace: 'contoso', members: { prefixed: { parameters: [{ name: 'n', type: 'string' }], output: { type: 'string', value: "[concat('app-', parameters('n'))]" } } } }],
      resources: [{ type: 'Microsoft.Storage/storageAccounts', name: "[contoso.prefixed('st')]" }],
    });
    expect(names(result)).toEqual(['app-st']);
  });

  it('is fatal only when resources cannot be read at all, and never throws', () => {
    expect(expand({ resources: 'nope' }).fatal).toEqual({ message: '`resources` is neither an array nor an object', pointer: '/resources' });
    const notObject = expandTemplate({ file: 'x.json', format: 'arm', template: [1, 2], context: DEFAULT_DEPLOYMENT_CONTEXT });
    expect(notObject.fatal).toEqual({ message: 'template is not a JSON object', pointer: '' });
    expect(expand({ resources: [{ type: 'A.B/c', name: "[concat('x'" }, 5, null] }).resources.map((r) => r.name)).toEqual(["[concat('x'"]);
  });
});

describe('expandTemplate: conditions', () => {
  const template = (condition: unknown) => ({
    parameters: { deploy: { type: 'bool' } },
    resources: [{ condition, type: 'Microsoft.Network/publicIPAddresses', name: 'pip', resources: [{ type: 'locks', name: 'lock' }] }],
  });

  it('drops a resource whose condition is false, together with its children', () => {
    expect(expand(template("[equals(1, 2)]")).resources).toEqual([]);
  });

  it('keeps a resource whose condition is true without marking it', () => {
    const result = expand(template(true));
    expect(names(result)).toEqual(['pip', 'pip/lock']);
    expect(result.resources.every((r) => r.conditional === undefined)).toBe(true);
  });

  it('keeps a resource whose condition is Unknown, marked conditional with the reason', () => {
    const result = expand(template("[parameters('deploy')]"));
    expect(names(result)).toEqual(['pip', 'pip/lock']);
    expect(result.resources[0]!.conditional).toEqual(new Unknown("condition is unknown: parameter 'deploy' has no value", undefined, 'deploy-time-input'));
    expect(result.resources[1]!.conditional).toEqual(new Unknown("condition is unknown: parameter 'deploy' has no value", undefined, 'deploy-time-input'));
  });
});
