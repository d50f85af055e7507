import type { DomainNode, Model, NodeKind, NodeOfKind } from './domain';
import { SymbolicText, symbolicIdKey, Unknown } from './unknown';

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
  return {
    nodes,
    ofKind: <K extends NodeKind>(kind: K) => (byKind.get(kind) ?? []) as NodeOfKind<K>[],
    byId: (id) => byId.get(id),
    resolve: (ref, from) => byId.get(ref, undefined, from),
    lookup: (ref, from) => byId.lookup(ref, from),
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
 * What a reference names: its node, or an Unknown of kind `ambiguous` when the ID is declared in several files of
 * the run and the referrer's own file declares none of them; undefined when no node of the run has the ID.
 */
export type Lookup = DomainNode | Unknown | undefined;

/**
 * Nodes by the keys they join on (`joinKey` of their ID, and of a Terraform resource's Azure ID once known); the
 * one index the model, the ARM child attachment and the Terraform attachments share, and the one place the join
 * rule lives.
 *
 * The join rule: an ID declared in one file joins from anywhere in the run (a vault in one template, its VMs in
 * another). An ID declared in several files is several resources as far as the run can tell: ARM templates that
 * set no resource group all evaluate to the same default subscription and resource group, so two unrelated
 * templates declaring `rt-01` get the same ID. Then a reference joins the declaration in the referrer's own file
 * (one template expansion, its nested deployments included); from any other file it is ambiguous.
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

  /**
   * The node a reference from file `from` names (of this kind when given), by the join rule above; an ambiguous
   * reference is an Unknown (its reason names the files). Without `from`, only an ID declared in one file joins.
   */
  lookup(ref: unknown, from?: string, kind?: NodeKind): Lookup {
    const key = joinKey(ref);
    const all = key === undefined ? undefined : this.byKey.get(key);
    const nodes = kind === undefined ? all : all?.filter((node) => node.kind === kind);
    const first = nodes?.[0];
    if (!nodes || !first) return undefined;
    if (nodes.every((node) => node.file === first.file)) return first;
    const own = from === undefined ? undefined : nodes.find((node) => node.file === from);
    if (own) return own;
    const files = [...new Set(nodes.map((node) => node.file))];
    const shown = files.length > 3 ? `${files.slice(0, 3).join(', ')} and ${files.length - 3} more` : files.join(', ');
    return new Unknown(
      `${first.label} is declared in ${files.length} files of this run (${shown})${from === undefined ? '' : `, none of them ${from}`}: which one is meant cannot be told`,
      undefined,
      'ambiguous',
    );
  }

  /** As `lookup`, but an ambiguous reference names no node. */
  get(ref: unknown, kind?: NodeKind, from?: string): DomainNode | undefined {
    const found = this.lookup(ref, from, kind);
    return found instanceof Unknown ? undefined : found;
  }
}

/** A Terraform resource whose Azure ID is already known (an update plan) joins by that ID too. */
function azureIdOf(node: DomainNode): string | undefined {
  const id = node.raw.values['id'];
  return typeof id === 'string' && id.startsWith('/') ? id : undefined;
}

