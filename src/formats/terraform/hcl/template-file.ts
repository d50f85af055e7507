import type { SourceRef } from '../../../model/location';
import { Unknown, type Value } from '../../../model/unknown';
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
  return rendered;
}
