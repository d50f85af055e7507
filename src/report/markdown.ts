import { scheduleSection } from './schedule-chart';
import { relativeUri } from './uri';
import type { Finding, LintResult, Severity } from '../findings/finding';
import type { CatalogueEntry } from '../policy/catalogue';

export interface MarkdownOptions {
  /** Largest report in bytes (UTF-8). GitHub rejects a job summary over 1 MiB (ECOSYSTEM §6). */
  maxBytes?: number;
  /**
   * Base URL of the sources at this commit (`https://github.com/o/r/blob/<sha>/`): the line of each finding links
   * to `<base><file>#L<line>`. Paths are relative to the working directory, so it must be the repository root.
   */
  sourceBaseUrl?: string;
}

export const MARKDOWN_LIMIT = 1024 * 1024;
const ICON: Record<Severity, string> = { error: '❌ error', warning: '⚠️ warning', info: 'ℹ️ info' };

/**
 * GitHub-flavoured Markdown for a job summary or a pull-request comment: totals, then one table per file with
 * links to the rule docs, cut (with a line saying so) before it passes `maxBytes`, then, when the schedule analysis
 * found backup starts, a Mermaid chart of them per group (schedule-chart.ts).
 */
export function formatMarkdown(result: LintResult, catalogue: readonly CatalogueEntry[], options: MarkdownOptions = {}): string {
  const maxBytes = options.maxBytes ?? MARKDOWN_LIMIT;
  const rules = new Map(catalogue.map((r) => [r.id, r]));
  const { summary } = result;
  const head = [
    '## backup-lint',
    '',
    summary.errors + summary.warnings + summary.infos === 0 ? '✅ No problems found.' : '❌ Problems found that can make Azure VM Backup time out.',
    '',
    '| Errors | Warnings | Infos | Suppressed | Skipped checks | Files | Resources |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    `| ${summary.errors} | ${summary.warnings} | ${summary.infos} | ${summary.suppressed} | ${summary.skippedChecks} | ${summary.files} | ${summary.resources} |`,
    '',
  ].join('\n');

  // The schedule charts come after the findings but have their room reserved (at most a quarter of the report).
  const charts = scheduleSection(result.schedules ?? [], Math.floor(maxBytes / 4), { code, cell });
  const suppressedLine = result.suppressed.length > 0 ? `\n_${result.suppressed.length} suppressed findings are not listed (\`--explain\` shows them)._\n` : '';
  const tail = suppressedLine + charts;
  // Room for the tail and the truncation line.
  const budget = maxBytes - byteLength(tail) - 400;
  const parts = [head];
  let bytes = byteLength(head);
  let listed = 0;
  fill: for (const [file, findings] of byFile(result.findings)) {
    const heading = ['', `### \`${code(file)}\``, '', '| Line | Severity | Rule | Resource | Message |', '|---|---|---|---|---|', ''].join('\n');
    if (bytes + byteLength(heading) > budget) break;
    parts.push(heading);
    bytes += byteLength(heading);
    for (const f of findings) {
      const entry = rules.get(f.ruleId);
      const title = cell(entry?.title ?? f.rule).replace(/"/g, '&quot;');
      const rule = entry?.docsUrl ? `[${f.ruleId}](${linkTarget(entry.docsUrl)} "${title}")` : f.ruleId;
      const position = options.sourceBaseUrl ? `[${f.line}:${f.column}](${options.sourceBaseUrl}${parentheses(relativeUri(f.file))}#L${f.line})` : `${f.line}:${f.column}`;
      const row = `| ${position} | ${ICON[f.severity]} | ${rule} | ${cell(f.resource?.name ?? '')} | ${cell(f.message)} |\n`;
      if (bytes + byteLength(row) > budget) break fill;
      parts.push(row);
      bytes += byteLength(row);
      listed++;
    }
  }
  const left = result.findings.length - listed;
  if (left > 0) {
    parts.push(`\n**Report truncated:** ${left} more findings are not listed, to stay under the ${Math.round(maxBytes / 1024)} KiB limit of a job summary. The SARIF or JSON report has them all.\n`);
  }
  return parts.join('') + tail;
}

function byFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const files = new Map<string, Finding[]>();
  for (const f of findings) {
    let list = files.get(f.file);
    if (!list) files.set(f.file, (list = []));
    list.push(f);
  }
  return files;
}

/**
 * Text for a table cell: one line, `|` escaped, and the characters Markdown or HTML would interpret escaped, so a
 * name or message from a template renders as the text it is.
 */
export function cell(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_[\]|<>~]/g, (ch) => `\\${ch}`)
    .replace(/&/g, '&amp;');
}

/** Text inside an inline code span: backticks cannot be escaped there, so they are replaced. */
function code(text: string): string {
  return text.replace(/`/g, "'").replace(/\r?\n|\r/g, ' ');
}

/** A URL as a Markdown link target: spaces, parentheses and other unsafe characters percent-encoded. */
function linkTarget(url: string): string {
  return parentheses(encodeURI(url));
}

/** Parentheses would end a Markdown link target. */
function parentheses(uri: string): string {
  return uri.replace(/[()]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
