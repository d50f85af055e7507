import { isUnknown, Unknown } from '../../model/unknown';
import type { ArrowNode, CallNode, CompiledExpression, ExpressionNode, MemberNode } from './ast';
import { ExpressionError } from './errors';
import { describeType, HELPERS, isModelNode } from './helpers';
import { ModelHandle } from './model-handle';
import { FORBIDDEN_PROPERTIES, MAX_STEPS, MAX_STRING_LENGTH, SOURCE_FORMAT_FIELDS, sourceFormatFieldError } from './vocabulary';

export type EvaluationResult = { ok: true; value: unknown } | { ok: false; error: ExpressionError };

/** The names an expression can read: subject, `options`, `model` (a ModelHandle). */
export type Scope = Readonly<Record<string, unknown>>;

/** Evaluates a compiled expression over a scope. Never throws for anything the policy does wrong. */
export function evaluate(compiled: CompiledExpression, scope: Scope): EvaluationResult {
  const root = Object.assign(Object.create(null) as Record<string, unknown>, scope);
  try {
    return { ok: true, value: new Interpreter().run(compiled.ast, root) };
  } catch (error) {
    if (error instanceof ExpressionError) return { ok: false, error };
    if (error instanceof RangeError) return { ok: false, error: new ExpressionError(`evaluation failed: ${error.message}`, 0) };
    throw error;
  }
}

/** The end of an optional chain was reached early (`a?.b` with `a` nullish). */
const SHORT_CIRCUIT = Symbol('short-circuit');

class Closure {
  constructor(
    readonly node: ArrowNode,
    readonly env: Record<string, unknown>,
  ) {}
}

type Env = Record<string, unknown>;

class Interpreter {
  private steps = 0;

  run(node: ExpressionNode, env: Env): unknown {
    const value = this.eval(node, env);
    if (value instanceof Closure) throw fail(node, 'an arrow function is not a value');
    return value;
  }

  private eval(node: ExpressionNode, env: Env): unknown {
    if (++this.steps > MAX_STEPS) throw fail(node, `evaluation exceeded ${MAX_STEPS} steps`);
    switch (node.type) {
      case 'Literal':
        return node.value;
      case 'Undefined':
        return undefined;
      case 'Identifier':
        if (!(node.name in env)) throw fail(node, `unknown identifier \`${node.name}\``);
        return env[node.name];
      case 'Member':
        return this.member(node, env);
      case 'Chain': {
        const value = this.eval(node.expression, env);
        return value === SHORT_CIRCUIT ? undefined : value;
      }
      case 'Call':
        return this.call(node, env);
      case 'Arrow':
        return new Closure(node, env);
      case 'Logical':
        return this.logical(node.operator, node.left, node.right, env);
      case 'Binary':
        return binary(node.operator, this.value(node.left, env), this.value(node.right, env), node);
      case 'Unary':
        return unary(node.operator, this.value(node.argument, env), node);
      case 'Conditional': {
        const test = this.value(node.test, env);
        if (isUnknown(test)) {
          const consequent = this.value(node.consequent, env);
          const alternate = this.value(node.alternate, env);
          return deepEqual(consequent, alternate) ? consequent : test;
        }
        return this.value(test ? node.consequent : node.alternate, env);
      }
      case 'Template': {
        let text = node.quasis[0] ?? '';
        for (let i = 0; i < node.expressions.length; i++) {
          const part = node.expressions[i] as ExpressionNode;
          const value = this.value(part, env);
          if (isUnknown(value)) return value;
          text += toText(value, part) + (node.quasis[i + 1] ?? '');
          checkLength(text, node);
        }
        return text;
      }
      case 'Array':
        return node.elements.map((element) => this.value(element, env));
      case 'Object': {
        const object: Record<string, unknown> = {};
        for (const { key, value } of node.properties) {
          Object.defineProperty(object, key, { value: this.value(value, env), enumerable: true, writable: true, configurable: true });
        }
        return object;
      }
    }
  }

  /** Evaluates an operand that must be a plain value (not an arrow function). */
  private value(node: ExpressionNode, env: Env): unknown {
    const value = this.eval(node, env);
    if (value instanceof Closure) throw fail(node, 'an arrow function can only be passed to an array method');
    return value;
  }

