import type { DomainNode, Model, NodeKind, NodeOfKind, VmNode } from '../../src/model/domain';
import type { SourceRef } from '../../src/model/location';
import type { SourceFormat } from '../../src/model/resource';

/** Hand-built model nodes for engine tests. */
export function vmNode(overrides: Partial<VmNode> & { name: VmNode['name'] }, format: SourceFormat = 'arm'): VmNode {
  const file = format === 'tf' ? 'main.tf' : 'vm.json';
  const at: SourceRef = { file, pointer: '/resources/0' };
  return {
    kind: 'vm',
    id: `id-${String(overrides.name)}`,
    label: typeof overrides.name === 'string' ? overrides.name : '(name unknown before deployment)',
    type: format === 'tf' ? 'azurerm_windows_virtual_machine' : 'Microsoft.Compute/virtualMachines',
    format,
    file,
    at,
    sources: {},
    raw: {
      format,
      file,
      type: 'Microsoft.Compute/virtualMachines',
      name: overrides.name,
      id: 'x',
      values: {},
      at,
      locate: () => at,
    },
    os: 'linux',
    size: 'Standard_B2s',
    image: { publisher: null, offer: null, sku: null },
    agent: { provisioned: true, provisionedByDefault: true, extensionOperationsAllowed: true },
    nicIds: [],
    availabilitySetId: null,
    scaleSetId: null,
    isScaleSet: false,
    orchestrationMode: null,
    guestTexts: [],
    ...overrides,
  };
}

export function modelOf(nodes: DomainNode[]): Model {
  return {
    nodes,
    ofKind<K extends NodeKind>(kind: K) {
      return nodes.filter((n): n is NodeOfKind<K> => n.kind === kind);
    },
    byId(id: string) {
      return nodes.find((n) => typeof n.id === 'string' && n.id.toLowerCase() === id.toLowerCase());
    },
    resolve(ref: unknown) {
      return typeof ref === 'string' ? this.byId(ref) : undefined;
    },
    lookup(ref: unknown) {
      return this.resolve(ref);
    },
  };
}
