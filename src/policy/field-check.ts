import type { NodeKind } from '../model/domain';
import { ANY_NODE_FIELDS, fieldsOf, NODE_SCHEMA, type Field, type Shape } from '../model/field-schema';
import type { CallNode, ExpressionNode, MemberNode } from './expression/ast';

/**
 * Checks the member paths a policy reads against the domain model's field schema (model/field-schema.ts), at load
 * time: `vm.agent.provisoned` would read `undefined` forever and the rule would never fire. Only what can be told
 * statically is checked: names read from the subject, its nested objects, arrays of them (through `some`, `find`,
 * `[0]` …), facts and groups, and nodes from `model.ofKind("kind")`; anything else (`options`, helper results)
 * passes unchecked.
 */

export interface FieldProblem {
  message: string;
  /** Offset in the expression source (or the field path) where the wrong name starts. */
  start: number;
}

const ANY: Shape = { type: 'any' };
const SCALAR: Shape = { type: 'scalar' };
const ITERATING = new Set(['some', 'every', 'filter', 'find', 'map', 'flatMap']);

/** The shape of a policy subject: a node kind's, or a group's. */
export function subjectShape(subject: NodeKind | 'group'): Shape {
  return subject === 'group' ? { type: 'group' } : { type: 'node', kind: subject };
}

/** Problems of one expression; `names` maps scope names to their shapes (the subject, `item`, …). */
export function checkExpressionFields(ast: ExpressionNode, source: string, names: Readonly<Record<string, Shape>>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  new Checker(source, problems).shape(ast, names);
  return problems;
}

/** The shape of the items of `each` (for checking `related.at`), when it can be told; a link stands for its node. */
export function itemShapeOf(ast: ExpressionNode, source: string, names: Readonly<Record<string, Shape>>): Shape {
  const shape = new Checker(source, []).shape(ast, names);
  const item = shape.type === 'array' ? shape.items : shape;
  const fields = item.type === 'object' ? item.fields : undefined;
  return fields?.['node'] && fields['via'] ? fields['node'].shape : item;
}

/**
 * Problems of a field path (`at: agent.provisioned`) from a shape. Array steps take an index (`members.1.x`) or go
 * straight to the items' fields (`members.x`: the first item).
 */
export function checkFieldPath(path: string, from: Shape, label: string): FieldProblem[] {
  let shape = from;
  let offset = 0;
  let walked = label;
  for (const step of path.split('.')) {
    if (shape.type === 'array') {
      shape = shape.items;
      if (/^\d+$/.test(step)) {
        walked += `.${step}`;
        offset += step.length + 1;
        continue;
      }
    }
    const result = stepInto(shape, step, walked, offset);
    if ('problem' in result) return [result.problem];
    shape = result.shape;
    walked += `.${step}`;
    offset += step.length + 1;
  }
  return [];
}

class Checker {
  constructor(
    private readonly source: string,
    private readonly problems: FieldProblem[],
  ) {}

  shape(node: ExpressionNode, names: Readonly<Record<string, Shape>>): Shape {
    switch (node.type) {
      case 'Identifier':
        return names[node.name] ?? ANY;
      case 'Member':
        return this.member(node, names);
      case 'Chain':
        return this.shape(node.expression, names);
      case 'Call':
        return this.call(node, names);
      case 'Logical': {
        const left = this.shape(node.left, names);
        const right = this.shape(node.right, names);
        return node.operator === '&&' ? right : sameShape(left, right) ? left : ANY;
      }
      case 'Conditional': {
        this.shape(node.test, names);
        const consequent = this.shape(node.consequent, names);
        const alternate = this.shape(node.alternate, names);
        return sameShape(consequent, alternate) ? consequent : ANY;
      }
      case 'Binary':
        this.shape(node.left, names);
        this.shape(node.right, names);
        return SCALAR;
      case 'Unary':
        this.shape(node.argument, names);
        return SCALAR;
      case 'Template':
        node.expressions.forEach((e) => this.shape(e, names));
        return SCALAR;
      case 'Array':
        node.elements.forEach((e) => this.shape(e, names));
        return ANY;
      case 'Object':
        node.properties.forEach((p) => this.shape(p.value, names));
        return ANY;
      case 'Arrow':
        this.shape(node.body, { ...names, ...Object.fromEntries(node.params.map((p) => [p, ANY])) });
        return ANY;
      case 'Literal':
      case 'Undefined':
        return SCALAR;
    }
  }

