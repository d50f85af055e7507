import { accessStepOf, symbolicMemberOf } from '../../../model/symbolic-value';
import { isObject, isUnknown, SymbolicText, Unknown, withoutSymbol, type Value } from '../../../model/unknown';
import type { ExpressionNode, FunctionCall } from './ast';
import type { EvalContext, ExpressionHost, UserFunction } from './context';
import { ExpressionError } from './errors';
import { BUILTIN_FUNCTIONS } from './functions';
import type { FunctionSpec } from './functions/spec';
import { checkCall, chargeResult, evaluationStep, refuseTooDeep } from './limits';
import { isTemplateExpression, parseTemplateExpression, TOO_DEEP_MESSAGE, unescapeLiteral } from './parser';
import { getMember, isDeployedState, typeName, type JsonObject } from './values';

const MAX_USER_FUNCTION_DEPTH = 32;

/** Evaluates a JSON string as ARM does: an expression when bracketed, a literal otherwise. Never throws. */
export function evaluateString(text: string, context: EvalContext): Value {
  if (!isTemplateExpression(text)) return unescapeLiteral(text);
  const parsed = parseTemplateExpression(text);
  if (!parsed.ok && parsed.message.includes(TOO_DEEP_MESSAGE)) return refuseTooDeep();
  if (!parsed.ok) return new Unknown(parsed.message);
  return evaluateNode(parsed.node, context);
}

/** Evaluates every string inside a JSON value (no copy loops: those belong to template expansion). */
export function evaluateJson(value: unknown, context: EvalContext): Value {
  if (typeof value === 'string') return evaluateString(value, context);
  if (Array.isArray(value)) return value.map((item) => evaluateJson(item, context));
  if (value !== null && typeof value === 'object') {
    if (value instanceof Unknown) return value;
    const result: { [key: string]: Value } = {};
    for (const [key, item] of Object.entries(value)) result[key] = evaluateJson(item, context);
    return result;
  }
  return value as Value;
}

export function evaluateNode(node: ExpressionNode, context: EvalContext): Value {
  const stopped = evaluationStep();
  if (stopped) return stopped;
  switch (node.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return node.value;
    case 'null':
      return null;
    case 'property':
      return accessProperty(evaluateNode(node.target, context), node.name);
    case 'index':
      return accessIndex(evaluateNode(node.target, context), evaluateNode(node.index, context));
    case 'call':
      return callFunction(node, context);
  }
}

function accessProperty(target: Value, name: string): Value {
  if (isUnknown(target)) return symbolicMemberOf(target, name) ?? withoutSymbol(target);
  if (!isObject(target)) return new Unknown(`type error: cannot read property '${name}' of ${typeName(target)}`);
  const member = getMember(target, name);
  return member === undefined ? missingMember(target, name) : member;
}

function missingMember(target: JsonObject, name: string): Unknown {
  if (isDeployedState(target)) return new Unknown(`property '${name}' of a deployed resource is only known at deployment time`, undefined, 'deploy-time-input');
  return new Unknown(`property '${name}' does not exist`);
}

function accessIndex(target: Value, index: Value): Value {
  if (isUnknown(target)) {
    const step = isUnknown(index) ? undefined : accessStepOf(index);
    return (step === undefined ? undefined : symbolicMemberOf(target, step)) ?? withoutSymbol(target);
  }
  if (isUnknown(index)) return withoutSymbol(index);
  if (Array.isArray(target)) {
    if (typeof index !== 'number' || !Number.isInteger(index)) return new Unknown(`type error: array index must be an integer, got ${typeName(index)}`);
    if (index < 0 || index >= target.length) return new Unknown(`index ${index} is out of range (length ${target.length})`);
    return target[index]!;
  }
  if (isObject(target)) {
    if (typeof index !== 'string') return new Unknown(`type error: object key must be a string, got ${typeName(index)}`);
    const member = getMember(target, index);
    return member === undefined ? missingMember(target, index) : member;
  }
  return new Unknown(`type error: cannot index ${typeName(target)}`);
}

