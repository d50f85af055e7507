import type { RawResource, SourceFormat } from '../../../model/resource';
import { cutTooDeep, EvaluationBudget, withBudget, type EvaluationLimits, type LimitHit } from '../../budget';
import { isUnknown, SymbolicText, Unknown, type Value } from '../../../model/unknown';
import { pointerOf, pointerSegments, type SourceRef } from '../../../model/location';
import { evaluateBody, isRawObject } from './body';
import { Lazy } from '../../lazy';
import { locateInDeclaration } from './locate';
import { reasonKey } from './reasons';
import type { ResourceInstance } from './resource';
import { DeploymentRun, type LinkedTemplateReader } from './run';
import { scopeKindOfSchema, type TargetScope } from './scope';
import { TemplateInstance, type ProvidedParameters } from './template';

export type { LinkedTemplateReader } from './run';

export interface DeploymentContext {
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  deploymentName: string;
  tenantId: string;
  managementGroup: string;
}

export const DEFAULT_DEPLOYMENT_CONTEXT: DeploymentContext = {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  resourceGroup: 'backup-lint-rg',
  location: 'westeurope',
  deploymentName: 'backup-lint',
  tenantId: '00000000-0000-0000-0000-000000000000',
  managementGroup: 'backup-lint-mg',
};

export interface ExpandInput {
  /** Relative `/`-separated path, used in RawResource.file and SourceRef.file. */
  file: string;
  format: 'arm' | 'bicep-json';
  /** The parsed JSON of the whole file. */
  template: unknown;
  /**
   * The `parameters` object of a deploymentParameters file (`{name: {value} | {reference}}`); `values` undefined
   * when the file could not be read, which makes every parameter Unknown (not its default, which it may override).
   */
  parameterValues?: { values: Record<string, unknown> | undefined; file: string };
  context: DeploymentContext;
  /**
   * Reads the local file a deployment's `templateLink.relativePath` points to; without it linked templates are not
   * followed. See LinkedTemplateReader.
   */
  readTemplate?: LinkedTemplateReader;
  /** The file's evaluation limits; the defaults when not given. */
  limits?: EvaluationLimits;
  /**
   * Whether anything reads the values of resources of a (lower-case) type. Others' names, values and IDs are
   * evaluated only if and when read; default: all are evaluated during expansion.
   */
  valuesRead?: (type: string) => boolean;
  /** Evaluate the names of all resources, read or not, for the `namesResolved` statistics (the corpus snapshot). */
  countAllNames?: boolean;
  /**
   * Whether resources of types not in `valuesRead` are returned too (default), their values, ID and name evaluated on
   * read; false: they are only counted (`stats.resources`).
   */
  keepUnread?: boolean;
  /**
   * Whether the values of the resources of types in `valuesRead` are evaluated as they are read through
   * model/builders/read.ts (model/deferred.ts) rather than in full at once (default). What reads them otherwise must
   * `materialize` them first.
   */
  deferValues?: boolean;
}

/** Something not evaluated that the user should know about, at the deployment resource concerned. */
export interface ExpandNote {
  pointer: string;
  file: string;
  message: string;
}

export interface ExpandResult {
  /** The resources deployed (false conditions dropped); with `keepUnread: false`, only those of the types read. */
  resources: RawResource[];
  /** Set when the file cannot be evaluated at all (e.g. `resources` is neither array nor object); reported as BL001. */
  fatal?: { message: string; pointer: string };
  stats: ExpandStats;
  notes: ExpandNote[];
  /** Where evaluation stopped at a limit of the file's budget (reported as BL002); the rest of it is Unknown. */
  limits: LimitHit[];
}

export interface ExpandStats {
  /** The resources deployed, whether returned or only counted. */
  resources: number;
  /** Names that are fully known strings (of the names evaluated: see `countAllNames`). */
  namesResolved: number;
  /** Names known up to deploy-time inputs (SymbolicText): joinable, though not resolved. */
  namesSymbolic: number;
  /** Why names stayed Unknown (symbolic ones included), plus expansion notes. */
  unknownReasons: Record<string, number>;
  /** Deployments (copies counted) expanded from a local linked template. */
  linkedTemplatesFollowed: number;
  /** Of those, links by URI read from the local copy beside the template. */
  localCopiesFollowed: number;
}

