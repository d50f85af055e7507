import { discover } from '../../src/discover';
import { detectJsonFormat, guessJsonFormat } from '../../src/discover/detect';
import { pairParameters } from '../../src/discover/pair-parameters';
import { tempProject } from '../helpers/temp-project';

const TEMPLATE = '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0", "resources": []}';
const PARAMETERS = '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "contentVersion": "1.0.0.0", "parameters": {}}';

describe('format detection by content', () => {
  it.each([
    [{ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#' }, 'arm'],
    [{ $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#' }, 'arm'],
    [{ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', metadata: { _generator: { name: 'bicep' } } }, 'bicep-json'],
    [{ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#' }, 'arm-parameters'],
    [{ format_version: '1.2', planned_values: {} }, 'tfplan'],
    [{ format_version: '0.1', resource_changes: [] }, 'tfplan'],
    [{ name: 'infra-scripts', version: '1.0.0' }, undefined],
    [{ compilerOptions: {} }, undefined],
    [[1, 2], undefined],
  ])('%j is %s', (value, format) => {
    expect(detectJsonFormat(value)).toBe(format);
  });

  it('guesses from the text, so unrelated JSON is never parsed and a truncated template is still recognised', () => {
    expect(guessJsonFormat('{\n "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n "resources": [')).toBe('arm');
    expect(guessJsonFormat('{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "metadata": {"_generator": {"name": "bicep"}}}')).toBe('bicep-json');
    expect(guessJsonFormat('{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#"}')).toBe('arm-parameters');
    expect(guessJsonFormat('{"format_version":"1.2","terraform_version":"1.9.0","planned_values":{}}')).toBe('tfplan');
    expect(guessJsonFormat('{ "editor.formatOnSave": true')).toBeUndefined();
    expect(guessJsonFormat('{"$schema": "https://json.schemastore.org/package.json", "name": "x"}')).toBeUndefined();
  });
});

describe('parameter file pairing', () => {
  it('pairs x.json with x.parameters.json, then a single template with its folder azuredeploy/main.parameters.json', () => {
    const pairs = pairParameters(
      ['a/vm.json', 'a/nic.json', 'b/azuredeploy.json', 'c/main.json', 'c/other.json'],
      ['a/vm.parameters.json', 'a/azuredeploy.parameters.json', 'b/azuredeploy.parameters.json', 'c/main.parameters.json'],
      new Map(),
      undefined,
    );
    expect([...pairs]).toEqual([
      ['a/vm.json', 'a/vm.parameters.json'],
      ['b/azuredeploy.json', 'b/azuredeploy.parameters.json'],
      ['c/main.json', 'c/main.parameters.json'],
    ]);
  });

  it('lets explicit template=params pairs win, and gives a lone --parameters file to every unpaired template', () => {
    const pairs = pairParameters(['vm.json', 'nic.json'], ['vm.parameters.json', 'prod.json'], new Map([['vm.json', 'prod.json']]), 'shared.json');
    expect([...pairs]).toEqual([
      ['vm.json', 'prod.json'],
      ['nic.json', 'shared.json'],
    ]);
  });
});

describe('discover', () => {
  const project = tempProject({
    'infra/vm.json': TEMPLATE,
    'infra/vm.parameters.json': PARAMETERS,
    'infra/package.json': '{"name": "x"}',
    'infra/node_modules/dep/template.json': TEMPLATE,
    'infra/.terraform/modules/m/main.tf': 'resource "azurerm_resource_group" "rg" {}',
    'tf/main.tf': 'resource "azurerm_resource_group" "rg" {}',
    'tf/net.tf': 'resource "azurerm_virtual_network" "vnet" {}',
    'tf/terraform.tfvars': 'x = 1',
    'legacy/old.json': TEMPLATE,
  });
  afterAll(() => project.cleanup());
  const run = (paths: string[], ignore: string[] = []) =>
    discover({ cwd: project.dir, paths, ignore, parameterPairs: new Map() });

  it('finds templates with their parameter files and .tf modules, skipping node_modules, .terraform and other JSON', () => {
    const found = run(['.']);
    expect(found.templates.map((t) => [t.path, t.parameters])).toEqual([
      ['infra/vm.json', 'infra/vm.parameters.json'],
      ['legacy/old.json', undefined],
    ]);
    expect(found.terraformModules).toEqual([{ dir: 'tf', files: ['tf/main.tf', 'tf/net.tf', 'tf/terraform.tfvars'] }]);
    expect(found.reportOnly).toBeUndefined();
  });

  it('reports paths relative to a working directory inside the walked folder (a run over `..`)', () => {
    const found = discover({ cwd: `${project.dir}/infra`, paths: ['..'], ignore: [], parameterPairs: new Map() });
    expect(found.templates.map((t) => [t.path, t.parameters])).toEqual([
      ['../legacy/old.json', undefined],
      ['vm.json', 'vm.parameters.json'],
    ]);
    expect(found.terraformModules.map((m) => m.files)).toEqual([['../tf/main.tf', '../tf/net.tf', '../tf/terraform.tfvars']]);
  });

  it('applies ignore globs to relative paths', () => {
    expect(run(['.'], ['legacy/**']).templates.map((t) => t.path)).toEqual(['infra/vm.json']);
  });

  it('for named files (pre-commit), reports on them only but loads their module and parameter file for context', () => {
    const found = run(['tf/net.tf', 'infra/vm.json']);
    expect(found.reportOnly).toEqual(new Set(['tf/net.tf', 'infra/vm.json']));
    expect(found.terraformModules).toEqual([{ dir: 'tf', files: ['tf/main.tf', 'tf/net.tf', 'tf/terraform.tfvars'] }]);
    expect(found.templates.map((t) => t.parameters)).toEqual(['infra/vm.parameters.json']);
  });
});
