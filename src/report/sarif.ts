import { relativeUri } from './uri';
import { COMPUTED_FIX, isComputedOnly, ruleDoc, withPlaceholders } from './rule-doc';
import type { Finding, LintResult, Severity } from '../findings/finding';
import { FINGERPRINT_KEY } from '../findings/fingerprint';
import type { CatalogueEntry } from '../policy/catalogue';
import type { SuppressedFinding } from '../suppress/types';
import { TOOL_HOMEPAGE, TOOL_NAME, TOOL_VERSION } from '../version';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Paths in the log are relative to this base: the working directory of the run (the repository root in CI). */
export const SRCROOT = '%SRCROOT%';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub code scanning truncates descriptions at 1024 characters. */
const DESCRIPTION_LIMIT = 1024;

/**
 * SARIF 2.1.0 for GitHub code scanning (ECOSYSTEM §6): one run, the whole rule catalogue as rules (descriptions,
 * help text and Markdown, helpUri to the rule's doc), results with repository-relative locations, full regions,
 * related locations, fingerprints that survive moved lines, and suppressed findings as SARIF suppressions.
 */
export function formatSarif(result: LintResult, catalogue: readonly CatalogueEntry[]): string {
  const rules = [...catalogue];
  const known = new Set(rules.map((r) => r.id));
  // A finding of a rule missing from the catalogue (never expected) still needs a rule entry to point at.
  for (const f of [...result.findings, ...result.suppressed]) {
    if (!known.has(f.ruleId)) {
      known.add(f.ruleId);
      rules.push(fallbackRule(f));
    }
  }
  const ruleIndex = new Map(rules.map((r, index) => [r.id, index]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            informationUri: TOOL_HOMEPAGE,
            rules: rules.map(sarifRule),
          },
        },
        originalUriBaseIds: {
          [SRCROOT]: { description: { text: 'The folder backup-lint ran in (the repository root in CI); paths are relative to it.' } },
        },
        invocations: [
          {
            executionSuccessful: true,
            // Policies that failed to evaluate and suppressions that were ignored: what stderr says, for the SARIF viewer.
            toolExecutionNotifications: [
              ...result.policyErrors.map((text) => ({ level: 'error', message: { text: sentence(`Policy could not be evaluated: ${text}`) } })),
              ...result.suppressionWarnings.map((text) => ({ level: 'warning', message: { text: sentence(text) } })),
            ],
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: [
          ...result.findings.map((f) => sarifResult(f, ruleIndex.get(f.ruleId)!)),
          ...result.suppressed.map((f) => sarifResult(f, ruleIndex.get(f.ruleId)!, f)),
        ],
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function sarifRule(rule: CatalogueEntry) {
  const tags = ['azure-backup', 'reliability', ...(rule.cause === null ? [] : [`cause-${rule.cause}`])];
  return {
    id: rule.id,
    name: pascalCase(rule.name),
    shortDescription: { text: limit(rule.title) },
    fullDescription: { text: limit(firstParagraph(rule.rationale)) },
    help: { text: helpText(rule), markdown: ruleDoc(rule) },
    ...(rule.docsUrl ? { helpUri: rule.docsUrl } : {}),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags,
      precision: 'high',
      'problem.severity': rule.severity === 'info' ? 'recommendation' : rule.severity,
      ...(rule.cause === null ? {} : { cause: rule.cause }),
      errorCodes: rule.errorCodes,
    },
  };
}

function sarifResult(f: Finding, ruleIndex: number, suppressed?: SuppressedFinding) {
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: sentence(f.message) },
    locations: [
      {
        physicalLocation: physical(f.file, region(f)),
        ...(f.resource ? { logicalLocations: [{ name: f.resource.name, fullyQualifiedName: `${f.resource.type}/${f.resource.name}`, kind: 'resource' }] } : {}),
      },
    ],
    ...(f.related.length > 0
      ? {
          relatedLocations: f.related.map((r, index) => ({
            id: index + 1,
            physicalLocation: physical(r.file, { startLine: r.line, startColumn: r.column }),
            message: { text: sentence(r.message) },
          })),
        }
      : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(suppressed ? { suppressions: [sarifSuppression(suppressed)] } : {}),
    properties: {
      ...(f.cause === null ? {} : { cause: f.cause }),
      errorCodes: f.errorCodes,
      ...(f.resource ? { resourceType: f.resource.type } : {}),
      ...(f.fix ? { fix: f.fix } : {}),
    },
  };
}

function sarifSuppression({ suppression }: SuppressedFinding) {
  return {
    // Written in the source is `inSource`; the configuration and the baseline are `external` (SARIF §3.35.2).
    kind: suppression.kind === 'inline' ? 'inSource' : 'external',
    status: 'accepted',
    justification: suppression.reason,
    ...(suppression.kind === 'baseline' ? {} : { location: { physicalLocation: physical(suppression.file, suppression.line ? { startLine: suppression.line } : undefined) } }),
    properties: { backupLintKind: suppression.kind, ...(suppression.expires ? { expires: suppression.expires } : {}) },
  };
}

/** The finding's full region; an end before the start (never expected) is left out rather than reported invalid. */
function region(f: Finding): Record<string, number> {
  const start = { startLine: f.line, startColumn: f.column };
  const endsAfter = f.endLine > f.line || (f.endLine === f.line && f.endColumn >= f.column);
  return endsAfter ? { ...start, endLine: f.endLine, endColumn: f.endColumn } : start;
}

function physical(file: string, region: Record<string, number> | undefined) {
  return {
    artifactLocation: { uri: relativeUri(file), uriBaseId: SRCROOT },
    ...(region ? { region } : {}),
  };
}

function helpText(rule: CatalogueEntry): string {
  const fixes = [
    ['ARM JSON', rule.remediation.arm],
    ['Bicep', rule.remediation.bicep],
    ['Terraform', rule.remediation.terraform],
  ].filter((entry): entry is [string, string] => Boolean(entry[1]));
  const computed = fixes.length > 0 && fixes.every(([, text]) => isComputedOnly(text));
  const parts = [
    rule.rationale.trim(),
    ...(computed ? [`How to fix:\n${COMPUTED_FIX}`] : fixes.map(([label, text]) => `How to fix (${label}):\n${isComputedOnly(text) ? COMPUTED_FIX : withPlaceholders(text).trim()}`)),
    ...(rule.docsUrl ? [`Documentation: ${rule.docsUrl}`] : []),
  ];
  return parts.join('\n\n');
}

function fallbackRule(f: Finding): CatalogueEntry {
  return {
    id: f.ruleId,
    name: f.rule,
    title: f.rule,
    cause: f.cause,
    severity: f.severity,
    errorCodes: f.errorCodes,
    implemented: true,
    rationale: f.rule,
    remediation: {},
    docs: [],
    examples: {},
    optionDefaults: {},
    optionDescriptions: {},
    builtin: false,
  };
}

function firstParagraph(text: string): string {
  return text.trim().split(/\n\s*\n/)[0]!.replace(/\s*\n\s*/g, ' ');
}

function limit(text: string): string {
  return text.length <= DESCRIPTION_LIMIT ? text : text.slice(0, DESCRIPTION_LIMIT - 1) + '…';
}

/** SARIF messages are sentences ending with a period (Multitool SARIF2001). */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function pascalCase(kebab: string): string {
  return kebab
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
