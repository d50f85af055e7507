import { discover } from '../../src/discover';
import { detectJsonFormat, guessJsonFormat } from '../../src/discover/detect';
import { guessFromHead } from '../../src/formats/registry';
import { lint } from '../../src/lint';
import { loadBuiltinPolicies } from '../../src/policy';
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

describe('format guessed from the head of a file', () => {
  const SCHEMA = '"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"';
  it.each([
    [`{${SCHEMA}, "contentVersion": "1.0.0.0"`, { format: 'arm', tentative: true }],
    [`{${SCHEMA}, "metadata": {"_generator": {"name": "bicep", "version": "0.30"}}`, { format: 'bicep-json', tentative: false }],
    ['{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {', { format: 'arm-parameters', tentative: false }],
    // What only the whole text can tell: no schema yet, another schema (a plan may follow), a schema cut short.
    ['{"format_version": "1.2", "terraform_version": "1.9.0"', undefined],
    ['{"$schema": "https://json.schemastore.org/package.json", "name": "x"', undefined],
    ['{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTem', undefined],
  ])('%s', (head, guess) => {
    expect(guessFromHead(head)).toEqual(guess);
  });

  it('never contradicts the guess from the whole text: the first $schema is the one in the head', () => {
    const later = `{"$schema": "https://json.schemastore.org/x.json", "pad": "${'p'.repeat(100)}", "t": {${SCHEMA}}}`;
    expect(guessFromHead(later.slice(0, 60))).toEqual(undefined);
    expect(guessJsonFormat(later)).toBeUndefined();
    const bicepLater = `{${SCHEMA}, "pad": "${'p'.repeat(100)}", "metadata": {"_generator": {"name": "bicep"}}}`;
    expect(guessFromHead(bicepLater.slice(0, 120))).toEqual({ format: 'arm', tentative: true });
    expect(guessJsonFormat(bicepLater)).toBe('bicep-json');
  });

  it('discovers files whose head cannot tell, and reports a broken Bicep file whose generator comes late as bicep-json', async () => {
    const pad = 'p'.repeat(5000);
    const project = tempProject({
      'late-schema.json': `{"description": "${pad}", ${SCHEMA}, "resources": []}`,
      'late-bicep.json': `{${SCHEMA}, "description": "${pad}", "metadata": {"_generator": {"name": "bicep"}}, "resources": [`,
      'plan.json': `{"format_version": "1.2", "terraform_version": "${pad}", "planned_values": {}}`,
    });
    try {
      const found = discover({ cwd: project.dir, paths: ['.'], ignore: [], parameterPairs: new Map() });
      expect(found.templates).toEqual([
        { path: 'late-bicep.json', format: 'arm', formatTentative: true },
        { path: 'late-schema.json', format: 'arm' },
      ]);
      expect(found.plans).toEqual([{ path: 'plan.json', format: 'tfplan' }]);
      const result = await lint({ cwd: project.dir, paths: ['late-bicep.json'], ignore: [], parameterPairs: new Map(), context: {}, policies: loadBuiltinPolicies(), rules: {}, quiet: false });
      expect(result.files).toEqual([{ path: 'late-bicep.json', format: 'bicep-json', status: 'error', resources: 0 }]);
    } finally {
      project.cleanup();
    }
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
