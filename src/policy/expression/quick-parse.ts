import type { TSESTree } from '@typescript-eslint/typescript-estree';

/**
 * A parser for the plain, well-formed part of the policy expression language, which gives the tree typescript-estree
 * gives for it (the node types, fields and ranges compile.ts reads), without loading the TypeScript compiler: that
 * costs ~250 ms, which every run with a user policy paid (built-in policies are compiled at build time).
 *
 * It answers undefined for anything else, and typescript-estree parses the text then, so syntax errors and refusals
 * read as before: comments, escapes in strings and templates, numbers other than plain decimals, regular expressions,
 * spread, holes and trailing commas, shorthand or computed or non-identifier keys, reserved words (`new`, `this`,
 * `in`, `as` …), operators outside the language (`**`, `|`, `<<`, `x!` …), `??` mixed with `&&`/`||`, `<` with a
 * `>` anywhere (type arguments), non-ASCII text, and nesting deeper than MAX_DEPTH. test/policy/quick-parse.test.ts compares both parsers on every built-in
 * policy's expressions and on generated ones.
 */
export function quickParse(wrapped: string): TSESTree.Program | undefined {
  try {
    return new QuickParser(wrapped).program();
  } catch {
    // GIVE_UP, or anything this parser did not foresee: typescript-estree decides.
    return undefined;
  }
}

const GIVE_UP = Symbol('give up');

/** Far deeper than real policy expressions; deeper ones go to typescript-estree, which refuses or parses them. */
const MAX_DEPTH = 64;

/** Words that are not plain identifiers in JavaScript or TypeScript expressions (as a name after `.`, any is). */
const RESERVED = new Set([
  'true', 'false', 'null', 'typeof', 'new', 'this', 'super', 'function', 'class', 'in', 'instanceof', 'void', 'delete',
  'await', 'yield', 'async', 'import', 'export', 'as', 'satisfies', 'of', 'let', 'var', 'const', 'if', 'else', 'for',
  'while', 'do', 'return', 'switch', 'case', 'default', 'break', 'continue', 'throw', 'try', 'catch', 'finally',
  'with', 'debugger', 'enum', 'extends', 'implements', 'interface', 'package', 'private', 'protected', 'public',
  'static', 'keyof', 'infer', 'is', 'asserts', 'unique', 'readonly', 'declare', 'abstract', 'type', 'namespace',
  'module', 'get', 'set', 'accessor', 'override', 'out', 'arguments', 'eval',
]);

/** Binary operators by precedence (higher binds tighter); `??` is handled apart (it cannot mix with `&&`/`||`). */
const PRECEDENCE: Readonly<Record<string, number>> = {
  '||': 1, '&&': 2, '===': 6, '!==': 6, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};