  private logical(operator: '&&' | '||' | '??', leftNode: ExpressionNode, rightNode: ExpressionNode, env: Env): unknown {
    const left = this.value(leftNode, env);
    if (operator === '??') {
      if (isUnknown(left)) return left;
      return left === null || left === undefined ? this.value(rightNode, env) : left;
    }
    if (!isUnknown(left)) {
      const decided = operator === '&&' ? !left : Boolean(left);
      return decided ? left : this.value(rightNode, env);
    }
    // Kleene logic: an Unknown left side is overruled only by a right side that decides alone.
    const right = this.value(rightNode, env);
    if (isUnknown(right)) return left;
    const rightDecides = operator === '&&' ? !right : Boolean(right);
    return rightDecides ? right : left;
  }

  private member(node: MemberNode, env: Env): unknown {
    const object = this.eval(node.object, env);
    if (object === SHORT_CIRCUIT) return SHORT_CIRCUIT;
    if (node.optional && (object === null || object === undefined)) return SHORT_CIRCUIT;
    let key: unknown;
    if ('name' in node.property) key = node.property.name;
    else {
      key = this.value(node.property.computed, env);
      if (isUnknown(key)) return key;
    }
    if (isUnknown(object)) return object;
    return readProperty(object, key, node);
  }

  private call(node: CallNode, env: Env): unknown {
    const args = node.args.map((arg) => this.eval(arg, env));
    if ('helper' in node.callee) {
      const helper = HELPERS[node.callee.helper];
      if (!helper) throw fail(node, `unknown function \`${node.callee.helper}\``);
      if (args.some((arg) => arg instanceof Closure)) throw fail(node, `\`${node.callee.helper}\` does not take a function`);
      return guarded(node, () => helper(args));
    }
    const { method, receiver: receiverNode, optional } = node.callee;
    const receiver = this.eval(receiverNode, env);
    if (receiver === SHORT_CIRCUIT) return SHORT_CIRCUIT;
    if ((optional || node.optional) && (receiver === null || receiver === undefined)) return SHORT_CIRCUIT;
    if (isUnknown(receiver)) return receiver;
    if (receiver instanceof ModelHandle) return modelMethod(receiver, method, args, node);
    if (Array.isArray(receiver)) return this.arrayMethod(receiver, method, args, node);
    if (typeof receiver === 'string') return stringMethod(receiver, method, args, node);
    throw fail(node, `cannot call \`${method}\` on ${describeType(receiver)}`);
  }

  private arrayMethod(items: unknown[], method: string, args: unknown[], node: CallNode): unknown {
    switch (method) {
      case 'some':
      case 'every': {
        const predicate = this.callback(args[0], method, node);
        const wanted = method === 'some';
        let firstUnknown: Unknown | undefined;
        for (let i = 0; i < items.length; i++) {
          const result = predicate(items[i], i);
          if (isUnknown(result)) firstUnknown ??= result;
          else if (Boolean(result) === wanted) return wanted;
        }
        return firstUnknown ?? !wanted;
      }
      case 'filter': {
        const predicate = this.callback(args[0], method, node);
        const kept: unknown[] = [];
        for (let i = 0; i < items.length; i++) {
          const result = predicate(items[i], i);
          if (isUnknown(result)) return result;
          if (result) kept.push(items[i]);
        }
        return kept;
      }
      case 'find': {
        const predicate = this.callback(args[0], method, node);
        for (let i = 0; i < items.length; i++) {
          const result = predicate(items[i], i);
          if (isUnknown(result)) return result;
          if (result) return items[i];
        }
        return undefined;
      }
      case 'map': {
        const mapper = this.callback(args[0], method, node);
        return items.map((item, i) => mapper(item, i));
      }
      case 'flatMap': {
        const mapper = this.callback(args[0], method, node);
        const flat: unknown[] = [];
        for (let i = 0; i < items.length; i++) {
          const result = mapper(items[i], i);
          if (isUnknown(result)) return result;
          if (Array.isArray(result)) {
            for (const inner of result) {
              this.tick(node);
              flat.push(inner);
            }
          } else flat.push(result);
        }
        return flat;
      }
      case 'includes': {
        const [needle] = args;
        if (isUnknown(needle)) return needle;
        if (needle instanceof Closure) throw fail(node, '`includes` expects a value, not a function');
        let firstUnknown: Unknown | undefined;
        for (const item of items) {
          this.tick(node);
          if (item === needle) return true;
          if (isUnknown(item)) firstUnknown ??= item;
        }
        return firstUnknown ?? false;
      }
      case 'join': {
        const [separator = ','] = args;
        if (isUnknown(separator)) return separator;
        if (typeof separator !== 'string') throw fail(node, `\`join\` expects a string separator, got ${describeType(separator)}`);
        const parts: string[] = [];
        for (const item of items) {
          this.tick(node);
          if (isUnknown(item)) return item;
          parts.push(item === null || item === undefined ? '' : toText(item, node));
        }
        return checkLength(parts.join(separator), node);
      }
      default:
        throw fail(node, `\`${method}\` is not an array method`);
    }
  }

