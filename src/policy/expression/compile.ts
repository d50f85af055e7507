import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { BinaryOperator, CompiledExpression, ExpressionNode, LogicalOperator, UnaryOperator } from './ast';
import { ExpressionError } from './errors';
import { quickParse } from './quick-parse';
import { HELPER_NAMES } from './helpers';
import { ALLOWED_METHODS, FORBIDDEN_PROPERTIES, MAX_AST_DEPTH, SOURCE_FORMAT_FIELDS, sourceFormatFieldError } from './vocabulary';

export interface CompileOptions {
  /**
   * Free identifiers the expression may use (subject name, `options`, `model`). Without it any identifier
   * compiles and an unbound one fails at evaluation.
   */
  globals?: readonly string[];
}

const BINARY_OPERATORS: ReadonlySet<string> = new Set<BinaryOperator>([
  '===', '!==', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%',
]);
const LOGICAL_OPERATORS: ReadonlySet<string> = new Set<LogicalOperator>(['&&', '||', '??']);
const UNARY_OPERATORS: ReadonlySet<string> = new Set<UnaryOperator>(['!', '-', '+', 'typeof']);

/** Why a construct is refused, for node types that are valid TypeScript but not part of the language. */
const REFUSED: Readonly<Record<string, string>> = {
  AssignmentExpression: 'assignment is not allowed',
  UpdateExpression: 'increment and decrement (`++`, `--`) are not allowed',
  NewExpression: '`new` is not allowed',
  ThisExpression: '`this` is not allowed',
  Super: '`super` is not allowed',
  FunctionExpression: 'functions are not allowed (arrow functions only as arguments of array methods)',
  ClassExpression: 'classes are not allowed',
  SequenceExpression: 'the comma operator is not allowed',
  AwaitExpression: '`await` is not allowed',
  YieldExpression: '`yield` is not allowed',
  ImportExpression: '`import()` is not allowed',
  MetaProperty: 'meta properties are not allowed',
  TaggedTemplateExpression: 'tagged templates are not allowed',
  SpreadElement: 'spread (`...`) is not supported',
  TSAsExpression: 'type assertions (`as`) are not allowed: expressions are plain values, not TypeScript types',
  TSSatisfiesExpression: '`satisfies` is not allowed',
  TSTypeAssertion: 'type assertions (`<T>x`) are not allowed',
  TSNonNullExpression: 'non-null assertions (`x!`) are not allowed: use optional chaining (`?.`)',
  TSInstantiationExpression: 'generic type arguments are not allowed',
  JSXElement: 'JSX is not allowed',
  JSXFragment: 'JSX is not allowed',
  PrivateIdentifier: 'private names are not allowed',
};

type EstreeParse = (code: string, options: { loc: boolean; range: boolean }) => TSESTree.Program;

let parseWithTypescriptEstree: EstreeParse | undefined;

function estreeParser(): EstreeParse {
  // Loaded on first use only: it pulls in the whole TypeScript compiler (~250 ms), which the command must not pay
  // for unless a user policy has an expression quickParse does not read.
  parseWithTypescriptEstree ??= (require('@typescript-eslint/typescript-estree') as { parse: EstreeParse }).parse;
  return parseWithTypescriptEstree;
}

/**
 * Parses a policy expression and compiles it into the language's own AST. Throws ExpressionError (with the
 * offset inside `source`) for syntax errors and for anything outside the allowed subset.
 */
export function compileExpression(source: string, options: CompileOptions = {}): CompiledExpression {
  // Parenthesised so that `{ ... }` reads as an object literal and a statement list cannot hide inside.
  const wrapped = `(${source}\n)`;
  let program: TSESTree.Program;
  try {
    program = quickParse(wrapped) ?? estreeParser()(wrapped, { loc: true, range: true });
  } catch (error) {
    throw syntaxError(error, source.length);
  }
  return compileProgram(program, source, options);
}

/** The language's AST of a parsed, wrapped expression (exported for the test that compares the two parsers). */
export function compileProgram(program: TSESTree.Program, source: string, options: CompileOptions = {}): CompiledExpression {
  const [statement] = program.body;
  if (program.body.length !== 1 || statement?.type !== 'ExpressionStatement') {
    const extra = program.body[1] ?? statement;
    const start = extra ? Math.max(0, extra.range[0] - 1) : 0;
    throw new ExpressionError('a policy expression must be a single expression', Math.min(start, source.length));
  }
  const converter = new Converter(options.globals ? new Set(options.globals) : undefined);
  return { source, ast: converter.convert(statement.expression, 1, false) };
}

function syntaxError(error: unknown, sourceLength: number): ExpressionError {
  const located = error as { message?: string; location?: { start?: { offset?: number } } };
  const offset = located.location?.start?.offset;
  if (typeof located.message !== 'string' || typeof offset !== 'number') throw error;
  const position = Math.min(Math.max(offset - 1, 0), sourceLength);
  return new ExpressionError(`syntax error: ${located.message}`, position);
}

