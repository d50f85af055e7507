import { createHash } from '../io/hash';
import type { Finding } from './finding';

/** Name of the key under SARIF `partialFingerprints` and the version of the baseline's fingerprints. */
export const FINGERPRINT_KEY = 'backupLint/v1';

/**
 * Positions inside a message ("line 88", "main.tf:12:5", "col 3") are dropped: a finding keeps its identity when
 * lines move above it. Numbers that are not positions (priorities, sizes, counts) stay, since they change meaning.
 */
export function normaliseMessage(message: string): string {
  return message
    .replace(/:\d+(:\d+)?\b/g, '')
    .replace(/\b(lines?|columns?|col)\s+\d+(\s*[-–]\s*\d+)?/gi, '$1')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** A finding's identity without its line numbers: rule, file, resource and normalised message. */
export function fingerprintKey(finding: Pick<Finding, 'ruleId' | 'file' | 'resource' | 'message'>): string {
  const resource = finding.resource ? `${finding.resource.type}\u0000${finding.resource.name}` : '';
  return createHash('sha256')
    .update([finding.ruleId, finding.file, resource, normaliseMessage(finding.message)].join('\u0001'))
    .digest('hex');
}

/**
 * One fingerprint per finding, in order. Findings with the same key (the same rule reporting the same resource
 * twice with the same message) are told apart by their order in the file: `<key>:2` for the second.
 */
export function fingerprints(findings: readonly Pick<Finding, 'ruleId' | 'file' | 'resource' | 'message'>[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const key = fingerprintKey(finding);
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return occurrence === 1 ? key : `${key}:${occurrence}`;
  });
}
