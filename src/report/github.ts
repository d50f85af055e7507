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

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };
const ORDER: Severity[] = ['error', 'warning', 'info'];

/**
 * GitHub Actions workflow commands: errors first, then warnings, then infos, at most 10 of each (9 notices, so the
 * closing notice is shown too), then one notice with the totals and where the full report is.
 */
export function formatGithub(result: LintResult, catalogue: readonly CatalogueEntry[], options: GithubOptions = {}): string {
  const docs = new Map(catalogue.map((r) => [r.id, r.docsUrl]));
  const lines: string[] = [];
  let omitted = 0;
  for (const severity of ORDER) {
    const findings = result.findings.filter((f) => f.severity === severity);
    const shown = severity === 'info' ? ANNOTATIONS_PER_LEVEL - 1 : ANNOTATIONS_PER_LEVEL;
    for (const f of findings.slice(0, shown)) lines.push(annotation(f, docs.get(f.ruleId)));
    omitted += Math.max(0, findings.length - shown);
  }
  const { errors, warnings, infos, suppressed, files } = result.summary;
  if (lines.length > 0 || suppressed > 0) {
    const where = options.fullReport ?? 'the job summary or the SARIF upload, or run backup-lint locally';
    const notShown = omitted > 0 ? `; ${omitted} not annotated here (GitHub shows 10 per level)` : '';
    const hidden = suppressed > 0 ? `; ${suppressed} suppressed` : '';
    lines.push(
      command('notice', { title: 'backup-lint' }, `${errors} errors, ${warnings} warnings, ${infos} infos in ${files} files${notShown}${hidden}. Full report: ${where}`),
    );
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

function annotation(f: Finding, docsUrl: string | undefined): string {
  const body = [f.message];
  for (const related of f.related) body.push(`related: ${related.file}:${related.line}:${related.column} ${related.message}`);
  if (f.fix) body.push(`fix: ${f.fix.trim()}`);
  if (docsUrl) body.push(`${f.ruleId}: ${docsUrl}`);
  let text = body.join('\n');
  if (text.length > BODY_LIMIT) text = text.slice(0, BODY_LIMIT - 1) + '…';
  return command(
    COMMAND[f.severity],
    { file: f.file, line: f.line, col: f.column, endLine: f.endLine, endColumn: f.endColumn, title: `${f.ruleId} ${f.rule}` },
    text,
  );
}

/** `::name key=value,…::data`, escaped as @actions/core does (toolkit command.ts). */
export function command(name: string, properties: Record<string, string | number>, data: string): string {
  const props = Object.entries(properties)
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
