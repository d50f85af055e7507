import type { SourceRef } from '../../../model/location';
import { isObject, isUnknown, Unknown, type Value } from '../../../model/unknown';
import type { Expr, Range, TemplatePart, Traverser } from './ast';
import { callFunction, type FunctionHost } from './functions';
import { chargeBuilt, chargeCall, checkCall, evaluationStep } from './limits';
import { currentBudget } from '../../budget';
import { asBool, asNumber, asString, deepEqual, entriesOf, EvalError, firstUnknown, typeName } from './values';

export type Step = { kind: 'attr'; name: string } | { kind: 'index'; key: Value };

/** What the evaluator asks of the module it runs in: named things (`var`, `local`, resources…) and files. */
export interface Environment extends FunctionHost {
  /**
   * Resolves a traversal whose root is not a scope name. Returns the value and how many steps it consumed;
   * the evaluator applies the remaining steps. Records referenced addresses into `refs`.
   */
  resolve(root: string, steps: readonly Step[], refs: Set<string>, at: SourceRef): { value: Value; consumed: number };
}

/** Evaluation scope: the environment, the file for locations, names bound by `for`, `count`, `each`, iterators. */
export interface Scope {
  env: Environment;
  file: string;
  names: ReadonlyMap<string, Value>;
  refs: Set<string>;
}

export function withNames(scope: Scope, names: Record<string, Value>): Scope {
  const merged = new Map(scope.names);
  for (const [name, value] of Object.entries(names)) merged.set(name, value);
  return { ...scope, names: merged };
}

export function sourceRef(file: string, range: Range): SourceRef {
  return { file, line: range.line, column: range.column, endLine: range.endLine, endColumn: range.endColumn };
}

/** Evaluates an expression; Terraform evaluation errors become Unknown with the error as reason. */
export function evaluate(expr: Expr, scope: Scope): Value {
  try {
    return evaluateStrict(expr, scope);
  } catch (error) {
    if (error instanceof EvalError) return new Unknown(`evaluation error: ${error.message}`, sourceRef(scope.file, expr.range));
    throw error;
  }
}

/** Evaluates an expression; throws EvalError where Terraform would report an error. */
export function evaluateStrict(expr: Expr, scope: Scope): Value {
  const stopped = evaluationStep(() => sourceRef(scope.file, expr.range));
  if (stopped) return stopped;
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'template':
      return renderTemplate(expr.parts, scope, expr.range);
    case 'tuple':
      return chargeBuilt(
        expr.items.map((item) => evaluateStrict(item, scope)),
        'a tuple',
        sourceRef(scope.file, expr.range),
      );
    case 'object':
      return chargeBuilt(evaluateObject(expr, scope), 'an object', sourceRef(scope.file, expr.range));
    case 'variable':
    case 'getattr':
    case 'index':
      return evaluateTraversal(expr, scope);
    case 'splat':
      return evaluateSplat(expr, scope);
    case 'call':
      return evaluateCall(expr, scope);
    case 'for':
      return chargeBuilt(evaluateFor(expr, scope), 'a `for` expression', sourceRef(scope.file, expr.range));
    case 'conditional':
      return evaluateConditional(expr, scope);
    case 'unary':
      return evaluateUnary(expr, scope);
    case 'binary':
      return evaluateBinary(expr, scope);
    case 'invalid':
      return new Unknown(`unsupported expression: ${expr.reason}`, sourceRef(scope.file, expr.range), 'unsupported');
  }
}

function evaluateObject(expr: Extract<Expr, { kind: 'object' }>, scope: Scope): Value {
  const result: { [key: string]: Value } = {};
  for (const item of expr.items) {
    const key = evaluateStrict(item.key, scope);
    if (isUnknown(key)) return key;
    result[asString(key, 'object key')] = evaluateStrict(item.value, scope);
  }
  return result;
}

/** Splits `a.b[0].c` into its root name and steps; undefined when the chain does not start at a name. */
function flatten(expr: Expr): { root: string; root_range: Range; steps: Traverser[] } | undefined {
  const steps: Traverser[] = [];
  let current = expr;
  for (;;) {
    if (current.kind === 'getattr') steps.unshift({ kind: 'attr', name: current.name });
    else if (current.kind === 'index') steps.unshift({ kind: 'index', key: current.key });
    else break;
    current = current.object;
  }
  if (current.kind !== 'variable') return undefined;
  return { root: current.name, root_range: current.range, steps };
}

