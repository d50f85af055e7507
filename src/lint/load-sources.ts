import { scopeTerraformAddresses } from '../model/terraform-scope';
import { failureMessage, NOT_READ_FIX, type ParseProblem } from './problems';
import type { SettledTemplate, TemplateTask } from './load-template';
import type { TerraformEnvironment } from './load-terraform';
import { loadTemplates, readTerraformModules, type PoolOptions } from './worker-pool';

export { failureMessage, NOT_READ_FIX, type ParseProblem } from './problems';
import path from 'node:path';
import type { Discovery, JsonCandidate, TerraformModuleSource } from '../discover';
import { detectJsonFormat } from '../discover/detect';
import { listFolder } from '../discover/walk';
import type { ConfinedFiles } from '../io/confined-files';
import type { ArmNameStats, FileReport } from '../findings/finding';
import type { DeploymentContext } from '../formats/arm/expand';
import type { TfModuleResult } from '../formats/terraform/hcl';
import type { SourceRef } from '../model/location';
import type { RawResource, SourceFormat } from '../model/resource';
import type { DomainNode } from '../model/domain';
import { parseJson } from '../formats/json/parse';
import { moduleFileSyntax } from '../formats/registry';
import { DEFAULT_LIMITS, type EvaluationLimits, type LimitHit } from '../formats/budget';

// The Terraform readers are required when a run has Terraform: a one-template ARM run loads none of them.
const terraformModuleReader = () => require('../formats/terraform/hcl') as typeof import('../formats/terraform/hcl');
const terraformPlanReader = () => require('../formats/terraform/plan') as typeof import('../formats/terraform/plan');

export interface LoadedSources {
  /** The nodes of the ARM templates, each template's made as soon as it was loaded (`settleTemplate`). */
  armNodes: DomainNode[];
  /** ARM resources that join the run's nodes rather than make their own (`attachArmChildren`). */
  armChildren: RawResource[];
  /** The Terraform resources the model reads. ARM resources that make no node are counted but not kept. */
  resources: RawResource[];
  /** All resources loaded, kept or not. */
  resourceCount: number;
  /**
   * Files besides its own that a resource's findings concern: any file of its root module can change it (a variable
   * default, a local, the module call that instantiates it).
   */
  concerns: WeakMap<RawResource, readonly string[]>;
  files: FileReport[];
  problems: ParseProblem[];
  /** What the user should know was not evaluated (a linked template not followed…), at the place concerned. */
  notes: { at: SourceRef; message: string }[];
  armNames: ArmNameStats;
  /** Where evaluation of a file or module stopped at a limit of its budget: reported as BL002 at `at`. */
  limits: LimitHit[];
}

/** What the load and expand stages take besides the discovered files. */
export interface SourceOptions {
  context: DeploymentContext;
  /** Folder of the `.tf` files behind the run's plans, when they do not sit beside the plan. */
  terraformDir?: string | undefined;
  limits?: EvaluationLimits;
  parallel?: PoolOptions | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Evaluate the names of all ARM resources for `armNames`, not only of those the model reads. */
  countAllArmNames?: boolean | undefined;
}