function callFunction(node: FunctionCall, context: EvalContext): Value {
  if (node.namespace !== undefined) return callUserFunction(node, context);
  const spec = BUILTIN_FUNCTIONS[node.key];
  if (!spec) {
    if (node.key.startsWith('list')) return new Unknown(`${node.name}() result is only known at deployment time`, undefined, 'deploy-time-input');
    return new Unknown(`unsupported function '${node.name}'`, undefined, 'unsupported');
  }
  if (node.args.length < spec.minArgs || node.args.length > spec.maxArgs) {
    return new Unknown(`argument error: ${node.name}() takes ${describeArity(spec.minArgs, spec.maxArgs)} arguments, got ${node.args.length}`);
  }
  try {
    if (spec.lazy) return chargeResult(node.name, node.key, keepSymbolIfCarried(spec, spec.lazy(node.args, context, evaluateNode)));
    const args: Value[] = new Array(node.args.length);
    for (let i = 0; i < node.args.length; i++) {
      const value = evaluateNode(node.args[i]!, context);
      if (isUnknown(value) && !spec.acceptsUnknown && !(spec.carriesSymbols && value instanceof SymbolicText)) return withoutSymbol(value);
      args[i] = value;
    }
    const refused = checkCall(node.name, node.key, args);
    if (refused) return refused;
    return chargeResult(node.name, node.key, keepSymbolIfCarried(spec, spec.call!(args, context)));
  } catch (error) {
    if (error instanceof ExpressionError) return new Unknown(`${node.name}(): ${error.message}`);
    if (error instanceof RangeError) return new Unknown(`${node.name}(): evaluation too deep or too large`, undefined, 'evaluation-limit');
    return new Unknown(`${node.name}(): internal error: ${String(error)}`);
  }
}

/** A function that does not build strings must not hand back a symbol as its result (`equals`, `length`…). */
function keepSymbolIfCarried(spec: FunctionSpec, result: Value): Value {
  return isUnknown(result) && !spec.carriesSymbols ? withoutSymbol(result) : result;
}

function describeArity(min: number, max: number): string {
  if (min === max) return String(min);
  if (max === Number.POSITIVE_INFINITY) return `at least ${min}`;
  return `${min} to ${max}`;
}

function callUserFunction(node: FunctionCall, context: EvalContext): Value {
  const definition = context.host.userFunction(node.namespace!, node.name);
  if (!definition) return new Unknown(`unknown user function '${node.namespace}.${node.name}'`);
  const depth = (context.depth ?? 0) + 1;
  if (depth > MAX_USER_FUNCTION_DEPTH) return new Unknown(`user function '${node.namespace}.${node.name}' recurses too deeply`, undefined, 'evaluation-limit');
  const args = node.args.map((arg) => evaluateNode(arg, context));
  const host = new UserFunctionHost(context.host, definition, args);
  return chargeResult(`${node.namespace}.${node.name}`, '', evaluateJson(definition.body, { host, depth }));
}

/**
 * Inside a user function, `parameters()` are the function's arguments. Variables stay reachable: classic ARM
 * forbids them, but Bicep's compile-time imports emit functions that read imported variables.
 */
class UserFunctionHost implements ExpressionHost {
  constructor(
    private readonly outer: ExpressionHost,
    private readonly definition: UserFunction,
    private readonly args: Value[],
  ) {}
  get scope() {
    return this.outer.scope;
  }
  parameter(name: string): Value {
    const lower = name.toLowerCase();
    const index = this.definition.parameterNames.findIndex((p) => p.toLowerCase() === lower);
    if (index < 0 || index >= this.args.length) return new Unknown(`user function has no parameter '${name}'`);
    return this.args[index]!;
  }
  variable(name: string): Value {
    return this.outer.variable(name);
  }
  userFunction(namespace: string, name: string): UserFunction | undefined {
    return this.outer.userFunction(namespace, name);
  }
  reference(target: string, full: boolean): Value {
    return this.outer.reference(target, full);
  }
  references(symbolicName: string, full: boolean): Value {
    return this.outer.references(symbolicName, full);
  }
  deployment(): Value {
    return this.outer.deployment();
  }
}