  private callback(fn: unknown, method: string, node: CallNode): (item: unknown, index: number) => unknown {
    if (!(fn instanceof Closure)) throw fail(node, `\`${method}\` expects an arrow function, got ${describeType(fn)}`);
    const { params, body } = fn.node;
    return (item, index) => {
      this.tick(node);
      const env = Object.create(fn.env) as Env;
      if (params[0] !== undefined) env[params[0]] = item;
      if (params[1] !== undefined) env[params[1]] = index;
      for (const extra of params.slice(2)) env[extra] = undefined;
      return this.value(body, env);
    };
  }

  private tick(node: ExpressionNode): void {
    if (++this.steps > MAX_STEPS) throw fail(node, `evaluation exceeded ${MAX_STEPS} steps`);
  }
}

function stringMethod(text: string, method: string, args: unknown[], node: CallNode): unknown {
  const unknownArg = args.find(isUnknown);
  if (unknownArg) return unknownArg;
  const stringArg = (): string => {
    const [arg] = args;
    if (typeof arg !== 'string') throw fail(node, `\`${method}\` expects a string argument, got ${describeType(arg)}`);
    return arg;
  };
  switch (method) {
    case 'startsWith':
      return text.startsWith(stringArg());
    case 'endsWith':
      return text.endsWith(stringArg());
    case 'includes':
      return text.includes(stringArg());
    case 'split':
      return text.split(stringArg());
    case 'toLowerCase':
      return text.toLowerCase();
    case 'toUpperCase':
      return text.toUpperCase();
    case 'trim':
      return text.trim();
    default:
      throw fail(node, `\`${method}\` is not a string method`);
  }
}

function modelMethod(handle: ModelHandle, method: string, args: unknown[], node: CallNode): unknown {
  const [arg] = args;
  // A symbolic ID is an Unknown that still resolves (see Model.resolve).
  if (method === 'resolve') return handle.resolve(arg);
  if (isUnknown(arg)) return arg;
  switch (method) {
    case 'ofKind':
      if (typeof arg !== 'string') throw fail(node, `\`model.ofKind\` expects a node kind, got ${describeType(arg)}`);
      return [...handle.model.ofKind(arg as Parameters<typeof handle.model.ofKind>[0])];
    case 'byId':
      if (arg === null || arg === undefined) return undefined;
      if (typeof arg !== 'string') throw fail(node, `\`model.byId\` expects an ID, got ${describeType(arg)}`);
      return handle.model.lookup(arg, handle.from);
    default:
      throw fail(node, `\`${method}\` is not a method of \`model\` (it has \`ofKind\`, \`byId\` and \`resolve\`)`);
  }
}