  private member(node: MemberNode, names: Readonly<Record<string, Shape>>): Shape {
    const object = this.shape(node.object, names);
    if (!('name' in node.property)) {
      const key = node.property.computed;
      this.shape(key, names);
      if (object.type === 'array') return object.items;
      if (object.type === 'map') return object.values;
      if (key.type === 'Literal' && typeof key.value === 'string') return this.named(node, object, key.value);
      return ANY;
    }
    return this.named(node, object, node.property.name);
  }

  private named(node: MemberNode, object: Shape, name: string): Shape {
    if ((object.type === 'array' || object.type === 'scalar') && name === 'length') return SCALAR;
    const label = this.source.slice(node.object.start, node.object.end);
    const result = stepInto(object, name, label, node.end - name.length);
    if ('problem' in result) {
      this.problems.push(result.problem);
      return ANY;
    }
    return result.shape;
  }

  private call(node: CallNode, names: Readonly<Record<string, Shape>>): Shape {
    if ('helper' in node.callee) {
      node.args.forEach((arg) => this.shape(arg, names));
      return ANY;
    }
    const { method, receiver } = node.callee;
    const target = this.shape(receiver, names);
    if (receiver.type === 'Identifier' && receiver.name === 'model') {
      node.args.forEach((arg) => this.shape(arg, names));
      const [arg] = node.args;
      if (method === 'ofKind' && arg?.type === 'Literal' && typeof arg.value === 'string' && arg.value in NODE_SCHEMA) {
        return { type: 'array', items: { type: 'node', kind: arg.value as NodeKind } };
      }
      return method === 'ofKind' ? { type: 'array', items: { type: 'node', kind: 'any' } } : { type: 'node', kind: 'any' };
    }
    const items = target.type === 'array' ? target.items : ANY;
    let mapped: Shape = ANY;
    for (const arg of node.args) {
      if (arg.type === 'Arrow' && ITERATING.has(method)) {
        const [param] = arg.params;
        mapped = this.shape(arg.body, param === undefined ? names : { ...names, [param]: items });
      } else this.shape(arg, names);
    }
    if (target.type !== 'array') return ANY;
    if (method === 'filter') return target;
    if (method === 'find') return items;
    if (method === 'map') return { type: 'array', items: mapped };
    if (method === 'flatMap') return mapped.type === 'array' ? mapped : { type: 'array', items: mapped };
    return SCALAR;
  }
}

function stepInto(shape: Shape, name: string, label: string, start: number): { shape: Shape } | { problem: FieldProblem } {
  if (shape.type === 'node' && shape.kind === 'any') {
    if (ANY_NODE_FIELDS.has(name)) return { shape: ANY };
    return { problem: { message: `${label} has no field '${name}' (no node kind has one)${suggestion(name, [...ANY_NODE_FIELDS])}`, start } };
  }
  const fields = fieldsOf(shape);
  if (!fields) {
    if (shape.type === 'array') {
      const length = suggestion(name, ['length']);
      const message = length ? `${label} has no field '${name}'${length}` : `${label} is a list: read its items with \`some\`, \`find\`, \`[0]\` …, not '${name}'`;
      return { problem: { message, start } };
    }
    return { shape: shape.type === 'map' ? shape.values : ANY };
  }
  const field: Field | undefined = Object.hasOwn(fields, name) ? fields[name] : undefined;
  if (!field || field.hidden) {
    const visible = Object.entries(fields).filter(([, f]) => !f.hidden).map(([n]) => n);
    return { problem: { message: `${label} has no field '${name}'${suggestion(name, visible)}`, start } };
  }
  return { shape: field.shape };
}

/** `; did you mean 'x'?` for the closest name within a small edit distance, else nothing. */
function suggestion(name: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? `; did you mean '${best}'?` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

function sameShape(a: Shape, b: Shape): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
