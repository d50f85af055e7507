import type { SourceRef } from '../../../model/location';
import type { RawResource } from '../../../model/resource';
import { isObject, isUnknown, type Value } from '../../../model/unknown';
import { parseResourceAddress } from '../address';
import { attributeNamed, type Block } from './ast';
import { type FileAccess, ModuleLoader, type ModuleFiles, type TfFileError } from './loader';
import { locateInBlock } from './locate';
import { PARSER_GAVE_UP, resetTerraformParser, terraformParser } from './parser';
import { isLocalModuleSource, joinPath, normalizePath } from './paths';
import { ModuleRuntime } from './runtime';
import { EvaluationBudget, withBudget, type EvaluationLimits, type LimitHit } from '../../budget';

export type { TfFileError } from './loader';
export { terraformLocate, terraformLocatorOf, type TerraformLocator } from './runtime';
export { locationSkeleton } from './locate';
export { expectTerraformFiles } from './parser';

/**
 * One Terraform module: the `.tf` files of one folder (`.tf.json` files are not read yet). `files` may also list
 * `.tfvars` / `.tfvars.json` files; `terraform.tfvars(.json)` are found by name, `*.auto.tfvars` only when listed.
 */
export interface TfModuleInput {
  /** Folder, relative and `/`-separated as given to the run. */
  dir: string;
  files: string[];
  /** Reads a file (module, template, tfvars) by a path relative to the working directory; undefined if missing. */
  readFile(path: string): string | undefined;
  /** Names of the files in a folder (for local child modules); defaults to the file system. */
  listFiles?(dir: string): string[] | undefined;
  /** Why `readFile` or `listFiles` answered undefined for a path that exists (outside the repository, too large…). */
  refusal?(path: string): string | undefined;
  /** The module's evaluation limits; the defaults when not given. */
  limits?: EvaluationLimits;
  /**
   * The resource types whose values the run reads (the model's): resources of other types are listed with their
   * instances but no values, and their bodies are evaluated only when a resource that is read refers to them.
   * Undefined: every resource is evaluated.
   */
  modelledTypes?: ReadonlySet<string>;
}

export interface TfModuleResult {
  resources: RawResource[];
  fileErrors: TfFileError[];
  /** What was not read and why (a module source outside the repository), at the module call. */
  notes?: TfFileError[];
  /** Local module folders this module calls (at any depth): they are read through it, not as roots of their own. */
  childModuleDirs: string[];
  /** Where evaluation stopped at a limit of the module's budget (reported as BL002); the rest of it is Unknown. */
  limits: LimitHit[];
  stats: { files: number; blocks: number; unknownReasons: Record<string, number> };
}

/** Reads a Terraform module (and its local child modules) into RawResources. Never throws. */
export async function readTerraformModule(input: TfModuleInput): Promise<TfModuleResult> {
  const dir = normalizePath(input.dir);
  let loader: ModuleLoader | undefined;
  const budget = new EvaluationBudget(dir, input.limits, `module ${dir}`);
  try {
    const parser = await terraformParser();
    const moduleLoader = (loader = new ModuleLoader(parser, accessOf(input)));
    return withBudget(budget, () => {
      const files = moduleLoader.loadGiven(dir, input.files);
      const run = { loader: moduleLoader, parser, rootDir: dir, ...(input.modelledTypes ? { modelledTypes: input.modelledTypes } : {}) };
      const root = new ModuleRuntime(run, files, '', '.', undefined, [dir]);
      const resources = root.rawResources();
      if (moduleLoader.parserFailed || moduleLoader.fileErrors.some((e) => e.message === PARSER_GAVE_UP)) resetTerraformParser();
      return {
        resources,
        fileErrors: moduleLoader.fileErrors,
        notes: moduleLoader.notes,
        childModuleDirs: moduleLoader.childDirs(dir),
        limits: budget.hits,
        stats: moduleStats(moduleLoader.filesRead, root.totalBlocks(), resources),
      };
    });
  } catch (error) {
    // The parser may be what failed (tree-sitter's heap after a huge file): the next module gets a new one.
    resetTerraformParser();
    const message = moduleFailure(error);
    return {
      resources: [],
      fileErrors: [...(loader?.fileErrors ?? []), { file: input.files[0] ?? dir, message, line: 1, column: 1 }],
      childModuleDirs: [],
      limits: budget.hits,
      stats: { files: loader?.filesRead ?? 0, blocks: 0, unknownReasons: {} },
    };
  }
}