/** Every punctuator of JavaScript and TypeScript, longest first: a token is the longest that matches. */
const ALL_PUNCTUATORS = [
  '>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=', '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++',
  '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '**', '<<', '>>', '{', '}', '(', ')', '[', ']', ';', ',', '<', '>', '+', '-', '*',
  '/', '%', '&', '|', '^', '!', '~', '?', ':', '=', '.', '@', '#', '`',
];
/** Those this parser reads; any other gives up. */
const READ_PUNCTUATORS = new Set(['===', '!==', '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '{', '}', '(', ')', '[', ']', ',', '<', '>', '+', '-', '*', '/', '%', '!', '?', ':', '.', '`']);

interface Token {
  kind: 'name' | 'number' | 'string' | 'punct' | 'end';
  text: string;
  start: number;
  end: number;
  value?: string | number;
}

/** An expression and its extent with any parentheses around it (what an enclosing node's range covers). */
interface Parsed {
  node: TSESTree.Expression;
  start: number;
  end: number;
}

/** A plain decimal number, matched where a token starts (sticky: no copy of the rest of the text). */
const NUMBER = /(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

const isSpace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
const isNameStart = (ch: string) => /[A-Za-z_$]/.test(ch);
const isNamePart = (ch: string) => /[A-Za-z0-9_$]/.test(ch);

class QuickParser {
  private pos = 0;
  private token: Token;
  private depth = 0;
  /** Where the token before the current one ended. */
  private lastEnd = 0;

  constructor(private readonly text: string) {
    if (/[^\x20-\x7e\t\n\r]/.test(text)) throw GIVE_UP;
    // TypeScript may read `f<T>(x)` as a call with type arguments where JavaScript compares: not decided here.
    if (text.includes('<') && /(?<!=)>/.test(text)) throw GIVE_UP;
    this.token = this.scan();
  }

  program(): TSESTree.Program {
    const open = this.expect('(');
    const inner = this.expression();
    const close = this.expect(')');
    if (this.token.kind !== 'end') throw GIVE_UP;
    const statement = { type: 'ExpressionStatement', expression: inner.node, range: [open.start, close.end] };
    return { type: 'Program', body: [statement], range: [0, this.text.length] } as unknown as TSESTree.Program;
  }

  // --- expressions ---

  private expression(): Parsed {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    try {
      return this.arrowOrConditional();
    } finally {
      this.depth--;
    }
  }

  private arrowOrConditional(): Parsed {
    const arrow = this.tryArrow();
    if (arrow) return arrow;
    const test = this.coalesceOrLogical();
    if (!this.is('?')) return test;
    this.next();
    const consequent = this.expression();
    this.expect(':');
    const alternate = this.expression();
    return this.make('ConditionalExpression', test.start, alternate.end, { test: test.node, consequent: consequent.node, alternate: alternate.node });
  }

  /** `x => body` or `(a, b) => body` (a parameter list of plain names); undefined when the text is no arrow. */
  private tryArrow(): Parsed | undefined {
    const start = this.token.start;
    let params: TSESTree.Identifier[];
    if (this.token.kind === 'name' && this.peekPunct() === '=>') {
      params = [this.identifier()];
    } else if (this.is('(') && this.parenthesisedParams()) {
      this.next();
      params = [];
      while (!this.is(')')) {
        if (params.length > 0) this.expect(',');
        if (this.token.kind !== 'name') throw GIVE_UP;
        params.push(this.identifier());
      }
      this.next();
    } else {
      return undefined;
    }
    // JavaScript allows no line break before `=>` ("no LineTerminator here"): left to typescript-estree to judge.
    if (/[\n\r]/.test(this.text.slice(this.lastEnd, this.token.start))) throw GIVE_UP;
    this.expect('=>');
    if (this.is('{')) throw GIVE_UP; // a block body: typescript-estree's tree, and compile.ts's refusal
    const body = this.expression();
    return this.make('ArrowFunctionExpression', start, body.end, { params, body: body.node, async: false, expression: true });
  }

  /** At `(`: whether it opens `(names) =>`, looking ahead without consuming. */
  private parenthesisedParams(): boolean {
    return this.lookahead(() => {
      this.next();
      let first = true;
      while (!this.is(')')) {
        if (!first && !this.is(',')) return false;
        if (!first) this.next();
        if (this.token.kind !== 'name' || RESERVED.has(this.token.text)) return false;
        this.next();
        first = false;
      }
      this.next();
      return this.is('=>');
    });
  }

  /** `a ?? b ?? c`, or a chain of `&&`/`||` and tighter operators: JavaScript refuses `??` mixed with the others. */
  private coalesceOrLogical(): Parsed {
    const left = this.binary(1);
    if (!this.is('??')) return left;
    if (isAndOr(left.node)) throw GIVE_UP;
    let result = left;
    while (this.is('??')) {
      this.next();
      const right = this.binary(1);
      if (isAndOr(right.node)) throw GIVE_UP;
      result = this.make('LogicalExpression', result.start, right.end, { operator: '??', left: result.node, right: right.node });
    }
    return result;
  }

  private binary(minimum: number): Parsed {
    let left = this.unary();
    for (;;) {
      const operator = this.token.kind === 'punct' ? this.token.text : '';
      const precedence = PRECEDENCE[operator];
      if (precedence === undefined || precedence < minimum) return left;
      this.next();
      const right = this.binary(precedence + 1);
      const type = operator === '&&' || operator === '||' ? 'LogicalExpression' : 'BinaryExpression';
      left = this.make(type, left.start, right.end, { operator, left: left.node, right: right.node });
    }
  }

  private unary(): Parsed {
    const start = this.token.start;
    const operator = this.is('!') || this.is('-') || this.is('+') ? this.token.text : this.token.kind === 'name' && this.token.text === 'typeof' ? 'typeof' : undefined;
    if (operator === undefined) return this.postfix();
    this.next();
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    try {
      const argument = this.unary();
      return this.make('UnaryExpression', start, argument.end, { operator, argument: argument.node, prefix: true });
    } finally {
      this.depth--;
    }
  }

  /** Member accesses and calls after a primary, `?.` links included: one ChainExpression around a chain that has one. */
  private postfix(): Parsed {
    let current = this.primary();
    let chained = false;
    for (;;) {
      if (this.is('.') || this.is('?.')) {
        const optional = this.is('?.');
        this.next();
        if (optional && (this.is('(') || this.is('['))) {
          current = this.afterOptional(current, this.is('('));
        } else {
          if (this.token.kind !== 'name') throw GIVE_UP;
          const property = this.identifier(true);
          current = this.make('MemberExpression', current.start, property.range[1], { object: current.node, property, computed: false, optional });
        }
        chained ||= optional;
      } else if (this.is('[')) {
        this.next();
        const property = this.expression();
        const close = this.expect(']');
        current = this.make('MemberExpression', current.start, close.end, { object: current.node, property: property.node, computed: true, optional: false });
      } else if (this.is('(')) {
        current = this.call(current, false);
      } else if (this.is('`') || this.is('!')) {
        throw GIVE_UP; // a tagged template, or a non-null assertion (`x!`)
      } else {
        break;
      }
    }
    if (!chained) return current;
    return { node: { type: 'ChainExpression', expression: current.node, range: [current.start, current.end] } as unknown as TSESTree.Expression, start: current.start, end: current.end };
  }

  private afterOptional(callee: Parsed, call: boolean): Parsed {
    if (call) return this.call(callee, true);
    this.next();
    const property = this.expression();
    const close = this.expect(']');
    return this.make('MemberExpression', callee.start, close.end, { object: callee.node, property: property.node, computed: true, optional: true });
  }

  private call(callee: Parsed, optional: boolean): Parsed {
    this.expect('(');
    const args: TSESTree.Expression[] = [];
    while (!this.is(')')) {
      if (args.length > 0) {
        this.expect(',');
        if (this.is(')')) throw GIVE_UP;
      }
      args.push(this.expression().node);
    }
    const close = this.expect(')');
    return this.make('CallExpression', callee.start, close.end, { callee: callee.node, arguments: args, optional });
  }

  private primary(): Parsed {
    const token = this.token;
    if (token.kind === 'number' || token.kind === 'string') {
      this.next();
      return this.make('Literal', token.start, token.end, { value: token.value, raw: token.text });
    }
    if (token.kind === 'name') {
      if (token.text === 'true' || token.text === 'false' || token.text === 'null') {
        this.next();
        return this.make('Literal', token.start, token.end, { value: token.text === 'null' ? null : token.text === 'true', raw: token.text });
      }
      const identifier = this.identifier();
      return { node: identifier, start: token.start, end: token.end };
    }
    if (this.is('(')) {
      this.next();
      const inner = this.expression();
      const close = this.expect(')');
      // `c ? (x) : y`: TypeScript first tries `(x): y => …`, an arrow with a return type, and may fail where
      // JavaScript reads a conditional.
      if (this.is(':')) throw GIVE_UP;
      return { node: inner.node, start: token.start, end: close.end };
    }
    if (this.is('[')) return this.array();
    if (this.is('{')) return this.object();
    if (this.is('`')) return this.template();
    throw GIVE_UP;
  }

  private array(): Parsed {
    const open = this.expect('[');
    const elements: TSESTree.Expression[] = [];
    while (!this.is(']')) {
      if (elements.length > 0) {
        this.expect(',');
        if (this.is(']')) throw GIVE_UP;
      }
      if (this.is(',')) throw GIVE_UP;
      elements.push(this.expression().node);
    }
    const close = this.expect(']');
    return this.make('ArrayExpression', open.start, close.end, { elements });
  }

  private object(): Parsed {
    const open = this.expect('{');
    const properties: unknown[] = [];
    while (!this.is('}')) {
      if (properties.length > 0) {
        this.expect(',');
        if (this.is('}')) throw GIVE_UP;
      }
      const keyToken = this.token;
      let key: unknown;
      if (keyToken.kind === 'name') key = this.identifier(true);
      else if (keyToken.kind === 'string') {
        this.next();
        key = { type: 'Literal', value: keyToken.value, raw: keyToken.text, range: [keyToken.start, keyToken.end] };
      } else throw GIVE_UP;
      this.expect(':');
      const value = this.expression();
      properties.push({ type: 'Property', key, value: value.node, computed: false, method: false, shorthand: false, kind: 'init', range: [keyToken.start, value.end] });
    }
    const close = this.expect('}');
    return this.make('ObjectExpression', open.start, close.end, { properties });
  }

  /** At a backtick: the literal parts up to each `${`, the expressions inside; no escapes, no carriage returns. */
  private template(): Parsed {
    const start = this.token.start;
    const quasis: unknown[] = [];
    const expressions: TSESTree.Expression[] = [];
    let pos = this.token.end;
    for (;;) {
      let end = pos;
      while (end < this.text.length && this.text[end] !== '`' && !(this.text[end] === '$' && this.text[end + 1] === '{')) {
        if (this.text[end] === '\\' || this.text[end] === '\r') throw GIVE_UP;
        end++;
      }
      if (end >= this.text.length) throw GIVE_UP;
      const cooked = this.text.slice(pos, end);
      const closing = this.text[end] === '`';
      quasis.push({ type: 'TemplateElement', value: { cooked, raw: cooked }, tail: closing, range: [pos - 1, closing ? end + 1 : end + 2] });
      if (closing) {
        this.pos = end + 1;
        this.lastEnd = end + 1;
        this.token = this.scan();
        return this.make('TemplateLiteral', start, end + 1, { quasis, expressions });
      }
      this.pos = end + 2;
      this.lastEnd = end + 2;
      this.token = this.scan();
      expressions.push(this.expression().node);
      if (!this.is('}')) throw GIVE_UP;
      pos = this.token.end;
    }
  }

  private identifier(anyName = false): TSESTree.Identifier {
    const token = this.token;
    if (token.kind !== 'name' || (!anyName && RESERVED.has(token.text))) throw GIVE_UP;
    this.next();
    return { type: 'Identifier', name: token.text, range: [token.start, token.end], optional: false } as unknown as TSESTree.Identifier;
  }

  private make(type: string, start: number, end: number, fields: Record<string, unknown>): Parsed {
    return { node: { type, ...fields, range: [start, end] } as unknown as TSESTree.Expression, start, end };
  }

  // --- tokens ---

  private is(punct: string): boolean {
    return this.token.kind === 'punct' && this.token.text === punct;
  }

  private expect(punct: string): Token {
    if (!this.is(punct)) throw GIVE_UP;
    const token = this.token;
    this.next();
    return token;
  }

  private next(): void {
    this.lastEnd = this.token.end;
    this.token = this.scan();
  }

  /** The punctuator after the current token, without consuming anything. */
  private peekPunct(): string | undefined {
    return this.lookahead(() => {
      this.next();
      return this.token.kind === 'punct' ? this.token.text : undefined;
    });
  }

  /** Runs `look` over the tokens ahead, then puts the scanner back where it was. */
  private lookahead<T>(look: () => T): T {
    const saved = { pos: this.pos, token: this.token, lastEnd: this.lastEnd };
    try {
      return look();
    } finally {
      this.pos = saved.pos;
      this.token = saved.token;
      this.lastEnd = saved.lastEnd;
    }
  }

  private scan(): Token {
    const text = this.text;
    while (this.pos < text.length && isSpace(text[this.pos]!)) this.pos++;
    const start = this.pos;
    if (start >= text.length) return { kind: 'end', text: '', start, end: start };
    const ch = text[start]!;
    if (ch === '/' && (text[start + 1] === '/' || text[start + 1] === '*')) throw GIVE_UP; // a comment
    if (isNameStart(ch)) {
      let end = start + 1;
      while (end < text.length && isNamePart(text[end]!)) end++;
      this.pos = end;
      return { kind: 'name', text: text.slice(start, end), start, end };
    }
    if (/[0-9]/.test(ch)) {
      NUMBER.lastIndex = start;
      const match = NUMBER.exec(text)!;
      const end = start + match[0].length;
      if (end < text.length && (isNamePart(text[end]!) || text[end] === '.')) throw GIVE_UP; // 1n, 0x1, 1_0, 1.e3, 01
      this.pos = end;
      return { kind: 'number', text: match[0], start, end, value: Number(match[0]) };
    }
    if (ch === '"' || ch === "'") {
      let end = start + 1;
      while (end < text.length && text[end] !== ch) {
        if (text[end] === '\\' || text[end] === '\n' || text[end] === '\r') throw GIVE_UP;
        end++;
      }
      if (end >= text.length) throw GIVE_UP;
      this.pos = end + 1;
      return { kind: 'string', text: text.slice(start, end + 1), start, end: end + 1, value: text.slice(start + 1, end) };
    }
    const punct = ALL_PUNCTUATORS.find((p) => text.startsWith(p, start));
    if (punct === undefined || !READ_PUNCTUATORS.has(punct)) throw GIVE_UP;
    // `a?.5:b` is a conditional, not an optional chain; `.5` is a number.
    if ((punct === '?.' || punct === '.') && /[0-9]/.test(text[start + punct.length] ?? '')) throw GIVE_UP;
    this.pos = start + punct.length;
    return { kind: 'punct', text: punct, start, end: this.pos };
  }
}

function isAndOr(node: TSESTree.Node): boolean {
  return node.type === 'LogicalExpression' && (node.operator === '&&' || node.operator === '||');
}
