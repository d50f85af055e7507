import type { SourceRef } from '../../../model/location';
import { attributeNamed, type Block, type Body, type Expr, type Range } from './ast';

/** Source of the declaration at `path` inside a block; a missing path gives the deepest declared ancestor. */
export function locateInBlock(block: Block, path: readonly (string | number)[], file: string, blockPath: string): SourceRef {
  let body: Body = block.body;
  let found: SourceRef = refOf(file, block.range, blockPath);
  let i = 0;
  while (i < path.length) {
    const segment = path[i];
    if (typeof segment !== 'string') return found;
    const attribute = attributeNamed(body, segment);
    if (attribute) return refOf(file, locateInExpr(attribute.expr, path.slice(i + 1)) ?? attribute.range, `${blockPath}.${segment}`);
    const candidates = nestedBlocks(body, segment);
    if (candidates.length === 0) return found;
    const next = path[i + 1];
    let chosen: Block;
    if (typeof next === 'number') {
      chosen = candidates[Math.min(next, candidates.length - 1)]!;
      i += 2;
    } else {
      chosen = candidates[0]!;
      i += 1;
    }
    blockPath = `${blockPath}.${segment}`;
    found = refOf(file, chosen.range, blockPath);
    body = chosen.body;
  }
  return found;
}

/** Static blocks named `name`, then the `content` blocks of `dynamic "name"` (each stands for its expansions). */
function nestedBlocks(body: Body, name: string): Block[] {
  const statics = body.blocks.filter((b) => b.type === name);
  const dynamics = body.blocks
    .filter((b) => b.type === 'dynamic' && b.labels[0] === name)
    .map((b) => b.body.blocks.find((c) => c.type === 'content') ?? b);
  return [...statics, ...dynamics];
}

function locateInExpr(expr: Expr, path: readonly (string | number)[]): Range | undefined {
  let current = expr;
  for (const segment of path) {
    if (current.kind === 'tuple' && typeof segment === 'number' && current.items[segment]) current = current.items[segment];
    else if (current.kind === 'object') {
      const item = current.items.find((i) => i.key.kind === 'literal' && String(i.key.value) === String(segment));
      if (!item) break;
      current = item.value;
    } else break;
  }
  return current === expr ? undefined : current.range;
}

function refOf(file: string, range: Range, blockPath: string): SourceRef {
  return { file, line: range.line, column: range.column, endLine: range.endLine, endColumn: range.endColumn, blockPath };
}

/**
 * The part of a block that `locateInBlock` reads, with the same answers: names, labels, ranges, and of expressions
 * only the tuples and objects it descends into (with their literal keys); any other expression stands as an
 * `invalid` one with its range. A worker thread sends this rather than the whole syntax tree. `copies` keeps blocks
 * shared by several resources (the instances of a `count`) shared in the copy.
 */
export function locationSkeleton(block: Block, copies: Map<Block, Block> = new Map()): Block {
  let copy = copies.get(block);
  if (!copy) {
    copy = { type: block.type, labels: block.labels, body: bodySkeleton(block.body, copies), range: block.range };
    copies.set(block, copy);
  }
  return copy;
}

function bodySkeleton(body: Body, copies: Map<Block, Block>): Body {
  return {
    attributes: body.attributes.map((attribute) => ({ name: attribute.name, expr: exprSkeleton(attribute.expr), range: attribute.range })),
    blocks: body.blocks.map((block) => locationSkeleton(block, copies)),
    range: body.range,
  };
}

function exprSkeleton(expr: Expr): Expr {
  if (expr.kind === 'tuple') return { kind: 'tuple', items: expr.items.map(exprSkeleton), range: expr.range };
  if (expr.kind === 'object') {
    const items = expr.items.map((item) => ({
      key: item.key.kind === 'literal' ? item.key : ({ kind: 'invalid', reason: '', range: item.key.range } as const),
      value: exprSkeleton(item.value),
      range: item.range,
    }));
    return { kind: 'object', items, range: expr.range };
  }
  return { kind: 'invalid', reason: '', range: expr.range };
}
