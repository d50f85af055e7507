import type { Node } from 'web-tree-sitter';

/**
 * The one expression a pipeline or expression comes down to, through nodes of a single child, down to `stopAt` at
 * most: `{ … }` → its script_block_expression, `'A','B'` → its array_literal_expression.
 */
export function soleExpression(expression: Node, stopAt: 'array_literal_expression' | 'script_block_expression'): Node {
  let node = expression;
  while (node.type !== stopAt) {
    const children = node.namedChildren.filter((c) => c.type !== 'comment');
    if (children.length !== 1) break;
    node = children[0]!;
  }
  return node;
}
