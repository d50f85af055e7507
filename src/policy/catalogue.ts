import type { CompiledPolicy, Examples, Remediation, Severity } from './types';

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
}

/** The rule catalogue (DESIGN §3) from compiled policies, sorted by ID. */
export function catalogue(policies: readonly CompiledPolicy[]): CatalogueEntry[] {
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
    }));
}
