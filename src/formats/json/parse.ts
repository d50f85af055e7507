import { lineColumnAt, lineStarts } from './lines';
import { escapePointerSegment } from '../../model/location';

export type ParseJsonResult =
  | { ok: true; value: unknown; tolerant: boolean }
  | { ok: false; message: string; offset: number; line: number; column: number };

/** Byte-order mark, which `JSON.parse` rejects and editors on Windows still write. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Parses JSON as ARM accepts it: `JSON.parse` first (the fast path, most files), then a tolerant parser that
 * allows `//` and block comments, trailing commas and raw newlines inside strings (all legal in ARM templates).
 * `tolerant` says whether the fallback was needed.
 */
export function parseJson(rawText: string): ParseJsonResult {
  const text = stripBom(rawText);
  try {
    return { ok: true, value: JSON.parse(text), tolerant: false };
  } catch {
    const scanner = new TolerantJsonParser(text, undefined);
    const result = scanner.parseDocument();
    if (result.ok) return { ok: true, value: result.value, tolerant: true };
    const { line, column } = lineColumnAt(lineStarts(text), result.offset);
    return { ok: false, message: result.message, offset: result.offset, line, column };
  }
}

/**
 * JSON as Json.NET reads it in ARM's `json()` and `base64ToJson()`: what `parseJson` accepts plus single-quoted
 * strings and property names (`{'a': 'b'}`), which Json.NET allows and templates use.
 */
export function parseJsonWithSingleQuotes(text: string): ParseJsonResult {
  const first = parseJson(text);
  if (first.ok || !text.includes("'")) return first;
  const result = new TolerantJsonParser(stripBom(text), undefined, true).parseDocument();
  return result.ok ? { ok: true, value: result.value, tolerant: true } : first;
}

/** Offsets of one JSON value: where its property key starts (if any) and where the value starts and ends. */
export interface ValueSpan {
  keyStart?: number;
  start: number;
  end: number;
}

/**
 * Parses the text recording the span of every value by JSON pointer: what the lazy JsonPositionIndex
 * (positions.ts) falls back to when lazy scans would cost more, and the reference its tests compare it to.
 */
