import type { DomainNode, Model, NodeKind, NodeOfKind } from './domain';
import { SymbolicText, symbolicIdKey } from './unknown';

/**
 * Builds the run's model: nodes indexed by kind, by ID (ARM IDs case-insensitively, addresses exactly) and by
 * symbolic ID (IDs built from deploy-time inputs, see SymbolicText).
 */
export function createModel(nodes: DomainNode[]): Model {
  const byKind = new Map<NodeKind, DomainNode[]>();
  const byId = new Map<string, DomainNode>();
  const bySymbolicId = new Map<string, DomainNode>();
  for (const node of nodes) {
    let list = byKind.get(node.kind);
    if (!list) byKind.set(node.kind, (list = []));
    list.push(node);
    for (const id of [node.id, azureIdOf(node)]) {
      if (typeof id === 'string' && !byId.has(idKey(id))) byId.set(idKey(id), node);
    }
    if (node.id instanceof SymbolicText) {
      const key = symbolicIdKey(node.id);
      if (!bySymbolicId.has(key)) bySymbolicId.set(key, node);
    }
  }
  const findById = (id: string) => byId.get(idKey(id));
  return {
    nodes,
    ofKind: <K extends NodeKind>(kind: K) => (byKind.get(kind) ?? []) as NodeOfKind<K>[],
    byId: findById,
    resolve: (ref: unknown) => {
      if (typeof ref === 'string') return findById(ref);
      if (ref instanceof SymbolicText) return bySymbolicId.get(symbolicIdKey(ref));
      return undefined;
    },
  };
}

/** A Terraform resource whose Azure ID is already known (an update plan) joins by that ID too. */
function azureIdOf(node: DomainNode): string | undefined {
  const id = node.raw.values['id'];
  return typeof id === 'string' && id.startsWith('/') ? id : undefined;
}

/** ARM resource IDs start with `/` and are case-insensitive; Terraform addresses are not. */
function idKey(id: string): string {
  return id.startsWith('/') ? id.toLowerCase() : id;
}