/**
 * Expands an ARM / Bicep-compiled template into concrete resources: expressions evaluated, copy loops unrolled,
 * false conditions dropped, nested deployments expanded (inline, or linked through a local `relativePath` when
 * `readTemplate` is given). Never throws.
 *
 * `values` holds the evaluated resource object with `type` and `name` replaced by the full type and name.
 * A copy loop whose count is Unknown yields one representative instance whose `copyIndex()` is Unknown and
 * whose `conditional` explains the count (the loop may deploy nothing).
 */
export function expandTemplate(input: ExpandInput): ExpandResult {
  const budget = new EvaluationBudget(input.file, input.limits);
  try {
    const result = withBudget(budget, () => expandUnchecked(input, budget));
    return { ...result, limits: budget.hits };
  } catch (error) {
    return { ...emptyResult({ message: `internal error while expanding: ${error instanceof Error ? error.message : String(error)}`, pointer: '' }), limits: budget.hits };
  }
}

function emptyResult(fatal: ExpandResult['fatal']): ExpandResult {
  return {
    resources: [],
    ...(fatal ? { fatal } : {}),
    stats: { resources: 0, namesResolved: 0, namesSymbolic: 0, unknownReasons: {}, linkedTemplatesFollowed: 0, localCopiesFollowed: 0 },
    notes: [],
    limits: [],
  };
}

function expandUnchecked(input: ExpandInput, budget: EvaluationBudget): ExpandResult {
  const template = input.template;
  if (!isRawObject(template)) return emptyResult({ message: 'template is not a JSON object', pointer: '' });
  cutTooDeep(input.file, template, budget);
  const resources = template.resources;
  if (resources !== undefined && !Array.isArray(resources) && !isRawObject(resources)) {
    return emptyResult({ message: '`resources` is neither an array nor an object', pointer: '/resources' });
  }
  const { context } = input;
  const targetScope: TargetScope = {
    kind: scopeKindOfSchema(template.$schema),
    subscriptionId: context.subscriptionId,
    resourceGroup: context.resourceGroup,
    managementGroup: context.managementGroup,
    tenantId: context.tenantId,
    location: context.location,
  };
  const run = new DeploymentRun(input.format, input.readTemplate, budget);
  const root: TemplateInstance = new TemplateInstance({
    run,
    template,
    file: input.file,
    path: [],
    targetScope,
    expressionScope: { ...targetScope },
    deploymentName: () => context.deploymentName,
    provided: new Lazy<ProvidedParameters | Unknown>(
      () =>
        input.parameterValues && !input.parameterValues.values
          ? new Unknown(`parameter file ${input.parameterValues.file} could not be read`, undefined, 'not-in-run')
          : parameterFileValues(input.parameterValues?.values, root),
      () => new Unknown('parameter file values refer to themselves'),
    ),
    depth: 0,
  });
  run.root = root;
  return collect(run, input.valuesRead ?? (() => true), { countAllNames: input.countAllNames === true, keepUnread: input.keepUnread !== false, deferValues: input.deferValues === true });
}

function parameterFileValues(values: Record<string, unknown> | undefined, template: TemplateInstance): ProvidedParameters {
  const provided: ProvidedParameters = new Map();
  if (!values) return provided;
  for (const [name, entry] of Object.entries(values)) {
    if (!isRawObject(entry)) continue;
    if (entry.reference !== undefined) {
      const secret = new Unknown(`parameter '${name}' is a Key Vault reference`, undefined, 'deploy-time-input');
      provided.set(name.toLowerCase(), () => secret);
    } else if ('value' in entry) {
      let cached: Value | undefined;
      provided.set(name.toLowerCase(), () => (cached ??= evaluateBody(entry.value, { host: template })));
    }
  }
  return provided;
}