function evaluateTraversal(expr: Expr, scope: Scope): Value {
  const chain = flatten(expr);
  if (!chain) {
    // e.g. `func(x)[0]` or `[1, 2][0]`: evaluate the innermost non-traversal and walk the steps.
    if (expr.kind === 'getattr') return applyStep(evaluateStrict(expr.object, scope), { kind: 'attr', name: expr.name }, scope, expr.range);
    if (expr.kind === 'index' && expr.object.kind === 'splat') return evaluateIndexedSplat(expr, expr.object, scope);
    if (expr.kind === 'index') {
      const key = evaluateStrict(expr.key, scope);
      return applyStep(evaluateStrict(expr.object, scope), { kind: 'index', key }, scope, expr.range);
    }
    return evaluateStrict(expr, scope);
  }
  const steps: Step[] = chain.steps.map((s) => (s.kind === 'attr' ? s : { kind: 'index', key: evaluateStrict(s.key, scope) }));
  let value: Value;
  let consumed: number;
  const bound = scope.names.get(chain.root);
  if (bound !== undefined) {
    value = bound;
    consumed = 0;
  } else {
    ({ value, consumed } = scope.env.resolve(chain.root, steps, scope.refs, sourceRef(scope.file, expr.range)));
  }
  for (const step of steps.slice(consumed)) value = applyStep(value, step, scope, expr.range);
  return value;
}

export function applyStep(value: Value, step: Step, scope: Scope, range: Range): Value {
  if (isUnknown(value)) return value;
  if (step.kind === 'attr') {
    if (isObject(value)) {
      const found = value[step.name];
      return found !== undefined ? found : new Unknown(`no attribute \`${step.name}\``, sourceRef(scope.file, range));
    }
    if (value === null) throw new EvalError(`attribute \`${step.name}\` of null`);
    if (Array.isArray(value)) throw new EvalError(`attribute \`${step.name}\` of a list (use [*] or an index)`);
    throw new EvalError(`attribute \`${step.name}\` of ${typeName(value)}`);
  }
  const key = step.key;
  if (isUnknown(key)) return key;
  if (Array.isArray(value)) {
    const index = asNumber(key, 'index');
    if (index < 0 || index >= value.length || !Number.isInteger(index)) throw new EvalError(`index ${index} out of range`);
    return value[index]!;
  }
  if (isObject(value)) {
    const name = asString(key, 'key');
    const found = value[name];
    if (found === undefined) throw new EvalError(`no element for key ${JSON.stringify(name)}`);
    return found;
  }
  throw new EvalError(`cannot index ${typeName(value)}`);
}

/**
 * `x.*.a[i]` is `(x.*.a)[i]`, which for a list `x` is `x[i].a`: evaluated that way, a reference to a counted
 * resource names the instance (`nic[0]`) and attributes known only after apply stay that, not "no attribute".
 */
function evaluateIndexedSplat(expr: Extract<Expr, { kind: 'index' }>, splat: Extract<Expr, { kind: 'splat' }>, scope: Scope): Value {
  const key = evaluateStrict(expr.key, scope);
  const source = evaluateStrict(splat.object, { ...scope, refs: new Set() });
  if (!Array.isArray(source) || typeof key !== 'number') {
    return applyStep(evaluateSplat(splat, scope), { kind: 'index', key }, scope, expr.range);
  }
  const element: Expr = { kind: 'index', object: splat.object, key: { kind: 'literal', value: key, range: expr.key.range }, range: expr.range };
  const traversal = splat.steps.reduce<Expr>(
    (object, step) =>
      step.kind === 'attr' ? { kind: 'getattr', object, name: step.name, range: expr.range } : { kind: 'index', object, key: step.key, range: expr.range },
    element,
  );
  return evaluateStrict(traversal, scope);
}

