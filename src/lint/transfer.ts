import { armDeclarationOf, armLocator, type ArmDeclaration } from '../formats/arm/expand';
import type { RawResource } from '../model/resource';
import { SymbolicMember, SymbolicValue } from '../model/symbolic-value';
import { SymbolicText, Unknown } from '../model/unknown';
import type { TemplateOutcome } from './load-template';

/**
 * A template's outcome as it crosses between threads. Structured cloning keeps plain data and shared references
 * but not classes, and no functions: the Unknowns travel as plain objects listed in `unknowns` (the clone keeps
 * their identity within one message) with their class in `classes`, and each resource's locate() as the
 * declaration it reads.
 */
export interface OutcomeMessage {
  outcome: Omit<TemplateOutcome, 'resources'> & { resources: ResourceData[] };
  unknowns: object[];
  classes: number[];
}

type ResourceData = Omit<RawResource, 'locate'> & { declaration: ArmDeclaration };

/** Most specific first: an instance takes the first class it belongs to. */
const CLASSES = [SymbolicMember, SymbolicValue, SymbolicText, Unknown] as const;

export function encodeOutcome(outcome: TemplateOutcome): OutcomeMessage {
  const unknowns: object[] = [];
  const classes: number[] = [];
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if (value instanceof Unknown) {
      unknowns.push(value);
      classes.push(CLASSES.findIndex((type) => value instanceof type));
      if (value instanceof SymbolicMember) visit(value.value);
      return;
    }
    for (const item of Array.isArray(value) ? value : Object.values(value)) visit(item);
  };
  const resources = outcome.resources.map((resource): ResourceData => {
    const declaration = armDeclarationOf(resource);
    if (!declaration) throw new Error('only expanded ARM resources cross threads');
    const { locate: _locate, ...data } = resource;
    visit(data.name);
    visit(data.id);
    visit(data.conditional);
    visit(data.values);
    return { ...data, declaration };
  });
  return { outcome: { ...outcome, resources }, unknowns, classes };
}

/** The outcome a worker sent, with its Unknowns' classes and its resources' locate() restored. */
export function decodeOutcome(message: OutcomeMessage): TemplateOutcome {
  message.unknowns.forEach((value, index) => Object.setPrototypeOf(value, CLASSES[message.classes[index]!]!.prototype));
  const resources = message.outcome.resources.map(({ declaration, ...data }): RawResource => ({ ...data, locate: armLocator(data.file, declaration) }));
  return { ...message.outcome, resources };
}