/** Reads an own data property; anything else (inherited, accessor, function) reads as undefined. */
function readProperty(object: unknown, key: unknown, node: MemberNode): unknown {
  if (typeof key !== 'string' && typeof key !== 'number') {
    throw fail(node, `a property key must be a string or a number, got ${describeType(key)}`);
  }
  const name = String(key);
  if (FORBIDDEN_PROPERTIES.has(name)) throw fail(node, `access to \`${name}\` is not allowed`);
  if (object === null || object === undefined) {
    throw fail(node, `cannot read \`${name}\` of ${describeType(object)} (use \`?.\` if it may be absent)`);
  }
  if (object instanceof ModelHandle) throw fail(node, '`model` has only the methods `ofKind`, `byId` and `resolve`');
  if (object instanceof Closure) throw fail(node, 'cannot read properties of a function');
  if (SOURCE_FORMAT_FIELDS.has(name) && isModelNode(object)) throw fail(node, sourceFormatFieldError(name));
  if (typeof object === 'string' || Array.isArray(object)) {
    if (name === 'length') return object.length;
    return isIndex(key) ? object[Number(key)] : undefined;
  }
  if (typeof object !== 'object') return undefined;
  const descriptor = Object.getOwnPropertyDescriptor(object, name);
  if (!descriptor || !('value' in descriptor) || typeof descriptor.value === 'function') return undefined;
  return descriptor.value;
}

function isIndex(key: string | number): boolean {
  const n = typeof key === 'number' ? key : /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : NaN;
  return Number.isInteger(n) && n >= 0;
}

function binary(operator: string, left: unknown, right: unknown, node: ExpressionNode): unknown {
  if (isUnknown(left)) return left;
  if (isUnknown(right)) return right;
  switch (operator) {
    case '===':
      return left === right;
    case '!==':
      return left !== right;
    case '==':
      return looseEquals(left, right);
    case '!=':
      return !looseEquals(left, right);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(operator, left, right, node);
    case '+':
      if (typeof left === 'number' && typeof right === 'number') return left + right;
      if (typeof left === 'string' || typeof right === 'string') {
        return checkLength(toText(left, node) + toText(right, node), node);
      }
      throw fail(node, `cannot add ${describeType(left)} and ${describeType(right)}`);
    default: {
      if (typeof left !== 'number' || typeof right !== 'number') {
        throw fail(node, `\`${operator}\` needs numbers, got ${describeType(left)} and ${describeType(right)}`);
      }
      if (operator === '-') return left - right;
      if (operator === '*') return left * right;
      if (operator === '/') return left / right;
      return left % right;
    }
  }
}

/** `==` without JS's type coercion: null and undefined equal each other, everything else compares strictly. */
function looseEquals(left: unknown, right: unknown): boolean {
  const leftNullish = left === null || left === undefined;
  const rightNullish = right === null || right === undefined;
  if (leftNullish || rightNullish) return leftNullish && rightNullish;
  return left === right;
}

function compare(operator: string, left: unknown, right: unknown, node: ExpressionNode): boolean {
  const comparable =
    (typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string');
  if (!comparable) {
    throw fail(node, `cannot compare ${describeType(left)} with ${describeType(right)} using \`${operator}\``);
  }
  const [a, b] = [left as number | string, right as number | string];
  if (operator === '<') return a < b;
  if (operator === '<=') return a <= b;
  if (operator === '>') return a > b;
  return a >= b;
}

function unary(operator: string, argument: unknown, node: ExpressionNode): unknown {
  if (isUnknown(argument)) return argument;
  switch (operator) {
    case '!':
      return !argument;
    case 'typeof':
      return argument === null || Array.isArray(argument) ? 'object' : typeof argument;
    default:
      if (typeof argument !== 'number') throw fail(node, `unary \`${operator}\` needs a number, got ${describeType(argument)}`);
      return operator === '-' ? -argument : argument;
  }
}

function toText(value: unknown, node: ExpressionNode): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  throw fail(node, `cannot turn ${describeType(value)} into text (use \`.join()\` for arrays)`);
}

function checkLength(text: string, node: ExpressionNode): string {
  if (text.length > MAX_STRING_LENGTH) throw fail(node, `string longer than ${MAX_STRING_LENGTH} characters`);
  return text;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b) && !isUnknown(a) && !isUnknown(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
    );
  }
  return false;
}

function guarded(node: ExpressionNode, run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    if (error instanceof TypeError) throw fail(node, error.message);
    throw error;
  }
}

function fail(node: ExpressionNode, message: string): ExpressionError {
  return new ExpressionError(message, node.start, node.end);
}
