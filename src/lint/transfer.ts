import { armDeclarationOf, armLocator, rememberDeclaration, settledFromData, settledResourceData, type ArmDeclaration, type DeclarationRereader, type SettledResourceData } from '../formats/arm/expand';
import type { DomainNode } from '../model/domain';
import { NOTHING_KEPT } from '../model/release-values';
import type { RawResource } from '../model/resource';
import { SymbolicMember, SymbolicValue } from '../model/symbolic-value';
import { SymbolicText, Unknown } from '../model/unknown';
import type { BuiltTemplate } from './load-template';

/**
 * Outcomes as they cross between threads. Structured cloning keeps plain data and shared references but not
 * classes, and no functions: the Unknowns travel as plain objects listed in `unknowns` (the clone keeps their
 * identity within one message) with their class in `classes`, and each resource's locate() as the plain data it
 * reads (an ARM declaration here, a Terraform block in transfer-terraform.ts). A template's nodes cross with their
 * resources as settled data (see SettledArmResource), whose locate() the main thread gives them.
 */
export interface WithUnknowns {
  unknowns: object[];
  classes: number[];
}

export interface OutcomeMessage extends WithUnknowns {
  outcome: Omit<BuiltTemplate, 'nodes' | 'children'> & { nodes: PortableNode[]; children: ArmResourceData[] };
}

type ArmResourceData = Omit<RawResource, 'locate'> & { declaration: ArmDeclaration };

type PortableNode = Omit<DomainNode, 'raw'> & { raw: SettledResourceData };

/** Most specific first: an instance takes the first class it belongs to. */
const CLASSES = [SymbolicMember, SymbolicValue, SymbolicText, Unknown] as const;

/** Lists the Unknowns reachable from a resource's data (what structured cloning would turn into plain objects). */
export class UnknownList implements WithUnknowns {
  readonly unknowns: object[] = [];
  readonly classes: number[] = [];
  private readonly seen = new Set<object>();

  visitResource(data: Omit<RawResource, 'locate'>): void {
    this.visit(data.name);
    this.visit(data.id);
    this.visit(data.conditional);
    this.visit(data.values);
  }

  /** A node's fields at any depth, its resource's kept values included. */
  visitNode(node: PortableNode): void {
    this.visit(node);
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

/** A built template as a worker sends it; the worker keeps none of its nodes. */
export function encodeOutcome(built: BuiltTemplate): OutcomeMessage {
  const list = new UnknownList();
  // Nodes built from one resource (a VNet and its inline subnets) share one: the clone keeps that within a message.
  const raws = new Map<RawResource, SettledResourceData>();
  const nodes = built.nodes.map((node): PortableNode => {
    let raw = raws.get(node.raw);
    if (raw === undefined) raws.set(node.raw, (raw = settledResourceData(node.raw)));
    const portable: PortableNode = { ...node, raw };
    list.visitNode(portable);
    return portable;
  });
  const children = built.children.map((resource): ArmResourceData => {
    const declaration = armDeclarationOf(resource);
    if (!declaration) throw new Error('only expanded ARM resources cross threads');
    const { locate: _locate, ...data } = resource;
    list.visitResource(data);
    return { ...data, declaration };
  });
  return { outcome: { ...built, nodes, children }, unknowns: list.unknowns, classes: list.classes };
}

/**
 * The built template a worker sent, with its Unknowns' classes restored, its nodes' resources settled (reading their
 * template again through `rereader` should a location be asked) and its children's locate() restored.
 */
export function decodeOutcome(message: OutcomeMessage, rereader: DeclarationRereader): BuiltTemplate {
  restoreUnknowns(message);
  const settled = new Map<SettledResourceData, RawResource>();
  const nodes = message.outcome.nodes.map((node): DomainNode => {
    let raw = settled.get(node.raw);
    if (raw === undefined) settled.set(node.raw, (raw = settledFromData(node.raw, rereader)));
    // In place: the node keeps the shape it was cloned with.
    const built = node as unknown as DomainNode;
    built.raw = raw;
    shareResourceStrings(built);
    return built;
  });
  // Built onto a literal, not from a spread: see withFields (model/location.ts).
  const children = message.outcome.children.map(({ declaration, ...data }): RawResource => {
    const resource: RawResource = Object.assign({ format: data.format }, data, { locate: armLocator(data.file, declaration) });
    rememberDeclaration(resource, declaration);
    return resource;
  });
  return { ...message.outcome, nodes, children };
}

/**
 * Objects keep their identity within a message, strings do not: each crosses as a copy of its own. A node built on the
 * main thread shares its resource's ID, name and type; one from a worker is made to share them again. Called once per
 * node; a resource shared by several nodes is settled once (decodeOutcome).
 */
function shareResourceStrings(node: DomainNode): void {
  const { raw } = node;
  // Nor does the one empty object all resources that keep nothing share (release-values.ts).
  if (raw.values !== NOTHING_KEPT && Object.keys(raw.values).length === 0) raw.values = NOTHING_KEPT;
  if (typeof node.id === 'string' && node.id === raw.id) node.id = raw.id;
  if (typeof node.name === 'string' && node.name === raw.name) node.name = raw.name;
  if (node.label === raw.name) node.label = raw.name;
  if (node.type === raw.type) node.type = raw.type;
}
