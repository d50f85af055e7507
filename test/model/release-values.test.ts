import path from 'node:path';
import { tempProject } from '../helpers/temp-project';

// Worker threads run the built code (dist/lint/load-worker.js), so the run does too.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadModel } = require(path.resolve(__dirname, '..', '..', 'dist', 'lint', 'index.js')) as typeof import('../../src/lint');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { armDeclarationOf } = require(path.resolve(__dirname, '..', '..', 'dist', 'formats', 'arm', 'expand', 'index.js')) as typeof import('../../src/formats/arm/expand');

// Issue #12: memory follows the model. Once a template's nodes are built, its resources keep of their evaluated
// values only what is read later: an Azure `id` (Terraform joins), a VM's `location` (egress) and a `metadata` section
// with inline suppressions; and not their declarations, which later locations read again from the file.
const template = JSON.stringify({
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  resources: [
    {
      type: 'Microsoft.Compute/virtualMachines',
      apiVersion: '2024-07-01',
      name: 'vm1',
      location: 'westeurope',
      metadata: { 'backup-lint': { suppress: [] } },
      properties: { hardwareProfile: { vmSize: 'Standard_D2s_v5' }, osProfile: { linuxConfiguration: {} } },
    },
  ],
});

const nicAndVm = JSON.stringify({
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  parameters: { vmName: { type: 'string' } },
  resources: [
    {
      type: 'Microsoft.Network/networkInterfaces',
      apiVersion: '2024-05-01',
      name: '[concat(parameters(\'vmName\'), \'-nic\')]',
      location: 'westeurope',
      metadata: { owner: 'team-a' },
      properties: { ipConfigurations: [] },
    },
    {
      type: 'Microsoft.Compute/virtualMachines',
      apiVersion: '2024-07-01',
      name: '[parameters(\'vmName\')]',
      location: 'westeurope',
      metadata: { owner: 'team-a' },
      properties: { hardwareProfile: { vmSize: 'Standard_D2s_v5' } },
    },
  ],
});

describe('values released once the model is built', () => {
  it.each([
    ['on the main thread', 0],
    ['on a worker thread', 1],
  ])('keeps only location and metadata of a VM loaded %s, its fields and locations intact', async (_where, workers) => {
    const project = tempProject({ 'vm.json': template });
    try {
      const stats = { fromWorkers: 0 };
      const parallel = { workers, minFiles: 0, mainThreadLoads: workers === 0, stats };
      const { model, files } = await loadModel({ cwd: project.dir, paths: ['.'], ignore: [], parameterPairs: new Map(), context: {}, parallel });
      expect(stats.fromWorkers).toBe(workers);
      const [vm] = model.ofKind('vm');
      expect(vm!.raw.values).toEqual({ location: 'westeurope', metadata: { 'backup-lint': { suppress: [] } } });
      expect(vm!.size).toBe('Standard_D2s_v5');
      // Their pointers are shared across the run's nodes (shareLocationStrings), and unchanged.
      expect(vm!.at).toEqual({ file: 'vm.json', pointer: '/resources/0' });
      expect(vm!.sources['size']).toEqual({ file: 'vm.json', pointer: '/resources/0/properties/hardwareProfile/vmSize', property: 'vmSize' });
      // Its declaration is let go too: a location asked now reads it again from the file, with the same answer.
      expect(armDeclarationOf(vm!.raw)).toBeUndefined();
      expect(vm!.raw.locate(['properties', 'hardwareProfile', 'vmSize'])).toEqual({ file: 'vm.json', pointer: '/resources/0/properties/hardwareProfile/vmSize' });
      expect(vm!.raw.locate(['metadata', 'backup-lint', 'suppress', 0])).toEqual({ file: 'vm.json', pointer: '/resources/0/metadata/backup-lint/suppress' });
      expect(files.refusal('vm.json')).toBeUndefined();
    } finally {
      project.cleanup();
    }
  });
});

