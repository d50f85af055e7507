import { catalogue, type CatalogueEntry } from '../policy/catalogue';
import type { CompiledPolicy } from '../policy/types';
import type { Colors } from '../report/color';

const CAUSES: Record<number, string> = {
  1: 'no outbound path to Azure',
  2: 'VM agent missing, stopped or out of date',
  3: 'backup extension cannot update or load',
  4: 'snapshot status cannot be retrieved or taken',
};

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

/** `backup-lint explain BL201`: a rule's documentation. */
export function formatExplain(p: CatalogueEntry, c: Colors): string {
  const lines = [
    `${c.bold(p.id)} ${p.name}${p.implemented ? '' : c.dim(' (not yet implemented)')}`,
    p.title,
    '',
    `Default severity: ${p.severity}`,
    `Cause: ${p.cause === null ? 'none (about reading the file, not about the deployment)' : `${p.cause}, ${CAUSES[p.cause] ?? ''}`}`,
  ];
  if (p.errorCodes.length > 0) lines.push(`Portal error codes: ${p.errorCodes.join(', ')}`);
  lines.push('', c.bold('Why'), p.rationale.trim());
  const remediation: [string, string | undefined][] = [
    ['ARM JSON', p.remediation.arm],
    ['Bicep', p.remediation.bicep],
    ['Terraform', p.remediation.terraform],
  ];
  if (remediation.some(([, text]) => text)) {
    lines.push('', c.bold('How to fix'));
    for (const [label, text] of remediation) if (text) lines.push(`${label}:`, indent(text.trim()), '');
  }
  if (Object.keys(p.optionDefaults).length > 0) {
    lines.push(c.bold('Options (defaults)'), indent(JSON.stringify(p.optionDefaults, null, 2)), '');
  }
  if (p.docs.length > 0) lines.push(c.bold('Read more'), ...p.docs.map((d) => `  ${d}`));
  return lines.join('\n').replace(/\n+$/, '') + '\n';
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
