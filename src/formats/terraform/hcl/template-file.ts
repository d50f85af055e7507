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
  const rendered = renderTemplate(expr.parts, { env, file, names: new Map(Object.entries(vars)), refs: new Set() }, expr.range);
  // The heredoc adds the newline that precedes its closing marker.
  return typeof rendered === 'string' ? rendered.replace(/\n$/, '') : rendered;
}
