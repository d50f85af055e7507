import { isObject, isUnknown, Unknown, type Value } from '../../../../model/unknown';
import type { ExpressionNode } from '../ast';
import type { EvalContext, Evaluate, LambdaFrame } from '../context';
import { fail } from '../errors';
import { expectArray, expectBool, expectString, typeName, type JsonObject } from '../values';
import { ANY, carryingSymbols, fixed, type FunctionSpec, type FunctionTable } from './spec';

interface Lambda {
  parameters: string[];
  body: ExpressionNode;
  context: EvalContext;
  evaluate: Evaluate;
}

function toLambda(node: ExpressionNode | undefined, context: EvalContext, evaluate: Evaluate): Lambda {
  if (!node || node.kind !== 'call' || node.key !== 'lambda' || node.namespace !== undefined) fail('expected a lambda() argument');
  if (node.args.length < 1) fail('lambda() needs a body');
  const parameters = node.args.slice(0, -1).map((arg) => {
    const name = evaluate(arg, context);
    return expectString(name, 'lambda parameter name');
  });
  return { parameters, body: node.args[node.args.length - 1]!, context, evaluate };
}

function invoke(lambda: Lambda, args: Value[]): Value {
  let frame: LambdaFrame | undefined = lambda.context.lambdas;
  for (let i = 0; i < lambda.parameters.length && i < args.length; i++) {
    frame = { name: lambda.parameters[i]!, value: args[i]!, outer: frame };
  }
  return lambda.evaluate(lambda.body, { ...lambda.context, lambdas: frame });
}

/** Evaluates the collection argument; the caller returns an Unknown collection as is. */
function collection(node: ExpressionNode, context: EvalContext, evaluate: Evaluate): Value[] | Unknown {
  const value = evaluate(node, context);
  if (isUnknown(value)) return value;
  return expectArray(value, 'first argument');
}

function lambdaFunction(minArgs: number, maxArgs: number, body: (args: ExpressionNode[], context: EvalContext, evaluate: Evaluate) => Value): FunctionSpec {
  return { minArgs, maxArgs, lazy: body };
}

function filter(args: ExpressionNode[], context: EvalContext, evaluate: Evaluate): Value {
  const items = collection(args[0]!, context, evaluate);
  if (isUnknown(items)) return items;
  const predicate = toLambda(args[1], context, evaluate);
  const result: Value[] = [];
  for (let i = 0; i < items.length; i++) {
    const keep = invoke(predicate, [items[i]!, i]);
    if (isUnknown(keep)) return keep;
    if (expectBool(keep, 'filter predicate result')) result.push(items[i]!);
  }
  return result;
}

function map(args: ExpressionNode[], context: EvalContext, evaluate: Evaluate): Value {
  const items = collection(args[0]!, context, evaluate);
  if (isUnknown(items)) return items;
  const mapper = toLambda(args[1], context, evaluate);
  return items.map((item, i) => invoke(mapper, [item, i]));
}

function reduce(args: ExpressionNode[], context: EvalContext, evaluate: Evaluate): Value {
  const items = collection(args[0]!, context, evaluate);
  if (isUnknown(items)) return items;
  let accumulator = evaluate(args[1]!, context);
  const reducer = toLambda(args[2], context, evaluate);
  for (let i = 0; i < items.length; i++) accumulator = invoke(reducer, [accumulator, items[i]!, i]);
  return accumulator;
}

function sort(args: ExpressionNode[], context: EvalContext, evaluate: Evaluate): Value {
  const items = collection(args[0]!, context, evaluate);
  if (isUnknown(items)) return items;
  const before = toLambda(args[1], context, evaluate);
  const sorted = items.slice();
  // Insertion sort: the lambda is a "less than" predicate that may be Unknown, which Array.sort cannot express.
  for (let i = 1; i < sorted.length; i++) {
    const item = sorted[i]!;
    let j = i - 1;
    for (; j >= 0; j--) {
      const less = invoke(before, [item, sorted[j]!]);
      if (isUnknown(less)) return less;
      if (!expectBool(less, 'sort predicate result')) break;
      sorted[j + 1] = sorted[j]!;
    }
    sorted[j + 1] = item;
  }
  return sorted;
}

function keyOf(value: Value): string | Unknown {
  if (isUnknown(value)) return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fail(`object keys must be strings, got ${typeName(value)}`);
}

function toObject(args: ExpressionNode[], context: EvalContext, evaluate: Evaluate): Value {
  const items = collection(args[0]!, context, evaluate);
  if (isUnknown(items)) return items;
  const keyLambda = toLambda(args[1], context, evaluate);
  const valueLambda = args[2] ? toLambda(args[2], context, evaluate) : undefined;
  const result: JsonObject = {};
  for (const item of items) {
    const key = keyOf(invoke(keyLambda, [item]));
    if (isUnknown(key)) return key;
    result[key] = valueLambda ? invoke(valueLambda, [item]) : item;
  }
  return result;
}

function groupBy(args: ExpressionNode[], context: EvalContext, evaluate: Evaluate): Value {
  const items = collection(args[0]!, context, evaluate);
  if (isUnknown(items)) return items;
  const keyLambda = toLambda(args[1], context, evaluate);
  const result: { [key: string]: Value[] } = {};
  for (const item of items) {
    const key = keyOf(invoke(keyLambda, [item]));
    if (isUnknown(key)) return key;
    (result[key] ??= []).push(item);
  }
  return result;
}

function mapValues(args: ExpressionNode[], context: EvalContext, evaluate: Evaluate): Value {
  const object = evaluate(args[0]!, context);
  if (isUnknown(object)) return object;
  if (!isObject(object)) fail(`first argument must be an object, got ${typeName(object)}`);
  const mapper = toLambda(args[1], context, evaluate);
  const result: JsonObject = {};
  for (const key of Object.keys(object)) result[key] = invoke(mapper, [object[key]!]);
  return result;
}

export const LAMBDA_FUNCTIONS: FunctionTable = {
  filter: lambdaFunction(2, 2, filter),
  map: lambdaFunction(2, 2, map),
  reduce: lambdaFunction(3, 3, reduce),
  sort: lambdaFunction(2, 2, sort),
  toobject: lambdaFunction(2, 3, toObject),
  groupby: lambdaFunction(2, 2, groupBy),
  mapvalues: lambdaFunction(2, 2, mapValues),
  lambda: { minArgs: 1, maxArgs: ANY, lazy: () => fail('lambda() can only be an argument of a lambda function') },
  lambdavariables: carryingSymbols(fixed(1, ([name], context) => {
    const wanted = expectString(name!, 'name');
    for (let frame = context.lambdas; frame; frame = frame.outer) {
      if (frame.name === wanted) return frame.value;
    }
    return new Unknown(`lambda variable '${wanted}' is not defined`);
  })),
};