function evaluateSplat(expr: Extract<Expr, { kind: 'splat' }>, scope: Scope): Value {
  const source = evaluateStrict(expr.object, scope);
  if (isUnknown(source)) return source;
  const items = source === null ? [] : Array.isArray(source) ? source : [source];
  const steps: Step[] = expr.steps.map((s) => (s.kind === 'attr' ? s : { kind: 'index', key: evaluateStrict(s.key, scope) }));
  return items.map((item) => steps.reduce<Value>((value, step) => applyStep(value, step, scope, expr.range), item));
}

function evaluateCall(expr: Extract<Expr, { kind: 'call' }>, scope: Scope): Value {
  const at = sourceRef(scope.file, expr.range);
  if (expr.name === 'try') return evaluateTry(expr.args, scope, at);
  if (expr.name === 'can') return evaluateCan(expr.args, scope, at);
  let args = expr.args.map((arg) => evaluateStrict(arg, scope));
  if (expr.expandLast && args.length > 0) {
    const last = args[args.length - 1]!;
    if (isUnknown(last)) return last;
    args = [...args.slice(0, -1), ...(Array.isArray(last) ? last : [last])];
  }
  const refused = checkCall(expr.name, args, at);
  if (refused) return refused;
  return chargeCall(expr.name, callFunction(expr.name, args, scope.env, at), at);
}

/**
 * `try`: the first argument that evaluates without error. An Unknown argument makes the result Unknown, as in
 * Terraform: it might succeed after apply, so falling through to a later default would be a guess.
 */
function evaluateTry(args: Expr[], scope: Scope, at: SourceRef): Value {
  for (const arg of args) {
    try {
      return evaluateStrict(arg, scope);
    } catch (error) {
      if (!(error instanceof EvalError)) throw error;
    }
  }
  return new Unknown('`try` found no argument without error', at);
}

function evaluateCan(args: Expr[], scope: Scope, at: SourceRef): Value {
  const arg = args[0];
  if (!arg) throw new EvalError('`can` needs one argument');
  try {
    const value = evaluateStrict(arg, scope);
    return firstUnknown([value]) ? new Unknown('`can` of an unknown value', at) : true;
  } catch (error) {
    if (!(error instanceof EvalError)) throw error;
    return false;
  }
}

function evaluateFor(expr: Extract<Expr, { kind: 'for' }>, scope: Scope): Value {
  const collection = evaluateStrict(expr.collection, scope);
  if (isUnknown(collection)) return collection;
  const entries = entriesOf(collection, 'for expression');
  const tupleResult: Value[] = [];
  const objectResult: { [key: string]: Value } = {};
  for (const [key, value] of entries) {
    const stopped = evaluationStep(() => sourceRef(scope.file, expr.range));
    if (stopped) return stopped;
    const names: Record<string, Value> = { [expr.valueVar]: value };
    if (expr.keyVar) names[expr.keyVar] = key;
    const inner = withNames(scope, names);
    if (expr.condition) {
      const keep = evaluateStrict(expr.condition, inner);
      if (isUnknown(keep)) return keep;
      if (!asBool(keep, 'for condition')) continue;
    }
    const item = evaluateStrict(expr.valueExpr, inner);
    if (!expr.keyExpr) {
      tupleResult.push(item);
      continue;
    }
    const itemKey = evaluateStrict(expr.keyExpr, inner);
    if (isUnknown(itemKey)) return itemKey;
    const name = asString(itemKey, 'for key');
    if (expr.grouping) {
      const group = objectResult[name];
      if (Array.isArray(group)) group.push(item);
      else objectResult[name] = [item];
    } else {
      if (name in objectResult) throw new EvalError(`duplicate key ${JSON.stringify(name)} in for expression`);
      objectResult[name] = item;
    }
  }
  return expr.keyExpr ? objectResult : tupleResult;
}

function evaluateConditional(expr: Extract<Expr, { kind: 'conditional' }>, scope: Scope): Value {
  const condition = evaluateStrict(expr.condition, scope);
  if (isUnknown(condition)) {
    const then = evaluate(expr.then, scope);
    const otherwise = evaluate(expr.else, scope);
    return !firstUnknown([then]) && deepEqual(then, otherwise) ? then : condition;
  }
  return asBool(condition, 'condition') ? evaluateStrict(expr.then, scope) : evaluateStrict(expr.else, scope);
}

