import type { SourceRef } from '../../../model/location';
import { escapeSymbolIdentity, isUnknown, SymbolicText, Unknown, type SymbolicPart, type Value } from '../../../model/unknown';
import type { TemplatePart } from './ast';
import { type Environment, renderTemplate } from './evaluate';
import type { Expr } from './ast';
import { parseHcl, type TsParser } from './parser';

const MARKER = 'BACKUP_LINT_TEMPLATE_END_7f3a';

/**
 * Template text (a `templatefile()` file, a string of a `.tf.json` file) parsed as the body of a heredoc, so `${}`
 * and `%{}` work exactly as in HCL and only `$${` / `%%{` are escapes. Ranges are those of the wrapping snippet.
 */
export function parseTemplateText(text: string, parser: TsParser): { expr: Expr } | { error: string } {
  if (text.includes(MARKER)) return { error: 'the text contains the internal heredoc marker' };
  const outcome = parseHcl(parser, `t = <<${MARKER}\n${text}\n${MARKER}\n`);
  if (!outcome.ok) return { error: outcome.error.message };
  const expr = outcome.file.body.attributes[0]?.expr;
  if (!expr || expr.kind !== 'template') return { error: 'not a template' };
  // Drop the newline the wrapping added before the closing marker (unless a strip marker already took it).
  const parts = [...expr.parts];
  const last = parts[parts.length - 1];
  if (last?.kind === 'text' && last.text.endsWith('\n')) {
    if (last.text === '\n') parts.pop();
    else parts[parts.length - 1] = { kind: 'text', text: last.text.slice(0, -1) };
  }
  return { expr: { ...expr, parts } };
}

/**
 * Renders a `templatefile()` template: the text is parsed as the body of a heredoc, so `${}` and `%{}` work
 * exactly as in HCL; the template sees only `vars` (and functions).
 */
export function renderTemplateText(
  text: string,
  vars: { [key: string]: Value },
  parser: TsParser,
  env: Environment,
  file: string,
  at: SourceRef,
): Value {
  const parsed = parseTemplateText(text, parser);
  if ('error' in parsed) return new Unknown(`template \`${file}\` has a syntax error: ${parsed.error}`, at);
  if (parsed.expr.kind !== 'template') return '';
  const { expr } = parsed;
  const parts = expr.parts;
  const scope = { env, file, names: new Map(Object.entries(vars)), refs: new Set<string>() };
  const rendered = renderTemplate(parts.length === 1 && parts[0]!.kind === 'interpolation' ? [...parts, { kind: 'text', text: '' }] : parts, scope, expr.range);
  if (!isUnknown(rendered) || parts.length === 1) return rendered;
  return renderPartially(parts, text, (part) => renderTemplate([part, { kind: 'text', text: '' }], scope, expr.range), at) ?? rendered;
}

/**
 * A template whose interpolations are partly unknown (a variable without value) as a SymbolicText: the known text
 * stays, each unknown interpolation or directive becomes a token displayed as written (`${hostname}`), so readers of
 * the text (the guest analysis) see what is certain and treat the rest as a wildcard. The token names the
 * `templatefile()` call, so two calls never share an identity. Undefined when no part is known.
 */
function renderPartially(parts: readonly TemplatePart[], text: string, render: (part: TemplatePart) => Value, at: SourceRef): SymbolicText | undefined {
  const lines = text.split('\n');
  const rendered: SymbolicPart[] = [];
  let first: Unknown | undefined;
  parts.forEach((part, index) => {
    const value = render(part);
    if (typeof value === 'string') return rendered.push(value);
    first ??= isUnknown(value) ? value : new Unknown('template part is not text', at);
    const source = part.kind === 'text' ? '' : sourceOf(lines, part.range);
    const call = `${at.file}:${at.line ?? 0}:${at.column ?? 0}:${at.pointer ?? ''}`;
    rendered.push({ display: source || '${…}', identity: escapeSymbolIdentity(`templatefile@${call}#${index}`) });
  });
  if (!first || !rendered.some((p) => typeof p === 'string' && p.trim() !== '')) return undefined;
  return new SymbolicText(rendered, first.reason, first.at ?? at, first.kind);
}

/** The template text of a part's range (the wrapped template starts one line below the attribute). */
function sourceOf(lines: readonly string[], range: { line: number; column: number; endLine: number; endColumn: number }): string {
  if (range.line !== range.endLine) return '';
  const line = lines[range.line - 2];
  return line === undefined ? '' : line.slice(range.column - 1, range.endColumn - 1).slice(0, 60);
}
