import type { ExpressionNode } from './ast';
import { ExpressionSyntaxError, tokenize, type Token } from './tokenizer';

export type ParseResult = { ok: true; node: ExpressionNode } | { ok: false; message: string };

/** Whether a JSON string is a template expression: `[...]`, but not the `[[` literal escape. */
export function isTemplateExpression(text: string): boolean {
  return text.length >= 2 && text.charCodeAt(0) === 91 /* [ */ && text.charCodeAt(text.length - 1) === 93 /* ] */ && text.charCodeAt(1) !== 91;
}

/** The literal a `[[...]` string stands for (one leading bracket removed), or the text itself. */
export function unescapeLiteral(text: string): string {
  return text.length >= 2 && text.startsWith('[[') && text.endsWith(']') ? text.slice(1) : text;
}

const cache = new Map<string, ParseResult>();
/**
 * The cache is emptied when its expressions' text exceeds this: memory stays bounded whatever a run holds. The
 * ARM and Bicep corpus holds 24k distinct expressions, 2.2M characters (26 MB of parsed trees).
 */
const CACHED_CHARACTERS = 4 * 1024 * 1024;
let cachedCharacters = 0;

/** Parses a whole template string `[ ... ]`. Results are cached by source text: templates repeat expressions a lot. */
export function parseTemplateExpression(text: string): ParseResult {
  let result = cache.get(text);
  if (!result) {
    result = parseUncached(text.slice(1, -1));
    if (cachedCharacters + text.length > CACHED_CHARACTERS) {
      cache.clear();
      cachedCharacters = 0;
    }
    cache.set(text, result);
    cachedCharacters += text.length;
  }
  return result;
}

function parseUncached(inner: string): ParseResult {
  try {
    const parser = new Parser(tokenize(inner));
    const node = parser.parseWhole();
    return { ok: true, node };
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) {
      return { ok: false, message: `syntax error: ${error.message} at offset ${error.offset + 1}` };
    }
    return { ok: false, message: `syntax error: ${String(error)}` };
  }
}

/**
 * Nesting of calls, indexes and parentheses in one expression. Real templates (Bicep's compiled `if` chains
 * included) stay within a few dozen; much deeper input would only exhaust the stack of the parser and evaluator.
 */
export const MAX_EXPRESSION_DEPTH = 256;

export const TOO_DEEP_MESSAGE = `expression nested deeper than ${MAX_EXPRESSION_DEPTH} levels`;

class Parser {
  private position = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  parseWhole(): ExpressionNode {
    if (this.peek().kind === 'end') throw new ExpressionSyntaxError('empty expression', 0);
    const node = this.parseExpression();
    const next = this.peek();
    if (next.kind !== 'end') throw new ExpressionSyntaxError(`unexpected '${next.text}' after expression`, next.offset);
    return node;
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.position + ahead, this.tokens.length - 1)]!;
  }

  private take(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.position++;
    return token;
  }

  private expect(kind: Token['kind']): Token {
    const token = this.take();
    if (token.kind !== kind) {
      throw new ExpressionSyntaxError(token.kind === 'end' ? `expected '${kind}' before end of expression` : `expected '${kind}', found '${token.text}'`, token.offset);
    }
    return token;
  }

  private parseExpression(): ExpressionNode {
    if (++this.depth > MAX_EXPRESSION_DEPTH) throw new ExpressionSyntaxError(TOO_DEEP_MESSAGE, this.peek().offset);
    try {
      return this.parseChain();
    } finally {
      this.depth--;
    }
  }

  private parseChain(): ExpressionNode {
    let node = this.parsePrimary();
    for (;;) {
      const next = this.peek();
      if (next.kind === '.') {
        this.take();
        const name = this.take();
        if (name.kind !== 'identifier') throw new ExpressionSyntaxError('expected a property name after "."', name.offset);
        node = { kind: 'property', target: node, name: name.text };
      } else if (next.kind === '[') {
        this.take();
        const index = this.parseExpression();
        this.expect(']');
        node = { kind: 'index', target: node, index };
      } else {
        return node;
      }
    }
  }

  private parsePrimary(): ExpressionNode {
    const token = this.take();
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.text };
      case 'number':
        return { kind: 'number', value: Number(token.text) };
      case 'identifier':
        return this.parseIdentifier(token);
      case 'end':
        throw new ExpressionSyntaxError('unexpected end of expression', token.offset);
      default:
        throw new ExpressionSyntaxError(`unexpected '${token.text}'`, token.offset);
    }
  }

  private parseIdentifier(token: Token): ExpressionNode {
    let namespace: string | undefined;
    let name = token.text;
    if (this.peek().kind === '.' && this.peek(1).kind === 'identifier' && this.peek(2).kind === '(') {
      this.take();
      namespace = name;
      name = this.take().text;
    }
    if (this.peek().kind === '(') {
      this.take();
      const args: ExpressionNode[] = [];
      if (this.peek().kind !== ')') {
        args.push(this.parseExpression());
        while (this.peek().kind === ',') {
          this.take();
          args.push(this.parseExpression());
        }
      }
      this.expect(')');
      // Kept in the run's expression cache: a copy of exact length, not the pushed array's room for 17.
      const exactArgs = args.slice();
      return namespace === undefined
        ? { kind: 'call', name, key: name.toLowerCase(), args: exactArgs }
        : { kind: 'call', namespace, name, key: name.toLowerCase(), args: exactArgs };
    }
    const lower = name.toLowerCase();
    if (lower === 'true' || lower === 'false') return { kind: 'boolean', value: lower === 'true' };
    if (lower === 'null') return { kind: 'null' };
    throw new ExpressionSyntaxError(`'${name}' is not a function call`, token.offset);
  }
}
