/** Decoding of HCL template literal text: escape sequences and `<<-` heredoc indentation. */

const QUOTED_ESCAPE = /\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.?))|\$\$\{|%%\{/gs;
const TEMPLATE_ESCAPE = /\$\$\{|%%\{/g;

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** An escape sequence HCL rejects; `offset` is where it starts in the raw text. */
export class InvalidEscapeError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Literal text of a quoted string: backslash escapes and `$${` / `%%{` (which stand for `${` / `%{`). Throws
 * InvalidEscapeError where HCL reports "Invalid escape sequence".
 */
export function decodeQuotedText(raw: string): string {
  if (!raw.includes('\\') && !raw.includes('$${') && !raw.includes('%%{')) return raw;
  return raw.replace(QUOTED_ESCAPE, (match, u4: string | undefined, u8: string | undefined, single: string | undefined, offset: number) => {
    if (match === '$${') return '${';
    if (match === '%%{') return '%{';
    const hex = u4 ?? u8;
    if (hex !== undefined) {
      const code = parseInt(hex, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        throw new InvalidEscapeError(`invalid escape sequence ${match}: U+${code.toString(16).toUpperCase()} is not a character`, offset);
      }
      return String.fromCodePoint(code);
    }
    const simple = SIMPLE_ESCAPES[single ?? ''];
    if (simple === undefined) throw new InvalidEscapeError(`invalid escape sequence ${JSON.stringify(match)}`, offset);
    return simple;
  });
}

/** Literal text of a heredoc or template file: only `$${` / `%%{` are escapes there. */
export function decodeTemplateText(raw: string): string {
  return raw.replace(TEMPLATE_ESCAPE, (match) => (match === '$${' ? '${' : '%{'));
}

/** Go's unicode.IsSpace, which HCL uses for strip markers and `<<-` indentation. */
const SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const LEADING_SPACE = new RegExp(`^[${SPACE}]*`);
const TRAILING_SPACE = new RegExp(`[${SPACE}]*$`);

export function trimSpaceStart(text: string): string {
  return text.replace(LEADING_SPACE, '');
}

export function trimSpaceEnd(text: string): string {
  return text.replace(TRAILING_SPACE, '');
}

/** A template token as HCL's parser sees it: literal text (one line at most in heredocs) or anything else. */
export type LiteralToken = { kind: 'text'; text: string };

/**
 * HCL's `<<-` rule (flushHeredocTemplateParts): the smallest indentation over the tokens that start a line is
 * removed from each of them. A literal that is only spaces up to its newline does not count and is left as is;
 * a line that starts with an interpolation or directive has indentation zero.
 */
export function flushIndent(tokens: readonly ({ kind: string } | LiteralToken)[]): void {
  let smallest = Infinity;
  let lineStart = true;
  const adjust: LiteralToken[] = [];
  for (const token of tokens) {
    const literal = token.kind === 'text' ? (token as LiteralToken) : undefined;
    if (lineStart) {
      lineStart = false;
      if (!literal) smallest = 0;
      else {
        const rest = trimSpaceStart(literal.text);
        if (rest !== '' || !literal.text.endsWith('\n')) {
          smallest = Math.min(smallest, [...literal.text.slice(0, literal.text.length - rest.length)].length);
          adjust.push(literal);
        }
      }
    }
    if (literal?.text.endsWith('\n')) lineStart = true;
  }
  if (smallest === Infinity || smallest === 0) return;
  for (const literal of adjust) literal.text = [...literal.text].slice(smallest).join('');
}

/**
 * `text` as a string of its own. V8 keeps a substring of 13 characters or more as a view into the string it was cut
 * from: a name or literal cut from a file would keep the whole file's text alive for as long as the syntax tree, or
 * a value made of it, lives (the model keeps both). Concatenation makes a new flat string, which the slice views.
 */
export function detached(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}
