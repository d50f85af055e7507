import type { DomainNode, Model, NodeKind, NodeOfKind } from './domain';
import { SymbolicText, symbolicIdKey } from './unknown';

/**
 * Builds the run's model: nodes indexed by kind, by ID (ARM IDs case-insensitively, addresses exactly) and by
 * symbolic ID (IDs built from deploy-time inputs, see SymbolicText).
 */
export function createModel(nodes: DomainNode[]): Model {
  const byKind = new Map<NodeKind, DomainNode[]>();
  const byKey = new Map<string, DomainNode>();
  for (const node of nodes) {
    let list = byKind.get(node.kind);
    if (!list) byKind.set(node.kind, (list = []));
    list.push(node);
    for (const id of [node.id, azureIdOf(node)]) {
      const key = joinKey(id);
      if (key !== undefined && !byKey.has(key)) byKey.set(key, node);
    }
  }
  const resolve = (ref: unknown) => {
    const key = joinKey(ref);
    return key === undefined ? undefined : byKey.get(key);
  };
  return {
    nodes,
    ofKind: <K extends NodeKind>(kind: K) => (byKind.get(kind) ?? []) as NodeOfKind<K>[],
    byId: resolve,
    resolve,
  };
}

/**
 * The key nodes join on: ARM resource IDs (they start with `/`) case-insensitively, Terraform addresses exactly,
 * symbolic IDs by their identity (which never equals a plain ID); undefined for anything else.
 */
export function joinKey(id: string): string;
export function joinKey(id: unknown): string | undefined;
export function joinKey(id: unknown): string | undefined {
  if (typeof id === 'string') return id.startsWith('/') ? id.toLowerCase() : id;
  if (id instanceof SymbolicText) return symbolicIdKey(id);
  return undefined;
}

/** A Terraform resource whose Azure ID is already known (an update plan) joins by that ID too. */
function azureIdOf(node: DomainNode): string | undefined {
  const id = node.raw.values['id'];
  return typeof id === 'string' && id.startsWith('/') ? id : undefined;
}

