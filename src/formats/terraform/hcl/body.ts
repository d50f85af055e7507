import { isUnknown, Unknown, type Value } from '../../../model/unknown';
import { attributeNamed, type Body, type Expr } from './ast';
import { evaluate, type Scope, sourceRef, withNames } from './evaluate';
import { entriesOf, EvalError } from './values';
import { evaluationStep } from './limits';

/** Arguments that steer Terraform itself and are not part of a resource's planned values. */
const META_ATTRIBUTES = new Set(['count', 'for_each', 'provider', 'depends_on']);
const META_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection']);

/** Attribute path (`ip_configuration.0.subnet_id`) → addresses referenced by the expression found there. */
export type References = Record<string, string[]>;

/**
 * Evaluates a resource body into the shape of Terraform plan JSON `after`: attributes by name, nested blocks as
 * arrays of objects, `dynamic` blocks expanded (an Unknown list when their `for_each` is unknown).
 */
export function evaluateBody(body: Body, scope: Scope, path: (string | number)[], references: References): { [key: string]: Value } {
  const values: { [key: string]: Value } = {};
  for (const attribute of body.attributes) {
    if (path.length === 0 && META_ATTRIBUTES.has(attribute.name)) continue;
    values[attribute.name] = evaluateRecording(attribute.expr, scope, [...path, attribute.name], references);
  }
  const lists = new Map<string, Value[] | Unknown>();
  for (const block of body.blocks) {
    if (META_BLOCKS.has(block.type)) continue;
    if (block.type === 'dynamic') {
      const name = block.labels[0] ?? '';
      const current = lists.get(name) ?? [];
      if (isUnknown(current)) continue;
      const expanded = expandDynamic(block.body, name, scope, [...path, name], current.length, references);
      lists.set(name, isUnknown(expanded) ? expanded : [...current, ...expanded]);
      continue;
    }
    const current = lists.get(block.type) ?? [];
    if (isUnknown(current)) continue;
    current.push(evaluateBody(block.body, scope, [...path, block.type, current.length], references));
    lists.set(block.type, current);
  }
  for (const [name, list] of lists) values[name] = list;
  return values;
}

function expandDynamic(
  body: Body,
  name: string,
  scope: Scope,
  path: (string | number)[],
  firstIndex: number,
  references: References,
): Value[] | Unknown {
  const forEach = attributeNamed(body, 'for_each');
  const content = body.blocks.find((b) => b.type === 'content');
  if (!forEach || !content) return new Unknown(`dynamic block \`${name}\` without for_each or content`, sourceRef(scope.file, body.range));
  const iteratorExpr = attributeNamed(body, 'iterator')?.expr;
  const iterator = iteratorExpr?.kind === 'variable' ? iteratorExpr.name : name;
  const collectionRefs = new Set<string>();
  const collection = evaluate(forEach.expr, { ...scope, refs: collectionRefs });
  if (isUnknown(collection)) {
    if (collectionRefs.size > 0) references[path.join('.')] = [...collectionRefs];
    return collection;
  }
  let entries: [string | number, Value][];
  try {
    entries = entriesOf(collection, `dynamic ${name}`);
  } catch (error) {
    if (error instanceof EvalError) return new Unknown(error.message, sourceRef(scope.file, forEach.range));
    throw error;
  }
  const blocks: Value[] = [];
  for (const [i, [key, value]] of entries.entries()) {
    // Each block is a step even when its content is empty: nested dynamic blocks multiply.
    const stopped = evaluationStep(() => sourceRef(scope.file, forEach.range));
    if (stopped) return stopped;
    blocks.push(evaluateBody(content.body, withNames(scope, { [iterator]: { key, value } }), [...path, firstIndex + i], references));
  }
  return blocks;
}

/**
 * Evaluates an attribute, recording references per element of tuple and object constructors, so that
 * `network_interface_ids = [a.id, b.id]` records `network_interface_ids.0` and `network_interface_ids.1`.
 */
export function evaluateRecording(expr: Expr, scope: Scope, path: (string | number)[], references: References): Value {
  if (expr.kind === 'tuple') return expr.items.map((item, i) => evaluateRecording(item, scope, [...path, i], references));
  if (expr.kind === 'object' && expr.items.every((i) => i.key.kind === 'literal')) {
    const object: { [key: string]: Value } = {};
    for (const item of expr.items) {
      const key = String((item.key as { value: unknown }).value);
      object[key] = evaluateRecording(item.value, scope, [...path, key], references);
    }
    return object;
  }
  const refs = new Set<string>();
  const value = evaluate(expr, { ...scope, refs });
  if (refs.size > 0) references[path.join('.')] = [...refs];
  return value;
}