describe('what a settled resource keeps', () => {
  it.each([
    ['on the main thread', 0],
    ['on a worker thread', 1],
  ])('keeps a location for VMs only and metadata only with a backup-lint section, loaded %s', async (_where, workers) => {
    const project = tempProject({ 'main.json': nicAndVm });
    try {
      const parallel = { workers, minFiles: 0, mainThreadLoads: workers === 0 };
      const { model } = await loadModel({ cwd: project.dir, paths: ['.'], ignore: [], parameterPairs: new Map(), context: {}, parallel });
      const [nic] = model.ofKind('nic');
      const [vm] = model.ofKind('vm');
      expect(Object.entries(nic!.raw.values).filter(([, value]) => value !== undefined)).toEqual([]);
      // All resources that keep nothing share one frozen object, those built on a worker too (a clone is a new object).
      expect(Object.isFrozen(nic!.raw.values)).toBe(true);
      expect(Object.entries(vm!.raw.values).filter(([, value]) => value !== undefined)).toEqual([['location', 'westeurope']]);
      // Names built from deploy-time inputs keep their parts, and their display and identity are the same as ever.
      expect(vm!.label).toBe('{vmName}');
      expect(nic!.label).toBe('{vmName}-nic');
      expect(nic!.raw).not.toHaveProperty('declaredName');
      expect(nic!.raw.locate(['properties', 'ipConfigurations'])).toEqual({ file: 'main.json', pointer: '/resources/0/properties/ipConfigurations' });
    } finally {
      project.cleanup();
    }
  });
});

describe('kept values are evaluated values', () => {
  // Values are evaluated as the model builders read them (model/deferred.ts): what a resource keeps past the builders
  // must be evaluated in full on the thread that loaded it, or it would hold unevaluated members (and the template).
  const kept = JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { region: { type: 'string', defaultValue: 'northeurope' } },
    resources: [
      {
        type: 'Microsoft.Compute/virtualMachines',
        apiVersion: '2024-07-01',
        name: 'vm1',
        location: "[parameters('region')]",
        metadata: { 'backup-lint': { suppress: [], reason: "[concat('owned by ', 'team-a')]" } },
        properties: { hardwareProfile: { vmSize: 'Standard_D2s_v5' } },
      },
      {
        type: 'Microsoft.Network/azureFirewalls',
        apiVersion: '2023-04-01',
        name: 'fw',
        location: "[parameters('region')]",
        properties: { firewallPolicy: { id: "[resourceId('Microsoft.Network/firewallPolicies', 'policy')]" }, sku: { tier: "[toUpper('standard')]" } },
      },
    ],
  });

  it.each([
    ['on the main thread', 0],
    ['on a worker thread', 1],
  ])('keeps a VM location and metadata and a firewall values evaluated, loaded %s', async (_where, workers) => {
    const project = tempProject({ 'main.json': kept });
    try {
      const parallel = { workers, minFiles: 0, mainThreadLoads: workers === 0 };
      const { model } = await loadModel({ cwd: project.dir, paths: ['.'], ignore: [], parameterPairs: new Map(), context: {}, parallel });
      const [vm] = model.ofKind('vm');
      const [firewall] = model.ofKind('firewall');
      expect(Object.entries(vm!.raw.values).filter(([, value]) => value !== undefined)).toEqual([
        ['location', 'northeurope'],
        ['metadata', { 'backup-lint': { suppress: [], reason: 'owned by team-a' } }],
      ]);
      expect(firewall!.raw.values['properties']).toEqual({
        firewallPolicy: { id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/backup-lint-rg/providers/Microsoft.Network/firewallPolicies/policy' },
        sku: { tier: 'STANDARD' },
      });
      expect(firewall!.raw.values['location']).toBe('northeurope');
    } finally {
      project.cleanup();
    }
  });
});

