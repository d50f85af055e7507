import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ReadOutcome } from '../io/confined-files';
import type { PolicyLoadResult } from './compile-policy';
import type { CompiledPolicy, PolicyError } from './types';

/**
 * Loading policies. Built-ins come precompiled from `dist/builtin-policies.json` (no YAML, ajv or TypeScript
 * parser at runtime); user policies are YAML and pull those in, lazily, only when there are some.
 */

export const BUILTIN_POLICIES_FORMAT_VERSION = 1;

export interface BuiltinPoliciesFile {
  version: number;
  policies: CompiledPolicy[];
}

/** Thrown by loadUserPolicies: every problem of every file, one `file:line:column: message` per line. */
export class PolicyLoadError extends Error {
  constructor(readonly errors: PolicyError[]) {
    super(errors.map(formatPolicyError).join('\n'));
    this.name = 'PolicyLoadError';
  }
}

export function formatPolicyError(error: PolicyError): string {
  return `${error.file}:${error.line}:${error.column}: ${error.message}`;
}

/** `dist/builtin-policies.json`, written by compile-builtins at build time. */
export function builtinPoliciesPath(): string {
  return join(__dirname, '..', 'builtin-policies.json');
}

/** The package's `policies/` folder (YAML sources of the built-ins). */
export function builtinPolicySourceDir(): string {
  return join(__dirname, '..', '..', 'policies');
}

const builtinCache = new Map<string, CompiledPolicy[]>();

/**
 * The built-in policies. Reads the compiled JSON; when running from sources (tests, no build yet) it compiles
 * `policies/*.yaml` instead, which is slow and loads the parser.
 */
export function loadBuiltinPolicies(file: string = builtinPoliciesPath()): CompiledPolicy[] {
  const cached = builtinCache.get(file);
  if (cached) return cached;
  let policies: CompiledPolicy[];
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as BuiltinPoliciesFile;
    if (parsed.version !== BUILTIN_POLICIES_FORMAT_VERSION) {
      throw new Error(`${file}: built-in policies format ${parsed.version}, expected ${BUILTIN_POLICIES_FORMAT_VERSION}; rebuild`);
    }
    policies = parsed.policies;
  } else {
    const { policies: compiled, errors } = loadPolicyDirectory(builtinPolicySourceDir(), join(__dirname, '..', '..'));
    errors.push(...duplicateIds(compiled));
    if (errors.length > 0) throw new PolicyLoadError(errors);
    policies = compiled;
  }
  builtinCache.set(file, policies);
  return policies;
}

/**
 * User policies from folders (`*.yaml`, `*.yml`, not recursive). Throws PolicyLoadError listing every problem,
 * including an ID or name that one of `builtins` already has.
 */
export function loadUserPolicies(
  dirs: readonly string[],
  builtins: readonly CompiledPolicy[] = [],
  read?: PolicyFileReader,
  cwd: string = process.cwd(),
): CompiledPolicy[] {
  const { policies, errors } = readUserPolicies(dirs, builtins, read, cwd);
  if (errors.length > 0) throw new PolicyLoadError(errors);
  return policies;
}

/** Like loadUserPolicies, but returns the problems instead of throwing. File names in errors are relative to `cwd`. */
export function readUserPolicies(
  dirs: readonly string[],
  builtins: readonly CompiledPolicy[] = [],
  read?: PolicyFileReader,
  cwd: string = process.cwd(),
): { policies: CompiledPolicy[]; errors: PolicyError[] } {
  const policies: CompiledPolicy[] = [];
  const errors: PolicyError[] = [];
  for (const dir of dirs) {
    const result = loadPolicyDirectory(dir, cwd, read);
    policies.push(...result.policies);
    errors.push(...result.errors);
  }
  errors.push(...duplicateIds(policies), ...builtinClashes(policies, builtins));
  return { policies, errors };
}

/**
 * One error per user policy that takes a built-in rule's ID or name: `--rule`, the configuration, `explain` and
 * the report could not tell the two apart, and both would report.
 */
export function builtinClashes(policies: readonly CompiledPolicy[], builtins: readonly CompiledPolicy[]): PolicyError[] {
  const errors: PolicyError[] = [];
  for (const policy of policies) {
    const sameId = builtins.find((b) => b.id === policy.id);
    const sameName = builtins.find((b) => b.name === policy.name);
    const message = sameId
      ? `rule id ${policy.id} is taken by a built-in rule (${sameId.name}); give your policy an id of its own`
      : sameName
        ? `rule name ${policy.name} is taken by built-in rule ${sameName.id}; give your policy a name of its own`
        : undefined;
    if (message) errors.push({ file: policy.file, ...policy.positions.id, message, kind: 'policy' });
  }
  return errors;
}

/** Every `*.yaml`/`*.yml` file of a folder, sorted; file names in errors are relative to `base`. IDs are not checked for duplicates. */
/** Reads a user policy file through the run's confined file access (a link out of the repository is refused). */
export type PolicyFileReader = (file: string) => ReadOutcome;

export function loadPolicyDirectory(dir: string, base: string, read?: PolicyFileReader): { policies: CompiledPolicy[]; errors: PolicyError[] } {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return { policies: [], errors: [{ file: displayPath(dir, base), line: 1, column: 1, message: 'policy folder not found', kind: 'configuration' }] };
  }
  const files = readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name));
  const policies: CompiledPolicy[] = [];
  const errors: PolicyError[] = [];
  for (const file of files) {
    if (read) {
      const outcome = read(file);
      if (!('text' in outcome)) {
        const message = `policy file not read: ${'refused' in outcome ? outcome.refused : 'no such file'}`;
        errors.push({ file: displayPath(file, base), line: 1, column: 1, message, kind: 'configuration' });
        continue;
      }
      const result = loadPolicyText(outcome.text, displayPath(file, base));
      if (result.policy) policies.push(result.policy);
      errors.push(...result.errors);
      continue;
    }
    const result = loadPolicyFile(file, displayPath(file, base));
    if (result.policy) policies.push(result.policy);
    errors.push(...result.errors);
  }
  return { policies, errors };
}

/** Reads, validates and compiles one policy file. `displayName` is the path used in the policy and its errors. */
export function loadPolicyFile(file: string, displayName: string = file): PolicyLoadResult {
  return loadPolicyText(readFileSync(file, 'utf8'), displayName);
}

export function loadPolicyText(text: string, file: string): PolicyLoadResult {
  // Required here, not imported: it loads yaml, ajv and (for expressions) the TypeScript parser.
  const { compilePolicyText } = require('./compile-policy') as typeof import('./compile-policy');
  return compilePolicyText(text, file);
}

/** One error per policy whose ID an earlier policy already has. */
export function duplicateIds(policies: readonly CompiledPolicy[]): PolicyError[] {
  const seen = new Map<string, CompiledPolicy>();
  const errors: PolicyError[] = [];
  for (const policy of policies) {
    const first = seen.get(policy.id);
    if (first) {
      errors.push({ file: policy.file, ...policy.positions.id, message: `duplicate rule id ${policy.id} (also in ${first.file})`, kind: 'policy' });
    } else seen.set(policy.id, policy);
  }
  return errors;
}

function displayPath(file: string, base: string): string {
  const rel = relative(base, file);
  return (rel.startsWith('..') ? file : rel).split(sep).join('/');
}
