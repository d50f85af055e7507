import type { CompiledPolicy, Examples, Remediation, Severity } from './types';
import { ruleDocUrl } from '../version';

/** One rule as `backup-lint rules` / `explain` show it. */
export interface CatalogueEntry {
  id: string;
  name: string;
  title: string;
  cause: number | null;
  severity: Severity;
  errorCodes: string[];
  implemented: boolean;
  rationale: string;
  remediation: Remediation;
  docs: string[];
  examples: Examples;
  optionDefaults: Record<string, unknown>;
  /** Each option's `description` from the options schema, where it has one. */
  optionDescriptions: Record<string, string>;
  /** A built-in rule (it has a generated page in docs/rules/), not a user policy. */
  builtin: boolean;
  /**
   * The rule's documentation page: docs/rules/<id>.md on the project's site for built-in rules, a user policy's
   * first `docs` link otherwise (none when it has no docs).
   */
  docsUrl?: string;
}

/**
 * The rule catalogue (DESIGN §3) from compiled policies, sorted by ID. `isBuiltin` tells the built-in rules (which
 * have a generated doc page) from user policies; by default every policy is taken as built-in.
 */
export function catalogue(policies: readonly CompiledPolicy[], isBuiltin: (id: string) => boolean = () => true): CatalogueEntry[] {
  return [...policies]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((p) => ({
      id: p.id,
      name: p.name,
      title: p.title,
      cause: p.cause,
      severity: p.severity,
      errorCodes: p.errorCodes,
      implemented: p.implemented,
      rationale: p.rationale,
      remediation: p.remediation,
      docs: p.docs,
      examples: p.examples ?? {},
      optionDefaults: p.optionDefaults,
      optionDescriptions: optionDescriptions(p),
      builtin: isBuiltin(p.id),
      ...docsUrl(p, isBuiltin(p.id)),
    }));
}

function docsUrl(policy: CompiledPolicy, builtin: boolean): { docsUrl?: string } {
  const url = builtin ? ruleDocUrl(policy.id) : policy.docs[0];
  return url ? { docsUrl: url } : {};
}

function optionDescriptions(policy: CompiledPolicy): Record<string, string> {
  const properties = (policy.options?.['properties'] ?? {}) as Record<string, { description?: unknown }>;
  const described: Record<string, string> = {};
  for (const [name, schema] of Object.entries(properties)) {
    if (typeof schema?.description === 'string') described[name] = schema.description;
  }
  return described;
}