export function collectSpans(rawText: string): Map<string, ValueSpan> {
  const text = stripBom(rawText);
  const spans = new Map<string, ValueSpan>();
  new TolerantJsonParser(text, spans).parseDocument();
  return spans;
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

// Far deeper than any real template, and well clear of the call stack's limit (about 2,500 levels here).
const MAX_DEPTH = 1000;

class TolerantJsonParser {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly spans: Map<string, ValueSpan> | undefined,
    private readonly singleQuotes = false,
  ) {}

  parseDocument(): { ok: true; value: unknown } | { ok: false; message: string; offset: number } {
    try {
      this.skipTrivia();
      if (this.pos >= this.text.length) this.fail('the file is empty; expected a JSON value');
      const value = this.parseValue('', undefined);
      this.skipTrivia();
      if (this.pos < this.text.length) this.fail(`unexpected ${this.describeHere()} after the end of the JSON value`);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof JsonSyntaxError) return { ok: false, message: error.message, offset: error.offset };
      throw error;
    }
  }

  private parseValue(pointer: string, keyStart: number | undefined): unknown {
    const start = this.pos;
    // Recorded before the value is parsed, so that a document cut short (too deep) still locates its ancestors.
    const span: ValueSpan = { keyStart, start, end: start };
    this.spans?.set(pointer, span);
    const value = this.parseValueAt(pointer);
    span.end = this.pos;
    return value;
  }

  private parseValueAt(pointer: string): unknown {
    const ch = this.text[this.pos];
    switch (ch) {
      case '{':
        return this.parseObject(pointer);
      case '[':
        return this.parseArray(pointer);
      case '"':
        return this.parseString();
      case "'":
        if (!this.singleQuotes) return this.fail(`expected a value but found ${this.describeHere()}`);
        return this.parseString();
      case 't':
        return this.parseKeyword('true', true);
      case 'f':
        return this.parseKeyword('false', false);
      case 'n':
        return this.parseKeyword('null', null);
      default:
        if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return this.parseNumber();
        return this.fail(`expected a value but found ${this.describeHere()}`);
    }
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
  }

  private parseObject(pointer: string): Record<string, unknown> {
    this.enter();
    const result: Record<string, unknown> = {};
    this.pos++;
    this.skipTrivia();
    while (this.text[this.pos] !== '}') {
      if (this.pos >= this.text.length) this.fail("unexpected end of file: expected '}' to close the object");
      if (this.text[this.pos] !== '"' && !(this.singleQuotes && this.text[this.pos] === "'")) this.fail(`expected a property name in double quotes but found ${this.describeHere()}`);
      const keyStart = this.pos;
      const key = this.parseString();
      this.skipTrivia();
      if (this.text[this.pos] !== ':') this.fail(`expected ':' after property name "${key}" but found ${this.describeHere()}`);
      this.pos++;
      this.skipTrivia();
      const value = this.parseValue(pointer + '/' + escapePointerSegment(key), keyStart);
      if (key === '__proto__') {
        Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      } else {
        result[key] = value;
      }
      this.skipTrivia();
      if (this.text[this.pos] === ',') {
        this.pos++;
        this.skipTrivia();
      } else if (this.text[this.pos] !== '}') {
        if (this.pos >= this.text.length) this.fail("unexpected end of file: expected ',' or '}' in an object");
        this.fail(`expected ',' or '}' after a property value but found ${this.describeHere()}`);
      }
    }
    this.pos++;
    this.depth--;
    return result;
  }

  private parseArray(pointer: string): unknown[] {
    this.enter();
    const result: unknown[] = [];
    this.pos++;
    this.skipTrivia();
    while (this.text[this.pos] !== ']') {
      if (this.pos >= this.text.length) this.fail("unexpected end of file: expected ']' to close the array");
      result.push(this.parseValue(pointer + '/' + result.length, undefined));
      this.skipTrivia();
      if (this.text[this.pos] === ',') {
        this.pos++;
        this.skipTrivia();
      } else if (this.text[this.pos] !== ']') {
        if (this.pos >= this.text.length) this.fail("unexpected end of file: expected ',' or ']' in an array");
        this.fail(`expected ',' or ']' after an array element but found ${this.describeHere()}`);
      }
    }
    this.pos++;
    this.depth--;
    return result;
  }

  /** Raw control characters (newlines, tabs) are kept as they are: ARM accepts multi-line strings. */
  private parseString(): string {
    const open = this.pos;
    const quote = this.text.charCodeAt(open);
    this.pos++;
    let out = '';
    let chunkStart = this.pos;
    for (;;) {
      const code = this.text.charCodeAt(this.pos);
      if (Number.isNaN(code)) this.failAt(open, 'unterminated string: the closing double quote is missing');
      if (code === quote) break;
      if (code === 0x5c) {
        out += this.text.slice(chunkStart, this.pos);
        out += this.parseEscape();
        chunkStart = this.pos;
        continue;
      }
      this.pos++;
    }
    out += this.text.slice(chunkStart, this.pos);
    this.pos++;
    return out;
  }

  private parseEscape(): string {
    const escapeStart = this.pos;
    const ch = this.text[this.pos + 1];
    this.pos += 2;
    if (ch === "'" && this.singleQuotes) return "'";
    switch (ch) {
      case '"':
        return '"';
      case '\\':
        return '\\';
      case '/':
        return '/';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u': {
        const hex = this.text.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.failAt(escapeStart, 'invalid \\u escape: expected four hex digits');
        this.pos += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      default:
        return this.failAt(escapeStart, `invalid escape sequence '\\${ch ?? ''}' in a string`);
    }
  }

  private parseNumber(): number {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    match.lastIndex = this.pos;
    const found = match.exec(this.text);
    if (!found || found[0] === '-') return this.fail(`invalid number ${this.describeHere()}`);
    this.pos += found[0].length;
    return Number(found[0]);
  }

  private parseKeyword<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) return this.fail(`expected a value but found ${this.describeHere()}`);
    this.pos += word.length;
    return value;
  }

  private skipTrivia(): void {
    const text = this.text;
    for (;;) {
      const code = text.charCodeAt(this.pos);
      if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0xfeff) {
        this.pos++;
      } else if (code === 0x2f && text[this.pos + 1] === '/') {
        const newline = text.indexOf('\n', this.pos);
        this.pos = newline < 0 ? text.length : newline + 1;
      } else if (code === 0x2f && text[this.pos + 1] === '*') {
        const close = text.indexOf('*/', this.pos + 2);
        if (close < 0) this.fail('unterminated block comment: the closing */ is missing');
        this.pos = close + 2;
      } else {
        return;
      }
    }
  }

  private describeHere(): string {
    if (this.pos >= this.text.length) return 'the end of the file';
    const ch = this.text[this.pos]!;
    return /\s/.test(ch) ? `whitespace` : `'${ch}'`;
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(message, Math.min(this.pos, this.text.length));
  }

  private failAt(offset: number, message: string): never {
    throw new JsonSyntaxError(message, offset);
  }
}
