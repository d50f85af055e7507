import { isObject, isUnknown, type Value } from '../../../model/unknown';
import type { Expr } from './ast';
import { asBool, asNumber, asString, deepEqual, EvalError, typeName } from './values';

/** A variable's `type` constraint, as far as conversion needs it. */
export type TypeSpec =
  | { kind: 'any' }
  | { kind: 'string' | 'number' | 'bool' }
  | { kind: 'list' | 'set' | 'map'; element: TypeSpec }
  | { kind: 'tuple'; elements: TypeSpec[] }
  | { kind: 'object'; attributes: Map<string, { type: TypeSpec; optional: boolean; default: Value }> };

const ANY: TypeSpec = { kind: 'any' };

/**
 * Reads a type expression (`list(string)`, `object({ a = optional(number, 1) })`, the 0.11 strings `"list"`…).
 * `constant` evaluates an `optional()` default. Undefined when the expression is not a type we know.
 */
export function parseType(expr: Expr, constant: (expr: Expr) => Value): TypeSpec | undefined {
  if (expr.kind === 'literal' && typeof expr.value === 'string') {
    const legacy: Record<string, TypeSpec> = { string: { kind: 'string' }, list: { kind: 'list', element: ANY }, map: { kind: 'map', element: ANY } };
    return legacy[expr.value];
  }
  if (expr.kind === 'variable') {
    if (expr.name === 'any') return ANY;
    if (expr.name === 'string' || expr.name === 'number' || expr.name === 'bool') return { kind: expr.name };
    return undefined;
  }
  if (expr.kind !== 'call') return undefined;
  const [first] = expr.args;
  if (!first) return undefined;
  switch (expr.name) {
    case 'list':
    case 'set':
    case 'map': {
      const element = parseType(first, constant);
      return element && { kind: expr.name, element };
    }
    case 'tuple': {
      if (first.kind !== 'tuple') return undefined;
      const elements = first.items.map((item) => parseType(item, constant));
      return elements.every((e) => e !== undefined) ? { kind: 'tuple', elements: elements as TypeSpec[] } : undefined;
    }
    case 'object': {
      if (first.kind !== 'object') return undefined;
      const attributes = new Map<string, { type: TypeSpec; optional: boolean; default: Value }>();
      for (const item of first.items) {
        if (item.key.kind !== 'literal' || typeof item.key.value !== 'string') return undefined;
        const optional = item.value.kind === 'call' && item.value.name === 'optional';
        const typeExpr = optional ? (item.value as Extract<Expr, { kind: 'call' }>).args[0] : item.value;
        const type = typeExpr && parseType(typeExpr, constant);
        if (!type) return undefined;
        const defaultExpr = optional ? (item.value as Extract<Expr, { kind: 'call' }>).args[1] : undefined;
        attributes.set(item.key.value, { type, optional, default: defaultExpr ? constant(defaultExpr) : null });
      }
      return { kind: 'object', attributes };
    }
    default:
      return undefined;
  }
}

/**
 * Terraform's conversion of a variable value to its type: primitives convert between string, number and bool,
 * collections convert their elements, objects drop attributes not in the type and take `optional()` defaults.
 * Unknowns stay where they are. Throws EvalError where Terraform rejects the value.
 */
export function convertToType(value: Value, type: TypeSpec): Value {
  if (value === null || isUnknown(value) || type.kind === 'any') return value;
  switch (type.kind) {
    case 'string':
      if (typeof value === 'object') throw new EvalError(`string required, got ${typeName(value)}`);
      return asString(value, 'string');
    case 'number':
      return asNumber(value, 'number');
    case 'bool':
      return asBool(value, 'bool');
    case 'list':
    case 'set': {
      if (!Array.isArray(value)) throw new EvalError(`${type.kind} required, got ${typeName(value)}`);
      const items = value.map((item) => convertToType(item, type.element));
      return type.kind === 'set' ? setOf(items) : items;
    }
    case 'tuple':
      if (!Array.isArray(value) || value.length !== type.elements.length) throw new EvalError(`tuple of ${type.elements.length} elements required`);
      return value.map((item, i) => convertToType(item, type.elements[i]!));
    case 'map': {
      if (!isObject(value)) throw new EvalError(`map required, got ${typeName(value)}`);
      const result: { [key: string]: Value } = {};
      for (const key of Object.keys(value)) result[key] = convertToType(value[key]!, type.element);
      return result;
    }
    case 'object': {
      if (!isObject(value)) throw new EvalError(`object required, got ${typeName(value)}`);
      const result: { [key: string]: Value } = {};
      for (const [name, attribute] of type.attributes) {
        const given = value[name];
        if (given === undefined && !attribute.optional) throw new EvalError(`attribute "${name}" is required`);
        const chosen = given === undefined || (given === null && attribute.optional) ? attribute.default : given;
        result[name] = convertToType(chosen, attribute.type);
      }
      return result;
    }
  }
}

/** A set's elements: duplicates removed, primitives in Terraform's order (strings lexically, numbers by value). */
function setOf(items: Value[]): Value[] {
  const unique: Value[] = [];
  for (const item of items) if (!unique.some((u) => deepEqual(u, item))) unique.push(item);
  if (unique.every((u) => typeof u === 'string')) return (unique as string[]).sort();
  if (unique.every((u) => typeof u === 'number')) return (unique as number[]).sort((a, b) => a - b);
  return unique;
}
