import { catalogue } from '../policy/catalogue';
import type { CompiledPolicy } from '../policy/types';
import type { Colors } from '../report/color';

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