/** The load and expand stages (DESIGN §2): every discovered file into raw resources, problems into BL001s. */
export async function loadSources(discovery: Discovery, files: ConfinedFiles, options: SourceOptions): Promise<LoadedSources> {
  const { context, terraformDir, limits = DEFAULT_LIMITS, parallel = {}, onProgress } = options;
  const loaded: LoadedSources = {
    armNodes: [],
    armChildren: [],
    resources: [],
    resourceCount: 0,
    concerns: new WeakMap(),
    files: [],
    problems: [],
    notes: [],
    armNames: { resources: 0, literal: 0, symbolic: 0 },
    limits: [],
  };
  const readFile = (file: string): string | undefined => files.readText(file);
  const readTerraformFile = (file: string): string | undefined => files.readText(file, files.terraformMaxBytes);
  const listFiles = (dir: string): string[] | undefined => files.listFiles(dir);
  const listTfFiles = (dir: string): string[] => listFolder(dir, files).filter((file) => moduleFileSyntax(file) !== undefined);
  const terraformFiles = discovery.terraformModules.reduce((n, m) => n + m.files.length, 0);
  const total = discovery.parameterFiles.length + discovery.templates.length + discovery.plans.length + terraformFiles;
  let done = 0;
  const progressed = (count: number): void => {
    done += count;
    onProgress?.(done, total);
  };
  for (const { path: file, reason } of discovery.unreadable) {
    loaded.problems.push({ at: { file, line: 1, column: 1 }, message: reason, fix: NOT_READ_FIX });
    const syntax = moduleFileSyntax(file);
    if (syntax) loaded.files.push({ path: file, format: syntax.id, status: 'error', resources: 0 });
  }

  // Each file is read and parsed when its turn comes and dropped once expanded: memory follows the model.
  // `broken` files are reported (BL001); `undefined` means the text only looked like one of ours.
  const parse = (candidate: JsonCandidate): { value: unknown; format: SourceFormat } | 'broken' | undefined => {
    const parsed = parseJson(readFile(candidate.path) ?? '');
    if (!parsed.ok) {
      loaded.problems.push({ at: { file: candidate.path, line: parsed.line, column: parsed.column }, message: parsed.message });
      loaded.files.push({ path: candidate.path, format: candidate.format, status: 'error', resources: 0 });
      return 'broken';
    }
    const format = detectJsonFormat(parsed.value);
    return format ? { value: parsed.value, format } : undefined;
  };
  // A parameter file that cannot be read maps to undefined: its templates' parameters are then Unknown, never the
  // defaults the file may override.
  const parameterValues = new Map<string, Record<string, unknown> | undefined>();
  const loadParameterFile = (candidate: JsonCandidate): void => {
    const parsed = parse(candidate);
    if (parsed === 'broken') parameterValues.set(candidate.path, undefined);
    if (parsed === 'broken' || parsed?.format !== 'arm-parameters') return;
    const values = (parsed.value as { parameters?: unknown }).parameters;
    const valid = values === undefined || (typeof values === 'object' && values !== null && !Array.isArray(values));
    if (!valid) {
      loaded.problems.push({ at: { file: candidate.path, pointer: '/parameters' }, message: '`parameters` is not an object of parameter names' });
    }
    parameterValues.set(candidate.path, valid ? ((values ?? {}) as Record<string, unknown>) : undefined);
    loaded.files.push({ path: candidate.path, format: 'arm-parameters', status: valid ? 'ok' : 'error', resources: 0 });
  };
  for (const candidate of discovery.parameterFiles) {
    if (!isolated(candidate.path, 'arm-parameters', loaded, () => loadParameterFile(candidate))) parameterValues.set(candidate.path, undefined);
    progressed(1);
  }

  const tasks = discovery.templates.map((template): TemplateTask => {
    const parametersFile = template.parameters !== undefined && parameterValues.has(template.parameters) ? template.parameters : undefined;
    return { path: template.path, format: template.format, ...(template.formatTentative ? { formatTentative: true } : {}), ...(parametersFile ? { parameters: { file: parametersFile, values: parameterValues.get(parametersFile) } } : {}) };
  });
  const templatesBefore = done;
  const templateProgress = (templates: number): void => {
    parallel.onProgress?.(templates);
    progressed(templatesBefore + templates - done);
  };
  const environment = { files, context, limits, ...(options.countAllArmNames ? { countAllNames: true } : {}) };
  const outcomes = await loadTemplates(tasks, environment, onProgress ? { ...parallel, onProgress: templateProgress } : parallel);
  tasks.forEach((task, index) => mergeTemplate(task, outcomes[index]!, loaded));

  // A plan describes its configuration folder better than the .tf files do (values are evaluated by Terraform);
  // that folder's .tf files then only serve to point plan findings at lines.
  const modulesByDir = new Map(discovery.terraformModules.map((m) => [m.dir, m]));
  const plannedDirs = new Set<string>();
  const loadPlan = async (plan: JsonCandidate): Promise<void> => {
    const { readPlan, refineLocations } = terraformPlanReader();
    const { locateInModule } = terraformModuleReader();
    const dir = terraformDir ?? path.posix.dirname(plan.path);
    const parsed = parse(plan);
    if (parsed === 'broken' || parsed?.format !== 'tfplan') return;
    const result = readPlan({ file: plan.path, plan: parsed.value });
    if (result.fatal) loaded.problems.push({ at: { file: plan.path, pointer: result.fatal.pointer }, message: result.fatal.message });
    if (modulesByDir.has(dir)) plannedDirs.add(dir);
    if (listTfFiles(dir).length > 0) await refineLocations(result.resources, { dir, readFile: readTerraformFile, listTfFiles, listFiles }, locateInModule);
    scopeTerraformAddresses(result.resources, plan.path);
    keep(result.resources, loaded);
    loaded.files.push({ path: plan.path, format: 'tfplan', status: result.fatal ? 'error' : 'ok', resources: result.resources.length });
  };
  // The Terraform grammar is compiled for the run's size (before plans, whose folders' .tf files it parses too).
  if (terraformFiles > 0 || discovery.plans.length > 0) terraformModuleReader().expectTerraformFiles(terraformFiles);
  for (const plan of discovery.plans) {
    await isolatedAsync(plan.path, 'tfplan', loaded, () => loadPlan(plan));
    progressed(1);
  }

  await loadTerraformModules(discovery.terraformModules, plannedDirs, { files, limits }, loaded, parallel, progressed);
  for (const problem of loaded.problems) if (problem.fix === undefined && files.refusal(problem.at.file) !== undefined) problem.fix = NOT_READ_FIX;
  loaded.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return loaded;
}

