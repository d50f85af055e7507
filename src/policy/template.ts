import { measureValue } from '../model/measure';
import { isUnknown, SymbolicText, type Value } from '../model/unknown';
import { compileExpression, type CompileOptions } from './expression/compile';
import { ExpressionError } from './expression/errors';
import { evaluate, type Scope } from './expression/interpret';
import type { CompiledExpression } from './expression/ast';
import type { CompiledTemplate } from './types';

/** A placeholder's expression together with its offset in the template text (for positions in the file). */
export interface PlaceholderExpression {
  expression: CompiledExpression;
  offset: number;
}

/**
 * Compiles `text {{ expr }} text`. Throws ExpressionError with offsets into the whole template text.
 * A placeholder ends at the first `}}`, so an expression cannot itself contain `}}`.
 */
export function compileTemplate(
  text: string,
  options: CompileOptions = {},
): { template: CompiledTemplate; placeholders: PlaceholderExpression[] } {
  const parts: CompiledTemplate['parts'] = [];
  const placeholders: PlaceholderExpression[] = [];
  let cursor = 0;
  while (cursor < text.length) {
    const open = text.indexOf('{{', cursor);
    if (open < 0) break;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) throw new ExpressionError('unterminated `{{` placeholder', open, open + 2);
    if (open > cursor) parts.push(text.slice(cursor, open));
    const offset = open + 2;
    const source = text.slice(offset, close);
    if (source.trim() === '') throw new ExpressionError('empty `{{ }}` placeholder', open, close + 2);
    let expression: CompiledExpression;
    try {
      expression = compileExpression(source, options);
    } catch (error) {
      if (error instanceof ExpressionError) throw new ExpressionError(error.message, error.start + offset, error.end + offset);
      throw error;
    }
    parts.push({ expression });
    placeholders.push({ expression, offset });
    cursor = close + 2;
  }
  if (cursor < text.length) parts.push(text.slice(cursor));
  return { template: { parts }, placeholders };
}

export type RenderResult = { ok: true; text: string } | { ok: false; error: ExpressionError; expression: CompiledExpression };

/** Renders a template; an Unknown value shows as `(unknown)`, text built from deploy-time inputs as `{vmName}-nic`. */
export function renderTemplate(template: CompiledTemplate, scope: Scope): RenderResult {
  let text = '';
  for (const part of template.parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    const result = evaluate(part.expression, scope);
    if (!result.ok) return { ok: false, error: result.error, expression: part.expression };
    text += displayText(result.value);
  }
  return { ok: true, text };
}

/** Values larger than this (JSON characters, shared parts counted where they appear) are not spelled out. */
const MAX_DISPLAYED = 64 * 1024;

function displayText(value: unknown): string {
  if (value instanceof SymbolicText) return value.display;
  if (value !== null && typeof value === 'object' && !isUnknown(value) && measureValue(value as Value, MAX_DISPLAYED) > MAX_DISPLAYED) {
    return '(a value too large to show)';
  }
  if (isUnknown(value)) return '(unknown)';
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(displayText).join(', ');
  if (value !== null && typeof value === 'object') {
    return JSON.stringify(value, (_key, inner: unknown) => (inner instanceof SymbolicText ? inner.display : isUnknown(inner) ? '(unknown)' : inner));
  }
  return String(value);
}
