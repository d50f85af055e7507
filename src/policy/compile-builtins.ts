import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  BUILTIN_POLICIES_FORMAT_VERSION,
  builtinPoliciesPath,
  builtinPolicySourceDir,
  duplicateIds,
  formatPolicyError,
  loadPolicyDirectory,
  type BuiltinPoliciesFile,
} from './load';
import type { PolicyError } from './types';

/**
 * Build step (`node dist/policy/compile-builtins.js`, after tsc): validates and compiles `policies/*.yaml` into
 * `dist/builtin-policies.json`, so that the command never parses YAML or loads the TypeScript parser for them.
 */
export function compileBuiltins(policyDir: string, outFile: string, base: string = join(policyDir, '..')): PolicyError[] {
  const { policies, errors } = loadPolicyDirectory(policyDir, base);
  errors.push(...duplicateIds(policies));
  for (const policy of policies) {
    const expected = `${policy.id}-${policy.name}.yaml`;
    if (basename(policy.file) !== expected) {
      errors.push({ file: policy.file, ...policy.positions.id, message: `a built-in policy file must be named ${expected}`, kind: 'policy' });
    }
  }
  if (errors.length > 0) return errors;
  const output: BuiltinPoliciesFile = {
    version: BUILTIN_POLICIES_FORMAT_VERSION,
    policies: [...policies].sort((a, b) => (a.id < b.id ? -1 : 1)),
  };
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(output) + '\n');
  return [];
}

if (require.main === module) {
  const errors = compileBuiltins(builtinPolicySourceDir(), builtinPoliciesPath());
  for (const error of errors) process.stderr.write(`${formatPolicyError(error)}\n`);
  if (errors.length > 0) {
    process.stderr.write(`compile-builtins: ${errors.length} error(s) in built-in policies\n`);
    process.exitCode = 1;
  }
}