/**
 * Reads every `.tf` folder; a folder that another one calls as a local module is read through its caller (with the
 * caller's inputs), never as a root with its own defaults; folders behind a plan serve only for locations.
 */
async function loadTerraformModules(
  modules: readonly TerraformModuleSource[],
  plannedDirs: ReadonlySet<string>,
  environment: TerraformEnvironment,
  loaded: LoadedSources,
  parallel: PoolOptions,
  progressed: (files: number) => void,
): Promise<void> {
  // Each module is read on its own (on whichever thread); a module that fails comes back as a BL001 at its first file.
  const tasks = modules.map((module) => ({ dir: module.dir, files: module.files }));
  const before = { files: 0 };
  const moduleProgress = (files: number): void => {
    parallel.onProgress?.(files);
    progressed(files - before.files);
    before.files = files;
  };
  const outcomes = await readTerraformModules(tasks, environment, { ...parallel, onProgress: moduleProgress });
  const results = new Map<string, TfModuleResult>();
  const refused = new Set<string>();
  modules.forEach((module, index) => {
    results.set(module.dir, outcomes[index]!.result);
    for (const file of outcomes[index]!.refused) refused.add(file);
  });
  const calledFromPlanned = new Set<string>();
  const called = new Set<string>();
  for (const [dir, result] of results) {
    for (const child of result.childModuleDirs) (plannedDirs.has(dir) ? calledFromPlanned : called).add(child);
  }
  const coveredByPlan = (dir: string) => plannedDirs.has(dir) || calledFromPlanned.has(dir);
  const filesByDir = new Map(modules.map((m) => [m.dir, m.files]));
  const roots = [...results].filter(([dir]) => !coveredByPlan(dir) && !called.has(dir));

  const resourcesPerFile = new Map<string, number>();
  const brokenFiles = new Set<string>();
  const reported = new Set<string>();
  for (const [dir, result] of roots) {
    for (const error of result.fileErrors) {
      const key = `${error.file}:${error.line}:${error.column}`;
      if (reported.has(key)) continue; // a child module called by two roots
      reported.add(key);
      brokenFiles.add(error.file);
      loaded.problems.push({ at: { file: error.file, line: error.line, column: error.column }, message: error.message, ...(refused.has(error.file) ? { fix: NOT_READ_FIX } : {}) });
    }
    for (const note of result.notes ?? []) loaded.notes.push({ at: { file: note.file, line: note.line, column: note.column }, message: note.message });
    const rootFiles = filesByDir.get(dir) ?? [];
    for (const resource of result.resources) {
      resourcesPerFile.set(resource.file, (resourcesPerFile.get(resource.file) ?? 0) + 1);
      loaded.concerns.set(resource, rootFiles);
    }
    scopeTerraformAddresses(result.resources, dir);
    keep(result.resources, loaded);
    loaded.limits.push(...result.limits);
  }
  for (const module of modules) {
    const status = coveredByPlan(module.dir) ? 'skipped' : undefined;
    for (const file of module.files) {
      const syntax = moduleFileSyntax(file);
      if (!syntax) continue;
      loaded.files.push({
        path: file,
        format: syntax.id,
        status: status ?? (brokenFiles.has(file) ? 'error' : 'ok'),
        resources: status ? 0 : (resourcesPerFile.get(file) ?? 0),
      });
    }
  }
}


