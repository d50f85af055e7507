import type { Colors } from './color';
import type { Finding, LintResult, Severity, SkippedCheck } from '../findings/finding';
import { UNKNOWN_KINDS, type UnknownKind } from '../model/unknown';

export interface StylishOptions {
  colors: Colors;
  /** List the checks that were skipped because their inputs are unknown, and what was not evaluated. */
  explain: boolean;
}

/** Human output: findings grouped by file, each with position, severity, rule, message and fix; then a summary. */
export function formatStylish(result: LintResult, options: StylishOptions): string {
  const c = options.colors;
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const finding of result.findings) {
    let list = byFile.get(finding.file);
    if (!list) byFile.set(finding.file, (list = []));
    list.push(finding);
  }
  for (const [file, findings] of byFile) {
    lines.push(c.underline(file));
    const positionWidth = findings.reduce((width, f) => Math.max(width, `${f.line}:${f.column}`.length), 0);
    for (const f of findings) {
      const position = `${f.line}:${f.column}`.padEnd(positionWidth);
      const resource = f.resource && !f.message.includes(f.resource.name) ? c.dim(` [${f.resource.name}]`) : '';
      lines.push(`  ${c.dim(position)}  ${severityLabel(f.severity, c)}  ${c.bold(f.ruleId)} ${c.dim(f.rule)}  ${f.message}${resource}`);
      const indent = ' '.repeat(positionWidth + 4);
      if (f.errorCodes.length > 0) lines.push(`${indent}${c.dim('portal error: ' + f.errorCodes.join(', '))}`);
      for (const related of f.related) lines.push(`${indent}${c.dim(`related: ${related.file}:${related.line}:${related.column} ${related.message}`)}`);
      if (f.fix) lines.push(`${indent}${c.cyan('fix:')} ${firstLine(f.fix)}`);
    }
    lines.push('');
  }
  if (options.explain && result.skippedChecks.length > 0) {
    lines.push(c.bold('Checks skipped because their inputs are unknown:'));
    for (const [kind, checks] of groupByKind(result.skippedChecks)) {
      lines.push(`  ${c.bold(kind)} ${c.dim(`(${UNKNOWN_KINDS[kind]})`)}`);
      for (const skipped of checks) lines.push(`    ${skipped.ruleId}  ${skipped.file}  ${skipped.resource}: ${skipped.reason}`);
    }
    lines.push('');
  }
  for (const section of options.explain ? (result.explanations ?? []) : []) {
    lines.push(c.bold(section.title));
    for (const line of section.lines) lines.push(`  ${line}`);
    lines.push('');
  }
  if (options.explain && result.suppressed.length > 0) {
    lines.push(c.bold('Suppressed findings (not counted):'));
    for (const f of result.suppressed) {
      const where = `${f.suppression.file}${f.suppression.line ? `:${f.suppression.line}` : ''}`;
      lines.push(`  ${f.file}:${f.line}:${f.column}  ${f.ruleId}  ${f.resource?.name ?? ''}  ${c.dim(`${f.suppression.kind} ${where}: ${f.suppression.reason}`)}`);
    }
    lines.push('');
  }
  if (options.explain && result.notes.length > 0) {
    lines.push(c.bold('Evaluation notes:'));
    for (const note of result.notes) lines.push(`  ${note.file}:${note.line}:${note.column} ${note.message}`);
    lines.push('');
  }
  lines.push(summaryLine(result, c));
  return lines.join('\n') + '\n';
}

/** Skipped checks by kind of Unknown, in the order UNKNOWN_KINDS lists the kinds. */
function groupByKind(checks: readonly SkippedCheck[]): [UnknownKind, SkippedCheck[]][] {
  const kinds = Object.keys(UNKNOWN_KINDS) as UnknownKind[];
  return kinds.map((kind): [UnknownKind, SkippedCheck[]] => [kind, checks.filter((c) => c.kind === kind)]).filter(([, list]) => list.length > 0);
}

function severityLabel(severity: Severity, c: Colors): string {
  if (severity === 'error') return c.red('error  ');
  if (severity === 'warning') return c.yellow('warning');
  return c.blue('info   ');
}

function firstLine(text: string): string {
  const newline = text.indexOf('\n');
  return newline < 0 ? text : text.slice(0, newline) + ' …';
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function summaryLine(result: LintResult, c: Colors): string {
  const { summary } = result;
  const problems = summary.errors + summary.warnings + summary.infos;
  const scope = `${plural(summary.files, 'file')}, ${plural(summary.resources, 'resource')}, ${summary.durationMs} ms`;
  const skipped =
    (summary.skippedChecks > 0 ? `; ${plural(summary.skippedChecks, 'check')} skipped on unknown values (--explain lists them)` : '') +
    (summary.suppressed > 0 ? `; ${plural(summary.suppressed, 'finding')} suppressed (--explain lists them)` : '');
  if (problems === 0) return c.green(`✔ no problems`) + c.dim(` (${scope}${skipped})`);
  const counts = `${plural(problems, 'problem')} (${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${plural(summary.infos, 'info')})`;
  const text = `✖ ${counts}`;
  return (summary.errors > 0 ? c.red(c.bold(text)) : c.yellow(c.bold(text))) + c.dim(` in ${scope}${skipped}`);
}