describe('declarations read again on demand', () => {
  it('reads a template again once, however many of its resources are located after building', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ConfinedFiles } = require(path.resolve(__dirname, '..', '..', 'dist', 'io', 'confined-files.js')) as typeof import('../../src/io/confined-files');
    const vms = JSON.parse(template) as { resources: Record<string, unknown>[] };
    vms.resources.push({ ...vms.resources[0], name: 'vm2' });
    const project = tempProject({ 'vms.json': JSON.stringify(vms) });
    const reads = jest.spyOn(ConfinedFiles.prototype, 'readText');
    try {
      const { model } = await loadModel({ cwd: project.dir, paths: ['.'], ignore: [], parameterPairs: new Map(), context: {}, parallel: { workers: 0 } });
      const before = reads.mock.calls.filter(([file]) => file === 'vms.json').length;
      const located = model.ofKind('vm').map((vm) => vm.raw.locate(['properties', 'hardwareProfile', 'vmSize']).pointer);
      expect(located).toEqual(['/resources/0/properties/hardwareProfile/vmSize', '/resources/1/properties/hardwareProfile/vmSize']);
      expect(reads.mock.calls.filter(([file]) => file === 'vms.json').length).toBe(before + 1);
    } finally {
      reads.mockRestore();
      project.cleanup();
    }
  });
});

describe('DeclarationRereader', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DeclarationRereader } = require(path.resolve(__dirname, '..', '..', 'dist', 'formats', 'arm', 'expand', 'index.js')) as typeof import('../../src/formats/arm/expand');

  it('finds declarations by their pointer, escaped names (symbolic `a/b~c`) and array indexes alike', () => {
    const files: Record<string, unknown> = {
      'a.json': { resources: [{ name: 'first' }, { name: 'second' }] },
      'b.json': { resources: { 'a/b~c': { name: 'symbolic' } } },
    };
    const rereader = new DeclarationRereader((file) => files[file]);
    expect(rereader.declarationAt('a.json', '/resources/1')).toEqual({ name: 'second' });
    expect(rereader.declarationAt('b.json', '/resources/a~1b~0c')).toEqual({ name: 'symbolic' });
    expect(rereader.declarationAt('b.json', '/resources/missing')).toBeUndefined();
  });

  it('reads each file once, whatever the order its declarations are asked in', () => {
    const reads: string[] = [];
    const rereader = new DeclarationRereader((file) => {
      reads.push(file);
      return { resources: [{ file }, { file }] };
    });
    for (const file of ['1', '2', '3', '4', '5', '6', '1', '6', '2', '5']) rereader.declarationAt(file, '/resources/1');
    expect(reads).toEqual(['1', '2', '3', '4', '5', '6']);
  });
});

describe('firewalls joined after loading', () => {
  it('joins a firewall to its policy\'s rule collection group without reading its template again', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ConfinedFiles } = require(path.resolve(__dirname, '..', '..', 'dist', 'io', 'confined-files.js')) as typeof import('../../src/io/confined-files');
    const firewall = JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [
        {
          type: 'Microsoft.Network/azureFirewalls',
          apiVersion: '2023-04-01',
          name: 'hub-fw',
          properties: { firewallPolicy: { id: "[resourceId('Microsoft.Network/firewallPolicies', 'hub-policy')]" } },
        },
        {
          type: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
          apiVersion: '2023-04-01',
          name: 'hub-policy/backup',
          properties: {
            ruleCollections: [
              {
                ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
                action: { type: 'Allow' },
                rules: [{ ruleType: 'ApplicationRule', name: 'backup', protocols: [{ protocolType: 'Https', port: 443 }], fqdnTags: ['AzureBackup'], sourceAddresses: ['*'] }],
              },
            ],
          },
        },
      ],
    });
    const project = tempProject({ 'hub.json': firewall });
    const reads = jest.spyOn(ConfinedFiles.prototype, 'readText');
    try {
      const { model } = await loadModel({ cwd: project.dir, paths: ['.'], ignore: [], parameterPairs: new Map(), context: {}, parallel: { workers: 0 } });
      const [node] = model.ofKind('firewall');
      expect(node!.allowsBackup).toBe(true);
      // Read once to be loaded; the join wants the policy ID only, not where it is written.
      expect(reads.mock.calls.filter(([file]) => file === 'hub.json')).toHaveLength(1);
    } finally {
      reads.mockRestore();
      project.cleanup();
    }
  });
});
