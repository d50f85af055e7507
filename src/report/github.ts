import type { Finding, LintResult, Severity } from '../findings/finding';
import type { CatalogueEntry } from '../policy/catalogue';

export interface GithubOptions {
  /** Where the whole report is (job summary, SARIF, an output file); named in the closing notice. */
  fullReport?: string;
}

/** GitHub shows at most 10 annotations of each level per step and silently drops the rest (ECOSYSTEM §6). */
export const ANNOTATIONS_PER_LEVEL = 10;
/** Annotation bodies are cut at about 4 KB by the runner. */
const BODY_LIMIT = 4000;

const COMMAND: Record<Severity, AnnotationLevel> = { error: 'error', warning: 'warning', info: 'notice' };
const ORDER: Severity[] = ['error', 'warning', 'info'];

export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** One annotation: a workflow command's name, properties and message, before escaping. */
export interface Annotation {
  level: AnnotationLevel;
  properties: { file?: string; line?: number; col?: number; endLine?: number; endColumn?: number; title: string };
  message: string;
}

/**
 * The annotations of a run: errors first, then warnings, then infos, at most 10 of each (9 notices, so the closing
 * notice is shown too), then one notice with the totals and where the full report is. The github format prints
 * them as workflow commands; the GitHub Action issues them through @actions/core.
 */
export function annotations(
  result: Pick<LintResult, 'findings' | 'summary'>,
  catalogue: readonly CatalogueEntry[],
  options: GithubOptions = {},
): Annotation[] {
  const docs = new Map(catalogue.map((r) => [r.id, r.docsUrl]));
  const planned: Annotation[] = [];
  let omitted = 0;
  for (const severity of ORDER) {
    const findings = result.findings.filter((f) => f.severity === severity);
    const shown = severity === 'info' ? ANNOTATIONS_PER_LEVEL - 1 : ANNOTATIONS_PER_LEVEL;
    for (const f of findings.slice(0, shown)) planned.push(annotation(f, docs.get(f.ruleId)));
    omitted += Math.max(0, findings.length - shown);
  }
  const { errors, warnings, infos, suppressed, files } = result.summary;
  if (planned.length > 0 || suppressed > 0) {
    const where = options.fullReport ?? 'the job summary or the SARIF upload, or run backup-lint locally';
    const notShown = omitted > 0 ? `; ${omitted} not annotated here (GitHub shows 10 per level)` : '';
    const hidden = suppressed > 0 ? `; ${suppressed} suppressed` : '';
    const message = `${errors} errors, ${warnings} warnings, ${infos} infos in ${files} files${notShown}${hidden}. Full report: ${where}`;
    planned.push({ level: 'notice', properties: { title: 'backup-lint' }, message });
  }
  return planned;
}

/** GitHub Actions workflow commands (see `annotations`). */
export function formatGithub(result: LintResult, catalogue: readonly CatalogueEntry[], options: GithubOptions = {}): string {
  const lines = annotations(result, catalogue, options).map((a) => command(a.level, a.properties, a.message));
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

function annotation(f: Finding, docsUrl: string | undefined): Annotation {
  const body = [f.message];
  for (const related of f.related) body.push(`related: ${related.file}:${related.line}:${related.column} ${related.message}`);
  if (f.fix) body.push(`fix: ${f.fix.trim()}`);
  if (docsUrl) body.push(`${f.ruleId}: ${docsUrl}`);
  let text = body.join('\n');
  if (text.length > BODY_LIMIT) text = text.slice(0, BODY_LIMIT - 1) + '…';
  return {
    level: COMMAND[f.severity],
    properties: { file: f.file, line: f.line, col: f.column, endLine: f.endLine, endColumn: f.endColumn, title: `${f.ruleId} ${f.rule}` },
    message: text,
  };
}

/** `::name key=value,…::data`, escaped as @actions/core does (toolkit command.ts). */
export function command(name: string, properties: Record<string, string | number | undefined>, data: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${name}${props ? ' ' + props : ''}::${escapeData(data)}`;
}

/** Data: `%`, CR and LF percent-encoded, other control characters made visible. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Properties additionally encode `:` and `,`, which would end the property. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
