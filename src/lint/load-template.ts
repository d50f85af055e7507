import path from 'node:path';
import { detectJsonFormat, guessJsonFormat } from '../discover/detect';
import type { ArmNameStats, FileReport } from '../findings/finding';
import { DeclarationRereader, expandTemplate, settledResource, type DeploymentContext, type LinkedTemplateReader } from '../formats/arm/expand';
import type { EvaluationLimits, LimitHit } from '../formats/budget';
import { parseJson } from '../formats/json/parse';
import type { ConfinedFiles } from '../io/confined-files';
import { armTypeRead, buildArmResourceNodes, isArmChild } from '../model/builders/arm';
import type { DomainNode } from '../model/domain';
import { materialize } from '../model/deferred';
import { releaseValues } from '../model/release-values';
import { shareLocationStrings, StringPool } from '../model/share-strings';
import type { SourceRef } from '../model/location';
import type { RawResource, SourceFormat } from '../model/resource';
import { failureMessage, NOT_READ_FIX, type ParseProblem } from './problems';

/** One template to load: its path, its guessed format and the values of its parameter file, if it has one. */
export interface TemplateTask {
  path: string;
  /** As guessed from the text; the parsed document decides. */
  format: SourceFormat;
  /** Guessed from the file's first bytes only: `arm` may yet be `bicep-json`. */
  formatTentative?: true;
  /** `values` undefined: the parameter file could not be read, so every parameter is Unknown. */
  parameters?: { file: string; values: Record<string, unknown> | undefined };
}

/** What loading one template gives the run. Plain data: it crosses from a worker thread to the main thread. */
export interface TemplateOutcome {
  /** Undefined when the file turned out to be none of ours. */
  report?: FileReport;
  /** Its resources (and its linked templates') of the types the model reads; the others are only counted. */
  resources: RawResource[];
  resourceCount: number;
  problems: ParseProblem[];
  notes: { at: SourceRef; message: string }[];
  limits: LimitHit[];
  armNames: ArmNameStats;
}

export interface TemplateEnvironment {
  files: ConfinedFiles;
  context: DeploymentContext;
  limits: EvaluationLimits;
  /** Evaluate every resource's name for the name statistics (`armNames`), not only those the model reads. */
  countAllNames?: boolean;
}

/**
 * The load and expand stages for one template (DESIGN §2), inside its failure boundary (issue #14): whatever goes
 * wrong becomes one BL001 at the file, with a message that names the kind of failure only.
 */
export function loadTemplateFile(task: TemplateTask, environment: TemplateEnvironment): TemplateOutcome {
  let outcome: TemplateOutcome;
  try {
    outcome = loadUnchecked(task, environment);
  } catch (error) {
    outcome = failedOutcome(task, error, environment.files);
  }
  // Here rather than by the caller: a worker thread's refusals are its own.
  for (const problem of outcome.problems) {
    if (problem.fix === undefined && environment.files.refusal(problem.at.file) !== undefined) problem.fix = NOT_READ_FIX;
  }
  return outcome;
}

/**
 * A template's outcome once its resources are made into nodes, on the thread that loaded it: the values of its
 * resources are evaluated as the model builders read them (see deferBody), so nodes are built where the template is.
 */
export interface BuiltTemplate extends Omit<TemplateOutcome, 'resources'> {
  /** The nodes its resources make on their own, their values released but for what is read later (release-values.ts). */
  nodes: DomainNode[];
  /** Its resources that join nodes of the run rather than make their own (`attachArmChildren`), values evaluated. */
  children: RawResource[];
}

/** A template's nodes once the main thread has them: they share the run's strings and let their declarations go. */
export type SettledTemplate = BuiltTemplate;

/**
 * Makes a loaded template's resources into nodes and lets go of their values but for what is read later, on the
 * thread that loaded it. Inside the template's failure boundary: a failure is one BL001 at it, and none of its nodes.
 */
export function buildTemplate(outcome: TemplateOutcome, task: TemplateTask, { files }: TemplateEnvironment): BuiltTemplate {
  const { resources, ...rest } = outcome;
  try {
    const nodes = buildArmResourceNodes(resources);
    releaseValues(nodes);
    const children = resources.filter((resource) => isArmChild(resource.type.toLowerCase()));
    // Evaluated here, on the thread that loaded the template, like all the rest: the file's budget is spent in the
    // same order on every thread, and what is kept holds no evaluation context.
    for (const child of children) materialize(child.values);
    return { ...rest, nodes, children };
  } catch (error) {
    return failedBuild(task, error, files);
  }
}

/**
 * Settles a built template on the main thread (whichever thread built it): its nodes' file paths and pointers share
 * the run's copies (see shareLocationStrings), and a node's resource no longer holds its declaration (see
 * settledResource; those that came from a worker never did).
 */