function collect(run: DeploymentRun, valuesRead: (type: string) => boolean, options: { countAllNames: boolean; keepUnread: boolean; deferValues: boolean }): ExpandResult {
  const resources: RawResource[] = [];
  let counted = 0;
  const unknownReasons: Record<string, number> = {};
  const count = (reason: string, times = 1) => {
    const key = reasonKey(reason);
    unknownReasons[key] = (unknownReasons[key] ?? 0) + times;
  };
  let namesResolved = 0;
  let namesSymbolic = 0;
  for (const instance of run.allInstances()) {
    const condition = instance.condition.get();
    if (condition === false) continue;
    counted++;
    const read = valuesRead(instance.typeKey);
    if (read || options.keepUnread) resources.push(toRawResource(instance, run, condition, read, options.deferValues));
    if (!read && !options.countAllNames) continue;
    const name = read || options.keepUnread ? resources[resources.length - 1]!.name : instance.name.get();
    if (typeof name === 'string') namesResolved++;
    else {
      if (name instanceof SymbolicText) namesSymbolic++;
      count(name.reason);
    }
  }
  for (const [reason, times] of run.notes) count(reason, times);
  return {
    resources,
    limits: [],
    stats: { resources: counted, namesResolved, namesSymbolic, unknownReasons, linkedTemplatesFollowed: run.linkedTemplatesFollowed, localCopiesFollowed: run.localCopiesFollowed },
    notes: notesOfDeployed(run),
  };
}

