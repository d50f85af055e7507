export type TokenKind = '(' | ')' | '[' | ']' | ',' | '.' | 'string' | 'number' | 'identifier' | 'end';

export interface Token {
  kind: TokenKind;
  /** Literal text for identifiers and numbers, unescaped content for strings. */
  text: string;
  offset: number;
}

export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const PUNCTUATION = new Set(['(', ')', '[', ']', ',', '.']);

function isIdentifierStart(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_' || ch === '$';
}

function isIdentifierPart(ch: string): boolean {
  return isIdentifierStart(ch) || isDigit(ch);
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/** Splits the inside of a template expression (without the outer brackets) into tokens. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (isWhitespace(ch)) {
      i++;
    } else if (PUNCTUATION.has(ch)) {
      tokens.push({ kind: ch as TokenKind, text: ch, offset: i });
      i++;
    } else if (ch === "'") {
      i = readString(source, i, tokens);
    } else if (isDigit(ch) || (ch === '-' && isDigit(source[i + 1] ?? ''))) {
      const start = i;
      i++;
      while (i < source.length && isDigit(source[i]!)) i++;
      // A decimal point followed by digits belongs to the number (`1.5`); otherwise `.` is an accessor.
      if (source[i] === '.' && isDigit(source[i + 1] ?? '')) {
        i++;
        while (i < source.length && isDigit(source[i]!)) i++;
      }
      tokens.push({ kind: 'number', text: source.slice(start, i), offset: start });
    } else if (isIdentifierStart(ch)) {
      const start = i;
      while (i < source.length && isIdentifierPart(source[i]!)) i++;
      tokens.push({ kind: 'identifier', text: source.slice(start, i), offset: start });
    } else {
      throw new ExpressionSyntaxError(`unexpected character '${ch}'`, i);
    }
  }
  tokens.push({ kind: 'end', text: '', offset: source.length });
  return tokens;
}

function readString(source: string, start: number, tokens: Token[]): number {
  let i = start + 1;
  let text = '';
  for (;;) {
    const close = source.indexOf("'", i);
    if (close < 0) throw new ExpressionSyntaxError('unterminated string literal', start);
    text += source.slice(i, close);
    if (source[close + 1] === "'") {
      text += "'";
      i = close + 2;
    } else {
      tokens.push({ kind: 'string', text, offset: start });
      return close + 1;
    }
  }
}