class Converter {
  /** Arrow parameters in scope, innermost last. */
  private readonly locals: string[] = [];

  constructor(private readonly globals: ReadonlySet<string> | undefined) {}

  convert(node: TSESTree.Node, depth: number, isMethodArgument: boolean): ExpressionNode {
    if (depth > MAX_AST_DEPTH) {
      throw this.refuse(node, `expression is nested too deeply (more than ${MAX_AST_DEPTH} levels)`);
    }
    const span = { start: node.range[0] - 1, end: node.range[1] - 1 };
    const next = depth + 1;
    switch (node.type) {
      case 'Literal':
        return this.literal(node, span);
      case 'Identifier':
        return this.identifier(node, span);
      case 'MemberExpression':
        return this.member(node, next, span);
      case 'ChainExpression':
        return { type: 'Chain', expression: this.convert(node.expression, next, false), ...span };
      case 'CallExpression':
        return this.call(node, next, span);
      case 'ArrowFunctionExpression':
        if (!isMethodArgument) {
          throw this.refuse(node, 'arrow functions are allowed only as arguments of array methods');
        }
        return this.arrow(node, next, span);
      case 'BinaryExpression':
        if (!BINARY_OPERATORS.has(node.operator)) throw this.refuse(node, `operator \`${node.operator}\` is not allowed`);
        return {
          type: 'Binary',
          operator: node.operator as BinaryOperator,
          left: this.convert(node.left, next, false),
          right: this.convert(node.right, next, false),
          ...span,
        };
      case 'LogicalExpression':
        if (!LOGICAL_OPERATORS.has(node.operator)) throw this.refuse(node, `operator \`${node.operator}\` is not allowed`);
        return {
          type: 'Logical',
          operator: node.operator,
          left: this.convert(node.left, next, false),
          right: this.convert(node.right, next, false),
          ...span,
        };
      case 'UnaryExpression':
        if (!UNARY_OPERATORS.has(node.operator)) throw this.refuse(node, `operator \`${node.operator}\` is not allowed`);
        return {
          type: 'Unary',
          operator: node.operator as UnaryOperator,
          argument: this.convert(node.argument, next, false),
          ...span,
        };
      case 'ConditionalExpression':
        return {
          type: 'Conditional',
          test: this.convert(node.test, next, false),
          consequent: this.convert(node.consequent, next, false),
          alternate: this.convert(node.alternate, next, false),
          ...span,
        };
      case 'TemplateLiteral':
        return {
          type: 'Template',
          quasis: node.quasis.map((quasi) => {
            if (quasi.value.cooked === null) throw this.refuse(quasi, 'invalid escape sequence in template literal');
            return quasi.value.cooked;
          }),
          expressions: node.expressions.map((expression) => this.convert(expression, next, false)),
          ...span,
        };
      case 'ArrayExpression':
        return {
          type: 'Array',
          elements: node.elements.map((element) => {
            if (element === null) throw this.refuse(node, 'array holes are not allowed');
            return this.convert(element, next, false);
          }),
          ...span,
        };
      case 'ObjectExpression':
        return this.object(node, next, span);
      default:
        throw this.refuse(node, REFUSED[node.type] ?? `\`${node.type}\` is not allowed in a policy expression`);
    }
  }

