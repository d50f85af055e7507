import { readFileSync } from 'node:fs';
import { fsReason, UsageError } from '../config/errors';
import { compareFindings, type LintResult } from '../findings/finding';
import { FINGERPRINT_KEY } from '../findings/fingerprint';
import { TOOL_NAME, TOOL_VERSION } from '../version';

/** `--write-baseline` output: the findings of a run, identified by fingerprints that survive moved lines. */
export interface BaselineFile {
  version: 1;
  tool: { name: string; version: string };
  fingerprint: typeof FINGERPRINT_KEY;
  findings: { fingerprint: string; ruleId: string; file: string; resource?: string; message: string }[];
}

export interface Baseline {
  /** The file as given on the command line, for messages. */
  file: string;
  fingerprints: ReadonlySet<string>;
}

/**
 * `--write-baseline`: the run's findings that are not suppressed in the source or the configuration (those the
 * current baseline covers included, so writing over it refreshes it), as JSON text, in report order.
 */
export function formatBaseline(result: Pick<LintResult, 'findings' | 'suppressed'>): string {
  const baselined = result.suppressed.filter((f) => f.suppression.kind === 'baseline');
  const findings = [...result.findings, ...baselined].sort(compareFindings);
  const baseline: BaselineFile = {
    version: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    fingerprint: FINGERPRINT_KEY,
    findings: findings.map((f) => ({
      fingerprint: f.fingerprint,
      ruleId: f.ruleId,
      file: f.file,
      ...(f.resource ? { resource: f.resource.name } : {}),
      message: f.message,
    })),
  };
  return JSON.stringify(baseline, null, 2) + '\n';
}

/** Reads `--baseline FILE`; a missing or malformed file is a usage error (exit 2), never an empty baseline. */
export function readBaseline(absolute: string, shown: string): Baseline {
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UsageError(`--baseline '${shown}': ${missing ? 'no such file (write one with --write-baseline)' : fsReason(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`--baseline '${shown}': not a JSON file (write one with --write-baseline)`);
  }
  const data = parsed as Partial<BaselineFile> | null;
  if (!data || data.version !== 1 || !Array.isArray(data.findings) || data.findings.some((f) => typeof f?.fingerprint !== 'string')) {
    throw new UsageError(`--baseline '${shown}': not a backup-lint baseline (version 1 with findings[].fingerprint)`);
  }
  if (data.fingerprint !== FINGERPRINT_KEY) {
    throw new UsageError(`--baseline '${shown}': fingerprints '${String(data.fingerprint)}', this version uses '${FINGERPRINT_KEY}'; write it again`);
  }
  return { file: shown, fingerprints: new Set(data.findings.map((f) => f.fingerprint)) };
}
