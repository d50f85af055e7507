import { UsageError } from '../config/errors';
import { catalogue } from '../policy/catalogue';
import { loadBuiltinPolicies } from '../policy/load';
import type { CompiledPolicy } from '../policy/types';
import type { Colors } from '../report/color';
import { ruleDoc } from '../report/rule-doc';

// `rules` and `explain` read the built-in catalogue from the compiled dist/builtin-policies.json through
// policy/load and policy/catalogue only: no policy engine, compiler, YAML or schema validator.

/** `backup-lint rules`: the whole catalogue, with the rules not implemented yet marked. */
export function formatRules(policies: readonly CompiledPolicy[], as: 'text' | 'json', c: Colors): string {
  const sorted = catalogue(policies);
  if (as === 'json') return JSON.stringify(sorted, null, 2) + '\n';
  const nameWidth = Math.max(...sorted.map((p) => p.name.length));
  const lines = sorted.map((p) => {
    const status = p.implemented ? '' : c.dim(' (not yet implemented)');
    return `${c.bold(p.id)}  ${p.name.padEnd(nameWidth)}  ${p.severity.padEnd(7)}  cause ${p.cause ?? '-'}  ${p.title}${status}`;
  });
  const implemented = sorted.filter((p) => p.implemented).length;
  lines.push('', `${sorted.length} rules, ${implemented} implemented. backup-lint explain <id> shows one in full.`);
  return lines.join('\n') + '\n';
}

/** `backup-lint rules` over the built-in policies. */
export function builtinRules(as: 'text' | 'json', c: Colors): string {
  return formatRules(loadBuiltinPolicies(), as, c);
}

/** `backup-lint explain <id>`: a built-in rule's documentation, by ID or name. */
export function explainRule(ruleId: string): string {
  const policy = loadBuiltinPolicies().find((p) => p.id === ruleId || p.name === ruleId.toLowerCase());
  if (!policy) throw new UsageError(`unknown rule '${ruleId}' (backup-lint rules lists them)`);
  return ruleDoc(catalogue([policy])[0]!);
}