/** Adds one template's outcome to the run's. */
function mergeTemplate(task: TemplateTask, outcome: SettledTemplate, loaded: LoadedSources): void {
  for (const problem of outcome.problems) loaded.problems.push(problem);
  loaded.resourceCount += outcome.resourceCount;
  for (const node of outcome.nodes) {
    loaded.armNodes.push(node);
    // A linked file's resources take their values from the template that deploys it.
    if (node.raw.file !== task.path) loaded.concerns.set(node.raw, [task.path]);
  }
  for (const child of outcome.children) loaded.armChildren.push(child);
  loaded.armNames.resources += outcome.armNames.resources;
  loaded.armNames.literal += outcome.armNames.literal;
  loaded.armNames.symbolic += outcome.armNames.symbolic;
  for (const hit of outcome.limits) loaded.limits.push(hit);
  for (const note of outcome.notes) loaded.notes.push(note);
  if (outcome.report) loaded.files.push(outcome.report);
}

/** Counts and keeps one file's resources, one by one: spreading 100k+ of them into `push` overflows the call stack. */
function keep(resources: readonly RawResource[], loaded: LoadedSources): void {
  loaded.resourceCount += resources.length;
  for (const resource of resources) loaded.resources.push(resource);
}

/**
 * The failure boundary around one file (DESIGN §2, issue #14): whatever goes wrong while it is parsed, expanded or
 * modelled becomes one BL001 at that file, and the other files are still linted. The message names the kind of
 * failure only: an exception's text may carry values from the file.
 */
function isolated(file: string, format: FileReport['format'], loaded: LoadedSources, work: () => unknown): boolean {
  const before = { resources: loaded.resources.length, resourceCount: loaded.resourceCount, files: loaded.files.length };
  try {
    work();
    return true;
  } catch (error) {
    recordFailure(file, format, loaded, before, error);
    return false;
  }
}

async function isolatedAsync(file: string, format: FileReport['format'], loaded: LoadedSources, work: () => Promise<unknown>): Promise<boolean> {
  const before = { resources: loaded.resources.length, resourceCount: loaded.resourceCount, files: loaded.files.length };
  try {
    await work();
    return true;
  } catch (error) {
    recordFailure(file, format, loaded, before, error);
    return false;
  }
}

function recordFailure(
  file: string,
  format: FileReport['format'],
  loaded: LoadedSources,
  before: { resources: number; resourceCount: number; files: number },
  error: unknown,
): void {
  // What the failed file had added is dropped: half a file's resources would give findings on half a picture.
  loaded.resources.length = before.resources;
  loaded.resourceCount = before.resourceCount;
  loaded.files.length = before.files;
  loaded.problems.push({ at: { file, line: 1, column: 1 }, message: failureMessage(error) });
  loaded.files.push({ path: file, format, status: 'error', resources: 0 });
}
