import type { Baseline } from './baseline';
import { InlineSuppressions, type InlineSuppression } from './inline';
import type { ConfigSuppression, SuppressedFinding, Suppression } from './types';
import type { Finding } from '../findings/finding';
import type { LocationResolver } from '../findings/resolve-location';
import type { ConfinedFiles } from '../io/confined-files';
import type { RawResource } from '../model/resource';

export type { Baseline } from './baseline';
export type { ConfigSuppression, SuppressedFinding, Suppression } from './types';

export interface SuppressOptions {
  /** The run's confined file access: comments are read from the linted files and the `.bicep` files beside them. */
  files: ConfinedFiles;
  resolver: LocationResolver;
  /** Rule IDs and names of the run's policies: a suppression naming none of them is reported. */
  rules: ReadonlyMap<string, string>;
  config: readonly ConfigSuppression[];
  /** The configuration file, relative to the working directory, for messages. */
  configFile?: string;
  baseline?: Baseline;
  /** Today, YYYY-MM-DD (UTC): config entries whose `expires` is earlier no longer suppress. */
  today: string;
}

export interface SuppressResult {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  /** Suppressions that were ignored (no reason, unknown rule, expired), one line each, for stderr. */
  warnings: string[];
}

/**
 * The suppress stage (DESIGN §2), after findings: each finding is suppressed by a suppression written beside its
 * resource, else by a configuration entry, else by the baseline; the others stay. Findings keep their order.
 */
export function applySuppressions(items: readonly { finding: Finding; raw?: RawResource }[], options: SuppressOptions): SuppressResult {
  const inline = new InlineSuppressions(options.files, options.resolver);
  const result: SuppressResult = { findings: [], suppressed: [], warnings: [] };
  const warned = new Set<string>();
  const warn = (text: string) => {
    if (warned.has(text)) return;
    warned.add(text);
    result.warnings.push(text);
  };
  const configEntries = options.config.map((entry) => ({ entry, matches: configMatcher(entry) }));

  for (const { finding, raw } of items) {
    const suppression =
      inlineSuppression(finding, inline.for(finding, raw), options.rules, warn) ??
      configSuppression(finding, configEntries, options, warn) ??
      baselineSuppression(finding, options.baseline);
    if (suppression) result.suppressed.push({ ...finding, suppression });
    else result.findings.push(finding);
  }
  return result;
}

function inlineSuppression(
  finding: Finding,
  candidates: readonly InlineSuppression[],
  rules: ReadonlyMap<string, string>,
  warn: (text: string) => void,
): Suppression | undefined {
  for (const candidate of candidates) {
    const where = `${candidate.file}:${candidate.line}`;
    if (candidate.problem) warn(`${where}: ${candidate.problem}; ignored`);
    for (const rule of candidate.rules) {
      if (!rules.has(rule)) warn(`${where}: backup-lint-ignore names no known rule '${rule}'; ignored`);
    }
    if (!candidate.rules.some((rule) => rules.get(rule) === finding.ruleId)) continue;
    if (candidate.reason === '') {
      warn(`${where}: suppression of ${finding.ruleId} has no reason, so it is ignored; every suppression must say why`);
      continue;
    }
    return { kind: 'inline', reason: candidate.reason, file: candidate.file, line: candidate.line };
  }
  return undefined;
}

function configSuppression(
  finding: Finding,
  entries: readonly { entry: ConfigSuppression; matches: (finding: Finding) => boolean }[],
  options: SuppressOptions,
  warn: (text: string) => void,
): Suppression | undefined {
  const file = options.configFile ?? 'configuration';
  for (const { entry, matches } of entries) {
    if (options.rules.get(entry.rule) !== finding.ruleId || !matches(finding)) continue;
    if (entry.expires !== undefined && entry.expires < options.today) {
      warn(`${file}:${entry.line}: suppression of ${finding.ruleId} expired on ${entry.expires}; its findings are reported again`);
      continue;
    }
    return { kind: 'config', reason: entry.reason, file, line: entry.line, ...(entry.expires ? { expires: entry.expires } : {}) };
  }
  return undefined;
}

function baselineSuppression(finding: Finding, baseline: Baseline | undefined): Suppression | undefined {
  if (!baseline?.fingerprints.has(finding.fingerprint)) return undefined;
  return { kind: 'baseline', reason: `in the baseline ${baseline.file}`, file: baseline.file };
}

function configMatcher(entry: ConfigSuppression): (finding: Finding) => boolean {
  const resource = entry.resource === undefined ? undefined : nameGlob(entry.resource);
  // Required only for a `file:` glob: most runs have none.
  const file = entry.file === undefined ? undefined : (require('picomatch') as typeof import('picomatch'))(entry.file, { dot: true });
  return (finding) =>
    (!resource || (finding.resource !== undefined && resource.test(finding.resource.name))) && (!file || file(finding.file));
}

/**
 * Resource names are not paths (`vnet/app`, `module.x.azurerm_linux_virtual_machine.app[0]`): `*` is any text,
 * `?` one character, everything else literal; case-insensitive like Azure names.
 */
export function nameGlob(glob: string): RegExp {
  const source = [...glob].map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, 'is');
}
