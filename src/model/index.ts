import type { DomainNode, Model, NodeKind, NodeOfKind } from './domain';
import { SymbolicText, symbolicIdKey } from './unknown';

/**
 * Builds the run's model: nodes indexed by kind, by ID (ARM IDs case-insensitively, addresses exactly) and by
 * symbolic ID (IDs built from deploy-time inputs, see SymbolicText).
 */
export function createModel(nodes: DomainNode[]): Model {
  const byKind = new Map<NodeKind, DomainNode[]>();
  for (const node of nodes) {
    let list = byKind.get(node.kind);
    if (!list) byKind.set(node.kind, (list = []));
    list.push(node);
  }
  const byId = new NodesById(nodes);
  const resolve = (ref: unknown) => byId.get(ref);
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

/**
 * Nodes by the keys they join on (`joinKey` of their ID, and of a Terraform resource's Azure ID once known); the
 * one index the model, the ARM child attachment and the Terraform attachments share.
 */
export class NodesById {
  private readonly byKey = new Map<string, DomainNode[]>();

  constructor(nodes: Iterable<DomainNode>) {
    for (const node of nodes) {
      const keys = new Set([joinKey(node.id), joinKey(azureIdOf(node))]);
      for (const key of keys) {
        if (key === undefined) continue;
        const list = this.byKey.get(key);
        if (list) list.push(node);
        else this.byKey.set(key, [node]);
      }
    }
  }

  /** The first node (in run order) with this ID, of this kind when given. */
  get(ref: unknown, kind?: NodeKind): DomainNode | undefined {
    const key = joinKey(ref);
    const nodes = key === undefined ? undefined : this.byKey.get(key);
    return kind === undefined ? nodes?.[0] : nodes?.find((node) => node.kind === kind);
  }
}

/** A Terraform resource whose Azure ID is already known (an update plan) joins by that ID too. */
function azureIdOf(node: DomainNode): string | undefined {
  const id = node.raw.values['id'];
  return typeof id === 'string' && id.startsWith('/') ? id : undefined;
}

