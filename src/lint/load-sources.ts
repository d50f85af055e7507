import { scopeTerraformAddresses } from '../model/terraform-scope';
import { readSourceText } from '../discover/read-text';
import path from 'node:path';
import type { Discovery, JsonCandidate, TerraformModuleSource } from '../discover';
import { detectJsonFormat } from '../discover/detect';
import { listFolder } from '../discover/walk';
import type { ArmNameStats, FileReport } from '../findings/finding';
import { expandTemplate, type DeploymentContext, type LinkedTemplateReader } from '../formats/arm/expand';
import { locateInModule, readTerraformModule, type TfModuleResult } from '../formats/terraform/hcl';
import { readPlan, refineLocations } from '../formats/terraform/plan';
import type { SourceRef } from '../model/location';
import type { RawResource, SourceFormat } from '../model/resource';
import { parseJson } from '../formats/json/parse';

/** A file that could not be parsed or evaluated at all: reported as BL001 at `at`. */
export interface ParseProblem {
  at: SourceRef;
  message: string;
}

export interface LoadedSources {
  resources: RawResource[];
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
}

/** The load and expand stages (DESIGN §2): every discovered file into raw resources, problems into BL001s. */
export async function loadSources(
  discovery: Discovery,
  cwd: string,
  context: DeploymentContext,
  terraformDir: string | undefined,
): Promise<LoadedSources> {
  const loaded: LoadedSources = { resources: [], concerns: new WeakMap(), files: [], problems: [], notes: [], armNames: { resources: 0, literal: 0, symbolic: 0 } };
  const readFile = (file: string): string | undefined => {
    try {
      return readSourceText(path.resolve(cwd, file));
    } catch {
      return undefined;
    }
  };

  const listTfFiles = (dir: string): string[] => listFolder(dir, cwd).filter((file) => file.endsWith('.tf'));

  // Each file is read and parsed when its turn comes and dropped once expanded: memory follows the model.
  // `broken` files are reported (BL001); `undefined` means the text only looked like one of ours.
  const parse = (candidate: JsonCandidate): { value: unknown; format: SourceFormat } | 'broken' | undefined => {
    const parsed = parseJson(candidate.text ?? readFile(candidate.path) ?? '');
    delete candidate.text;
    if (!parsed.ok) {
      loaded.problems.push({ at: { file: candidate.path, line: parsed.line, column: parsed.column }, message: parsed.message });
      loaded.files.push({ path: candidate.path, format: candidate.format, status: 'error', resources: 0 });
      return 'broken';
    }
    const format = detectJsonFormat(parsed.value);
    return format ? { value: parsed.value, format } : undefined;
  };
  // ARM resolves a relativePath against the linking template's own location; paths stay relative to `cwd`.
  const readLinkedTemplate: LinkedTemplateReader = (fromFile, relativePath) => {
    const file = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), relativePath));
    const text = readFile(file);
    if (text === undefined) return undefined;
    const parsed = parseJson(text);
    return parsed.ok ? { file, value: parsed.value } : { file, error: `${parsed.message} at ${parsed.line}:${parsed.column}` };
  };
  // A parameter file that cannot be read maps to undefined: its templates' parameters are then Unknown, never the
  // defaults the file may override.
  const parameterValues = new Map<string, Record<string, unknown> | undefined>();
  for (const candidate of discovery.parameterFiles) {
    const parsed = parse(candidate);
    if (parsed === 'broken') parameterValues.set(candidate.path, undefined);
    if (parsed === 'broken' || parsed?.format !== 'arm-parameters') continue;
    const values = (parsed.value as { parameters?: unknown }).parameters;
    const valid = values === undefined || (typeof values === 'object' && values !== null && !Array.isArray(values));
    if (!valid) {
      loaded.problems.push({ at: { file: candidate.path, pointer: '/parameters' }, message: '`parameters` is not an object of parameter names' });
    }
    parameterValues.set(candidate.path, valid ? ((values ?? {}) as Record<string, unknown>) : undefined);
    loaded.files.push({ path: candidate.path, format: 'arm-parameters', status: valid ? 'ok' : 'error', resources: 0 });
  }

  for (const template of discovery.templates) {
    const parsed = parse(template);
    if (parsed === 'broken' || (parsed?.format !== 'arm' && parsed?.format !== 'bicep-json')) continue;
    const parametersFile = template.parameters !== undefined && parameterValues.has(template.parameters) ? template.parameters : undefined;
    const result = expandTemplate({
      file: template.path,
      format: parsed.format,
      template: parsed.value,
      ...(parametersFile ? { parameterValues: { values: parameterValues.get(parametersFile), file: parametersFile } } : {}),
      context,
      readTemplate: readLinkedTemplate,
    });
    if (result.fatal) {
      loaded.problems.push({ at: { file: template.path, pointer: result.fatal.pointer }, message: result.fatal.message });
    }
    loaded.resources.push(...result.resources);
    loaded.armNames.resources += result.stats.resources;
    loaded.armNames.literal += result.stats.namesResolved;
    loaded.armNames.symbolic += result.stats.namesSymbolic;
    // A linked file's resources take their values from the template that deploys it.
    for (const resource of result.resources) if (resource.file !== template.path) loaded.concerns.set(resource, [template.path]);
    for (const note of result.notes) loaded.notes.push({ at: { file: note.file, pointer: note.pointer }, message: note.message });
    loaded.files.push({ path: template.path, format: parsed.format, status: result.fatal ? 'error' : 'ok', resources: result.resources.length });
  }

  // A plan describes its configuration folder better than the .tf files do (values are evaluated by Terraform);
  // that folder's .tf files then only serve to point plan findings at lines.
  const modulesByDir = new Map(discovery.terraformModules.map((m) => [m.dir, m]));
  const plannedDirs = new Set<string>();
  for (const plan of discovery.plans) {
    const dir = terraformDir ?? path.posix.dirname(plan.path);
    const parsed = parse(plan);
    if (parsed === 'broken' || parsed?.format !== 'tfplan') continue;
    const result = readPlan({ file: plan.path, plan: parsed.value });
    if (result.fatal) loaded.problems.push({ at: { file: plan.path, pointer: result.fatal.pointer }, message: result.fatal.message });
    if (modulesByDir.has(dir)) plannedDirs.add(dir);
    if (listTfFiles(dir).length > 0) await refineLocations(result.resources, { dir, readFile, listTfFiles }, locateInModule);
    scopeTerraformAddresses(result.resources, plan.path);
    loaded.resources.push(...result.resources);
    loaded.files.push({ path: plan.path, format: 'tfplan', status: result.fatal ? 'error' : 'ok', resources: result.resources.length });
  }

  // Child module folders are listed under the run's working directory too, never the process's.
  const listFiles = (dir: string): string[] => listFolder(dir, cwd).map((file) => file.slice(file.lastIndexOf('/') + 1));
  await loadTerraformModules(discovery.terraformModules, plannedDirs, { readFile, listFiles }, loaded);
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
  access: { readFile(file: string): string | undefined; listFiles(dir: string): string[] },
  loaded: LoadedSources,
): Promise<void> {
  const results = new Map<string, TfModuleResult>();
  for (const module of modules) results.set(module.dir, await readTerraformModule({ dir: module.dir, files: module.files, ...access }));
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
      loaded.problems.push({ at: { file: error.file, line: error.line, column: error.column }, message: error.message });
    }
    const rootFiles = filesByDir.get(dir) ?? [];
    for (const resource of result.resources) {
      resourcesPerFile.set(resource.file, (resourcesPerFile.get(resource.file) ?? 0) + 1);
      loaded.concerns.set(resource, rootFiles);
    }
    scopeTerraformAddresses(result.resources, dir);
    loaded.resources.push(...result.resources);
  }
  for (const module of modules) {
    const status = coveredByPlan(module.dir) ? 'skipped' : undefined;
    for (const file of module.files.filter((f) => f.endsWith('.tf'))) {
      loaded.files.push({
        path: file,
        format: 'tf',
        status: status ?? (brokenFiles.has(file) ? 'error' : 'ok'),
        resources: status ? 0 : (resourcesPerFile.get(file) ?? 0),
      });
    }
  }
}

