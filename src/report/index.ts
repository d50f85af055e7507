import type { Colors } from './color';
import { formatGithub } from './github';
import { formatJson } from './json';
import { formatJunit } from './junit';
import { formatMarkdown } from './markdown';
import { formatSarif } from './sarif';
import { formatStylish } from './stylish';
import type { LintResult } from '../findings/finding';
import { sanitizeResult } from '../findings/sanitize';
import type { CatalogueEntry } from '../policy/catalogue';
import type { FormatName } from './format-names';

export { FORMATS, type FormatName } from './format-names';

export interface FormatOptions {
  colors: Colors;
  /** Stylish: list skipped checks, suppressed findings and what was not evaluated. */
  explain: boolean;
  /** github: where the full report is, named in its closing notice. */
  fullReport?: string;
  /** markdown: size cap in bytes (default 1 MiB, GitHub's job summary limit). */
  maxBytes?: number;
  /** markdown: base URL of the sources at this commit, to link each finding's line. */
  sourceBaseUrl?: string;
}

/**
 * Formatters are plain functions `(result, catalogue, options) => string`: the CLI and the GitHub Action entry point
 * call them the same way. The catalogue (every rule's title, rationale, remediation, docs) feeds SARIF rules and links.
 * Every one is given the sanitised result: names, paths and messages from the repository with control and bidi
 * characters escaped and long values cut (findings/sanitize). Call formats through here, not one by one: the
 * format modules escape only what their syntax needs (workflow-command %, CR, LF; Markdown; XML), not controls.
 */
export function format(name: FormatName, unsafe: LintResult, catalogue: readonly CatalogueEntry[], options: FormatOptions): string {
  const result = sanitizeResult(unsafe);
  switch (name) {
    case 'json':
      return formatJson(result);
    case 'stylish':
      return formatStylish(result, options);
    case 'sarif':
      return formatSarif(result, catalogue);
    case 'github':
      return formatGithub(result, catalogue, options.fullReport ? { fullReport: options.fullReport } : {});
    case 'markdown':
      return formatMarkdown(result, catalogue, {
        ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
        ...(options.sourceBaseUrl ? { sourceBaseUrl: options.sourceBaseUrl } : {}),
      });
    case 'junit':
      return formatJunit(result, catalogue);
  }
}
