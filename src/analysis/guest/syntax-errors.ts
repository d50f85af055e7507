import type { Node } from 'web-tree-sitter';

/** The 0-based row of the first syntax error under `node` (tree-sitter marks errors and missing nodes). */
export function firstErrorRow(node: Node): number {
  if (node.isError || node.isMissing) return node.startPosition.row;
  for (const child of node.children) if (child.hasError || child.isError || child.isMissing) return firstErrorRow(child);
  return node.startPosition.row;
}
