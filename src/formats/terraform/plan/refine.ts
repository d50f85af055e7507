import { posix } from 'node:path';
import type { SourceRef } from '../../../model/location';
import type { RawResource } from '../../../model/resource';
import { isObject, type Value } from '../../../model/unknown';
import type { Path } from './locate';
import { configOriginOf } from './origin';

/** The configuration's `.tf` files, for pointing findings at `.tf` lines instead of plan JSON. */
export interface TerraformSources {
  /** The root module directory (where `terraform plan` ran), `/`-separated. */
  dir: string;
  readFile(path: string): string | undefined;
  /** The `.tf` files of one module directory. */
  listTfFiles(dir: string): string[];
  /** Names of the files in a folder (local module sources), through the run's confined file access. */
  listFiles?(dir: string): string[] | undefined;
}

interface ModuleInput {
  dir: string;
  files: string[];
  readFile(path: string): string | undefined;
  listFiles?(dir: string): string[] | undefined;
}

/**
 * The `.tf` reader's `locateInModule` (formats/terraform/hcl), injected so the plan reader does not depend on it.
 * It is given the same `input` object for every lookup in one module folder.
 */
export type ModuleLocator = (input: ModuleInput, address: string, path: Path) => Promise<SourceRef | undefined>;

const MAX_PATH_DEPTH = 4;

/**
 * Replaces each plan resource's `at` and `locate` with `.tf` locations where the declaring module's files are
 * at hand (root module and local `./`/`../` module sources). `locate` is synchronous, so the locations of every
 * attribute path present in `values` are looked up here, ahead of time; paths the `.tf` files do not
 * declare keep their plan JSON pointer. Returns how many resources were refined. Never rejects.
 */
export async function refineLocations(
  resources: readonly RawResource[],
  sources: TerraformSources,
  locateInModule: ModuleLocator,
): Promise<number> {
  // One module object per folder: `locateInModule` parses a module's files once per object.
  const modules = new Map<string, ModuleInput>();
  // Instances of one block (count/for_each) share their `.tf` locations: look each up once.
  const lookups = new Map<string, Promise<SourceRef | undefined>>();
  let refined = 0;
  await Promise.all(
    resources.map(async (resource) => {
      const origin = configOriginOf(resource);
      if (!origin || origin.moduleDir === undefined) return;
      const dir = posix.join(sources.dir, origin.moduleDir);
      const module = modules.get(dir) ?? {
        dir,
        files: safely(() => sources.listTfFiles(dir)) ?? [],
        readFile: sources.readFile,
        ...(sources.listFiles ? { listFiles: sources.listFiles } : {}),
      };
      modules.set(dir, module);
      if (module.files.length === 0) return;
      const locate = (path: Path): Promise<SourceRef | undefined> => {
        const key = [dir, origin.localAddress, keyOf(path)].join('\u0001');
        let lookup = lookups.get(key);
        if (!lookup) {
          lookup = Promise.resolve()
            .then(() => locateInModule(module, origin.localAddress, path))
            .catch(() => undefined);
          lookups.set(key, lookup);
        }
        return lookup;
      };
      const block = await locate([]);
      if (!block) return;
      const known = new Map<string, SourceRef>([[keyOf([]), block]]);
      await Promise.all(
        attributePaths(resource.values).map(async (path) => {
          const at = await locate(path);
          if (at) known.set(keyOf(path), at);
        }),
      );
      const planLocate = resource.locate;
      resource.at = block;
      resource.locate = (path) => deepestKnown(known, path) ?? planLocate(path);
      refined++;
    }),
  );
  return refined;
}

function deepestKnown(known: Map<string, SourceRef>, path: Path): SourceRef | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const at = known.get(keyOf(path.slice(0, depth)));
    if (at) return at;
  }
  return undefined;
}

function attributePaths(values: { [key: string]: Value }): Path[] {
  const paths: Path[] = [];
  const walk = (value: Value, path: (string | number)[]): void => {
    if (path.length > 0) paths.push(path);
    if (path.length >= MAX_PATH_DEPTH) return;
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
    else if (isObject(value)) for (const key of Object.keys(value)) walk(value[key]!, [...path, key]);
  };
  walk(values, []);
  return paths;
}

function keyOf(path: Path): string {
  return path.map((step) => String(step)).join('\u0000');
}

function safely<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}
