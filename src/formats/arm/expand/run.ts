import { Unknown } from '../../../model/unknown';
import { cutTooDeep, EvaluationBudget } from '../../budget';
import type { ResourceInstance } from './resource';
import type { TemplateInstance } from './template';

export const MAX_NESTING_DEPTH = 10;

/**
 * Reads a linked template: `relativePath` resolved against the directory of `fromFile`, the file that declares the
 * deployment. Answers the reported path of the file read, its parsed JSON or why it does not parse; `undefined`
 * when there is no such file; `refused` (a printable reason) when it may not be read (outside the repository, not a
 * regular file, too large).
 */
export type LinkedTemplateReader = (
  fromFile: string,
  relativePath: string,
) => { file: string; value: unknown } | { file: string; error: string } | { file: string; refused: string } | undefined;

/** Something the user should know was not evaluated, told at the deployment resource concerned. */
export interface DeploymentNote {
  deployment: ResourceInstance;
  message: string;
}

/** State shared by every template of one file's deployment: the resource-ID index, linked files and notes. */
export class DeploymentRun {
  /** Expansion notes for the stats, by reason. */
  readonly notes = new Map<string, number>();
  readonly userNotes: DeploymentNote[] = [];
  linkedTemplatesFollowed = 0;
  /** Of those, links by `templateLink.uri` read from the local copy beside the template (local-copy.ts). */
  localCopiesFollowed = 0;
  root: TemplateInstance | undefined;
  private readonly linkedFiles = new Map<string, ReturnType<LinkedTemplateReader>>();

  constructor(
    readonly format: 'arm' | 'bicep-json',
    private readonly readTemplate: LinkedTemplateReader | undefined,
    /** The file's evaluation budget, shared by its nested and linked templates. */
    readonly budget: EvaluationBudget = new EvaluationBudget(''),
  ) {}

  note(reason: string): void {
    this.notes.set(reason, (this.notes.get(reason) ?? 0) + 1);
  }

  tellUser(deployment: ResourceInstance, message: string): void {
    this.userNotes.push({ deployment, message });
  }

  get canReadLinkedTemplates(): boolean {
    return this.readTemplate !== undefined;
  }

  /** A linked file, read once per run however many deployments (or copies) link it. */
  readLinkedTemplate(fromFile: string, relativePath: string): ReturnType<LinkedTemplateReader> {
    const key = `${fromFile}\0${relativePath}`;
    if (!this.linkedFiles.has(key)) {
      const read = this.readTemplate?.(fromFile, relativePath);
      if (read && 'value' in read) cutTooDeep(read.file, read.value, this.budget);
      this.linkedFiles.set(key, read);
    }
    return this.linkedFiles.get(key);
  }

  private instanceList: ResourceInstance[] | undefined;
  private collecting = 0;

  /** Every resource instance of the deployment, nested deployments included (false conditions too: filter them). */
  allInstances(): ResourceInstance[] {
    if (this.instanceList) return this.instanceList;
    const out: ResourceInstance[] = [];
    this.collecting++;
    try {
      if (this.root) collectInstances(this.root, out);
    } finally {
      this.collecting--;
    }
    // A walk started inside another walk can be partial (cycle guards answer empty), so only the outermost is kept.
    if (this.collecting === 0) this.instanceList = out;
    return out;
  }

  /**
   * The resource of this deployment with the given ID (case-insensitive), if any. Only instances of the ID's
   * type are evaluated, so a name that itself uses `reference()` rarely forms a cycle.
   */
  findById(id: string): ResourceInstance | undefined {
    const type = resourceTypeOfId(id);
    if (!type) return undefined;
    const wanted = id.toLowerCase();
    for (const instance of this.allInstances()) {
      if (instance.typeKey !== type) continue;
      const candidate = instance.id.get();
      if (typeof candidate === 'string' && candidate.toLowerCase() === wanted) return instance;
    }
    return undefined;
  }
}

/** Lower-cased full resource type of a resource ID (`microsoft.network/virtualnetworks/subnets`). */
export function resourceTypeOfId(id: string): string | undefined {
  const segments = id.split('/').filter((s) => s !== '');
  const last = segments.map((s) => s.toLowerCase()).lastIndexOf('providers');
  if (last < 0) {
    return segments.length === 4 && segments[0]!.toLowerCase() === 'subscriptions' && segments[2]!.toLowerCase() === 'resourcegroups'
      ? 'microsoft.resources/resourcegroups'
      : undefined;
  }
  const rest = segments.slice(last + 1);
  if (rest.length < 3 || rest.length % 2 === 0) return undefined;
  const types = [rest[0]!];
  for (let i = 1; i < rest.length; i += 2) types.push(rest[i]!);
  return types.join('/').toLowerCase();
}

function collectInstances(template: TemplateInstance, out: ResourceInstance[]): void {
  for (const instance of template.instances.get()) {
    out.push(instance);
    if (!instance.isDeployment) continue;
    const inner = instance.innerTemplate.get();
    if (!(inner instanceof Unknown)) collectInstances(inner, out);
  }
}