/** Parsed modules of `locateInModule`, per input object: lookups in one module parse its files once. */
const loadedForLocate = new WeakMap<TfModuleInput, Promise<{ loader: ModuleLoader; root: ModuleFiles }>>();

function loadForLocate(input: TfModuleInput): Promise<{ loader: ModuleLoader; root: ModuleFiles }> {
  let loaded = loadedForLocate.get(input);
  if (!loaded) {
    loaded = terraformParser().then((parser) => {
      const loader = new ModuleLoader(parser, accessOf(input));
      return { loader, root: loader.loadGiven(normalizePath(input.dir), input.files) };
    });
    loadedForLocate.set(input, loaded);
  }
  return loaded;
}

/**
 * For the plan reader: where in a module folder's `.tf` files a resource address and attribute path are
 * declared. Instance keys are ignored; `module.x` segments follow local module sources. The files are read and
 * parsed once per `input` object: pass the same object for every lookup in one module folder.
 */
export async function locateInModule(
  input: TfModuleInput,
  address: string,
  path: readonly (string | number)[],
): Promise<SourceRef | undefined> {
  try {
    const parts = parseResourceAddress(address);
    if (!parts) return undefined;
    const { loader, root } = await loadForLocate(input);
    let module: ModuleFiles | undefined = root;
    for (const { name } of parts.modules) {
      const call = findBlock(module, 'module', [name]);
      const source = call && attributeNamed(call.block.body, 'source')?.expr;
      if (!call || source?.kind !== 'literal' || typeof source.value !== 'string' || !isLocalModuleSource(source.value)) return undefined;
      module = loader.loadFolder(joinPath(module.dir, source.value));
      if (!module) return undefined;
    }
    const kind = parts.mode === 'data' ? 'data' : 'resource';
    const found = findBlock(module, kind, [parts.type, parts.name]);
    if (!found) return undefined;
    return locateInBlock(found.block, path, found.file, `${kind}.${parts.type}.${parts.name}`);
  } catch {
    return undefined;
  }
}

function findBlock(module: ModuleFiles, type: string, labels: string[]): { block: Block; file: string } | undefined {
  for (const file of module.files) {
    const block = file.hcl.body.blocks.find((b) => b.type === type && labels.every((label, i) => b.labels[i] === label));
    if (block) return { block, file: file.path };
  }
  return undefined;
}

function accessOf(input: TfModuleInput): FileAccess {
  const access: FileAccess = { readFile: (path) => input.readFile(path) };
  if (input.listFiles) access.listFiles = (dir) => input.listFiles!(dir);
  if (input.refusal) access.refusal = (path) => input.refusal!(path);
  return access;
}

/** Why a module could not be read, in the engine's words only: an exception's text may carry the module's values. */
function moduleFailure(error: unknown): string {
  if (error instanceof RangeError) {
    return /call stack/i.test(error.message)
      ? 'the module is nested too deeply to be evaluated'
      : 'the module is too large to be evaluated (a value exceeded what the linter can hold)';
  }
  return `internal error while reading the module (${error instanceof Error ? error.name : typeof error})`;
}

/**
 * A module's statistics, the Unknown reasons counted when asked for (by the corpus script: a lint does not walk every
 * value for them). Made here, not in readTerraformModule: a getter made there would keep its scopes, and with them
 * the module loader and every syntax tree it read.
 */
export function moduleStats(files: number, blocks: number, resources: readonly RawResource[]): TfModuleResult['stats'] {
  let unknownReasons: Record<string, number> | undefined;
  return {
    files,
    blocks,
    get unknownReasons() {
      if (!unknownReasons) {
        unknownReasons = {};
        const seen = new Set<object>();
        for (const resource of resources) countUnknowns(resource.values, unknownReasons, seen);
      }
      return unknownReasons;
    },
  };
}

/**
 * Counts Unknown leaves by reason, with names in backticks folded so that similar reasons group together. A list or
 * object shared by several values (a local used twice) is walked once: walking it each time could take forever.
 */
function countUnknowns(value: Value, counts: Record<string, number>, seen: Set<object>): void {
  if (value === null || typeof value !== 'object') return;
  if (isUnknown(value)) {
    const category = value.reason.replace(/`[^`]*`/g, '`…`').replace(/: .*$/s, '');
    counts[category] = (counts[category] ?? 0) + 1;
    return;
  }
  if (seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) value.forEach((item) => countUnknowns(item, counts, seen));
  else if (isObject(value)) for (const key of Object.keys(value)) countUnknowns(value[key]!, counts, seen);
}
