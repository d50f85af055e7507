import { armDeclarationOf, armLocator, type ArmDeclaration } from '../formats/arm/expand';
import type { DomainNode } from '../model/domain';
import type { RawResource } from '../model/resource';
import { SymbolicMember, SymbolicValue } from '../model/symbolic-value';
import { SymbolicText, Unknown } from '../model/unknown';
import type { TemplateOutcome } from './load-template';

/**
 * Outcomes as they cross between threads. Structured cloning keeps plain data and shared references but not
 * classes, and no functions: the Unknowns travel as plain objects listed in `unknowns` (the clone keeps their
 * identity within one message) with their class in `classes`, and each resource's locate() as the plain data it
 * reads (an ARM declaration here, a Terraform block in transfer-terraform.ts).
 */
export interface WithUnknowns {
  unknowns: object[];
  classes: number[];
}

export interface OutcomeMessage extends WithUnknowns {
  outcome: Omit<TemplateOutcome, 'nodes' | 'children'> & { nodes: NodeData[]; children: ArmResourceData[] };
}

type ArmResourceData = Omit<RawResource, 'locate'> & { declaration: ArmDeclaration };
type NodeData = Omit<DomainNode, 'raw'> & { raw: ArmResourceData };

/** Most specific first: an instance takes the first class it belongs to. */
const CLASSES = [SymbolicMember, SymbolicValue, SymbolicText, Unknown] as const;

/** Lists the Unknowns reachable from a resource's data (what structured cloning would turn into plain objects). */
export class UnknownList implements WithUnknowns {
  readonly unknowns: object[] = [];
  readonly classes: number[] = [];
  private readonly seen = new Set<object>();

  /** A node's own fields; its resource is visited apart (`visitResource`). */
  visitNode(node: DomainNode): void {
    for (const [key, value] of Object.entries(node)) if (key !== 'raw') this.visit(value);
  }

  visitResource(data: Omit<RawResource, 'locate'>): void {
    this.visit(data.name);
    this.visit(data.id);
    this.visit(data.conditional);
    this.visit(data.values);
  }

  private visit(value: unknown): void {
    if (typeof value !== 'object' || value === null || this.seen.has(value)) return;
    this.seen.add(value);
    if (value instanceof Unknown) {
      this.unknowns.push(value);
      this.classes.push(CLASSES.findIndex((type) => value instanceof type));
      if (value instanceof SymbolicMember) this.visit(value.value);
      return;
    }
    for (const item of Array.isArray(value) ? value : Object.values(value)) this.visit(item);
  }
}

export function restoreUnknowns({ unknowns, classes }: WithUnknowns): void {
  unknowns.forEach((value, index) => Object.setPrototypeOf(value, CLASSES[classes[index]!]!.prototype));
}

export function encodeOutcome(outcome: TemplateOutcome): OutcomeMessage {
  const list = new UnknownList();
  // One data object per resource, however many nodes it made (a scale set makes a VM and its NICs): cloning keeps the sharing.
  const encoded = new Map<RawResource, ArmResourceData>();
  const dataOf = (resource: RawResource): ArmResourceData => {
    let data = encoded.get(resource);
    if (data) return data;
    const declaration = armDeclarationOf(resource);
    if (!declaration) throw new Error('only expanded ARM resources cross threads');
    const { locate: _locate, ...rest } = resource;
    list.visitResource(rest);
    encoded.set(resource, (data = { ...rest, declaration }));
    return data;
  };
  const nodes = outcome.nodes.map((node): NodeData => {
    list.visitNode(node);
    return { ...node, raw: dataOf(node.raw) } as NodeData;
  });
  const children = outcome.children.map(dataOf);
  return { outcome: { ...outcome, nodes, children }, unknowns: list.unknowns, classes: list.classes };
}

/** The outcome a worker sent, with its Unknowns' classes and its resources' locate() restored. */
export function decodeOutcome(message: OutcomeMessage): TemplateOutcome {
  restoreUnknowns(message);
  const decoded = new Map<ArmResourceData, RawResource>();
  const resourceOf = (data: ArmResourceData): RawResource => {
    let resource = decoded.get(data);
    if (resource) return resource;
    const { declaration, ...rest } = data;
    decoded.set(data, (resource = { ...rest, locate: armLocator(rest.file, declaration) }));
    return resource;
  };
  // In place: nodes may hold one another (cloning kept that), and must keep doing so.
  for (const node of message.outcome.nodes) (node as unknown as DomainNode).raw = resourceOf(node.raw);
  return { ...message.outcome, nodes: message.outcome.nodes as unknown as DomainNode[], children: message.outcome.children.map(resourceOf) };
}