/** Notes of deployments that may be deployed (a false condition drops them), once per place and message. */
function notesOfDeployed(run: DeploymentRun): ExpandNote[] {
  const notes: ExpandNote[] = [];
  const seen = new Set<string>();
  for (const { deployment, message } of run.userNotes) {
    if (deployment.condition.get() === false) continue;
    const note = { file: deployment.template.file, pointer: pointerOf(deployment.declaration.path), message };
    const key = `${note.file}#${note.pointer}#${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    notes.push(note);
  }
  return notes;
}

function toRawResource(instance: ResourceInstance, run: DeploymentRun, condition: boolean | Unknown, valuesRead: boolean, deferValues: boolean): RawResource {
  const declaration = instance.declaration;
  const file = instance.template.file;
  // Only what locate() needs is kept, not the declaration: that would keep the whole expansion alive.
  const located: ArmDeclaration = { declared: declaration.raw, declaredAt: declaration.path };
  const resource: RawResource = {
    format: run.format,
    file,
    type: instance.type,
    name: valuesRead ? instance.name.get() : '',
    ...(typeof declaration.raw['name'] === 'string' ? { declaredName: declaration.raw['name'] } : {}),
    id: valuesRead ? instance.id.get() : '',
    values: valuesRead ? (deferValues ? valuesForModel(instance) : valuesOf(instance)) : {},
    at: { file, pointer: pointerOf(declaration.path) },
    locate: armLocator(file, located),
  };
  if (valuesRead) DECLARATIONS.set(resource, located);
  else evaluateOnRead(resource, instance, run);
  if (isUnknown(condition)) resource.conditional = condition;
  if (instance.existing) resource.existing = true;
  return resource;
}

/** The raw declaration a resource's locate() reads: plain JSON, which can cross to another thread. */
export interface ArmDeclaration {
  declared: Record<string, unknown>;
  declaredAt: readonly (string | number)[];
}

const DECLARATIONS = new WeakMap<RawResource, ArmDeclaration>();

/** The declaration behind an expanded resource's locate(); undefined for resources not expanded here. */
export function armDeclarationOf(resource: RawResource): ArmDeclaration | undefined {
  return DECLARATIONS.get(resource);
}

/** locate() of a resource expanded from `declaration` in `file`, as expansion gives it. */
export function armLocator(file: string, { declared, declaredAt }: ArmDeclaration): RawResource['locate'] {
  return (path) => locateInDeclaration(file, declared, declaredAt, path);
}

/** A resource made again from what crossed threads, with the declaration its locate() reads (see settledResource). */
export function rememberDeclaration(resource: RawResource, declaration: ArmDeclaration): void {
  DECLARATIONS.set(resource, declaration);
}

/**
 * Reads templates again for locations asked after their nodes are built (see SettledArmResource), each file once per
 * run whatever the order the locations are asked in: those are inline suppressions' (only resources with a
 * `backup-lint` metadata section, in files with findings), which the suppress stage asks in the findings' order and
 * whose files' texts it keeps too. A cache of a few files would read a file again for each resource asked in turn
 * across more files than it holds: a template's size for every finding.
 */
export class DeclarationRereader {
  private readonly parsed = new Map<string, unknown>();

  constructor(private readonly readJson: (file: string) => unknown) {}

  /** The declaration at `pointer` (a resource's `at`) in `file` as the file is now; undefined when gone. */
  declarationAt(file: string, pointer: string): unknown {
    if (!this.parsed.has(file)) this.parsed.set(file, this.readJson(file));
    return memberAt(this.parsed.get(file), pointerSegments(pointer));
  }
}

/**
 * A resource once its nodes are built, as the rest of the run reads it: its identity, location and kept values (see
 * releaseValues), but not its declaration, which locate() reads again from the file (rare: an inline suppression's
 * location), with the same answer as long as the file is unchanged. Memory follows the model, not the templates: one
 * object of one class per resource, without the bound function or closure a locate() per resource would cost.
 */
class SettledArmResource implements RawResource {
  readonly format: SourceFormat;
  file: string;
  readonly type: string;
  readonly name: RawResource['name'];
  readonly id: RawResource['id'];
  values: RawResource['values'];
  readonly existing: boolean | undefined;
  readonly at: SourceRef;

  constructor(
    resource: SettledResourceData,
    private readonly rereader: DeclarationRereader,
  ) {
    this.format = resource.format;
    this.file = resource.file;
    this.type = resource.type;
    this.name = resource.name;
    this.id = resource.id;
    this.values = resource.values;
    this.existing = resource.existing;
    this.at = resource.at;
  }

  locate(path: readonly (string | number)[]): SourceRef {
    const { file, pointer = '' } = this.at;
    return locateInDeclaration(file, this.rereader.declarationAt(file, pointer), pointerSegments(pointer), path);
  }
}

/**
 * The resource the built nodes keep in place of `resource` (see SettledArmResource): its declaration let go. A
 * resource not expanded here (no declaration known) is kept as it is.
 */
export function settledResource(resource: RawResource, rereader: DeclarationRereader): RawResource {
  if (!DECLARATIONS.delete(resource)) return resource;
  return new SettledArmResource(resource, rereader);
}

/** What a settled resource keeps (see SettledArmResource): plain data, which can cross from a worker thread. */
export type SettledResourceData = Pick<RawResource, 'format' | 'file' | 'type' | 'name' | 'id' | 'values' | 'existing' | 'at'>;

/** The data a resource whose nodes were built on a worker crosses as (see settledFromData). */
export function settledResourceData(resource: RawResource): SettledResourceData {
  return { format: resource.format, file: resource.file, type: resource.type, name: resource.name, id: resource.id, values: resource.values, existing: resource.existing, at: resource.at };
}

/** The settled resource of data that crossed from a worker: its locate() reads the template again (see settledResource). */
export function settledFromData(data: SettledResourceData, rereader: DeclarationRereader): RawResource {
  return new SettledArmResource(data, rereader);
}

/** The member of parsed JSON at `path`, or undefined. */
function memberAt(root: unknown, path: readonly (string | number)[]): unknown {
  let node = root;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node;
}

/**
 * Values, ID and name evaluated on first read, under the file's budget like the rest of its expansion. A function of
 * its own so that only these getters, not locate(), hold on to the instance.
 */
function evaluateOnRead(resource: RawResource, instance: ResourceInstance, run: DeploymentRun): void {
  let values: Record<string, Value> | undefined;
  Object.defineProperty(resource, 'values', {
    enumerable: true,
    get: () => (values ??= withBudget(run.budget, () => valuesOf(instance))),
  });
  Object.defineProperty(resource, 'id', {
    enumerable: true,
    get: () => withBudget(run.budget, () => instance.id.get()),
  });
  Object.defineProperty(resource, 'name', {
    enumerable: true,
    get: () => withBudget(run.budget, () => instance.name.get()),
  });
}

function valuesOf(instance: ResourceInstance): Record<string, Value> {
  const evaluated = instance.values.get();
  return isUnknown(evaluated) ? {} : evaluated;
}

/** The values of a resource the model reads, evaluated as the builders read them (see ResourceInstance.valuesForModel). */
function valuesForModel(instance: ResourceInstance): Record<string, Value> {
  const values = instance.valuesForModel();
  return isUnknown(values) ? {} : values;
}
