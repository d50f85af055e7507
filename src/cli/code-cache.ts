import { readFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * The built lint command (one bundled file, scripts/bundle-cli.js) loaded with the V8 code cache the build wrote
 * beside it: V8 then neither parses the bundle nor compiles the functions a lint runs, a third of a one-template
 * run's time on Node 20 (which has no compile cache of its own). The cache belongs to one build of the bundle: its
 * name carries the build ID from the bundle's second line (`// build <id>`), so a stale cache is never found. V8
 * checks the rest (its version, its flags) and rejects a cache that does not fit; the bundle is then compiled as
 * usual.
 */

export type CodeCacheState = 'accepted' | 'rejected';

export interface LoadedBundle {
  exports: unknown;
  script: vm.Script;
  state?: CodeCacheState;
}

const BUILD_ID = /^\/\/ build ([0-9a-f]{16})$/m;

/** Where the build writes the code cache of `file` for the bundle text `source`; undefined without a build ID. */
export function codeCachePath(file: string, source: string): string | undefined {
  const id = BUILD_ID.exec(source.slice(0, 400))?.[1];
  return id ? file.replace(/\.js$/, `.${id}.cache`) : undefined;
}

/**
 * Runs a CommonJS file as require() would (same wrapper, its own require, registered in require.cache so that a
 * later require() of it finds this instance), compiled with `cachedData` when given.
 */
export function compileBundle(file: string, source: string, cachedData?: Buffer): LoadedBundle {
  const script = new vm.Script(Module.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  const module = new Module(file);
  module.filename = file;
  require.cache[file] = module;
  try {
    run.call(module.exports, module.exports, Module.createRequire(file), module, file, path.dirname(file));
  } catch (error) {
    delete require.cache[file];
    throw error;
  }
  module.loaded = true;
  return { exports: module.exports, script, ...(cachedData ? { state: script.cachedDataRejected ? 'rejected' : 'accepted' } : {}) };
}

/** The bundle at `file` with its code cache; undefined when there is no bundle, no cache for it, or it is loaded already (then require it). */
export function loadWithCodeCache(file: string): LoadedBundle | undefined {
  if (require.cache[file]) return undefined; // required already: require() returns that instance
  let source: string;
  let cachedData: Buffer;
  try {
    source = readFileSync(file, 'utf8');
    const cacheFile = codeCachePath(file, source);
    if (!cacheFile) return undefined;
    cachedData = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  return compileBundle(file, source, cachedData);
}
