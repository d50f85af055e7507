import type { Finding, LintResult, Severity } from '../../src/findings/finding';
import { fingerprints } from '../../src/findings/fingerprint';
import { catalogue } from '../../src/policy/catalogue';
import { loadBuiltinPolicies } from '../../src/policy/load';
import type { SuppressedFinding } from '../../src/suppress/types';

export const CATALOGUE = catalogue(loadBuiltinPolicies());

/** A finding as the pipeline reports it; fields overridable. */
export function finding(overrides: Partial<Finding> = {}): Finding {
  const base: Omit<Finding, 'fingerprint'> = {
    ruleId: 'BL201',
    rule: 'vm-agent-not-provisioned',
    severity: 'error',
    cause: 2,
    errorCodes: ['UserErrorGuestAgentStatusUnavailable'],
    message: "VM 'web-01' is deployed without the Azure VM agent (provisionVMAgent: false).",
    file: 'infra/vm.json',
    line: 21,
    column: 13,
    endLine: 21,
    endColumn: 38,
    resource: { type: 'Microsoft.Compute/virtualMachines', name: 'web-01' },
    related: [],
    fix: 'Set provisionVMAgent to true.',
    ...overrides,
  };
  return { fingerprint: overrides.fingerprint ?? fingerprints([base])[0]!, ...base };
}

/** A result holding these findings (and suppressed ones), with a summary that counts them. */
export function resultOf(findings: Finding[], suppressed: SuppressedFinding[] = []): LintResult {
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const files = [...new Set([...findings, ...suppressed].map((f) => f.file))];
  return {
    files: files.map((path) => ({ path, format: path.endsWith('.tf') ? 'tf' : 'arm', status: 'ok', resources: 1 })),
    findings,
    suppressed,
    skippedChecks: [],
    notes: [],
    policyErrors: [],
    suppressionWarnings: [],
    armNames: { resources: 0, literal: 0, symbolic: 0 },
    summary: {
      files: files.length,
      resources: files.length,
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
      skippedChecks: 0,
      suppressed: suppressed.length,
      durationMs: 12,
    },
  };
}
