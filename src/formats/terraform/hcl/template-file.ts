import type { SourceRef } from '../../../model/location';
import { escapeSymbolIdentity, isUnknown, SymbolicText, Unknown, type SymbolicPart, type Value } from '../../../model/unknown';
import type { TemplatePart } from './ast';
import { type Environment, renderTemplate } from './evaluate';
import type { Expr } from './ast';
import { parseHcl, type TsParser } from './parser';
import type { Range } from './ast';
import { currentBudget, type EvaluationBudget } from '../../budget';

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
  const parsed = parseTemplateFile(text, parser, at);
  if (parsed instanceof Unknown) return parsed;
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

type ParsedTemplate = { expr: Expr } | { error: string };

/**
 * Parsed `templatefile()` templates by text: a template rendered in a loop (`[for i in … : templatefile(…)]`) is
 * parsed once, not once per call (tree-sitter takes seconds per MiB). The cache holds at most CACHED_CHARACTERS of
 * template text; an uncached parse costs two steps per character of the module's budget.
 */
const parsedTemplates = new Map<string, ParsedTemplate>();
const CACHED_CHARACTERS = 16 * 1024 * 1024;
let cachedCharacters = 0;

/** Template texts each budget (module) was charged for: the charge does not depend on what other modules parsed. */
const chargedTexts = new WeakMap<EvaluationBudget, Set<string>>();

function parseTemplateFile(text: string, parser: TsParser, at: SourceRef): ParsedTemplate | Unknown {
  const budget = currentBudget();
  let charged = chargedTexts.get(budget);
  if (!charged) chargedTexts.set(budget, (charged = new Set()));
  if (!charged.has(text)) {
    // Parsing is the expensive part of a template (about 4 µs a character, an evaluation step 1–2 µs): two steps
    // per character, so that a module parses at most about 500 KB of templates (Azure custom data is at most 64 KB).
    const stopped = budget.manySteps(text.length * 2, () => at);
    if (stopped) return stopped;
    charged.add(text);
  }
  const cached = parsedTemplates.get(text);
  if (cached) return cached;
  const parsed = parseTemplateText(text, parser);
  // The template's text starts on the second line of the wrapping heredoc: ranges move up a line into the file.
  if ('expr' in parsed) moveUpOneLine(parsed.expr, new Set());
  if (cachedCharacters + text.length > CACHED_CHARACTERS) {
    parsedTemplates.clear();
    cachedCharacters = 0;
  }
  parsedTemplates.set(text, parsed);
  cachedCharacters += text.length;
  return parsed;
}

function isRange(value: unknown): value is Range {
  return typeof value === 'object' && value !== null && typeof (value as Range).line === 'number' && typeof (value as Range).endLine === 'number';
}

function moveUpOneLine(node: unknown, seen: Set<object>): void {
  if (typeof node !== 'object' || node === null || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const item of node) moveUpOneLine(item, seen);
    return;
  }
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'range' && isRange(value)) record[key] = { ...value, line: value.line - 1, endLine: value.endLine - 1 };
    else moveUpOneLine(value, seen);
  }
}