  private literal(node: TSESTree.Literal, span: { start: number; end: number }): ExpressionNode {
    if ('regex' in node && node.regex) throw this.refuse(node, 'regular expressions are not allowed');
    if ('bigint' in node && node.bigint) throw this.refuse(node, 'BigInt literals are not allowed');
    const value = node.value;
    if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw this.refuse(node, 'unsupported literal');
    }
    return { type: 'Literal', value, ...span };
  }

  private identifier(node: TSESTree.Identifier, span: { start: number; end: number }): ExpressionNode {
    const name = node.name;
    if (name === 'undefined' && !this.locals.includes(name)) return { type: 'Undefined', ...span };
    if (node.typeAnnotation) throw this.refuse(node, 'type annotations are not allowed');
    if (this.locals.includes(name)) return { type: 'Identifier', name, ...span };
    if (HELPER_NAMES.has(name)) throw this.refuse(node, `helper \`${name}\` can only be called, as \`${name}(...)\``);
    if (this.globals && !this.globals.has(name)) {
      const known = [...this.globals].map((g) => `\`${g}\``).join(', ');
      throw this.refuse(node, `unknown identifier \`${name}\` (in scope: ${known} and arrow parameters)`);
    }
    return { type: 'Identifier', name, ...span };
  }

  private member(node: TSESTree.MemberExpression, depth: number, span: { start: number; end: number }): ExpressionNode {
    const object = this.convert(node.object, depth, false);
    const optional = node.optional;
    if (!node.computed) {
      if (node.property.type !== 'Identifier') throw this.refuse(node.property, 'private names are not allowed');
      const name = node.property.name;
      this.checkPropertyName(node.property, name);
      this.checkDomainField(node, name);
      return { type: 'Member', object, property: { name }, optional, ...span };
    }
    if (node.property.type === 'Literal' && typeof node.property.value === 'string') {
      this.checkPropertyName(node.property, node.property.value);
      this.checkDomainField(node, node.property.value);
    }
    return { type: 'Member', object, property: { computed: this.convert(node.property, depth, false) }, optional, ...span };
  }

  /** `vm.raw`, `nic.format`…: refused at load time anywhere but under `options` (the user's own settings). */
  private checkDomainField(node: TSESTree.MemberExpression, name: string): void {
    if (!SOURCE_FORMAT_FIELDS.has(name)) return;
    let root: TSESTree.Node = node.object;
    while (root.type === 'MemberExpression' || root.type === 'ChainExpression' || root.type === 'CallExpression') {
      root = root.type === 'MemberExpression' ? root.object : root.type === 'ChainExpression' ? root.expression : root.callee;
    }
    if (root.type === 'Identifier' && root.name === 'options') return;
    throw this.refuse(node.property, sourceFormatFieldError(name));
  }

  private checkPropertyName(node: TSESTree.Node, name: string): void {
    if (FORBIDDEN_PROPERTIES.has(name)) throw this.refuse(node, `access to \`${name}\` is not allowed`);
  }

  private call(node: TSESTree.CallExpression, depth: number, span: { start: number; end: number }): ExpressionNode {
    if (node.typeArguments) throw this.refuse(node.typeArguments, 'generic type arguments are not allowed');
    const callee = node.callee;
    const convertArgs = () => node.arguments.map((argument) => this.convert(argument, depth, true));
    if (callee.type === 'Identifier') {
      if (HELPER_NAMES.has(callee.name) && !this.locals.includes(callee.name)) {
        return { type: 'Call', callee: { helper: callee.name }, args: convertArgs(), optional: node.optional, ...span };
      }
      const helpers = [...HELPER_NAMES].map((h) => `\`${h}\``).join(', ');
      throw this.refuse(callee, `unknown function \`${callee.name}\`: only methods of arrays and strings and the helpers ${helpers} can be called`);
    }
    if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
      // The receiver first, so errors come in reading order.
      const receiver = this.convert(callee.object, depth, false);
      const method = callee.property.name;
      this.checkPropertyName(callee.property, method);
      if (method === 'length') throw this.refuse(callee.property, '`length` is a property: write `.length`, not `.length()`');
      if (!ALLOWED_METHODS.has(method)) throw this.refuse(callee.property, `method \`${method}\` is not allowed`);
      return { type: 'Call', callee: { method, receiver, optional: callee.optional }, args: convertArgs(), optional: node.optional, ...span };
    }
    throw this.refuse(callee, 'only methods of arrays and strings and helper functions can be called');
  }

  private arrow(node: TSESTree.ArrowFunctionExpression, depth: number, span: { start: number; end: number }): ExpressionNode {
    if (node.async) throw this.refuse(node, 'async functions are not allowed');
    if (node.returnType || node.typeParameters) throw this.refuse(node, 'type annotations are not allowed');
    if (node.body.type === 'BlockStatement') {
      throw this.refuse(node.body, 'arrow functions must have an expression body, not a `{ ... }` block');
    }
    const params = node.params.map((param) => {
      if (param.type !== 'Identifier') throw this.refuse(param, 'arrow parameters must be plain names');
      if (param.typeAnnotation || param.optional) throw this.refuse(param, 'type annotations are not allowed');
      if (param.name === 'undefined' || HELPER_NAMES.has(param.name)) {
        throw this.refuse(param, `\`${param.name}\` cannot be used as a parameter name`);
      }
      return param.name;
    });
    if (new Set(params).size !== params.length) throw this.refuse(node, 'duplicate parameter names');
    this.locals.push(...params);
    try {
      return { type: 'Arrow', params, body: this.convert(node.body, depth, false), ...span };
    } finally {
      this.locals.length -= params.length;
    }
  }

  private object(node: TSESTree.ObjectExpression, depth: number, span: { start: number; end: number }): ExpressionNode {
    const properties = node.properties.map((property) => {
      if (property.type !== 'Property') throw this.refuse(property, REFUSED.SpreadElement ?? 'spread is not supported');
      if (property.computed) throw this.refuse(property.key, 'computed keys are not allowed');
      if (property.kind !== 'init' || property.method) throw this.refuse(property, 'only `key: value` properties are allowed');
      const key = property.key;
      let name: string;
      if (key.type === 'Identifier') name = key.name;
      else if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) name = String(key.value);
      else throw this.refuse(key, 'unsupported property key');
      this.checkPropertyName(key, name);
      return { key: name, value: this.convert(property.value as TSESTree.Expression, depth, false) };
    });
    return { type: 'Object', properties, ...span };
  }

  private refuse(node: TSESTree.Node, message: string): ExpressionError {
    return new ExpressionError(message, Math.max(0, node.range[0] - 1), Math.max(0, node.range[1] - 1));
  }
}