function evaluateUnary(expr: Extract<Expr, { kind: 'unary' }>, scope: Scope): Value {
  const operand = evaluateStrict(expr.operand, scope);
  if (isUnknown(operand)) return operand;
  return expr.op === '!' ? !asBool(operand, '!') : -asNumber(operand, '-');
}

function evaluateBinary(expr: Extract<Expr, { kind: 'binary' }>, scope: Scope): Value {
  const left = evaluateStrict(expr.left, scope);
  if (expr.op === '&&' || expr.op === '||') return evaluateLogical(expr.op, left, () => evaluateStrict(expr.right, scope));
  const right = evaluateStrict(expr.right, scope);
  if (expr.op === '==' || expr.op === '!=') {
    const unknown = firstUnknown([left, right]);
    if (unknown) return unknown;
    return deepEqual(left, right) === (expr.op === '==');
  }
  if (isUnknown(left)) return left;
  if (isUnknown(right)) return right;
  const a = asNumber(left, expr.op);
  const b = asNumber(right, expr.op);
  switch (expr.op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) throw new EvalError('division by zero');
      return a / b;
    case '%':
      return a % b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      throw new EvalError(`unknown operator ${expr.op}`);
  }
}

/** A known deciding operand settles `&&`/`||` even when the other side is Unknown. */
function evaluateLogical(op: '&&' | '||', left: Value, right: () => Value): Value {
  const decisive = op === '||';
  if (!isUnknown(left) && asBool(left, op) === decisive) return decisive;
  const rightValue = right();
  if (!isUnknown(rightValue) && asBool(rightValue, op) === decisive) return decisive;
  if (isUnknown(left)) return left;
  if (isUnknown(rightValue)) return rightValue;
  return !decisive;
}

export function renderTemplate(parts: readonly TemplatePart[], scope: Scope, range: Range): Value {
  // A template that is a single interpolation yields the value itself, not its string form.
  if (parts.length === 1 && parts[0]!.kind === 'interpolation') return evaluateStrict(parts[0]!.expr, scope);
  return renderText(parts, scope, range);
}

function renderText(parts: readonly TemplatePart[], scope: Scope, range: Range): string | Unknown {
  let text = '';
  for (const part of parts) {
    const rendered = renderPart(part, scope, range);
    if (isUnknown(rendered)) return rendered;
    const tooLong = checkLength(text.length + rendered.length, scope, range);
    if (tooLong) return tooLong;
    text += rendered;
  }
  return chargeBuilt(text, 'a template', sourceRef(scope.file, range)) as string | Unknown;
}

/** A template's text is checked as it grows, before it outgrows the per-value limit. */
function checkLength(length: number, scope: Scope, range: Range): Unknown | undefined {
  return currentBudget().stringLength(length, 'a template', sourceRef(scope.file, range));
}

function renderPart(part: TemplatePart, scope: Scope, range: Range): string | Unknown {
  switch (part.kind) {
    case 'text':
      return part.text;
    case 'interpolation': {
      const value = evaluateStrict(part.expr, scope);
      if (isUnknown(value)) return value;
      if (value === null) throw new EvalError('null value in template');
      return asString(value, 'template interpolation');
    }
    case 'if': {
      const condition = evaluateStrict(part.condition, scope);
      if (isUnknown(condition)) return new Unknown('template `%{if}` condition is unknown', sourceRef(scope.file, part.range));
      return renderText(asBool(condition, 'template if') ? part.then : part.else, scope, range);
    }
    case 'for': {
      const collection = evaluateStrict(part.collection, scope);
      if (isUnknown(collection)) return new Unknown('template `%{for}` collection is unknown', sourceRef(scope.file, part.range));
      let text = '';
      for (const [key, value] of entriesOf(collection, 'template for')) {
        const stopped = evaluationStep(() => sourceRef(scope.file, part.range));
        if (stopped) return stopped;
        const names: Record<string, Value> = { [part.valueVar]: value };
        if (part.keyVar) names[part.keyVar] = key;
        const rendered = renderText(part.body, withNames(scope, names), range);
        if (isUnknown(rendered)) return rendered;
        const tooLong = checkLength(text.length + rendered.length, scope, range);
        if (tooLong) return tooLong;
        text += rendered;
      }
      return text;
    }
  }
}
