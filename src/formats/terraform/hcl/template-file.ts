import type { SourceRef } from '../../../model/location';
import { Unknown, type Value } from '../../../model/unknown';
import { type Environment, renderTemplate } from './evaluate';
import { parseHcl, type TsParser } from './parser';

const MARKER = 'BACKUP_LINT_TEMPLATE_END_7f3a';

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
  if (text.includes(MARKER)) return new Unknown('template contains the internal heredoc marker', at);
  const outcome = parseHcl(parser, `t = <<${MARKER}\n${text}\n${MARKER}\n`);
  if (!outcome.ok) return new Unknown(`template \`${file}\` has a syntax error: ${outcome.error.message}`, at);
  const expr = outcome.file.body.attributes[0]?.expr;
  if (!expr || expr.kind !== 'template') return '';
  // Drop the newline the wrapping added before the closing marker (unless a strip marker already took it).
  const parts = [...expr.parts];
  const last = parts[parts.length - 1];
  if (last?.kind === 'text' && last.text.endsWith('\n')) parts[parts.length - 1] = { kind: 'text', text: last.text.slice(0, -1) };
  const scope = { env, file, names: new Map(Object.entries(vars)), refs: new Set<string>() };
  const rendered = renderTemplate(parts.length === 1 && parts[0]!.kind === 'interpolation' ? [...parts, { kind: 'text', text: '' }] : parts, scope, expr.range);
  return rendered;
}
