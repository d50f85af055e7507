import { armDeclarationOf, armLocator, rememberDeclaration, type ArmDeclaration } from '../formats/arm/expand';
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
  outcome: Omit<TemplateOutcome, 'resources'> & { resources: ArmResourceData[] };
}

type ArmResourceData = Omit<RawResource, 'locate'> & { declaration: ArmDeclaration };

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
  const resources = outcome.resources.map((resource): ArmResourceData => {
    const declaration = armDeclarationOf(resource);
    if (!declaration) throw new Error('only expanded ARM resources cross threads');
    const { locate: _locate, ...data } = resource;
    list.visitResource(data);
    return { ...data, declaration };
  });
  return { outcome: { ...outcome, resources }, unknowns: list.unknowns, classes: list.classes };
}

/** The outcome a worker sent, with its Unknowns' classes and its resources' locate() restored. */
export function decodeOutcome(message: OutcomeMessage): TemplateOutcome {
  restoreUnknowns(message);
  // Built onto a literal, not from a spread: see withFields (model/location.ts).
  const resources = message.outcome.resources.map(({ declaration, ...data }): RawResource => {
    const resource: RawResource = Object.assign({ format: data.format }, data, { locate: armLocator(data.file, declaration) });
    rememberDeclaration(resource, declaration);
    return resource;
  });
  return { ...message.outcome, resources };
}
