/**
 * The policy engine's public API. Importing this module is cheap: YAML, ajv and the TypeScript parser are
 * loaded only when a user policy is loaded (or rule options are configured).
 */
export { catalogue, type CatalogueEntry } from './catalogue';
export { fixFor, locate, resolveOptions, runPolicies, type EngineResult, type PolicyFinding, type RuleSetting, type SkippedCheck } from './engine';
export {
  builtinPoliciesPath,
  formatPolicyError,
  loadBuiltinPolicies,
  loadPolicyFile,
  loadPolicyText,
  loadUserPolicies,
  PolicyLoadError,
  readUserPolicies,
} from './load';
export type { CompiledPolicy, CompiledTemplate, PolicyError, Remediation, Severity } from './types';