export function settleTemplate(built: BuiltTemplate, task: TemplateTask, { files }: TemplateEnvironment): SettledTemplate {
  try {
    const shared = settlingShared(files);
    shareLocationStrings(built.nodes, shared.strings);
    // Nodes built from one resource (a VNet and its inline subnets) keep one settled resource.
    const settled = new Map<RawResource, RawResource>();
    for (const node of built.nodes) {
      let raw = settled.get(node.raw);
      if (raw === undefined) settled.set(node.raw, (raw = settledResource(node.raw, shared.rereader)));
      node.raw = raw;
    }
    return built;
  } catch (error) {
    return failedBuild(task, error, files);
  }
}

/** The reader of templates again that the resources of nodes settled in this run share (see SettledArmResource). */
export function settlingRereader(files: ConfinedFiles): DeclarationRereader {
  return settlingShared(files).rereader;
}

function failedBuild(task: TemplateTask, error: unknown, files: ConfinedFiles): BuiltTemplate {
  const { resources: _none, ...failed } = failedOutcome(task, error, files);
  return { ...failed, nodes: [], children: [] };
}

/**
 * What settling shares across a run's templates, one per run (its confined files): the strings its nodes keep, and
 * the reader of templates for a location asked after all (an inline suppression's).
 */
interface SettlingShared {
  strings: StringPool;
  rereader: DeclarationRereader;
}

const SETTLING_SHARED = new WeakMap<ConfinedFiles, SettlingShared>();

function settlingShared(files: ConfinedFiles): SettlingShared {
  let shared = SETTLING_SHARED.get(files);
  if (!shared) SETTLING_SHARED.set(files, (shared = { strings: new StringPool(), rereader: new DeclarationRereader((file) => parsedFile(files, file)) }));
  return shared;
}

/** A file's parsed JSON, read again; undefined when it cannot be. */
function parsedFile(files: ConfinedFiles, file: string): unknown {
  const text = files.readText(file);
  const parsed = text === undefined ? undefined : parseJson(text);
  return parsed?.ok ? parsed.value : undefined;
}

function failedOutcome(task: TemplateTask, error: unknown, files: ConfinedFiles): TemplateOutcome {
  const outcome = emptyOutcome();
  outcome.problems.push({ at: { file: task.path, line: 1, column: 1 }, message: failureMessage(error) });
  outcome.report = { path: task.path, format: reportedFormat(task, () => files.readText(task.path)), status: 'error', resources: 0 };
  return outcome;
}

/** The format a template that failed is reported under: as guessed, from its whole text when only its head was read. */
function reportedFormat(task: TemplateTask, text: () => string | undefined): SourceFormat {
  if (!task.formatTentative) return task.format;
  const whole = text();
  return (whole !== undefined ? guessJsonFormat(whole) : undefined) ?? task.format;
}

function emptyOutcome(): TemplateOutcome {
  return { resources: [], resourceCount: 0, problems: [], notes: [], limits: [], armNames: { resources: 0, literal: 0, symbolic: 0 } };
}

function loadUnchecked(task: TemplateTask, { files, context, limits, countAllNames }: TemplateEnvironment): TemplateOutcome {
  const outcome = emptyOutcome();
  const text = files.readText(task.path) ?? '';
  const parsed = parseJson(text);
  if (!parsed.ok) {
    outcome.problems.push({ at: { file: task.path, line: parsed.line, column: parsed.column }, message: parsed.message });
    outcome.report = { path: task.path, format: reportedFormat(task, () => text), status: 'error', resources: 0 };
    return outcome;
  }
  const format = detectJsonFormat(parsed.value);
  if (format !== 'arm' && format !== 'bicep-json') return outcome;
  const result = expandTemplate({
    file: task.path,
    format,
    template: parsed.value,
    ...(task.parameters ? { parameterValues: task.parameters } : {}),
    context,
    readTemplate: linkedTemplateReader(files),
    limits,
    valuesRead: armTypeRead,
    keepUnread: false,
    // Evaluated as the model builders read them, on this thread (buildTemplate).
    deferValues: true,
    ...(countAllNames ? { countAllNames } : {}),
  });
  if (result.fatal) outcome.problems.push({ at: { file: task.path, pointer: result.fatal.pointer }, message: result.fatal.message });
  outcome.resourceCount = result.stats.resources;
  outcome.resources = result.resources;
  outcome.armNames = { resources: result.stats.resources, literal: result.stats.namesResolved, symbolic: result.stats.namesSymbolic };
  outcome.limits = result.limits;
  outcome.notes = result.notes.map((note) => ({ at: { file: note.file, pointer: note.pointer }, message: note.message }));
  outcome.report = { path: task.path, format, status: result.fatal ? 'error' : 'ok', resources: result.stats.resources };
  return outcome;
}

/** ARM resolves a relativePath against the linking template's own location; paths stay relative to `cwd`. */
function linkedTemplateReader(files: ConfinedFiles): LinkedTemplateReader {
  return (fromFile, relativePath) => {
    const file = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), relativePath));
    const read = files.read(file);
    if ('missing' in read) return undefined;
    if ('refused' in read) return { file, refused: read.refused };
    const parsed = parseJson(read.text);
    return parsed.ok ? { file, value: parsed.value } : { file, error: `${parsed.message} at ${parsed.line}:${parsed.column}` };
  };
}
